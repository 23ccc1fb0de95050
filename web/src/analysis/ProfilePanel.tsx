import {
  Center,
  Group,
  Loader,
  Paper,
  SegmentedControl,
  SimpleGrid,
  Stack,
  Table,
  Text,
} from '@mantine/core';
import { useQuery } from '@tanstack/react-query';
import type { EChartsCoreOption } from 'echarts/core';
import { lazy, Suspense, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorAlert } from '../components/ErrorAlert';
import { useFormat } from '../use-format';
import { fetchProfile, type Perimeter, type ProfileResponse } from './api';
import type { DateRange } from './periods';
import { CompletenessBar } from './SeriesChart';

const CarpetView = lazy(() => import('./CarpetView'));

const POWER_DECIMALS = 1;

function Figure({ label, value, hint }: { label: string; value: string; hint?: string }) {
  return (
    <Paper withBorder p="md" radius="md">
      <Text size="xs" c="dimmed" tt="uppercase" fw={700}>
        {label}
      </Text>
      <Text fz={24} fw={650}>
        {value}
      </Text>
      {hint && (
        <Text size="xs" c="dimmed">
          {hint}
        </Text>
      )}
    </Paper>
  );
}

function Carpet({ profile }: { profile: ProfileResponse }) {
  const { t } = useTranslation();
  const format = useFormat();
  const option = useMemo<EChartsCoreOption>(() => {
    const data: [number, number, number | null][] = [];
    let max = 0;
    profile.carpet.forEach((day, dayIndex) => {
      day.values.forEach((value, slot) => {
        data.push([slot, dayIndex, value]);
        if (value !== null && value > max) max = value;
      });
    });
    return {
      animation: false,
      grid: { left: 72, right: 24, top: 16, bottom: 96 },
      tooltip: {
        formatter: (params: { value: [number, number, number | null] }) => {
          const [slot, dayIndex, value] = params.value;
          const day = profile.carpet[dayIndex]?.date ?? '';
          const power =
            value === null ? t('analysis.no-value') : `${format.number(value, POWER_DECIMALS)} kW`;
          return `${format.localDay(day)} ${profile.times[slot] ?? ''} : ${power}`;
        },
      },
      xAxis: {
        type: 'category',
        data: profile.times,
        name: t('analysis.profile.time-of-day'),
        nameLocation: 'middle',
        nameGap: 28,
      },
      yAxis: {
        type: 'category',
        data: profile.carpet.map((day) => day.date),
        inverse: true,
        // One label per month keeps a year of days readable.
        axisLabel: {
          interval: (index: number) => profile.carpet[index]?.date.endsWith('-01') ?? false,
          formatter: (date: string) => format.month(date, true),
        },
        axisTick: { show: false },
      },
      visualMap: {
        min: 0,
        max: max || 1,
        calculable: false,
        orient: 'horizontal',
        left: 'center',
        bottom: 0,
        itemHeight: 200,
        text: [`${format.number(max, POWER_DECIMALS)} kW`, '0 kW'],
        inRange: { color: ['#f1f3f5', '#74c0fc', '#1c7ed6', '#f08c00', '#e03131'] },
      },
      series: [{ type: 'heatmap', data, progressive: 0 }],
    };
  }, [profile, format, t]);

  return (
    <Suspense
      fallback={
        <Center h={480}>
          <Loader aria-label={t('common.status.loading')} />
        </Center>
      }
    >
      <CarpetView
        option={option}
        height={Math.max(320, Math.min(900, profile.carpet.length * 2 + 120))}
        label={t('analysis.profile.carpet-label')}
      />
    </Suspense>
  );
}

/** Load profile of the perimeter: carpet of mean power per day and time of day, base load and shares. */
export function ProfilePanel({ perimeter, range }: { perimeter: Perimeter; range: DateRange }) {
  const { t } = useTranslation();
  const format = useFormat();
  const [resolution, setResolution] = useState<'PT1H' | 'PT10M'>('PT1H');
  const request = { perimeter, from: range.from, to: range.to, resolution };
  const profileQuery = useQuery({
    queryKey: ['analysis', 'profile', request],
    queryFn: ({ signal }) => fetchProfile(request, signal),
  });

  const profile = profileQuery.data;
  const power = (kW: number | null) => (kW === null ? '—' : `${format.number(kW, POWER_DECIMALS)} kW`);
  const share = (value: number | null) => (value === null ? '—' : format.share(value));
  return (
    <Stack gap="md">
      <Group>
        <Text size="sm" fw={500}>
          {t('analysis.profile.resolution')}
        </Text>
        <SegmentedControl
          size="xs"
          aria-label={t('analysis.profile.resolution')}
          data={[
            { value: 'PT1H', label: t('analysis.step.PT1H') },
            { value: 'PT10M', label: t('analysis.step.PT10M') },
          ]}
          value={resolution}
          onChange={(value) => setResolution(value as 'PT1H' | 'PT10M')}
        />
      </Group>
      {profileQuery.isError && <ErrorAlert error={profileQuery.error} />}
      {profileQuery.isPending && (
        <Center h={200}>
          <Loader aria-label={t('common.status.loading')} />
        </Center>
      )}
      {profile && (
        <>
          <SimpleGrid cols={{ base: 1, sm: 2, lg: 4 }}>
            <Figure
              label={t('analysis.profile.base-load')}
              value={power(profile.baseLoad.kW)}
              hint={t('analysis.profile.base-load-hint', {
                percentile: format.number(profile.baseLoad.percentile),
                start: profile.baseLoad.nightStart,
                end: profile.baseLoad.nightEnd,
              })}
            />
            <Figure label={t('analysis.profile.night-share')} value={share(profile.nightShare)} />
            <Figure label={t('analysis.profile.weekend-share')} value={share(profile.weekendShare)} />
            <Figure
              label={t('analysis.profile.total')}
              value={profile.totalKWh === null ? '—' : format.energy(profile.totalKWh)}
              hint={t('analysis.profile.complete-steps', {
                complete: format.number(profile.completeStepCount),
                total: format.number(profile.stepCount),
              })}
            />
          </SimpleGrid>
          <Paper withBorder p="md" radius="md">
            <Text fw={600} mb="xs">
              {t('analysis.profile.carpet-title')}
            </Text>
            {profile.carpet.length === 0 ? (
              <Text c="dimmed">{t('analysis.empty')}</Text>
            ) : (
              <Carpet profile={profile} />
            )}
            <CompletenessBar completeness={profile.completeness} />
          </Paper>
          <Paper withBorder radius="md">
            <Table striped withTableBorder aria-label={t('analysis.profile.monthly-max')}>
              <Table.Thead>
                <Table.Tr>
                  <Table.Th>{t('analysis.profile.month')}</Table.Th>
                  <Table.Th ta="right">{t('analysis.profile.max-power')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {profile.monthlyMaxPower.map((month) => (
                  <Table.Tr key={month.month}>
                    <Table.Td>{format.capitalize(format.month(`${month.month}-01`))}</Table.Td>
                    <Table.Td ta="right">{power(month.kW)}</Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </Paper>
        </>
      )}
    </Stack>
  );
}
