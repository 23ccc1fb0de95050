import { Alert, Badge, Box, Center, Group, Loader, Paper, Stack, Table, Text, Title } from '@mantine/core';
import { IconInfoCircle } from '@tabler/icons-react';
import { type ReactNode, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client';
import type { DateRange } from '../api/endpoints';
import { useBuildingConsumption, useSiteConsumption } from '../api/queries';
import type { Building, ConsumptionStep } from '../api/types';
import { hasFeatureLevel } from '../auth/access';
import { useSession } from '../auth/session';
import { ErrorAlert } from '../components/ErrorAlert';
import { addDays, todayInParis } from '../dates';
import { useFormat } from '../use-format';
import { ConsumptionChart } from './ConsumptionChart';
import { energyColor, INCOMPLETE_COLOR } from './energy-colors';
import { energyLabel } from './labels';
import { type PeriodChoice, PeriodPicker, resolvePeriod } from './PeriodPicker';
import {
  buildPeriods,
  type ConsumptionSummary,
  firstCoveredDay,
  latestTwelveMonths,
  summarise,
  VOLUME_ENERGIES,
  yearsWithData,
} from './periods';

/** Start of the range searched for the months that have data. Older readings do not set the default period. */
const EXTENT_START = '2000-01-01';

/** Hatched swatch matching the bars of incomplete periods, for the legend under the chart. */
function HatchSwatch() {
  return (
    <Box
      component="span"
      w={14}
      h={10}
      style={{
        display: 'inline-block',
        background: `repeating-linear-gradient(-45deg, #868e96 0 3px, #dee2e6 3px 6px)`,
        borderRadius: 2,
      }}
      aria-hidden
    />
  );
}

function SummaryBadges({ summary }: { summary: ConsumptionSummary }) {
  const { t } = useTranslation();
  const format = useFormat();
  const isComplete = summary.incompletePeriods === 0 && summary.missingPeriods === 0;
  return (
    <Group gap="xs" wrap="wrap">
      <Badge variant="light" color="gray" tt="none" size="lg" radius="sm">
        {t('consumption.summary.total', { value: format.energy(summary.totalKWh) })}
      </Badge>
      <Badge variant="light" color={isComplete ? 'green' : 'orange'} tt="none" size="lg" radius="sm">
        {summary.completeness === null
          ? t('consumption.summary.completeness-unknown')
          : t('consumption.summary.completeness', { share: format.share(summary.completeness) })}
      </Badge>
      {summary.incompletePeriods > 0 && (
        <Badge variant="outline" color="orange" tt="none" size="lg" radius="sm">
          {t('consumption.summary.incomplete-periods', { count: summary.incompletePeriods })}
        </Badge>
      )}
      {summary.missingPeriods > 0 && (
        <Badge variant="outline" color="gray" tt="none" size="lg" radius="sm">
          {t('consumption.summary.missing-periods', { count: summary.missingPeriods })}
        </Badge>
      )}
    </Group>
  );
}

function TotalsTable({ summary, floorAreaM2 }: { summary: ConsumptionSummary; floorAreaM2: number | null }) {
  const { t } = useTranslation();
  const format = useFormat();
  const ratio = (kWh: number) =>
    floorAreaM2 === null
      ? t('common.value.none')
      : t('common.unit.kwh-per-m2', { value: format.number(kWh / floorAreaM2, 1) });
  const completeness = (present: number, expected: number) =>
    expected === 0 ? t('common.value.none') : format.share(present / expected);
  const energyTotals = summary.totals.filter((total) => !VOLUME_ENERGIES.includes(total.energy));
  return (
    <Table.ScrollContainer minWidth={640}>
      <Table withTableBorder verticalSpacing="xs">
        <Table.Thead bg="gray.0">
          <Table.Tr>
            <Table.Th>{t('consumption.totals.column-energy')}</Table.Th>
            <Table.Th ta="right">{t('consumption.totals.column-quantity')}</Table.Th>
            <Table.Th ta="right">{t('consumption.totals.column-ratio')}</Table.Th>
            <Table.Th ta="right">{t('consumption.totals.column-completeness')}</Table.Th>
            <Table.Th ta="right">{t('consumption.totals.column-periods-without')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {summary.totals.map((total) => {
            const isVolume = VOLUME_ENERGIES.includes(total.energy);
            const incomplete = total.pointsPresent < total.pointsExpected || total.periodsWithout > 0;
            return (
              <Table.Tr key={total.energy}>
                <Table.Td>
                  <Group gap={8} wrap="nowrap">
                    <Box
                      w={10}
                      h={10}
                      style={{ borderRadius: '50%', background: energyColor(total.energy) }}
                      aria-hidden
                    />
                    <Text size="sm">{energyLabel(t, total.energy)}</Text>
                  </Group>
                </Table.Td>
                <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>
                  {isVolume
                    ? t('common.unit.cubic-metres', { value: format.number(total.quantity, 1) })
                    : format.energy(total.quantity)}
                </Table.Td>
                <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>
                  {isVolume ? t('common.value.none') : ratio(total.quantity)}
                </Table.Td>
                <Table.Td ta="right" c={incomplete ? INCOMPLETE_COLOR : undefined}>
                  {completeness(total.pointsPresent, total.pointsExpected)}
                </Table.Td>
                <Table.Td ta="right">{format.number(total.periodsWithout)}</Table.Td>
              </Table.Tr>
            );
          })}
          {energyTotals.length > 1 && (
            <Table.Tr fw={600}>
              <Table.Td>{t('consumption.totals.all-energies')}</Table.Td>
              <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>
                {format.energy(summary.totalKWh)}
              </Table.Td>
              <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>
                {ratio(summary.totalKWh)}
              </Table.Td>
              <Table.Td ta="right">
                {summary.completeness === null ? t('common.value.none') : format.share(summary.completeness)}
              </Table.Td>
              <Table.Td ta="right">{format.number(summary.missingPeriods)}</Table.Td>
            </Table.Tr>
          )}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

/** Building or site whose consumption a section shows. */
export interface ConsumptionSubject {
  kind: 'building' | 'site';
  id: string;
  name: string;
  /** Floor area that the kWh/m² ratios divide by, or null when unknown. */
  floorAreaM2: number | null;
}

/**
 * Consumption rows of a building or a site. Both queries are always declared, as hooks must be,
 * but only the one matching the subject's kind runs.
 */
function useSubjectConsumption(subject: ConsumptionSubject, range: DateRange | null, step: ConsumptionStep) {
  const isSite = subject.kind === 'site';
  const building = useBuildingConsumption(subject.id, isSite ? null : range, step);
  const site = useSiteConsumption(subject.id, isSite ? range : null, step);
  if (!isSite) return building;
  return { ...site, data: site.data?.items };
}

/** Consumption section of the building page. */
export function BuildingConsumption({ building }: { building: Building }) {
  return (
    <ConsumptionSection
      subject={{ kind: 'building', id: building.id, name: building.name, floorAreaM2: building.floorAreaM2 }}
    />
  );
}

/**
 * Consumption section of a building or a site: period picker, stacked bars per energy with their
 * completeness, and totals per energy. It opens on the latest twelve months that have data.
 */
export function ConsumptionSection({ subject }: { subject: ConsumptionSubject }) {
  const { t } = useTranslation();
  const format = useFormat();
  const me = useSession();
  const canRead = hasFeatureLevel(me, 'consumption', 'read');
  const isSite = subject.kind === 'site';
  const today = todayInParis();
  const extentRange = useMemo(() => ({ from: EXTENT_START, to: addDays(today, 1) }), [today]);
  const extent = useSubjectConsumption(subject, canRead ? extentRange : null, 'month');
  const latest = useMemo(() => (extent.data ? latestTwelveMonths(extent.data) : null), [extent.data]);
  const years = useMemo(() => (extent.data ? yearsWithData(extent.data) : []), [extent.data]);

  const [choice, setChoice] = useState<PeriodChoice>({ kind: 'latest' });
  const [step, setStep] = useState<ConsumptionStep>('month');
  const range = useMemo(() => resolvePeriod(choice, latest), [choice, latest]);
  const consumption = useSubjectConsumption(subject, canRead ? range : null, step);
  const built = useMemo(
    () => (consumption.data && range ? buildPeriods(consumption.data, range, step) : null),
    [consumption.data, range, step],
  );
  const summary = useMemo(() => (built ? summarise(built.periods, built.energies) : null), [built]);

  const rangeText = range
    ? t('consumption.range', {
        from: format.localDate(firstCoveredDay(range, step)),
        to: format.localDate(addDays(range.to, -1)),
      })
    : '';

  let body: ReactNode;
  if (!canRead) {
    body = (
      <Alert color="gray" variant="light" icon={<IconInfoCircle size={20} aria-hidden />}>
        {t('consumption.no-access')}
      </Alert>
    );
  } else if (extent.isPending) {
    body = (
      <Center p="xl">
        <Loader aria-label={t('common.status.loading')} />
      </Center>
    );
  } else if (extent.error instanceof ApiError && extent.error.status === 404) {
    // The building or site itself is readable, so a 404 here means the consumption feature is not granted on it.
    body = (
      <Alert color="gray" variant="light" icon={<IconInfoCircle size={20} aria-hidden />}>
        {t('consumption.no-access')}
      </Alert>
    );
  } else if (extent.isError) {
    body = <ErrorAlert error={extent.error} />;
  } else if (latest === null) {
    body = (
      <Alert
        color="blue"
        variant="light"
        icon={<IconInfoCircle size={20} aria-hidden />}
        title={t('consumption.empty.title')}
      >
        {isSite ? t('consumption.site.empty-message') : t('consumption.empty.message')}
      </Alert>
    );
  } else {
    body = (
      <Stack gap="md">
        <PeriodPicker
          latest={latest}
          years={years}
          value={choice}
          onChange={setChoice}
          step={step}
          onStepChange={setStep}
        />
        <ErrorAlert error={consumption.error} />
        {consumption.isPending || !built || !summary ? (
          range && (
            <Center p="xl">
              <Loader aria-label={t('common.status.loading')} />
            </Center>
          )
        ) : built.energies.length === 0 ? (
          <Alert color="gray" variant="light" icon={<IconInfoCircle size={20} aria-hidden />}>
            {t('consumption.no-data-in-range', { range: rangeText })}
          </Alert>
        ) : (
          <Stack gap="sm" style={{ opacity: consumption.isPlaceholderData ? 0.6 : 1 }}>
            <Group justify="space-between" align="center" wrap="wrap" gap="xs">
              <Text size="sm" c="dimmed">
                {rangeText}
              </Text>
              <SummaryBadges summary={summary} />
            </Group>
            <ConsumptionChart
              periods={built.periods}
              energies={built.energies}
              step={step}
              label={t('consumption.chart.label', {
                name: subject.name,
                range: rangeText,
                total: format.energy(summary.totalKWh),
              })}
            />
            <Group gap="lg" wrap="wrap">
              <Group gap={6} wrap="nowrap">
                <HatchSwatch />
                <Text size="xs" c="dimmed">
                  {t('consumption.chart.legend-incomplete')}
                </Text>
              </Group>
              <Text size="xs" c="dimmed">
                {t('consumption.chart.legend-help')}
              </Text>
            </Group>
            <TotalsTable summary={summary} floorAreaM2={subject.floorAreaM2} />
            {subject.floorAreaM2 === null && (
              <Text size="xs" c="dimmed">
                {isSite ? t('consumption.site.no-floor-area') : t('consumption.totals.no-floor-area')}
              </Text>
            )}
          </Stack>
        )}
      </Stack>
    );
  }

  return (
    <Paper withBorder p="xl">
      <Title order={2} fz={18} fw={650} mb={4}>
        {t('consumption.title')}
      </Title>
      <Text size="sm" c="dimmed" mb="md">
        {isSite ? t('consumption.site.description') : t('consumption.description')}
      </Text>
      {body}
    </Paper>
  );
}
