import { Anchor, Center, Group, Loader, Paper, Stack, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { ApiError } from '../api/client';
import { useEfas, useTrajectory } from '../api/queries';
import type { Building, Efa } from '../api/types';
import { ErrorAlert } from '../components/ErrorAlert';
import { useFormat } from '../use-format';
import { efaPath } from './paths';
import { TrajectoryChart } from './TrajectoryChart';
import { GapSentence } from './TrajectoryGap';

/** Trajectory of one EFA the building belongs to, with its share of the building. */
function EfaTrajectoryCard({ efa, building }: { efa: Efa; building: Building }) {
  const { t } = useTranslation();
  const format = useFormat();
  const trajectory = useTrajectory(efa.id, { adjust: true });
  const share = efa.buildings.find((item) => item.buildingId === building.id)?.sharePercent ?? 0;
  return (
    <Paper withBorder p="lg" radius="md">
      <Stack gap="md">
        <Group justify="space-between" align="flex-start" wrap="wrap">
          <div>
            <Title order={3} fz={18}>
              {efa.name}
            </Title>
            <Text size="sm" c="dimmed">
              {t('performance.building-trajectory.efa-subtitle', {
                code: efa.code,
                share: t('common.unit.percent', { value: format.number(share, 2) }),
                // Only the buildings the caller reads are listed.
                count: efa.buildings.length,
              })}
            </Text>
          </div>
          <Anchor component={Link} to={efaPath(efa.id)} size="sm">
            {t('performance.building-trajectory.open-efa')}
          </Anchor>
        </Group>
        {trajectory.isPending ? (
          <Center p="lg">
            <Loader aria-label={t('common.status.loading')} />
          </Center>
        ) : trajectory.data ? (
          <>
            <GapSentence trajectory={trajectory.data} />
            <TrajectoryChart
              trajectory={trajectory.data}
              label={t('performance.trajectory.chart-label', { name: efa.name })}
            />
            <Text size="xs" c="dimmed">
              {t('performance.trajectory.legend-help')}
            </Text>
          </>
        ) : trajectory.error instanceof ApiError && trajectory.error.status === 403 ? (
          <Text size="sm">{t('performance.building-trajectory.partial-access')}</Text>
        ) : (
          <ErrorAlert error={trajectory.error} />
        )}
      </Stack>
    </Paper>
  );
}

/**
 * Shows the climate-adjusted Décret tertiaire trajectory of each EFA (entité fonctionnelle
 * assujettie) that contains the building. The EFA page has the settings and the yearly table.
 */
export function BuildingTrajectoryPanel({ building }: { building: Building }) {
  const { t } = useTranslation();
  const efas = useEfas();
  if (efas.isPending)
    return (
      <Center p="xl">
        <Loader aria-label={t('common.status.loading')} />
      </Center>
    );
  if (efas.error) return <ErrorAlert error={efas.error} />;
  const containing = (efas.data ?? []).filter((efa) =>
    efa.buildings.some((item) => item.buildingId === building.id),
  );
  return (
    <Stack gap="lg">
      <div>
        <Title order={2} fz={18} fw={650}>
          {t('performance.trajectory.title')}
        </Title>
        <Text size="sm" c="dimmed">
          {t('performance.trajectory.description')}
        </Text>
      </div>
      {containing.length === 0 ? (
        <Paper withBorder p="lg" radius="md">
          <Text>
            {t('performance.building-trajectory.no-efa')}{' '}
            <Anchor component={Link} to="/efa">
              {t('performance.building-trajectory.efa-list')}
            </Anchor>
          </Text>
        </Paper>
      ) : (
        containing.map((efa) => <EfaTrajectoryCard key={efa.id} efa={efa} building={building} />)
      )}
    </Stack>
  );
}
