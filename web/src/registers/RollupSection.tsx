import { Alert, Badge, Center, Group, Loader, Paper, Stack, Text, Title } from '@mantine/core';
import { IconInfoCircle } from '@tabler/icons-react';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DateRange } from '../api/endpoints';
import { useRollups } from '../api/queries';
import type { ConsumptionStep, Register, RollupRow } from '../api/types';
import { type ChartOption, EChart } from '../components/EChart';
import { ErrorAlert } from '../components/ErrorAlert';
import { INCOMPLETE_DECAL } from '../consumption/ConsumptionChart';
import { escapeHtml, INCOMPLETE_COLOR } from '../consumption/energy-colors';
import { type PeriodChoice, PeriodPicker, resolvePeriod } from '../consumption/PeriodPicker';
import { firstCoveredDay, listPeriods } from '../consumption/periods';
import { addDays } from '../dates';
import { energyUnitFor, formatNumber } from '../format';
import { useFormat } from '../use-format';
import { unitSymbol } from './units';

const CHART_COLOR = '#0b727d';

type RollupStatus = 'complete' | 'incomplete' | 'missing';

function statusOf(row: RollupRow | undefined): RollupStatus {
  if (!row) return 'missing';
  return row.pointsPresent < row.pointsExpected ? 'incomplete' : 'complete';
}

/**
 * Daily or monthly rollups of a register with their completeness. Temperature registers show
 * their mean, and the other kinds show the quantity of the period.
 */
