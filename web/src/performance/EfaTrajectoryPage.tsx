import {
  Alert,
  Anchor,
  Box,
  Breadcrumbs,
  Center,
  Group,
  List,
  Loader,
  Paper,
  SegmentedControl,
  Select,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core';
import { IconAlertTriangle, IconFlag } from '@tabler/icons-react';
import { type ReactNode, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { ApiError } from '../api/client';
import { useEfas, useTrajectory, useTrajectorySettings } from '../api/queries';
import type { Trajectory, TrajectorySettings } from '../api/types';
import { hasFeatureLevel } from '../auth/access';
import { useSession } from '../auth/session';
import { ErrorAlert } from '../components/ErrorAlert';
import { PageHeader } from '../components/PageHeader';
import { energyLabel } from '../consumption/labels';
import { useFormat } from '../use-format';
import { formatPercent } from './figures';
import { LabelledErrorAlert } from './LabelledErrorAlert';
import { TrajectoryChart } from './TrajectoryChart';
import { GapSentence } from './TrajectoryGap';
import { TrajectorySettingsForm } from './TrajectorySettingsForm';
import { incompleteYears, yearsWithoutData } from './trajectory-rows';

/** Width of the EFA page, the same as the building page's. */
const DETAIL_MAX_WIDTH = 1240;

function TargetsTable({ trajectory }: { trajectory: Trajectory }) {
  const { t } = useTranslation();
  const format = useFormat();
  const perM2 = (value: number | null) =>
    value === null
      ? t('common.value.none')
      : t('performance.unit.kwh-per-m2', { value: format.number(value, 1) });
  return (
    <Table withTableBorder verticalSpacing="xs" fz="sm">
      <Table.Thead bg="gray.0">
        <Table.Tr>
          <Table.Th>{t('performance.trajectory.column-milestone')}</Table.Th>
          <Table.Th ta="right">{t('performance.trajectory.column-relative')}</Table.Th>
          <Table.Th ta="right">{t('performance.trajectory.column-absolute')}</Table.Th>
          <Table.Th ta="right">{t('performance.trajectory.column-applicable')}</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {trajectory.targets.map((target) => (
          <Table.Tr key={target.year}>
            <Table.Td fw={600}>{target.year}</Table.Td>
            <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>
              {perM2(target.relativeKwhPerM2)}
              <Text span size="xs" c="dimmed">
                {' '}
                ({formatPercent(-target.reduction * 100, format.language, 0)})
              </Text>
            </Table.Td>
            <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>
              {perM2(target.absoluteKwhPerM2)}
            </Table.Td>
            <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }} fw={600}>
              {perM2(target.applicableKwhPerM2)}
              <Text size="xs" c="dimmed" fw={400}>
                {t(`performance.trajectory.route-${target.route}`)}
              </Text>
            </Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

function YearsTable({ trajectory }: { trajectory: Trajectory }) {
  const { t } = useTranslation();
  const format = useFormat();
  const none = t('common.value.none');
  const perM2 = (value: number | null) =>
    value === null ? none : t('performance.unit.kwh-per-m2', { value: format.number(value, 1) });
  return (
    <Table.ScrollContainer minWidth={760}>
      <Table withTableBorder verticalSpacing="xs" fz="sm">
        <Table.Thead bg="gray.0">
          <Table.Tr>
            <Table.Th>{t('performance.trajectory.column-year')}</Table.Th>
            <Table.Th ta="right">{t('performance.trajectory.column-energy')}</Table.Th>
            <Table.Th ta="right">{t('performance.trajectory.column-raw')}</Table.Th>
            <Table.Th ta="right">
              {trajectory.climate.adjusted
                ? t('performance.trajectory.column-adjusted')
                : t('performance.trajectory.column-counted')}
            </Table.Th>
            <Table.Th ta="right">{t('performance.trajectory.column-degree-days')}</Table.Th>
            <Table.Th ta="right">{t('performance.trajectory.column-completeness')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {trajectory.years.map((year) => (
            <Table.Tr key={year.year} c={year.complete ? undefined : 'dimmed'}>
              <Table.Td fw={trajectory.reference?.year === year.year ? 700 : undefined}>
                {year.year}
                {trajectory.reference?.year === year.year && (
                  <Text span size="xs" c="blue.9" fw={600}>
                    {' '}
                    {t('performance.trajectory.reference-badge')}
                  </Text>
                )}
              </Table.Td>
              <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>
                {year.totalKwh === null ? none : format.energy(year.totalKwh)}
              </Table.Td>
              <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>
                {perM2(year.intensityKwhPerM2)}
              </Table.Td>
              <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>
                {perM2(year.adjustedIntensityKwhPerM2)}
              </Table.Td>
              <Table.Td ta="right">
                {year.degreeDays === null ? none : format.number(year.degreeDays, 0)}
              </Table.Td>
              <Table.Td ta="right" c={year.complete ? undefined : 'orange.8'}>
                {year.completeness === null ? none : format.share(year.completeness)}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

/** Lists the incomplete years, the years without data and the API's warnings. */
function CompletenessWarnings({ trajectory }: { trajectory: Trajectory }) {
  const { t } = useTranslation();
  const format = useFormat();
  const incomplete = incompleteYears(trajectory);
  const empty = yearsWithoutData(trajectory);
  // Incomplete years stay out of the trajectory, so only the warnings of complete years matter.
  const yearWarnings = trajectory.years
    .filter((year) => year.complete)
    .flatMap((year) =>
      year.warnings.map((warning) => t('performance.trajectory.year-warning', { year: year.year, warning })),
    );
  const items = [
    ...incomplete.map((year) =>
      t('performance.trajectory.incomplete-year', {
        year: year.year,
        share: format.share(year.completeness),
      }),
    ),
    ...(empty.length > 0
      ? [t('performance.trajectory.empty-years', { years: empty.join(', '), count: empty.length })]
      : []),
    ...yearWarnings,
    ...trajectory.warnings,
  ];
  if (items.length === 0) return null;
  return (
    <Alert
      color="orange"
      variant="light"
      icon={<IconAlertTriangle size={20} aria-hidden />}
      title={t('performance.trajectory.warnings-title')}
    >
      <List size="sm" spacing={4}>
        {items.map((item) => (
          <List.Item key={item}>{item}</List.Item>
        ))}
      </List>
    </Alert>
  );
}

function ClimateNote({ trajectory }: { trajectory: Trajectory }) {
  const { t } = useTranslation();
  const format = useFormat();
  const { climate } = trajectory;
  if (!climate.adjusted)
    return (
      <Text size="xs" c="dimmed">
        {t('performance.trajectory.climate-off')}
      </Text>
    );
  return (
    <Text size="xs" c="dimmed">
      {t('performance.trajectory.climate-note', {
        station: climate.station?.name ?? t('common.value.none'),
        base: format.number(climate.baseC, 1),
        first: climate.referenceFirstYear,
        last: climate.referenceLastYear,
        degreeDays:
          climate.referenceDegreeDays === null
            ? t('common.value.none')
            : format.number(climate.referenceDegreeDays, 0),
      })}{' '}
      {climate.heatingPart === 'settings-share' && climate.heatingShare !== null
        ? t('performance.trajectory.heating-settings', { share: format.share(climate.heatingShare) })
        : t('performance.trajectory.heating-energies')}
    </Text>
  );
}

function SettingsSection({
  efaId,
  settings,
  computedSurfaceM2,
  canConfigure,
}: {
  efaId: string;
  settings: TrajectorySettings | undefined;
  computedSurfaceM2: number | null;
  canConfigure: boolean;
}) {
  const { t } = useTranslation();
  const format = useFormat();
  const none = t('performance.trajectory.settings-default');
  const perM2 = (value: number | null) =>
    value === null ? none : t('performance.unit.kwh-per-m2', { value: format.number(value, 1) });
  let body: ReactNode;
  if (!settings) {
    body = (
      <Center p="md">
        <Loader aria-label={t('common.status.loading')} />
      </Center>
    );
  } else if (canConfigure) {
    body = (
      <TrajectorySettingsForm
        key={settings.updatedAt ?? 'new'}
        efaId={efaId}
        settings={settings}
        computedSurfaceM2={computedSurfaceM2}
      />
    );
  } else {
    body = (
      <SimpleGrid cols={{ base: 1, sm: 2, lg: 5 }} spacing="md">
        <Stack gap={2}>
          <Text size="xs" c="dimmed">
            {t('performance.trajectory.surface-label')}
          </Text>
          <Text size="sm">{settings.surfaceM2 === null ? none : format.area(settings.surfaceM2)}</Text>
        </Stack>
        {([2030, 2040, 2050] as const).map((year) => (
          <Stack gap={2} key={year}>
            <Text size="xs" c="dimmed">
              {t('performance.trajectory.absolute-label', { year })}
            </Text>
            <Text size="sm">{perM2(settings[`absolute${year}KwhPerM2`])}</Text>
          </Stack>
        ))}
        <Stack gap={2}>
          <Text size="xs" c="dimmed">
            {t('performance.trajectory.heating-share-label')}
          </Text>
          <Text size="sm">{settings.heatingShare === null ? none : format.share(settings.heatingShare)}</Text>
        </Stack>
      </SimpleGrid>
    );
  }
  return (
    <Paper withBorder p="xl">
      <Title order={2} fz={18} fw={650} mb={4}>
        {t('performance.trajectory.settings-title')}
      </Title>
      <Text size="sm" c="dimmed" mb="md">
        {canConfigure
          ? t('performance.trajectory.settings-description')
          : t('performance.trajectory.settings-read-only')}
      </Text>
      {body}
    </Paper>
  );
}

/**
 * Shows the page of one OPERAT functional entity: its Décret tertiaire trajectory (yearly kWh/m², reference
 * year, targets to 2050 and the gap to the next milestone) and the settings behind it.
 */
export function EfaTrajectoryPage() {
  const { t } = useTranslation();
  const format = useFormat();
  const me = useSession();
  const { id = '' } = useParams();
  const efas = useEfas();
  const [referenceYear, setReferenceYear] = useState<number | undefined>(undefined);
  const [adjust, setAdjust] = useState(true);
  const trajectory = useTrajectory(id, { referenceYear, adjust });
  const settings = useTrajectorySettings(id);
  const basisLabelId = useId();
  const efa = efas.data?.find((item) => item.id === id);
  const data = trajectory.data;
  const name = data?.efa.name ?? efa?.name ?? t('performance.trajectory.unknown-efa');
  const canConfigure = hasFeatureLevel(me, 'estate', 'configure');
  const computedSurfaceM2 = data
    ? data.buildings.reduce(
        (sum, building) => sum + (building.floorAreaM2 ?? 0) * (building.sharePercent / 100),
        0,
      ) || null
    : null;
  const notFound = trajectory.error instanceof ApiError && trajectory.error.status === 404;

  let body: ReactNode;
  if (trajectory.isPending) {
    body = (
      <Center p="xl">
        <Loader aria-label={t('common.status.loading')} />
      </Center>
    );
  } else if (trajectory.isError) {
    body = (
      <LabelledErrorAlert
        error={trajectory.error}
        fieldLabels={{
          surfaceM2: t('performance.trajectory.surface-label'),
          referenceYear: t('performance.trajectory.reference-label'),
        }}
      />
    );
  } else {
    const reference = data?.reference ?? null;
    const chartData = data as Trajectory;
    body = (
      <Stack gap="md" style={{ opacity: trajectory.isPlaceholderData ? 0.6 : 1 }}>
        <GapSentence trajectory={chartData} />
        <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="md">
          <Paper withBorder p="md">
            <Group gap={6}>
              <IconFlag size={16} aria-hidden />
              <Text size="xs" c="dimmed" fw={600} tt="uppercase">
                {t('performance.trajectory.reference-label')}
              </Text>
            </Group>
            <Text fz={22} fw={650}>
              {reference
                ? t('performance.trajectory.reference-value', {
                    year: reference.year,
                    value: t('performance.unit.kwh-per-m2', {
                      value: format.number(reference.intensityKwhPerM2, 1),
                    }),
                  })
                : t('common.value.none')}
            </Text>
            <Text size="sm" c="dimmed">
              {reference
                ? t(`performance.trajectory.reference-source-${reference.source}`)
                : t('performance.trajectory.reference-none')}
            </Text>
          </Paper>
          <Paper withBorder p="md">
            <Text size="xs" c="dimmed" fw={600} tt="uppercase">
              {t('performance.trajectory.surface-label')}
            </Text>
            <Text fz={22} fw={650}>
              {format.area(chartData.surfaceM2)}
            </Text>
            <Text size="sm" c="dimmed">
              {t(`performance.trajectory.surface-source-${chartData.surfaceSource}`)}
            </Text>
          </Paper>
          <Paper withBorder p="md">
            <Text size="xs" c="dimmed" fw={600} tt="uppercase">
              {t('performance.trajectory.buildings-label')}
            </Text>
            <Stack gap={2} mt={4}>
              {chartData.buildings.map((building) => (
                <Group key={building.id} gap="xs" wrap="wrap" style={{ rowGap: 0 }}>
                  <Anchor component={Link} to={`/batiments/${building.id}`} size="sm">
                    {building.name}
                  </Anchor>
                  <Text size="sm" c="dimmed" style={{ whiteSpace: 'nowrap' }}>
                    {t('common.unit.percent', { value: format.number(building.sharePercent, 2) })}
                    {building.mainHeatingEnergy ? ` · ${energyLabel(t, building.mainHeatingEnergy)}` : ''}
                  </Text>
                </Group>
              ))}
            </Stack>
          </Paper>
        </SimpleGrid>
        <TrajectoryChart
          trajectory={chartData}
          label={t('performance.trajectory.chart-label', { name: chartData.efa.name })}
        />
        <Text size="xs" c="dimmed">
          {t('performance.trajectory.legend-help')}
        </Text>
        <CompletenessWarnings trajectory={chartData} />
        <ClimateNote trajectory={chartData} />
        {chartData.targets.length > 0 && <TargetsTable trajectory={chartData} />}
        <YearsTable trajectory={chartData} />
      </Stack>
    );
  }

  return (
    <Box maw={DETAIL_MAX_WIDTH}>
      <Breadcrumbs mb="sm" separatorMargin={6}>
        <Anchor component={Link} to="/efa" size="sm">
          {t('app.navigation.efas')}
        </Anchor>
        <Text size="sm" c="dimmed">
          {name}
        </Text>
      </Breadcrumbs>
      <PageHeader
        title={name}
        description={
          data || efa
            ? t('performance.trajectory.subtitle', {
                code: data?.efa.code ?? efa?.code ?? '',
                operat: data?.efa.operatId ?? efa?.operatId ?? t('performance.trajectory.no-operat-id'),
              })
            : undefined
        }
      />
      {notFound ? (
        <ErrorAlert error={trajectory.error} />
      ) : (
        <Stack gap="lg">
          <Paper withBorder p="xl">
            <Title order={2} fz={18} fw={650} mb={4}>
              {t('performance.trajectory.title')}
            </Title>
            <Text size="sm" c="dimmed" mb="md">
              {t('performance.trajectory.description')}
            </Text>
            <Group gap="md" align="flex-end" wrap="wrap" mb="md">
              <Select
                label={t('performance.trajectory.reference-label')}
                data={[
                  { value: 'auto', label: t('performance.trajectory.reference-auto') },
                  ...(data?.reference?.candidates ?? []).map((candidate) => ({
                    value: String(candidate.year),
                    label: t('performance.trajectory.reference-option', {
                      year: candidate.year,
                      value: t('performance.unit.kwh-per-m2', {
                        value: format.number(candidate.intensityKwhPerM2, 1),
                      }),
                    }),
                  })),
                ]}
                value={referenceYear === undefined ? 'auto' : String(referenceYear)}
                onChange={(value) =>
                  setReferenceYear(value === null || value === 'auto' ? undefined : Number(value))
                }
                allowDeselect={false}
                w={400}
              />
              <Stack gap={4}>
                <Text size="sm" fw={500} id={basisLabelId}>
                  {t('performance.trajectory.basis-label')}
                </Text>
                <SegmentedControl
                  aria-labelledby={basisLabelId}
                  value={adjust ? 'adjusted' : 'raw'}
                  onChange={(value) => setAdjust(value === 'adjusted')}
                  data={[
                    { value: 'adjusted', label: t('performance.trajectory.basis-adjusted') },
                    { value: 'raw', label: t('performance.trajectory.basis-raw') },
                  ]}
                />
              </Stack>
            </Group>
            {body}
          </Paper>
          <SettingsSection
            efaId={id}
            settings={settings.data}
            computedSurfaceM2={computedSurfaceM2}
            canConfigure={canConfigure}
          />
          <ErrorAlert error={settings.error} />
        </Stack>
      )}
    </Box>
  );
}
