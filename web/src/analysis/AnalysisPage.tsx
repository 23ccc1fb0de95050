import {
  Alert,
  Button,
  Center,
  Checkbox,
  Group,
  Loader,
  NumberInput,
  Paper,
  SegmentedControl,
  Select,
  Stack,
  Switch,
  Tabs,
  Text,
  TextInput,
} from '@mantine/core';
import type { Energy } from '@openfluides/core';
import { IconDownload, IconInfoCircle } from '@tabler/icons-react';
import { keepPreviousData, useMutation, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { ErrorAlert } from '../components/ErrorAlert';
import { PageHeader } from '../components/PageHeader';
import { addDays, todayInParis } from '../dates';
import { useFormat } from '../use-format';
import { AnalysisIndicatorPanel } from './AnalysisIndicatorPanel';
import {
  ANALYSIS_STEPS,
  type AnalysisStep,
  BREAKDOWNS,
  type Breakdown,
  downloadSeries,
  fetchReferenceDay,
  fetchSeries,
  SERIES_UNITS,
  type SeriesRequest,
  type SeriesUnit,
} from './api';
import { ComparisonTotals } from './ComparisonTotals';
import { UNIT_SYMBOLS } from './labels';
import { PerimeterSelector, perimeterOf } from './PerimeterSelector';
import { ProfilePanel } from './ProfilePanel';
import { analysisPresetOf, isAnalysisDate } from './paths';
import {
  anchorDay,
  type DateRange,
  defaultCalendarYear,
  defaultSeasonYear,
  FINE_STEP_MAX_POINTS,
  isFineStep,
  QUICK_PERIODS,
  type QuickPeriod,
  quickPeriodRange,
} from './periods';
import { type ChartType, CompletenessBar, combinedCompleteness, SeriesChart } from './SeriesChart';
import { SeriesTable } from './SeriesTable';

type CompareMode = 'none' | 'calendar' | 'weekday';

/** Saves a downloaded file under its name through a temporary link. */
function saveBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 0);
}

/**
 * Consumption analysis of a perimeter: series with comparisons, table, exports, load profile and
 * user-defined indicators.
 */