export function RollupSection({
  register,
  latest,
  years,
}: {
  register: Register;
  latest: DateRange | null;
  years: number[];
}) {
  const { t } = useTranslation();
  const format = useFormat();
  const [choice, setChoice] = useState<PeriodChoice>({ kind: 'latest' });
  const [step, setStep] = useState<ConsumptionStep>('day');
  const range = useMemo(() => resolvePeriod(choice, latest), [choice, latest]);
  const rollups = useRollups(register.id, range, step);
  const isTemperature = register.kind === 'TEMPERATURE';

  const rows = useMemo(() => {
    if (!rollups.data || !range) return null;
    const byPeriod = new Map(rollups.data.items.map((row) => [row.period, row]));
    return listPeriods(range, step).map((period) => ({ period, row: byPeriod.get(period) }));
  }, [rollups.data, range, step]);

  const summary = useMemo(() => {
    if (!rows) return null;
    let quantity = 0;
    let present = 0;
    let expected = 0;
    let estimated = 0;
    for (const { row } of rows) {
      if (!row) continue;
      quantity += row.quantity ?? 0;
      present += row.pointsPresent;
      expected += row.pointsExpected;
      estimated += row.pointsEstimated;
    }
    return {
      quantity,
      completeness: expected > 0 ? present / expected : null,
      estimated,
      incomplete: rows.filter(({ row }) => statusOf(row) === 'incomplete').length,
      missing: rows.filter(({ row }) => statusOf(row) === 'missing').length,
      hasRows: rows.some(({ row }) => row !== undefined),
    };
  }, [rows]);

  const unit = rollups.data?.unit ?? register.unit;
  const isEnergyUnit = unit === 'kWh';

  const option = useMemo((): ChartOption | null => {
    if (!rows) return null;
    const values = rows.map(({ row }) =>
      isTemperature ? (row?.meanValue ?? null) : (row?.quantity ?? null),
    );
    const maxValue = Math.max(0, ...values.map((value) => Math.abs(value ?? 0)));
    const scale = isEnergyUnit ? energyUnitFor(maxValue) : { unit: unitSymbol(unit), divisor: 1 };
    const periodLabel = (period: string) =>
      step === 'month' ? format.month(period, true) : format.localDate(period).slice(0, 5);
    const valueText = (value: number) =>
      isEnergyUnit ? format.energy(value) : `${format.number(value, 1)}\u00a0${unitSymbol(unit)}`;

    const tooltip = (index: number) => {
      const entry = rows[index];
      if (!entry) return '';
      const title = step === 'month' ? format.month(entry.period) : format.localDay(entry.period);
      const lines = [`<strong>${escapeHtml(format.capitalize(title))}</strong>`];

      const row = entry.row;
      if (!row) {
        lines.push(escapeHtml(t('consumption.chart.tooltip-no-data')));
        return lines.join('<br/>');
      }
      if (isTemperature) {
        if (row.meanValue !== null)
          lines.push(escapeHtml(t('registers.rollups.mean', { value: valueText(row.meanValue) })));
        if (row.minValue !== null && row.maxValue !== null)
          lines.push(
            escapeHtml(
              t('registers.rollups.min-max', { min: valueText(row.minValue), max: valueText(row.maxValue) }),
            ),
          );
      } else {
        lines.push(
          `<strong>${escapeHtml(row.quantity === null ? t('consumption.value.not-valued') : valueText(row.quantity))}</strong>`,
        );
        if (row.maxPowerKw !== null)
          lines.push(
            escapeHtml(
              t('registers.rollups.max-power', {
                value: t('common.unit.kw', { value: format.number(row.maxPowerKw, 1) }),
              }),
            ),
          );
      }

      const share = row.pointsExpected > 0 ? format.share(row.pointsPresent / row.pointsExpected) : '—';
      const color = row.pointsPresent < row.pointsExpected ? INCOMPLETE_COLOR : '#868e96';
      lines.push(
        `<span style="color:${color}">${escapeHtml(
          t('consumption.chart.tooltip-points', {
            share,
            present: format.number(row.pointsPresent),
            expected: format.number(row.pointsExpected),
          }),
        )}</span>`,
      );
      if (row.pointsEstimated > 0)
        lines.push(escapeHtml(t('registers.rollups.estimated', { count: row.pointsEstimated })));
      return lines.join('<br/>');
    };

    const data = rows.map(({ row }, index) => {
      const value = values[index];
      const scaled = value === null || value === undefined ? null : value / scale.divisor;
      return statusOf(row) === 'incomplete' && !isTemperature
        ? { value: scaled, itemStyle: { decal: INCOMPLETE_DECAL } }
        : scaled;
    });
    const zoomed = rows.length > 62;
    return {
      animation: false,
      grid: { left: 8, right: 16, top: 28, bottom: zoomed ? 56 : 8, containLabel: true },
      tooltip: {
        trigger: 'axis',
        confine: true,
        formatter: (params: unknown) => {
          const first = Array.isArray(params) ? params[0] : params;
          return tooltip((first as { dataIndex: number }).dataIndex);
        },
      },
      xAxis: {
        type: 'category',
        data: rows.map(({ period }) => period),
        axisLabel: {
          hideOverlap: true,
          formatter: (value: string) => periodLabel(value),
          color: (_value?: string | number, index?: number) =>
            statusOf(rows[index ?? -1]?.row) === 'incomplete' ? INCOMPLETE_COLOR : '#495057',
        },
      },
      yAxis: {
        type: 'value',
        name: scale.unit,
        scale: isTemperature,
        nameTextStyle: { align: 'right', color: '#495057' },
        axisLabel: {
          formatter: (value: number) => formatNumber(value, format.language, 1),
          color: '#495057',
        },
      },
      dataZoom: zoomed
        ? [
            { type: 'inside' },
            {
              type: 'slider',
              height: 22,
              bottom: 10,
              labelFormatter: (index: number) => periodLabel(rows[index]?.period ?? ''),
            },
          ]
        : [],
      series: [
        isTemperature
          ? { type: 'line', data, color: CHART_COLOR, showSymbol: false, connectNulls: false }
          : { type: 'bar', data, color: CHART_COLOR, barMaxWidth: 40 },
      ],
    };
  }, [rows, isTemperature, isEnergyUnit, unit, step, t, format]);

  const rangeText = range
    ? t('consumption.range', {
        from: format.localDate(firstCoveredDay(range, step)),
        to: format.localDate(addDays(range.to, -1)),
      })
    : '';

  let body: React.ReactNode;
  if (latest === null) {
    body = (
      <Alert color="blue" variant="light" icon={<IconInfoCircle size={20} aria-hidden />}>
        {t('registers.rollups.empty')}
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
        <ErrorAlert error={rollups.error} />
        {rollups.isPending || !summary || !option ? (
          <Center p="xl">
            <Loader aria-label={t('common.status.loading')} />
          </Center>
        ) : !summary.hasRows ? (
          <Alert color="gray" variant="light" icon={<IconInfoCircle size={20} aria-hidden />}>
            {t('consumption.no-data-in-range', { range: rangeText })}
          </Alert>
        ) : (
          <Stack gap="sm" style={{ opacity: rollups.isPlaceholderData ? 0.6 : 1 }}>
            <Group justify="space-between" wrap="wrap" gap="xs">
              <Text size="sm" c="dimmed">
                {rangeText}
              </Text>
              <Group gap="xs">
                {!isTemperature && (
                  <Badge variant="light" color="gray" tt="none" size="lg" radius="sm">
                    {t('consumption.summary.total', {
                      value: isEnergyUnit
                        ? format.energy(summary.quantity)
                        : `${format.number(summary.quantity, 1)}\u00a0${unitSymbol(unit)}`,
                    })}
                  </Badge>
                )}
                <Badge
                  variant="light"
                  color={summary.incomplete === 0 && summary.missing === 0 ? 'green' : 'orange'}
                  tt="none"
                  size="lg"
                  radius="sm"
                >
                  {summary.completeness === null
                    ? t('consumption.summary.completeness-unknown')
                    : t('consumption.summary.completeness', { share: format.share(summary.completeness) })}
                </Badge>
                {summary.incomplete > 0 && (
                  <Badge variant="outline" color="orange" tt="none" size="lg" radius="sm">
                    {t('consumption.summary.incomplete-periods', { count: summary.incomplete })}
                  </Badge>
                )}
                {summary.missing > 0 && (
                  <Badge variant="outline" color="gray" tt="none" size="lg" radius="sm">
                    {t('consumption.summary.missing-periods', { count: summary.missing })}
                  </Badge>
                )}
                {summary.estimated > 0 && (
                  <Badge variant="outline" color="blue" tt="none" size="lg" radius="sm">
                    {t('registers.rollups.estimated', { count: summary.estimated })}
                  </Badge>
                )}
              </Group>
            </Group>
            <EChart
              option={option}
              height={320}
              label={t('registers.rollups.chart-label', { range: rangeText })}
            />
            <Text size="xs" c="dimmed">
              {t('registers.rollups.legend')}
            </Text>
          </Stack>
        )}
      </Stack>
    );
  }

  return (
    <Paper withBorder p="xl">
      <Title order={2} fz={18} fw={650} mb={4}>
        {t('registers.rollups.title')}
      </Title>
      <Text size="sm" c="dimmed" mb="md">
        {t('registers.rollups.description')}
      </Text>
      {body}
    </Paper>
  );
}
