import {
  Anchor,
  Badge,
  Button,
  Center,
  Group,
  Loader,
  Modal,
  Paper,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core';
import { IconChartBar, IconPlus } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useMeterList } from '../api/queries';
import type { Meter } from '../api/types';
import { ErrorAlert } from '../components/ErrorAlert';
import { energyColor } from '../consumption/energy-colors';
import { energyLabel } from '../consumption/labels';
import { type BuildingChoice, MeterForm, type PointChoice } from './MeterForm';
import { RegisterForm } from './RegisterForm';

/** Path of a register's page. The meter id spares the page a search through every meter. */
export function registerPath(registerId: string, meterId: string): string {
  return `/registres/${encodeURIComponent(registerId)}?compteur=${encodeURIComponent(meterId)}`;
}

export function EnergyBadge({ energy }: { energy: string }) {
  const { t } = useTranslation();
  return (
    <Badge
      variant="dot"
      color={energyColor(energy)}
      tt="none"
      styles={{ root: { color: 'var(--mantine-color-dark-6)' } }}
    >
      {energyLabel(t, energy)}
    </Badge>
  );
}

function MeterCard({
  meter,
  canConfigure,
  onAddRegister,
}: {
  meter: Meter;
  canConfigure: boolean;
  onAddRegister: (meter: Meter) => void;
}) {
  const { t } = useTranslation();
  return (
    <Paper withBorder p="md" radius="md">
      <Group justify="space-between" align="flex-start" mb="sm" wrap="nowrap">
        <Stack gap={4}>
          <Group gap="xs" wrap="wrap">
            <Text fw={600} ff="monospace" size="sm">
              {meter.code}
            </Text>
            {meter.name && <Text size="sm">{meter.name}</Text>}
            <Badge
              variant="light"
              color={meter.kind === 'operator' ? 'energy' : 'grape'}
              tt="none"
              radius="sm"
            >
              {t(`meters.kind.${meter.kind}`)}
            </Badge>
            <EnergyBadge energy={meter.energy} />
          </Group>
          <Group gap="md" wrap="wrap">
            {meter.deliveryPointId && (
              <Text size="xs" c="dimmed">
                {t('meters.card.delivery-point')}{' '}
                <Anchor
                  component={Link}
                  to={`/points-de-livraison/${meter.deliveryPointId}`}
                  size="xs"
                  ff="monospace"
                >
                  {meter.deliveryPointIdentifier}
                </Anchor>
              </Text>
            )}
            {meter.buildingId && (
              <Text size="xs" c="dimmed">
                {t('meters.card.building')}{' '}
                <Anchor component={Link} to={`/batiments/${meter.buildingId}`} size="xs">
                  {meter.buildingName}
                </Anchor>
              </Text>
            )}
            <Text size="xs" c="dimmed">
              {meter.serialNumber
                ? t('meters.card.serial', { serial: meter.serialNumber })
                : t('meters.card.no-serial')}
            </Text>
          </Group>
        </Stack>
        {canConfigure && (
          <Button
            size="xs"
            variant="default"
            leftSection={<IconPlus size={14} aria-hidden />}
            onClick={() => onAddRegister(meter)}
            style={{ flexShrink: 0 }}
          >
            {t('registers.create.button')}
          </Button>
        )}
      </Group>
      {meter.registers.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t('meters.card.no-registers')}
        </Text>
      ) : (
        <Table.ScrollContainer minWidth={620}>
          <Table verticalSpacing={6} withTableBorder>
            <Table.Thead bg="gray.0">
              <Table.Tr>
                <Table.Th>{t('registers.column.name')}</Table.Th>
                <Table.Th>{t('registers.column.kind')}</Table.Th>
                <Table.Th>{t('registers.column.step')}</Table.Th>
                <Table.Th>{t('registers.column.role')}</Table.Th>
                <Table.Th w={170} />
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {meter.registers.map((register) => (
                <Table.Tr key={register.id}>
                  <Table.Td>
                    <Text size="sm">{register.name || t('registers.unnamed')}</Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{t(`registers.kind.${register.kind}`)}</Text>
                  </Table.Td>
                  <Table.Td>
                    <Text size="sm">{t(`registers.step.${register.step}`)}</Text>
                  </Table.Td>
                  <Table.Td>
                    {register.isConsumption ? (
                      <Badge variant="light" color="green" tt="none" radius="sm">
                        {t('registers.consumption-badge')}
                      </Badge>
                    ) : (
                      <Text size="sm" c="dimmed">
                        {t('registers.other-role')}
                      </Text>
                    )}
                  </Table.Td>
                  <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>
                    <Anchor component={Link} to={registerPath(register.id, meter.id)} size="sm">
                      <Group gap={4} wrap="nowrap" justify="flex-end">
                        <IconChartBar size={14} aria-hidden />
                        {t('registers.open-link')}
                      </Group>
                    </Anchor>
                  </Table.Td>
                </Table.Tr>
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
    </Paper>
  );
}

/**
 * Meters of a building or of a delivery point, each with its registers, and the forms that add
 * them. `canConfigure` only hides the buttons: the server checks the configure level itself.
 */
export function MetersSection({
  query,
  points,
  buildings,
  canConfigure,
  emptyMessage,
}: {
  query: { buildingId: string } | { deliveryPointId: string };
  /** Delivery points an operator meter may measure. */
  points: PointChoice[];
  /** Buildings a sub-meter may be placed in. */
  buildings: BuildingChoice[];
  canConfigure: boolean;
  emptyMessage: string;
}) {
  const { t } = useTranslation();
  const meters = useMeterList(query);
  const [creatingMeter, setCreatingMeter] = useState(false);
  const [registerMeter, setRegisterMeter] = useState<Meter | null>(null);

  return (
    <Paper withBorder p="xl">
      <Group justify="space-between" mb="md">
        <Stack gap={2}>
          <Title order={2} fz={18} fw={650}>
            {t('meters.section.title')}
          </Title>
          <Text size="sm" c="dimmed">
            {t('meters.section.description')}
          </Text>
        </Stack>
        {canConfigure && (
          <Button
            variant="default"
            leftSection={<IconPlus size={16} aria-hidden />}
            onClick={() => setCreatingMeter(true)}
          >
            {t('meters.create.button')}
          </Button>
        )}
      </Group>
      <ErrorAlert error={meters.error} />
      {meters.isPending ? (
        <Center p="lg">
          <Loader aria-label={t('common.status.loading')} />
        </Center>
      ) : meters.data && meters.data.length === 0 ? (
        <Text size="sm" c="dimmed">
          {emptyMessage}
        </Text>
      ) : (
        <Stack gap="md">
          {(meters.data ?? []).map((meter) => (
            <MeterCard
              key={meter.id}
              meter={meter}
              canConfigure={canConfigure}
              onAddRegister={setRegisterMeter}
            />
          ))}
        </Stack>
      )}

      <Modal
        opened={creatingMeter}
        onClose={() => setCreatingMeter(false)}
        title={t('meters.create.title')}
        size="lg"
        centered
      >
        {creatingMeter && (
          <MeterForm points={points} buildings={buildings} onDone={() => setCreatingMeter(false)} />
        )}
      </Modal>
      <Modal
        opened={registerMeter !== null}
        onClose={() => setRegisterMeter(null)}
        title={t('registers.create.title', { code: registerMeter?.code ?? '' })}
        size="lg"
        centered
      >
        {registerMeter && <RegisterForm meter={registerMeter} onDone={() => setRegisterMeter(null)} />}
      </Modal>
    </Paper>
  );
}
