import {
  ActionIcon,
  Alert,
  Badge,
  Center,
  Group,
  Loader,
  Paper,
  SegmentedControl,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { localDateOf, PARIS } from '@openfluides/core';
import { IconChevronLeft, IconChevronRight, IconInfoCircle } from '@tabler/icons-react';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useReadings } from '../api/queries';
import type { Reading, ReadingQuality, Register } from '../api/types';
import { type ChartOption, EChart } from '../components/EChart';
import { ErrorAlert } from '../components/ErrorAlert';
import { escapeHtml, INCOMPLETE_COLOR } from '../consumption/energy-colors';
import { addDays, isLocalDate } from '../dates';
import { formatNumber } from '../format';
import { useFormat } from '../use-format';
import { expectedIntervalStarts, unitSymbol } from './units';

type Span = 'day' | 'week';

const CHART_COLOR = '#0b727d';
const ESTIMATED_COLOR = '#74c0fc';

/** Monday of the week holding a local date. */
function mondayOf(localDate: string): string {
  const weekday = new Date(`${localDate}T00:00:00Z`).getUTCDay();
  return addDays(localDate, -((weekday + 6) % 7));
}

interface Slot {
  intervalStart: string;
  reading: Reading | undefined;
}

/** Lists the expected intervals and the readings returned, so that absent intervals show as gaps. */
function slotsOf(readings: Reading[], expected: string[] | null): Slot[] {
  const byStart = new Map(readings.map((reading) => [reading.intervalStart, reading]));
  const starts = new Set([...(expected ?? []), ...readings.map((reading) => reading.intervalStart)]);
  return [...starts].sort().map((intervalStart) => ({ intervalStart, reading: byStart.get(intervalStart) }));
}

