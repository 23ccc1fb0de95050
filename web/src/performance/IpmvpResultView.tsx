import {
  Alert,
  Badge,
  Group,
  List,
  Paper,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Title,
  Tooltip,
} from '@mantine/core';
import { IconAlertTriangle, IconCheck, IconMinus, IconX } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { IPMVP_VARIABLES, type IpmvpResult, type IpmvpVariable } from '../api/types';
import { addDays } from '../dates';
import { formatNumber } from '../format';
import { useFormat } from '../use-format';
import { energyFormatterFor, formatEnergyIn, formatFigure, formatPercent } from './figures';
import { IpmvpChart } from './IpmvpChart';
import { periodTitle } from './labels';
import { reportingMonths } from './reporting-months';

function isIpmvpVariable(name: string): name is IpmvpVariable {
  return (IPMVP_VARIABLES as readonly string[]).includes(name);
}

/** Shows pass, fail or no threshold as a coloured badge with the figure and the threshold. */
function CheckBadge({ passes, label, help }: { passes: boolean | null; label: string; help: string }) {
  const { t } = useTranslation();
  let status: 'pass' | 'fail' | 'none' = 'none';
  if (passes === true) status = 'pass';
  if (passes === false) status = 'fail';
  const color = { pass: 'green', fail: 'red', none: 'gray' }[status];
  const Icon = { pass: IconCheck, fail: IconX, none: IconMinus }[status];
  return (
    <Tooltip label={help} multiline maw={340} withArrow>
      <Badge
        color={color}
        variant="light"
        size="lg"
        radius="sm"
        tt="none"
        leftSection={<Icon size={14} aria-hidden />}
        styles={{ label: { overflow: 'visible' } }}
        aria-label={`${label} — ${t(`performance.ipmvp.check-${status}`)}. ${help}`}
      >
        {label} · {t(`performance.ipmvp.check-${status}`)}
      </Badge>
    </Tooltip>
  );
}

function Guideline14Checks({ result }: { result: IpmvpResult }) {
  const { t } = useTranslation();
  const format = useFormat();
  const language = format.language;
  const { guideline14: checks, baseline, uncertainty68 } = result;
  const none = t('common.value.none');
  const cvRmse = baseline.cvRmse === null ? none : formatPercent(baseline.cvRmse, language);
  const nmbe =
    baseline.nmbe === null
      ? none
      : formatPercent(Math.abs(baseline.nmbe) < 0.05 ? 0 : baseline.nmbe, language);
  const fraction =
    uncertainty68?.fractionalSavingsUncertainty === null || uncertainty68 === null
      ? none
      : formatPercent(uncertainty68.fractionalSavingsUncertainty * 100, language);
  return (
    <Stack gap="xs">
      <Text size="sm" fw={600}>
        {t('performance.ipmvp.checks-title')}
      </Text>
      <Group gap="xs" wrap="wrap">
        <CheckBadge
          passes={checks.cvRmsePasses}
          label={
            checks.cvRmseLimit === null
              ? t('performance.ipmvp.check-cv-no-limit', { value: cvRmse })
              : t('performance.ipmvp.check-cv', {
                  value: cvRmse,
                  limit: formatPercent(checks.cvRmseLimit, language, 0),
                })
          }
          help={t('performance.ipmvp.check-cv-help')}
        />
        <CheckBadge
          passes={checks.nmbePasses}
          label={
            checks.nmbeLimit === null
              ? t('performance.ipmvp.check-nmbe-no-limit', { value: nmbe })
              : t('performance.ipmvp.check-nmbe', {
                  value: nmbe,
                  limit: formatPercent(checks.nmbeLimit, language, 0),
                })
          }
          help={t('performance.ipmvp.check-nmbe-help')}
        />
        <CheckBadge
          passes={checks.uncertaintyPasses}
          label={t('performance.ipmvp.check-uncertainty', { value: fraction })}
          help={t('performance.ipmvp.check-uncertainty-help')}
        />
      </Group>
    </Stack>
  );
}