export function AnalysisPage() {
  const { t } = useTranslation();
  const format = useFormat();
  const reference = useQuery({ queryKey: ['analysis', 'reference-day'], queryFn: fetchReferenceDay });
  // Quick periods count back from the last day with readings when the feeds stopped (the demo's
  // archive ends in 2022), so that the page never opens on an empty chart.
  const anchor = reference.data
    ? anchorDay(reference.data.referenceDay, reference.data.today)
    : todayInParis();
  // A link may preset the perimeter and the dates, as the building page's « Analyser ce bâtiment ».
  const [searchParams] = useSearchParams();
  const [preset] = useState(() => analysisPresetOf(searchParams));
  const [items, setItems] = useState<string[]>(preset.items);
  const [energies, setEnergies] = useState<Energy[]>([]);
  const [quickPeriod, setQuickPeriod] = useState<QuickPeriod>(preset.period ? 'custom' : 'calendar-year');
  // Null until the user picks a year or dates: the defaults follow the anchor day.
  const [chosenYear, setYear] = useState<number | null>(null);
  const [chosenCustom, setCustom] = useState<DateRange | null>(preset.period);
  const year =
    chosenYear ??
    (quickPeriod === 'heating-season' ? defaultSeasonYear(anchor) : defaultCalendarYear(anchor));
  const custom = chosenCustom ?? { from: `${anchor.slice(0, 4)}-01-01`, to: anchor };
  const [step, setStep] = useState<AnalysisStep>('P1M');
  const [unit, setUnit] = useState<SeriesUnit>('kWh');
  const [breakdown, setBreakdown] = useState<Breakdown>('none');
  const [stacked, setStacked] = useState(true);
  const [chartType, setChartType] = useState<ChartType>('bar');
  const [compareMode, setCompareMode] = useState<CompareMode>('none');
  const [compareYears, setCompareYears] = useState<string[]>(['1']);

  const customValid = isAnalysisDate(custom.from) && isAnalysisDate(custom.to) && custom.from <= custom.to;
  // The custom end date is the last day shown, so the API's excluded end is the day after.
  const range: DateRange | null = reference.isPending
    ? null
    : quickPeriod === 'custom'
      ? customValid
        ? { from: custom.from, to: addDays(custom.to, 1) }
        : null
      : quickPeriodRange(quickPeriod, anchor, year);

  const perimeter = perimeterOf(items, energies);
  const request: SeriesRequest | null = range
    ? {
        perimeter,
        from: range.from,
        to: range.to,
        step,
        unit,
        breakdown,
        ...(compareMode !== 'none' && compareYears.length > 0
          ? { compare: { mode: compareMode, years: compareYears.map(Number).sort() } }
          : {}),
        ...(isFineStep(step) ? { maxPoints: FINE_STEP_MAX_POINTS } : {}),
      }
    : null;

  const seriesQuery = useQuery({
    queryKey: ['analysis', 'series', request],
    queryFn: ({ signal }) => fetchSeries(request as SeriesRequest, signal),
    enabled: request !== null,
    placeholderData: keepPreviousData,
  });
  const exportMutation = useMutation({
    mutationFn: (fileFormat: 'csv' | 'xlsx') => downloadSeries(request as SeriesRequest, fileFormat),
    onSuccess: ({ blob, fileName }) => saveBlob(blob, fileName),
  });

  const response = seriesQuery.data;
  // kWh/m² of several buildings do not add up, so their bars stand side by side.
  const canStack = unit !== 'kWh/m2';
  const base = response?.series.filter((item) => item.role === 'base') ?? [];

  return (
    <>
      <PageHeader title={t('analysis.title')} description={t('analysis.description')} />
      <Stack gap="md">
        <Paper withBorder p="md" radius="md">
          <Stack gap="md">
            <PerimeterSelector
              values={items}
              energies={energies}
              onChange={(nextItems, nextEnergies) => {
                setItems(nextItems);
                setEnergies(nextEnergies);
              }}
            />
            <Group align="flex-end" gap="sm" wrap="wrap">
              <Select
                w={220}
                label={t('analysis.period.label')}
                data={QUICK_PERIODS.map((value) => ({ value, label: t(`analysis.period.quick.${value}`) }))}
                value={quickPeriod}
                onChange={(value) => {
                  if (!value) return;
                  setQuickPeriod(value as QuickPeriod);
                  // A calendar year and a season start do not mean the same year.
                  setYear(null);
                }}
                allowDeselect={false}
              />
              {(quickPeriod === 'calendar-year' || quickPeriod === 'heating-season') && (
                <NumberInput
                  w={140}
                  label={
                    quickPeriod === 'calendar-year'
                      ? t('analysis.period.year')
                      : t('analysis.period.season-start')
                  }
                  value={year}
                  onChange={(value) => typeof value === 'number' && setYear(value)}
                  min={2000}
                  max={2100}
                  allowDecimal={false}
                  thousandSeparator=""
                />
              )}
              {quickPeriod === 'custom' && (
                <>
                  <TextInput
                    type="date"
                    w={170}
                    label={t('analysis.period.from')}
                    value={custom.from}
                    onChange={(event) => setCustom({ ...custom, from: event.currentTarget.value })}
                  />
                  <TextInput
                    type="date"
                    w={170}
                    label={t('analysis.period.to')}
                    value={custom.to}
                    onChange={(event) => setCustom({ ...custom, to: event.currentTarget.value })}
                    error={customValid ? undefined : t('analysis.period.invalid')}
                  />
                </>
              )}
              {range && (
                <Text size="sm" c="dimmed" pb={8}>
                  {t('analysis.period.range', {
                    from: format.localDate(range.from),
                    to: format.localDate(addDays(range.to, -1)),
                  })}
                </Text>
              )}
            </Group>
            <Group align="flex-end" gap="sm" wrap="wrap">
              <Stack gap={4}>
                <Text size="sm" fw={500}>
                  {t('analysis.step.label')}
                </Text>
                <SegmentedControl
                  aria-label={t('analysis.step.label')}
                  data={ANALYSIS_STEPS.map((value) => ({ value, label: t(`analysis.step.${value}`) }))}
                  value={step}
                  onChange={(value) => {
                    const next = value as AnalysisStep;
                    setStep(next);
                    // Thousands of bars read poorly and hide the min/max band, so fine steps start as
                    // lines, side by side: a stacked line reads as the series' own value.
                    setChartType(isFineStep(next) ? 'line' : 'bar');
                    setStacked(!isFineStep(next));
                  }}
                />
              </Stack>
              <Select
                w={150}
                label={t('analysis.unit.label')}
                data={SERIES_UNITS.map((value) => ({ value, label: UNIT_SYMBOLS[value] }))}
                value={unit}
                onChange={(value) => value && setUnit(value as SeriesUnit)}
                allowDeselect={false}
              />
              <Select
                w={200}
                label={t('analysis.breakdown.label')}
                data={BREAKDOWNS.map((value) => ({ value, label: t(`analysis.breakdown.${value}`) }))}
                value={breakdown}
                onChange={(value) => value && setBreakdown(value as Breakdown)}
                allowDeselect={false}
              />
              <Select
                w={340}
                label={t('analysis.compare.label')}
                data={(['none', 'calendar', 'weekday'] as const).map((value) => ({
                  value,
                  label: t(`analysis.compare.${value}`),
                }))}
                value={compareMode}
                onChange={(value) => value && setCompareMode(value as CompareMode)}
                allowDeselect={false}
              />
              {compareMode !== 'none' && (
                <Checkbox.Group
                  value={compareYears}
                  onChange={setCompareYears}
                  label={t('analysis.compare.years')}
                >
                  <Group gap="sm" pt={8} pb={8}>
                    <Checkbox value="1" label={t('analysis.compare.year-back', { count: 1 })} />
                    <Checkbox value="2" label={t('analysis.compare.year-back', { count: 2 })} />
                  </Group>
                </Checkbox.Group>
              )}
            </Group>
          </Stack>
        </Paper>

        <Tabs defaultValue="series" keepMounted={false}>
          <Tabs.List>
            <Tabs.Tab value="series">{t('analysis.tabs.series')}</Tabs.Tab>
            <Tabs.Tab value="profile">{t('analysis.tabs.profile')}</Tabs.Tab>
            <Tabs.Tab value="indicator">{t('analysis.tabs.indicator')}</Tabs.Tab>
          </Tabs.List>

          <Tabs.Panel value="series" pt="md">
            <Stack gap="md">
              {seriesQuery.isError && <ErrorAlert error={seriesQuery.error} />}
              {seriesQuery.isPending && request !== null && (
                <Center h={200}>
                  <Loader aria-label={t('common.status.loading')} />
                </Center>
              )}
              {response && (
                <>
                  <Paper withBorder p="md" radius="md" pos="relative">
                    <Group justify="space-between" mb="sm" wrap="wrap">
                      <Group gap="md">
                        <SegmentedControl
                          size="xs"
                          aria-label={t('analysis.chart.type')}
                          data={[
                            { value: 'bar', label: t('analysis.chart.bars') },
                            { value: 'line', label: t('analysis.chart.lines') },
                          ]}
                          value={chartType}
                          onChange={(value) => setChartType(value as ChartType)}
                        />
                        <Switch
                          size="sm"
                          label={t('analysis.chart.stacked')}
                          checked={stacked && canStack}
                          disabled={!canStack}
                          title={canStack ? undefined : t('analysis.chart.no-stack-ratio')}
                          onChange={(event) => setStacked(event.currentTarget.checked)}
                        />
                        {seriesQuery.isFetching && (
                          <Loader size="xs" aria-label={t('common.status.loading')} />
                        )}
                      </Group>
                      <Group gap="xs">
                        <Button
                          variant="default"
                          size="xs"
                          leftSection={<IconDownload size={14} aria-hidden />}
                          onClick={() => exportMutation.mutate('csv')}
                          loading={exportMutation.isPending && exportMutation.variables === 'csv'}
                        >
                          {t('analysis.export.csv')}
                        </Button>
                        <Button
                          variant="default"
                          size="xs"
                          leftSection={<IconDownload size={14} aria-hidden />}
                          onClick={() => exportMutation.mutate('xlsx')}
                          loading={exportMutation.isPending && exportMutation.variables === 'xlsx'}
                        >
                          {t('analysis.export.xlsx')}
                        </Button>
                      </Group>
                    </Group>
                    {response.series.length === 0 ? (
                      <Text c="dimmed" ta="center" py="xl">
                        {t('analysis.empty')}
                      </Text>
                    ) : (
                      <SeriesChart response={response} chartType={chartType} stacked={stacked && canStack} />
                    )}
                    {response.downsampled && (
                      <Text size="xs" c="dimmed" mt={4}>
                        {t('analysis.chart.downsampled', {
                          count: base[0]?.points.length ?? 0,
                          points: format.number(base[0]?.points.length ?? 0),
                        })}
                      </Text>
                    )}
                    <CompletenessBar completeness={combinedCompleteness(base)} />
                  </Paper>
                  {exportMutation.isError && <ErrorAlert error={exportMutation.error} />}
                  {response.warnings.map((warning) => (
                    <Alert
                      key={warning.code}
                      color="yellow"
                      variant="light"
                      icon={<IconInfoCircle size={18} aria-hidden />}
                    >
                      {warning.message}
                    </Alert>
                  ))}
                  {response.series.some((item) => item.role === 'comparison') && (
                    <Paper withBorder radius="md">
                      <ComparisonTotals response={response} />
                    </Paper>
                  )}
                  <Paper withBorder radius="md">
                    <SeriesTable response={response} />
                  </Paper>
                </>
              )}
            </Stack>
          </Tabs.Panel>

          <Tabs.Panel value="profile" pt="md">
            {range && <ProfilePanel perimeter={perimeter} range={range} />}
          </Tabs.Panel>

          <Tabs.Panel value="indicator" pt="md">
            <AnalysisIndicatorPanel perimeter={perimeter} range={range} step={step} />
          </Tabs.Panel>
        </Tabs>
      </Stack>
    </>
  );
}
