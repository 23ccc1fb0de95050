import {
  Anchor,
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
import { IconPlus } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useBuildingList } from '../../api/queries';
import type { Building, DeliveryPoint } from '../../api/types';
import { includesLevel } from '../../auth/access';
import { ErrorAlert } from '../../components/ErrorAlert';
import { NoValue } from '../../components/Field';
import { todayInParis } from '../../dates';
import { DeliveryPointForm } from '../../delivery-points/DeliveryPointForm';
import { allocationLabel, currentPowers, identifierKindLabel } from '../../delivery-points/labels';
import { EnergyBadge } from '../../meters/MetersSection';
import { useFormat } from '../../use-format';
import { ActiveBadge } from '../DeliveryPointsPage';

/** Largest page of `GET /api/buildings`, so the allocation select offers at most this many buildings. */
const MAX_BUILDING_OPTIONS = 500;

function CreatePointModal({
  building,
  opened,
  onClose,
}: {
  building: Building;
  opened: boolean;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  // NOTE: an estate of more than 500 buildings needs a searchable select backed by the API.
  const buildings = useBuildingList({ limit: MAX_BUILDING_OPTIONS, offset: 0 });
  const configurable = (buildings.data?.items ?? [])
    .filter((candidate) => includesLevel(candidate.accessLevel, 'configure'))
    .map((candidate) => ({ id: candidate.id, name: candidate.name }));
  if (!configurable.some((candidate) => candidate.id === building.id)) {
    configurable.unshift({ id: building.id, name: building.name });
  }
  return (
    <Modal opened={opened} onClose={onClose} title={t('delivery-points.create.title')} size="xl" centered>
      {opened &&
        (buildings.isPending ? (
          <Center p="lg">
            <Loader aria-label={t('common.status.loading')} />
          </Center>
        ) : (
          <DeliveryPointForm buildings={configurable} initialBuildingId={building.id} onDone={onClose} />
        ))}
    </Modal>
  );
}

/** Delivery points serving a building, with this building's allocation key on each. */
export function BuildingDeliveryPoints({
  building,
  points,
  error,
  isPending,
}: {
  building: Building;
  points: DeliveryPoint[];
  error: unknown;
  isPending: boolean;
}) {
  const { t } = useTranslation();
  const format = useFormat();
  const today = todayInParis();
  const [creating, setCreating] = useState(false);
  const canConfigure = includesLevel(building.accessLevel, 'configure');

  return (
    <Paper withBorder p="xl">
      <Group justify="space-between" mb="md">
        <Stack gap={2}>
          <Title order={2} fz={18} fw={650}>
            {t('delivery-points.section.title')}
          </Title>
          <Text size="sm" c="dimmed">
            {t('delivery-points.section.description')}
          </Text>
        </Stack>
        {canConfigure && (
          <Button
            variant="default"
            leftSection={<IconPlus size={16} aria-hidden />}
            onClick={() => setCreating(true)}
          >
            {t('delivery-points.create.button')}
          </Button>
        )}
      </Group>
      <ErrorAlert error={error} />
      {isPending ? (
        <Center p="lg">
          <Loader aria-label={t('common.status.loading')} />
        </Center>
      ) : points.length === 0 ? (
        <Text size="sm" c="dimmed">
          {t('delivery-points.section.empty')}
        </Text>
      ) : (
        <Table.ScrollContainer minWidth={960}>
          <Table withTableBorder verticalSpacing="xs">
            <Table.Thead bg="gray.0">
              <Table.Tr>
                <Table.Th>{t('delivery-points.list.column-identifier')}</Table.Th>
                <Table.Th>{t('delivery-points.list.column-energy')}</Table.Th>
                <Table.Th>{t('delivery-points.list.column-segment')}</Table.Th>
                <Table.Th>{t('delivery-points.list.column-supplier')}</Table.Th>
                <Table.Th>{t('delivery-points.section.column-key')}</Table.Th>
                <Table.Th>{t('delivery-points.section.column-powers')}</Table.Th>
                <Table.Th>{t('delivery-points.list.column-status')}</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {points.map((point) => {
                const keys = point.allocations.filter(
                  (allocation) =>
                    allocation.buildingId === building.id &&
                    allocation.validFrom <= today &&
                    (allocation.validTo === null || allocation.validTo > today),
                );
                const powers = currentPowers(point.subscribedPowers, today);
                return (
                  <Table.Tr key={point.id}>
                    <Table.Td style={{ whiteSpace: 'nowrap' }}>
                      <Text size="xs" c="dimmed">
                        {identifierKindLabel(t, point.energy)}
                      </Text>
                      <Anchor
                        component={Link}
                        to={`/points-de-livraison/${point.id}`}
                        size="sm"
                        ff="monospace"
                        fw={500}
                      >
                        {point.identifier}
                      </Anchor>
                      {point.name && (
                        <Text size="xs" c="dimmed">
                          {point.name}
                        </Text>
                      )}
                    </Table.Td>
                    <Table.Td>
                      <EnergyBadge energy={point.energy} />
                    </Table.Td>
                    <Table.Td>
                      {point.segment ? <Text size="sm">{point.segment}</Text> : <NoValue />}
                    </Table.Td>
                    <Table.Td>
                      {point.supplier ? <Text size="sm">{point.supplier}</Text> : <NoValue />}
                    </Table.Td>
                    <Table.Td>
                      {keys.length === 0 ? (
                        <Text size="sm" c="dimmed">
                          {t('delivery-points.section.no-current-key')}
                        </Text>
                      ) : (
                        keys.map((allocation) => (
                          <Text key={allocation.id} size="sm">
                            {allocationLabel(t, allocation, format.language)}
                          </Text>
                        ))
                      )}
                    </Table.Td>
                    <Table.Td>
                      {powers.length === 0 ? (
                        <NoValue />
                      ) : (
                        powers.map((power) => (
                          <Text key={power.id} size="sm" style={{ whiteSpace: 'nowrap' }}>
                            {t('delivery-points.section.power', {
                              timeClass: power.timeClass,
                              power: t('common.unit.kva', { value: format.number(power.powerKva, 3) }),
                            })}
                          </Text>
                        ))
                      )}
                    </Table.Td>
                    <Table.Td>
                      <ActiveBadge isActive={point.isActive} />
                    </Table.Td>
                  </Table.Tr>
                );
              })}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      )}
      <CreatePointModal building={building} opened={creating} onClose={() => setCreating(false)} />
    </Paper>
  );
}
