import {
  Alert,
  Button,
  Center,
  Collapse,
  Group,
  Loader,
  MultiSelect,
  NumberInput,
  Paper,
  SegmentedControl,
  Select,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
  Title,
} from '@mantine/core';
import { IconAdjustments, IconInfoCircle } from '@tabler/icons-react';
import { useMutation } from '@tanstack/react-query';
import { type FormEvent, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { computeIpmvp } from '../api/endpoints';
import { fieldErrors } from '../api/error-messages';
import {
  type Building,
  type DegreeDayMethod,
  type EnergyCarrier,
  IPMVP_VARIABLES,
  type IpmvpRequest,
  type IpmvpStep,
} from '../api/types';
import { includesLevel } from '../auth/access';
import { energyLabel } from '../consumption/labels';
import { addDays, isLocalDate } from '../dates';
import { useFormat } from '../use-format';
import { useBuildingExtent } from './building-extent';
import { IpmvpResultView } from './IpmvpResultView';
import { LabelledErrorAlert } from './LabelledErrorAlert';
import { isEnergyCarrier } from './labels';
import { DEFAULT_BASE_C } from './SignaturePanel';
import { isMissingStationError, stationOf } from './station-state';
import { WeatherStationCard } from './WeatherStationCard';

type Mode = 'action' | 'periods';

/** Fields of the form, whose problems show under the field itself while it is visible. */
const ACTION_FIELDS = ['actionDate', 'energy'];
const PERIOD_FIELDS = ['baselineFrom', 'baselineTo', 'reportingFrom', 'reportingTo', 'energy'];
const OPTION_FIELDS = ['variables'];

/** Dates of the form, the last day of each period included as users read them. */
interface DateFields {
  actionDate: string;
  baselineFrom: string;
  baselineLast: string;
  reportingFrom: string;
  reportingLast: string;
}

/**
 * Shows the « Économies IPMVP » tab of the building page: IPMVP option C, whole building. A baseline
 * model on degree days gives the avoided energy of the reporting period and its uncertainty.
 */
export function IpmvpPanel({ building }: { building: Building }) {
  const { t } = useTranslation();
  const format = useFormat();
  const extent = useBuildingExtent(building.id);
  const modeLabelId = useId();
  const stepLabelId = useId();

  const defaultEnergy = isEnergyCarrier(building.mainHeatingEnergy) ? building.mainHeatingEnergy : null;
  const [energyChoice, setEnergyChoice] = useState<EnergyCarrier | null>(null);
  const energy = energyChoice ?? defaultEnergy ?? extent.energies[0] ?? null;
  const [mode, setMode] = useState<Mode>('action');
  const [dates, setDates] = useState<DateFields>({
    actionDate: '',
    baselineFrom: '',
    baselineLast: '',
    reportingFrom: '',
    reportingLast: '',
  });
  const [step, setStep] = useState<IpmvpStep>('month');
  const [showOptions, setShowOptions] = useState(false);
  const [variables, setVariables] = useState<string[]>(['dju']);
  const [method, setMethod] = useState<DegreeDayMethod>('meteo');
  const [base, setBase] = useState<number>(DEFAULT_BASE_C);
  const [adjustment, setAdjustment] = useState<number>(0);
  const [clientErrors, setClientErrors] = useState<Record<string, string>>({});

  const mutation = useMutation({ mutationFn: (request: IpmvpRequest) => computeIpmvp(building.id, request) });
  const serverErrors = fieldErrors(t, mutation.error);
  const errorOf = (field: string) => clientErrors[field] ?? serverErrors[field];
  const missingStation = isMissingStationError(mutation.error);

  const energyOptions = [...new Set([...(defaultEnergy ? [defaultEnergy] : []), ...extent.energies])].map(
    (item) => ({
      value: item,
      label: energyLabel(t, item),
    }),
  );
  const setDate = (field: keyof DateFields, value: string) =>
    setDates((previous) => ({ ...previous, [field]: value }));

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const problems: Record<string, string> = {};
    const required =
      mode === 'action'
        ? (['actionDate'] as const)
        : (['baselineFrom', 'baselineLast', 'reportingFrom', 'reportingLast'] as const);
    for (const field of required) {
      if (!isLocalDate(dates[field])) problems[field] = t('common.form.date-invalid');
    }
    if (mode === 'periods' && Object.keys(problems).length === 0) {
      if (dates.baselineLast < dates.baselineFrom)
        problems.baselineLast = t('consumption.period.dates-order');
      if (dates.reportingLast < dates.reportingFrom)
        problems.reportingLast = t('consumption.period.dates-order');
      if (dates.reportingFrom <= dates.baselineLast)
        problems.reportingFrom = t('performance.ipmvp.reporting-after-baseline');
    }
    if (variables.length === 0) problems.variables = t('performance.ipmvp.variables-required');
    setClientErrors(problems);
    if (Object.keys(problems).length > 0) return;
    const periods =
      mode === 'action'
        ? { actionDate: dates.actionDate }
        : {
            baselineFrom: dates.baselineFrom,
            baselineTo: addDays(dates.baselineLast, 1),
            reportingFrom: dates.reportingFrom,
            reportingTo: addDays(dates.reportingLast, 1),
          };
    mutation.mutate({
      ...periods,
      energy: energy ?? undefined,
      step,
      method,
      base,
      variables,
      nonRoutineAdjustmentKwh: adjustment,
    });
  };

  // The API names the period ends baselineTo and reportingTo, and the form shows them on its own end fields.
  const baselineToError = errorOf('baselineLast') ?? serverErrors.baselineTo;
  const reportingToError = errorOf('reportingLast') ?? serverErrors.reportingTo;
  const dataRange =
    extent.latest && extent.years.length > 0
      ? t('performance.ipmvp.data-range', {
          from: String(Math.min(...extent.years)),
          to: format.month(addDays(extent.latest.to, -1)),
        })
      : null;

  return (
    <Paper withBorder p="xl">
      <Title order={2} fz={18} fw={650} mb={4}>
        {t('performance.ipmvp.title')}
      </Title>
      <Text size="sm" c="dimmed" mb="md">
        {t('performance.ipmvp.description')}
      </Text>
      <Stack gap="md">
        {!extent.noAccess && (
          <WeatherStationCard
            buildingId={building.id}
            current={stationOf(mutation.data, mutation.error)}
            canConfigure={includesLevel(building.accessLevel, 'configure')}
            onChanged={() => mutation.reset()}
          />
        )}
        {extent.noAccess && (
          <Alert color="gray" variant="light" icon={<IconInfoCircle size={20} aria-hidden />}>
            {t('consumption.no-access')}
          </Alert>
        )}
        {extent.noAccess ? null : extent.isPending ? (
          <Center p="md">
            <Loader aria-label={t('common.status.loading')} />
          </Center>
        ) : (
          <form onSubmit={submit} noValidate aria-label={t('performance.ipmvp.form-label')}>
            <Stack gap="md">
              <Group gap="md" align="flex-end" wrap="wrap">
                <Stack gap={4}>
                  <Text size="sm" fw={500} id={modeLabelId}>
                    {t('performance.ipmvp.mode-label')}
                  </Text>
                  <SegmentedControl
                    aria-labelledby={modeLabelId}
                    value={mode}
                    onChange={(value) => {
                      setMode(value as Mode);
                      setClientErrors({});
                    }}
                    data={[
                      { value: 'action', label: t('performance.ipmvp.mode-action') },
                      { value: 'periods', label: t('performance.ipmvp.mode-periods') },
                    ]}
                  />
                </Stack>
                <Select
                  label={t('performance.form.energy')}
                  data={energyOptions}
                  value={energy}
                  onChange={(value) => isEnergyCarrier(value) && setEnergyChoice(value)}
                  allowDeselect={false}
                  w={200}
                  error={errorOf('energy')}
                />
                <Stack gap={4}>
                  <Text size="sm" fw={500} id={stepLabelId}>
                    {t('consumption.step.label')}
                  </Text>
                  <SegmentedControl
                    aria-labelledby={stepLabelId}
                    value={step}
                    onChange={(value) => setStep(value as IpmvpStep)}
                    data={[
                      { value: 'month', label: t('performance.step.month') },
                      { value: 'day', label: t('performance.step.day') },
                    ]}
                  />
                </Stack>
              </Group>
              {mode === 'action' ? (
                <TextInput
                  type="date"
                  label={t('performance.ipmvp.action-date')}
                  description={t('performance.ipmvp.action-date-help')}
                  value={dates.actionDate}
                  onChange={(event) => setDate('actionDate', event.currentTarget.value)}
                  error={errorOf('actionDate')}
                  w={{ base: '100%', sm: 460 }}
                />
              ) : (
                <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md" maw={640}>
                  <TextInput
                    type="date"
                    label={t('performance.ipmvp.baseline-from')}
                    value={dates.baselineFrom}
                    onChange={(event) => setDate('baselineFrom', event.currentTarget.value)}
                    error={errorOf('baselineFrom')}
                  />
                  <TextInput
                    type="date"
                    label={t('performance.ipmvp.baseline-to')}
                    value={dates.baselineLast}
                    onChange={(event) => setDate('baselineLast', event.currentTarget.value)}
                    error={baselineToError}
                  />
                  <TextInput
                    type="date"
                    label={t('performance.ipmvp.reporting-from')}
                    value={dates.reportingFrom}
                    onChange={(event) => setDate('reportingFrom', event.currentTarget.value)}
                    error={errorOf('reportingFrom')}
                  />
                  <TextInput
                    type="date"
                    label={t('performance.ipmvp.reporting-to')}
                    value={dates.reportingLast}
                    onChange={(event) => setDate('reportingLast', event.currentTarget.value)}
                    error={reportingToError}
                  />
                </SimpleGrid>
              )}
              {dataRange && (
                <Text size="xs" c="dimmed">
                  {dataRange}
                </Text>
              )}
              <Group>
                <Button
                  variant="subtle"
                  size="compact-sm"
                  leftSection={<IconAdjustments size={14} aria-hidden />}
                  onClick={() => setShowOptions((shown) => !shown)}
                  aria-expanded={showOptions}
                >
                  {showOptions ? t('performance.ipmvp.options-hide') : t('performance.ipmvp.options-show')}
                </Button>
              </Group>
              <Collapse in={showOptions}>
                <Group gap="md" align="flex-start" wrap="wrap">
                  <MultiSelect
                    label={t('performance.ipmvp.variables')}
                    description={t('performance.ipmvp.variables-help')}
                    data={IPMVP_VARIABLES.map((item) => ({
                      value: item,
                      label: t(`performance.variable.${item}`),
                    }))}
                    value={variables}
                    onChange={setVariables}
                    error={errorOf('variables')}
                    w={{ base: '100%', sm: 420 }}
                  />
                  <Select
                    label={t('performance.form.method')}
                    data={(['meteo', 'costic'] as const).map((item) => ({
                      value: item,
                      label: t(`performance.method.${item}`),
                    }))}
                    value={method}
                    onChange={(value) => value && setMethod(value as DegreeDayMethod)}
                    allowDeselect={false}
                    w={210}
                  />
                  <NumberInput
                    label={t('performance.form.base')}
                    value={base}
                    onChange={(value) => typeof value === 'number' && setBase(value)}
                    min={-20}
                    max={40}
                    decimalScale={1}
                    decimalSeparator={format.language === 'fr' ? ',' : '.'}
                    suffix=" °C"
                    w={110}
                  />
                  <NumberInput
                    label={t('performance.ipmvp.adjustment')}
                    description={t('performance.ipmvp.adjustment-help')}
                    value={adjustment}
                    onChange={(value) => setAdjustment(typeof value === 'number' ? value : 0)}
                    decimalScale={0}
                    thousandSeparator={format.language === 'fr' ? ' ' : ','}
                    suffix=" kWh"
                    w={260}
                  />
                </Group>
              </Collapse>
              <Group>
                <Button type="submit" loading={mutation.isPending} disabled={energy === null}>
                  {t('performance.ipmvp.submit')}
                </Button>
              </Group>
            </Stack>
          </form>
        )}
        {missingStation ? (
          <Alert color="blue" variant="light" icon={<IconInfoCircle size={20} aria-hidden />}>
            {t('performance.station.required')}
          </Alert>
        ) : (
          <LabelledErrorAlert
            error={mutation.error}
            shownFields={[
              ...(mode === 'action' ? ACTION_FIELDS : PERIOD_FIELDS),
              ...(showOptions ? OPTION_FIELDS : []),
            ]}
            fieldLabels={{
              actionDate: t('performance.ipmvp.action-date'),
              baselineFrom: t('performance.ipmvp.baseline-from'),
              baselineTo: t('performance.ipmvp.baseline-to'),
              reportingFrom: t('performance.ipmvp.reporting-from'),
              reportingTo: t('performance.ipmvp.reporting-to'),
              energy: t('performance.form.energy'),
              variables: t('performance.ipmvp.variables'),
              stationId: t('performance.station.field'),
            }}
          />
        )}
        {mutation.data && !mutation.isPending && (
          <IpmvpResultView result={mutation.data} buildingName={building.name} />
        )}
      </Stack>
    </Paper>
  );
}