/** Raw readings of a register over one Paris day or week, with the count of missing intervals. */
export function ReadingsSection({ register, defaultDay }: { register: Register; defaultDay: string }) {
  const { t } = useTranslation();
  const format = useFormat();
  const [day, setDay] = useState(defaultDay);
  const [dayInput, setDayInput] = useState(defaultDay);
  const [span, setSpan] = useState<Span>('day');
  const range = useMemo(() => {
    const from = span === 'day' ? day : mondayOf(day);
    return { from, to: addDays(from, span === 'day' ? 1 : 7) };
  }, [day, span]);
  const readings = useReadings(register.id, range);
  const unit = unitSymbol(readings.data?.unit ?? register.unit);
  const drawsBars = register.kind === 'ENERGY' || register.kind === 'VOLUME';

  const slots = useMemo(() => {
    if (!readings.data) return null;
    return slotsOf(readings.data.items, expectedIntervalStarts(range.from, range.to, register.step));
  }, [readings.data, range, register.step]);

  const counts = useMemo(() => {
    if (!slots || !readings.data) return null;
    const expected = expectedIntervalStarts(range.from, range.to, register.step)?.length ?? null;
    const present = readings.data.items.filter((reading) => reading.value !== null).length;
    const byQuality = (quality: ReadingQuality) =>
      readings.data.items.filter((reading) => reading.quality === quality && reading.value !== null).length;
    return { expected, present, estimated: byQuality('estimated'), corrected: byQuality('corrected') };
  }, [slots, readings.data, range, register.step]);

  const option = useMemo((): ChartOption | null => {
    if (!slots) return null;
    const label = (iso: string) =>
      span === 'day'
        ? format.time(iso)
        : `${format.localDate(localDateOf(new Date(iso), PARIS)).slice(0, 5)} ${format.time(iso)}`;
    const tooltip = (index: number) => {
      const slot = slots[index];
      if (!slot) return '';
      const title = `${format.localDay(localDateOf(new Date(slot.intervalStart), PARIS))} ${format.time(slot.intervalStart)}`;
      const reading = slot.reading;
      if (!reading || reading.value === null) {
        return `<strong>${escapeHtml(title)}</strong><br/><span style="color:${INCOMPLETE_COLOR}">${escapeHtml(t('registers.readings.missing'))}</span>`;
      }
      return [
        `<strong>${escapeHtml(title)}</strong>`,
        `<strong>${escapeHtml(`${format.number(reading.value, 3)}\u00a0${unit}`)}</strong>`,
        escapeHtml(t(`registers.quality.${reading.quality}`)),
      ].join('<br/>');
    };
    const data = slots.map(({ reading }) => {
      if (!reading || reading.value === null) return null;
      return reading.quality === 'measured'
        ? reading.value
        : { value: reading.value, itemStyle: { color: ESTIMATED_COLOR } };
    });
    return {
      animation: false,
      grid: { left: 8, right: 32, top: 28, bottom: 8, containLabel: true },
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
        data: slots.map((slot) => slot.intervalStart),
        axisLabel: { hideOverlap: true, formatter: (value: string) => label(value), color: '#495057' },
      },
      yAxis: {
        type: 'value',
        name: unit,
        scale: !drawsBars,
        nameTextStyle: { align: 'right', color: '#495057' },
        axisLabel: {
          formatter: (value: number) => formatNumber(value, format.language, 1),
          color: '#495057',
        },
      },
      series: [
        drawsBars
          ? { type: 'bar', data, color: CHART_COLOR, barMaxWidth: 24 }
          : { type: 'line', data, color: CHART_COLOR, showSymbol: slots.length <= 48, connectNulls: false },
      ],
    };
  }, [slots, span, unit, drawsBars, t, format]);

  const shift = (direction: 1 | -1) => {
    const next = addDays(day, direction * (span === 'day' ? 1 : 7));
    setDay(next);
    setDayInput(next);
  };
  const rangeText = t('consumption.range', {
    from: format.localDate(range.from),
    to: format.localDate(addDays(range.to, -1)),
  });

  return (
    <Paper withBorder p="xl">
      <Title order={2} fz={18} fw={650} mb={4}>
        {t('registers.readings.title')}
      </Title>
      <Text size="sm" c="dimmed" mb="md">
        {t('registers.readings.description')}
      </Text>
      <Stack gap="md">
        <Group gap="md" align="flex-end" wrap="wrap">
          <Group gap={4} align="flex-end" wrap="nowrap">
            <ActionIcon
              variant="default"
              size={36}
              aria-label={
                span === 'day' ? t('registers.readings.previous-day') : t('registers.readings.previous-week')
              }
              onClick={() => shift(-1)}
            >
              <IconChevronLeft size={18} aria-hidden />
            </ActionIcon>
            <TextInput
              type="date"
              label={t('registers.readings.day-label')}
              value={dayInput}
              onChange={(event) => {
                const value = event.currentTarget.value;
                setDayInput(value);
                if (isLocalDate(value)) setDay(value);
              }}
              w={170}
            />
            <ActionIcon
              variant="default"
              size={36}
              aria-label={
                span === 'day' ? t('registers.readings.next-day') : t('registers.readings.next-week')
              }
              onClick={() => shift(1)}
            >
              <IconChevronRight size={18} aria-hidden />
            </ActionIcon>
          </Group>
          <SegmentedControl
            aria-label={t('registers.readings.span-label')}
            value={span}
            onChange={(value) => setSpan(value === 'week' ? 'week' : 'day')}
            data={[
              { value: 'day', label: t('registers.readings.span-day') },
              { value: 'week', label: t('registers.readings.span-week') },
            ]}
          />
          <Text size="sm" c="dimmed">
            {rangeText}
          </Text>
        </Group>
        <ErrorAlert error={readings.error} />
        {readings.isPending || !counts || !option ? (
          !readings.isError && (
            <Center p="xl">
              <Loader aria-label={t('common.status.loading')} />
            </Center>
          )
        ) : counts.present === 0 ? (
          <Alert color="gray" variant="light" icon={<IconInfoCircle size={20} aria-hidden />}>
            {t('registers.readings.none', { range: rangeText })}
          </Alert>
        ) : (
          <Stack gap="sm" style={{ opacity: readings.isPlaceholderData ? 0.6 : 1 }}>
            <Group gap="xs">
              <Badge
                variant="light"
                color={counts.expected !== null && counts.present < counts.expected ? 'orange' : 'green'}
                tt="none"
                size="lg"
                radius="sm"
              >
                {counts.expected === null
                  ? t('registers.readings.count', { count: counts.present })
                  : t('registers.readings.count-of-expected', {
                      count: counts.present,
                      present: format.number(counts.present),
                      expected: format.number(counts.expected),
                      share: format.share(counts.present / counts.expected),
                    })}
              </Badge>
              {counts.estimated > 0 && (
                <Badge variant="outline" color="blue" tt="none" size="lg" radius="sm">
                  {t('registers.readings.estimated', { count: counts.estimated })}
                </Badge>
              )}
              {counts.corrected > 0 && (
                <Badge variant="outline" color="blue" tt="none" size="lg" radius="sm">
                  {t('registers.readings.corrected', { count: counts.corrected })}
                </Badge>
              )}
            </Group>
            <EChart
              option={option}
              height={300}
              label={t('registers.readings.chart-label', { range: rangeText })}
            />
            <Text size="xs" c="dimmed">
              {t('registers.readings.legend')}
            </Text>
          </Stack>
        )}
      </Stack>
    </Paper>
  );
}
