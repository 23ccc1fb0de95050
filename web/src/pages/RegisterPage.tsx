import {
  Alert,
  Anchor,
  Box,
  Breadcrumbs,
  Button,
  Center,
  Group,
  Loader,
  Paper,
  SimpleGrid,
  Stack,
  Text,
} from '@mantine/core';
import { IconInfoCircle } from '@tabler/icons-react';
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useParams } from 'react-router';
import { ApiError } from '../api/client';
import { useRegister, useRollups } from '../api/queries';
import type { ConsumptionItem, Register, RollupRow } from '../api/types';
import { ErrorAlert } from '../components/ErrorAlert';
import { Field } from '../components/Field';
import { PageHeader } from '../components/PageHeader';
import { latestTwelveMonths, yearsWithData } from '../consumption/periods';
import { addDays, addMonths, todayInParis } from '../dates';
import { EnergyBadge } from '../meters/MetersSection';
import { IndexEventCard } from '../registers/IndexEventCard';
import { ReadingsSection } from '../registers/ReadingsSection';
import { RollupSection } from '../registers/RollupSection';
import { unitSymbol } from '../registers/units';

const DETAIL_MAX_WIDTH = 1240;
/** Start of the range searched for the months that have readings. */
const EXTENT_START = '2000-01-01';

/** Rollup rows in the shape the period helpers take, so both charts pick their periods alike. */
function asPeriodItems(rows: RollupRow[]): ConsumptionItem[] {
  return rows.map((row) => ({
    period: row.period,
    energy: '',
    energyKWh: row.quantity ?? row.meanValue,
    pointsPresent: row.pointsPresent,
    pointsExpected: row.pointsExpected,
  }));
}

function RegisterContent({ register }: { register: Register }) {
  const { t } = useTranslation();
  const today = todayInParis();
  const extentRange = useMemo(() => ({ from: EXTENT_START, to: addDays(today, 1) }), [today]);
  const extent = useRollups(register.id, extentRange, 'month');
  const monthly = useMemo(() => (extent.data ? asPeriodItems(extent.data.items) : null), [extent.data]);
  const latest = useMemo(() => (monthly ? latestTwelveMonths(monthly) : null), [monthly]);
  const years = useMemo(() => (monthly ? yearsWithData(monthly) : []), [monthly]);
  const lastMonthRange = useMemo(
    () => (latest ? { from: addMonths(latest.to, -1), to: latest.to } : null),
    [latest],
  );
  const lastMonthDays = useRollups(register.id, lastMonthRange, 'day');
  const lastDay = useMemo(() => {
    const days = (lastMonthDays.data?.items ?? [])
      .filter((row) => row.pointsPresent > 0)
      .map((row) => row.period);
    return days.length > 0 ? days[days.length - 1] : undefined;
  }, [lastMonthDays.data]);

  if (extent.isPending || (latest !== null && lastMonthDays.isPending)) {
    return (
      <Center p="xl">
        <Loader aria-label={t('common.status.loading')} />
      </Center>
    );
  }
  if (extent.error instanceof ApiError && extent.error.status === 404) {
    // The meter itself is readable, so a 404 here means the consumption feature is not granted on it.
    return (
      <Alert color="gray" variant="light" icon={<IconInfoCircle size={20} aria-hidden />}>
        {t('consumption.no-access')}
      </Alert>
    );
  }
  if (extent.isError) return <ErrorAlert error={extent.error} />;
  return (
    <Stack gap="lg">
      <RollupSection register={register} latest={latest} years={years} />
      <ReadingsSection key={lastDay ?? today} register={register} defaultDay={lastDay ?? today} />
    </Stack>
  );
}

/** Register page: its properties, daily or monthly rollups and raw readings, each with completeness. */
export function RegisterPage() {
  const { t } = useTranslation();
  const { id = '' } = useParams();
  const registerQuery = useRegister(id);

  if (registerQuery.isPending) {
    return (
      <Center p="xl">
        <Loader aria-label={t('common.status.loading')} />
      </Center>
    );
  }
  if (registerQuery.isError) {
    const error = registerQuery.error;
    const isNotFound = error instanceof ApiError && error.status === 404;
    return (
      <>
        <PageHeader title={t('registers.page.unknown')} />
        <Stack maw={720} align="flex-start">
          {isNotFound ? (
            <Text size="sm">{t('registers.page.unknown-message')}</Text>
          ) : (
            <ErrorAlert error={error} />
          )}
          <Button component={Link} to="/points-de-livraison" variant="default">
            {t('registers.page.back-button')}
          </Button>
        </Stack>
      </>
    );
  }

  const { meter, ...register } = registerQuery.data;
  const title = register.name || t(`registers.kind.${register.kind}`);
  return (
    <Box maw={DETAIL_MAX_WIDTH}>
      <Breadcrumbs mb="sm" separatorMargin={6}>
        {meter.buildingId ? (
          <Anchor component={Link} to={`/batiments/${meter.buildingId}`} size="sm">
            {meter.buildingName}
          </Anchor>
        ) : (
          <Anchor
            component={Link}
            to={`/points-de-livraison/${meter.deliveryPointId}`}
            size="sm"
            ff="monospace"
          >
            {meter.deliveryPointIdentifier}
          </Anchor>
        )}
        <Text size="sm" c="dimmed">
          {t('registers.page.meter', { code: meter.code })}
        </Text>
        <Text size="sm" c="dimmed">
          {title}
        </Text>
      </Breadcrumbs>
      <PageHeader
        title={title}
        description={t('registers.page.subtitle', {
          meter: meter.code,
          kind: t(`registers.kind.${register.kind}`),
          step: t(`registers.step.${register.step}`),
        })}
      />
      <Stack gap="lg">
        <Paper withBorder p="xl">
          <SimpleGrid cols={{ base: 1, sm: 2, lg: 4 }} spacing="lg">
            <Field label={t('registers.column.kind')}>
              <Text size="sm">{t(`registers.kind.${register.kind}`)}</Text>
            </Field>
            <Field label={t('registers.column.step')}>
              <Text size="sm">{t(`registers.step.${register.step}`)}</Text>
            </Field>
            <Field label={t('registers.page.unit')}>
              <Text size="sm">{unitSymbol(register.unit)}</Text>
            </Field>
            <Field label={t('registers.column.role')}>
              <Text size="sm">
                {register.isConsumption ? t('registers.consumption-badge') : t('registers.other-role')}
              </Text>
            </Field>
            <Field label={t('registers.page.meter-label')}>
              <Group gap="xs">
                <Text size="sm" ff="monospace">
                  {meter.code}
                </Text>
                <Text size="sm" c="dimmed">
                  {t(`meters.kind.${meter.kind}`)}
                </Text>
              </Group>
            </Field>
            <Field label={t('registers.page.energy')}>
              <EnergyBadge energy={meter.energy} />
            </Field>
            {meter.deliveryPointId && (
              <Field label={t('registers.page.delivery-point')}>
                <Anchor
                  component={Link}
                  to={`/points-de-livraison/${meter.deliveryPointId}`}
                  size="sm"
                  ff="monospace"
                >
                  {meter.deliveryPointIdentifier}
                </Anchor>
              </Field>
            )}
            {register.externalId && (
              <Field label={t('registers.page.external-id')}>
                <Text size="sm" ff="monospace">
                  {register.externalId}
                </Text>
              </Field>
            )}
          </SimpleGrid>
        </Paper>
        <RegisterContent register={register} />
        {register.kind === 'INDEX' && <IndexEventCard register={register} />}
      </Stack>
    </Box>
  );
}
