import {
  Anchor,
  Box,
  Breadcrumbs,
  Button,
  Center,
  Group,
  Loader,
  Modal,
  Paper,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core';
import { IconBolt } from '@tabler/icons-react';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { useDeliveryPoint } from '../api/queries';
import type { DeliveryPoint } from '../api/types';
import { hasFeatureLevel } from '../auth/access';
import { useSession } from '../auth/session';
import { ErrorAlert } from '../components/ErrorAlert';
import { Field, NoValue } from '../components/Field';
import { PageHeader } from '../components/PageHeader';
import { energyLabel } from '../consumption/labels';
import { todayInParis } from '../dates';
import { allocationLabel, identifierKindLabel } from '../delivery-points/labels';
import { SubscribedPowerForm } from '../delivery-points/SubscribedPowerForm';
import { EnergyBadge, MetersSection } from '../meters/MetersSection';
import { useFormat } from '../use-format';
import { ActiveBadge } from './DeliveryPointsPage';

const DETAIL_MAX_WIDTH = 1200;

function PointProperties({ point }: { point: DeliveryPoint }) {
  const { t } = useTranslation();
  const format = useFormat();
  const text = (value: string) => (value.trim() === '' ? <NoValue /> : <Text size="sm">{value}</Text>);
  return (
    <SimpleGrid cols={{ base: 1, sm: 2, lg: 4 }} spacing="lg" verticalSpacing="lg">
      <Field label={identifierKindLabel(t, point.energy)}>
        <Text size="sm" ff="monospace">
          {point.identifier}
        </Text>
      </Field>
      <Field label={t('delivery-points.detail.energy')}>
        <EnergyBadge energy={point.energy} />
      </Field>
      <Field label={t('delivery-points.detail.segment')}>{text(point.segment ?? '')}</Field>
      <Field label={t('delivery-points.detail.status')}>
        <ActiveBadge isActive={point.isActive} />
      </Field>
      <Field label={t('delivery-points.detail.operator')}>{text(point.networkOperator)}</Field>
      <Field label={t('delivery-points.detail.supplier')}>{text(point.supplier)}</Field>
      <Field label={t('delivery-points.detail.contract')}>{text(point.contractReference)}</Field>
      <Field label={t('delivery-points.detail.active-period')}>
        {point.activeFrom || point.activeTo ? (
          <Text size="sm">
            {t('delivery-points.detail.active-period-value', {
              from: point.activeFrom ? format.localDate(point.activeFrom) : t('common.value.none'),
              to: point.activeTo ? format.localDate(point.activeTo) : t('common.value.none'),
            })}
          </Text>
        ) : (
          <NoValue />
        )}
      </Field>
      <Field label={t('delivery-points.detail.notes')} fullWidth>
        {point.notes.trim() === '' ? (
          <NoValue />
        ) : (
          <Text size="sm" style={{ whiteSpace: 'pre-line' }}>
            {point.notes}
          </Text>
        )}
      </Field>
    </SimpleGrid>
  );
}

function AllocationsTable({ point }: { point: DeliveryPoint }) {
  const { t } = useTranslation();
  const format = useFormat();
  if (point.allocations.length === 0) {
    return (
      <Text size="sm" c="dimmed">
        {t('delivery-points.detail.no-allocations')}
      </Text>
    );
  }
  return (
    <Table.ScrollContainer minWidth={640}>
      <Table withTableBorder verticalSpacing="xs">
        <Table.Thead bg="gray.0">
          <Table.Tr>
            <Table.Th>{t('delivery-points.detail.column-building')}</Table.Th>
            <Table.Th>{t('delivery-points.detail.column-key')}</Table.Th>
            <Table.Th>{t('delivery-points.detail.column-from')}</Table.Th>
            <Table.Th>{t('delivery-points.detail.column-to')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {point.allocations.map((allocation) => (
            <Table.Tr key={allocation.id}>
              <Table.Td>
                <Anchor component={Link} to={`/batiments/${allocation.buildingId}`} size="sm">
                  {allocation.buildingName}
                </Anchor>
              </Table.Td>
              <Table.Td>
                <Text size="sm">{allocationLabel(t, allocation, format.language)}</Text>
              </Table.Td>
              <Table.Td>
                <Text size="sm">{format.localDate(allocation.validFrom)}</Text>
              </Table.Td>
              <Table.Td>
                {allocation.validTo ? (
                  <Text size="sm">{format.localDate(allocation.validTo)}</Text>
                ) : (
                  <NoValue />
                )}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

function PowersTable({ point }: { point: DeliveryPoint }) {
  const { t } = useTranslation();
  const format = useFormat();
  const today = todayInParis();
  if (point.subscribedPowers.length === 0) {
    return (
      <Text size="sm" c="dimmed">
        {t('delivery-points.detail.no-powers')}
      </Text>
    );
  }
  return (
    <Table.ScrollContainer minWidth={640}>
      <Table withTableBorder verticalSpacing="xs">
        <Table.Thead bg="gray.0">
          <Table.Tr>
            <Table.Th>{t('delivery-points.detail.column-time-class')}</Table.Th>
            <Table.Th ta="right">{t('delivery-points.detail.column-power')}</Table.Th>
            <Table.Th>{t('delivery-points.detail.column-from')}</Table.Th>
            <Table.Th>{t('delivery-points.detail.column-to')}</Table.Th>
            <Table.Th />
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {point.subscribedPowers.map((power) => {
            const inForce = power.validFrom <= today && (power.validTo === null || power.validTo > today);
            return (
              <Table.Tr key={power.id}>
                <Table.Td>
                  <Text size="sm" ff="monospace">
                    {power.timeClass}
                  </Text>
                </Table.Td>
                <Table.Td ta="right">
                  <Text size="sm">{t('common.unit.kva', { value: format.number(power.powerKva, 3) })}</Text>
                </Table.Td>
                <Table.Td>
                  <Text size="sm">{format.localDate(power.validFrom)}</Text>
                </Table.Td>
                <Table.Td>
                  {power.validTo ? <Text size="sm">{format.localDate(power.validTo)}</Text> : <NoValue />}
                </Table.Td>
                <Table.Td>
                  {inForce && (
                    <Text size="xs" c="green.8" fw={600}>
                      {t('delivery-points.detail.in-force')}
                    </Text>
                  )}
                </Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

export function DeliveryPointDetailPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const me = useSession();
  const pointQuery = useDeliveryPoint(id);
  const [recordingPower, setRecordingPower] = useState(false);
  // The API gives no level per delivery point: the user's highest estate level decides which
  // buttons show, and the server checks the level on every building the point serves.
  const canWrite = hasFeatureLevel(me, 'estate', 'write');
  const canConfigure = hasFeatureLevel(me, 'estate', 'configure');

  const breadcrumbs = (label: string) => (
    <Breadcrumbs mb="sm" separatorMargin={6}>
      <Anchor component={Link} to="/points-de-livraison" size="sm">
        {t('app.navigation.delivery-points')}
      </Anchor>
      <Text size="sm" c="dimmed">
        {label}
      </Text>
    </Breadcrumbs>
  );

  if (pointQuery.isPending) {
    return (
      <Center p="xl">
        <Loader aria-label={t('common.status.loading')} />
      </Center>
    );
  }
  if (pointQuery.isError) {
    return (
      <>
        {breadcrumbs(t('delivery-points.detail.unknown'))}
        <PageHeader title={t('delivery-points.detail.unknown')} />
        <Stack maw={720} align="flex-start">
          <ErrorAlert error={pointQuery.error} />
          <Button component={Link} to="/points-de-livraison" variant="default">
            {t('delivery-points.detail.back-button')}
          </Button>
        </Stack>
      </>
    );
  }

  const point = pointQuery.data;
  const title = t('delivery-points.detail.title', {
    kind: identifierKindLabel(t, point.energy),
    identifier: point.identifier,
  });
  return (
    <Box maw={DETAIL_MAX_WIDTH}>
      {breadcrumbs(point.identifier)}
      <PageHeader
        title={title}
        description={[point.name, energyLabel(t, point.energy)].filter(Boolean).join(' · ')}
      />
      <Stack gap="lg">
        <Paper withBorder p="xl">
          <PointProperties point={point} />
        </Paper>

        <Paper withBorder p="xl">
          <Title order={2} fz={18} fw={650} mb={4}>
            {t('delivery-points.detail.allocations-title')}
          </Title>
          <Text size="sm" c="dimmed" mb="md">
            {t('delivery-points.detail.allocations-description')}
          </Text>
          <AllocationsTable point={point} />
        </Paper>

        <Paper withBorder p="xl">
          <Group justify="space-between" mb="md">
            <Stack gap={2}>
              <Title order={2} fz={18} fw={650}>
                {t('delivery-points.detail.powers-title')}
              </Title>
              <Text size="sm" c="dimmed">
                {t('delivery-points.detail.powers-description')}
              </Text>
            </Stack>
            {canWrite && (
              <Button
                variant="default"
                leftSection={<IconBolt size={16} aria-hidden />}
                onClick={() => setRecordingPower(true)}
              >
                {t('delivery-points.power.button')}
              </Button>
            )}
          </Group>
          <PowersTable point={point} />
        </Paper>

        <MetersSection
          query={{ deliveryPointId: point.id }}
          points={[{ id: point.id, identifier: point.identifier, energy: point.energy, name: point.name }]}
          buildings={point.allocations.map((allocation) => ({
            id: allocation.buildingId,
            name: allocation.buildingName,
          }))}
          canConfigure={canConfigure}
          emptyMessage={t('meters.section.empty-point')}
        />
      </Stack>

      <Modal
        opened={recordingPower}
        onClose={() => setRecordingPower(false)}
        title={t('delivery-points.power.title', { identifier: point.identifier })}
        size="xl"
        centered
      >
        {recordingPower && (
          <SubscribedPowerForm deliveryPointId={point.id} onDone={() => setRecordingPower(false)} />
        )}
      </Modal>
    </Box>
  );
}