/** Shows the baseline model as an equation: « consommation par mois = 707 kWh + 11,5 kWh × DJU ». */
function ModelEquation({ result }: { result: IpmvpResult }) {
  const { t } = useTranslation();
  const format = useFormat();
  const language = format.language;
  const unit = result.energyUnit;
  const terms = [
    `${formatFigure(result.baseline.intercept, language)} ${unit}`,
    ...result.baseline.coefficients.map(
      (coefficient) =>
        `${coefficient.value < 0 ? '− ' : '+ '}${formatFigure(Math.abs(coefficient.value), language)} ${unit} × ${
          isIpmvpVariable(coefficient.name)
            ? t(`performance.variable-short.${coefficient.name}`)
            : coefficient.name
        }`,
    ),
  ];
  return (
    <Text size="sm">
      {t(result.step === 'month' ? 'performance.ipmvp.equation-month' : 'performance.ipmvp.equation-day', {
        terms: terms.join(' '),
      })}{' '}
      <Text span c="dimmed" size="sm">
        {t('performance.ipmvp.equation-fit', {
          r2:
            result.baseline.r2 === null
              ? t('common.value.none')
              : formatNumber(result.baseline.r2, language, 2),
          count: result.baseline.n,
        })}
      </Text>
    </Text>
  );
}

interface TableRow {
  key: string;
  title: string;
  /** Reason the period stayed out of the calculation, or the count of its days that did. */
  note: string | null;
  dimmed: boolean;
  degreeDays: number | null;
  adjustedBaselineKwh: number | null;
  energyKwh: number | null;
  avoidedKwh: number | null;
}

/** Returns the rows of the reporting table: one per period, daily calculations summed per month. */
function useReportingRows(result: IpmvpResult): TableRow[] {
  const { t } = useTranslation();
  const format = useFormat();
  if (result.step === 'month') {
    return result.reportingPeriods.map((period) => ({
      key: period.label,
      title: format.capitalize(periodTitle(t, format, result.step, period)),
      note: period.included ? null : period.excludedReason,
      dimmed: !period.included,
      degreeDays: period.degreeDays,
      adjustedBaselineKwh: period.adjustedBaselineKwh,
      energyKwh: period.energyKwh,
      avoidedKwh: period.avoidedKwh,
    }));
  }
  return reportingMonths(result.reportingPeriods).map((month) => ({
    key: month.month,
    title: format.capitalize(format.month(month.month)),
    note: month.excludedDays > 0 ? t('performance.ipmvp.excluded-days', { count: month.excludedDays }) : null,
    dimmed: month.excludedDays === month.days,
    degreeDays: month.degreeDays,
    adjustedBaselineKwh: month.adjustedBaselineKwh,
    energyKwh: month.energyKwh,
    avoidedKwh: month.avoidedKwh,
  }));
}

function ReportingTable({ result }: { result: IpmvpResult }) {
  const { t } = useTranslation();
  const format = useFormat();
  const rows = useReportingRows(result);
  const inTableUnit = energyFormatterFor(
    rows.flatMap((row) => [row.adjustedBaselineKwh, row.energyKwh, row.avoidedKwh]),
    format.language,
  );
  const energy = (kwh: number | null) =>
    kwh === null ? t('common.value.none') : inTableUnit(kwh, result.energyUnit);
  return (
    <Stack gap={4}>
      {result.step === 'day' && (
        <Text size="xs" c="dimmed">
          {t('performance.ipmvp.table-daily')}
        </Text>
      )}
      <Table.ScrollContainer minWidth={720}>
        <Table withTableBorder verticalSpacing="xs" fz="sm">
          <Table.Thead bg="gray.0">
            <Table.Tr>
              <Table.Th>{t('performance.ipmvp.column-period')}</Table.Th>
              <Table.Th ta="right">{t('performance.ipmvp.column-degree-days')}</Table.Th>
              <Table.Th ta="right">{t('performance.ipmvp.column-adjusted')}</Table.Th>
              <Table.Th ta="right">{t('performance.ipmvp.column-actual')}</Table.Th>
              <Table.Th ta="right">{t('performance.ipmvp.column-avoided')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((row) => (
              <Table.Tr key={row.key} c={row.dimmed ? 'dimmed' : undefined}>
                <Table.Td>
                  {row.title}
                  {row.note && (
                    <Text size="xs" c="orange.8">
                      {row.note}
                    </Text>
                  )}
                </Table.Td>
                <Table.Td ta="right">
                  {row.degreeDays === null ? t('common.value.none') : format.number(row.degreeDays, 1)}
                </Table.Td>
                <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>
                  {energy(row.adjustedBaselineKwh)}
                </Table.Td>
                <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>
                  {energy(row.energyKwh)}
                </Table.Td>
                <Table.Td
                  ta="right"
                  style={{ whiteSpace: 'nowrap' }}
                  c={row.avoidedKwh !== null && row.avoidedKwh < 0 ? 'red.8' : undefined}
                >
                  {energy(row.avoidedKwh)}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Stack>
  );
}

/**
 * Shows the result of an IPMVP calculation: avoided energy, its uncertainty, the Guideline 14 checks and the
 * chart.
 */
export function IpmvpResultView({ result, buildingName }: { result: IpmvpResult; buildingName: string }) {
  const { t } = useTranslation();
  const format = useFormat();
  const language = format.language;
  const { totals, uncertainty } = result;
  const saved = totals.avoidedKwh >= 0;
  const unit = result.energyUnit;
  const range = (value: { from: string; to: string }) =>
    t('consumption.range', {
      from: format.localDate(value.from),
      to: format.localDate(addDays(value.to, -1)),
    });
  const uncertaintyText =
    uncertainty?.avoidedKwhUncertainty === null || uncertainty === null
      ? t('performance.ipmvp.uncertainty-unknown')
      : t('performance.ipmvp.uncertainty', {
          value: formatEnergyIn(uncertainty.avoidedKwhUncertainty, unit, language),
          confidence: formatPercent(uncertainty.confidence * 100, language, 0),
          share:
            uncertainty.fractionalSavingsUncertainty === null
              ? t('common.value.none')
              : formatPercent(uncertainty.fractionalSavingsUncertainty * 100, language, 0),
        });

  return (
    <Stack gap="md" data-testid="ipmvp-result">
      <Title order={3} fz={16} fw={650}>
        {t('performance.ipmvp.result-title')}
      </Title>
      <Text size="sm" c="dimmed">
        {t('performance.ipmvp.ranges', {
          baseline: range(result.baselineRange),
          reporting: range(result.reportingRange),
        })}
      </Text>
      <SimpleGrid cols={{ base: 1, md: 3 }} spacing="md">
        <Paper withBorder p="md" bg={saved ? 'green.0' : 'red.0'}>
          <Text size="xs" c="dimmed" fw={600} tt="uppercase">
            {saved ? t('performance.ipmvp.avoided-label') : t('performance.ipmvp.overconsumption-label')}
          </Text>
          <Text fz={26} fw={700} c={saved ? 'green.9' : 'red.9'} style={{ whiteSpace: 'nowrap' }}>
            {formatEnergyIn(Math.abs(totals.avoidedKwh), unit, language)}
          </Text>
          <Text size="sm">
            {totals.avoidedPercent === null
              ? t('common.value.none')
              : t(saved ? 'performance.ipmvp.avoided-percent' : 'performance.ipmvp.overconsumption-percent', {
                  value: formatPercent(Math.abs(totals.avoidedPercent), language),
                })}
          </Text>
          <Text size="sm" mt={4} fw={500}>
            {uncertaintyText}
          </Text>
        </Paper>
        <Paper withBorder p="md">
          <Text size="xs" c="dimmed" fw={600} tt="uppercase">
            {t('performance.ipmvp.adjusted-label')}
          </Text>
          <Text fz={22} fw={650} style={{ whiteSpace: 'nowrap' }}>
            {formatEnergyIn(totals.adjustedBaselineKwh, unit, language)}
          </Text>
          <Text size="sm" c="dimmed">
            {t('performance.ipmvp.adjusted-help', { count: totals.reportingPeriodsUsed })}
          </Text>
        </Paper>
        <Paper withBorder p="md">
          <Text size="xs" c="dimmed" fw={600} tt="uppercase">
            {t('performance.ipmvp.actual-label')}
          </Text>
          <Text fz={22} fw={650} style={{ whiteSpace: 'nowrap' }}>
            {formatEnergyIn(totals.actualKwh, unit, language)}
          </Text>
          <Text size="sm" c="dimmed">
            {totals.nonRoutineAdjustmentKwh === 0
              ? t('performance.ipmvp.actual-help')
              : t('performance.ipmvp.actual-help-adjustment', {
                  value: formatEnergyIn(totals.nonRoutineAdjustmentKwh, unit, language),
                })}
          </Text>
        </Paper>
      </SimpleGrid>
      <ModelEquation result={result} />
      <Guideline14Checks result={result} />
      <IpmvpChart
        result={result}
        label={t('performance.ipmvp.chart-label', {
          name: buildingName,
          value: formatEnergyIn(totals.avoidedKwh, unit, language),
        })}
      />
      <Text size="xs" c="dimmed">
        {t('performance.ipmvp.legend-help')}
      </Text>
      {result.warnings.length > 0 && (
        <Alert color="orange" variant="light" icon={<IconAlertTriangle size={20} aria-hidden />}>
          <List size="sm" spacing={4}>
            {result.warnings.map((warning) => (
              <List.Item key={`${warning.code}-${warning.message}`}>{warning.message}</List.Item>
            ))}
          </List>
        </Alert>
      )}
      <ReportingTable result={result} />
    </Stack>
  );
}
