import {
  Alert,
  Center,
  Group,
  List,
  Loader,
  NumberInput,
  Paper,
  SegmentedControl,
  Select,
  SimpleGrid,
  Stack,
  Text,
  Title,
} from '@mantine/core';
import { IconAlertTriangle, IconInfoCircle } from '@tabler/icons-react';
import { type ReactNode, useId, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useSignature } from '../api/queries';
import {
  type Building,
  type DegreeDayMethod,
  type DegreeDayModel,
  type EnergyCarrier,
  SIGNATURE_MODELS,
  type Signature,
  type SignatureModel,
  type SignatureQuery,
  type SignatureStep,
  type TemperatureModel,
} from '../api/types';
import { includesLevel } from '../auth/access';
import { ErrorAlert } from '../components/ErrorAlert';
import { energyLabel } from '../consumption/labels';
import { type PeriodChoice, resolvePeriod } from '../consumption/PeriodPicker';
import { addDays } from '../dates';
import { formatNumber } from '../format';
import { useFormat } from '../use-format';
import { useBuildingExtent } from './building-extent';
import { formatEnergyIn, formatFigure, formatPercent } from './figures';
import { isEnergyCarrier } from './labels';
import { PeriodSelect } from './PeriodSelect';
import { SignatureChart } from './SignatureChart';
import { type SignatureAxis, splitSignaturePoints } from './signature-points';
import { isMissingStationError, stationOf } from './station-state';
import { WeatherStationCard } from './WeatherStationCard';

/** Base temperature of the degree days by default, the one Météo-France publishes. */
export const DEFAULT_BASE_C = 18;

/** Largest |NMBE|, in percent, that the tile reports as matching the total, because it prints as 0 %. */
const NMBE_NEGLIGIBLE = 0.05;

/** Shows one figure of the model with the sentence that explains it. */
function StatisticTile({ label, value, help }: { label: string; value: string; help: ReactNode }) {
  return (
    <Paper withBorder p="md" radius="md">
      <Text size="xs" c="dimmed" fw={600} tt="uppercase" style={{ letterSpacing: '0.03em' }}>
        {label}
      </Text>
      <Text fz={22} fw={650} mt={2} style={{ whiteSpace: 'nowrap' }}>
        {value}
      </Text>
      <Text size="sm" c="dimmed" mt={4}>
        {help}
      </Text>
    </Paper>
  );
}

function DegreeDayStatistics({ model, unit }: { model: DegreeDayModel; unit: string }) {
  const { t } = useTranslation();
  const format = useFormat();
  const language = format.language;
  const slope = t('performance.unit.per-degree-day', {
    value: formatFigure(model.slopeKwhPerDegreeDay, language),
    unit,
  });
  const perDay = t('performance.unit.per-day', {
    value: formatEnergyIn(model.baseLoadKwhPerDay, unit, language),
  });
  const perYear = t('performance.unit.per-year', {
    value: formatEnergyIn(model.baseLoadKwhPerYear, unit, language),
  });
  let nmbeHelp = t('performance.signature.nmbe-zero');
  if (model.nmbe !== null && model.nmbe > NMBE_NEGLIGIBLE)
    nmbeHelp = t('performance.signature.nmbe-under', { value: formatPercent(model.nmbe, language) });
  else if (model.nmbe !== null && model.nmbe < -NMBE_NEGLIGIBLE)
    nmbeHelp = t('performance.signature.nmbe-over', { value: formatPercent(-model.nmbe, language) });
  return (
    <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }} spacing="md">
      <StatisticTile
        label={t('performance.signature.slope-label')}
        value={slope}
        help={
          model.slopeKwhPerDegreeDay >= 0
            ? t('performance.signature.slope-help', { slope })
            : t('performance.signature.slope-negative-help')
        }
      />
      <StatisticTile
        label={t('performance.signature.base-load-label')}
        value={perDay}
        help={t('performance.signature.base-load-help', { perDay, perYear })}
      />
      <StatisticTile
        label={t('performance.signature.r2-label')}
        value={model.r2 === null ? t('common.value.none') : formatNumber(model.r2, language, 2)}
        help={
          model.r2 === null
            ? t('performance.signature.r2-unknown')
            : t('performance.signature.r2-help', { share: formatPercent(model.r2 * 100, language, 0) })
        }
      />
      <StatisticTile
        label={t('performance.signature.cv-rmse-label')}
        value={model.cvRmse === null ? t('common.value.none') : formatPercent(model.cvRmse, language)}
        help={
          model.cvRmse === null
            ? t('performance.signature.cv-rmse-unknown')
            : t('performance.signature.cv-rmse-help', { value: formatPercent(model.cvRmse, language) })
        }
      />
      <StatisticTile
        label={t('performance.signature.nmbe-label')}
        value={
          model.nmbe === null
            ? t('common.value.none')
            : formatPercent(Math.abs(model.nmbe) < NMBE_NEGLIGIBLE ? 0 : model.nmbe, language)
        }
        help={nmbeHelp}
      />
      <StatisticTile
        label={t('performance.signature.points-label')}
        value={t('performance.signature.points-value', { count: model.n })}
        help={t('performance.signature.points-help')}
      />
    </SimpleGrid>
  );
}

function TemperatureModelSummary({ model, unit }: { model: TemperatureModel; unit: string }) {
  const { t } = useTranslation();
  const format = useFormat();
  const language = format.language;
  const perDegree = (value: number) =>
    t('performance.unit.per-degree-c', { value: formatFigure(Math.abs(value), language), unit });
  const parts: string[] = [t(`performance.model.${model.type}`)];
  if (model.heatingChangePointC !== null && model.heatingSlopeKwhPerDegreeC !== null && model.type !== '4P') {
    parts.push(
      t('performance.signature.temperature-heating', {
        point: formatNumber(model.heatingChangePointC, language, 1),
        slope: perDegree(model.heatingSlopeKwhPerDegreeC),
      }),
    );
  }
  if (model.coolingChangePointC !== null && model.coolingSlopeKwhPerDegreeC !== null && model.type !== '4P') {
    parts.push(
      t('performance.signature.temperature-cooling', {
        point: formatNumber(model.coolingChangePointC, language, 1),
        slope: perDegree(model.coolingSlopeKwhPerDegreeC),
      }),
    );
  }
  if (model.type === '4P' && model.heatingChangePointC !== null) {
    parts.push(
      t('performance.signature.temperature-change-point', {
        point: formatNumber(model.heatingChangePointC, language, 1),
      }),
    );
  }
  if (model.temperatureSlopeKwhPerDegreeC !== null) {
    parts.push(
      t('performance.signature.temperature-slope', {
        slope: t('performance.unit.per-degree-c', {
          value: formatFigure(model.temperatureSlopeKwhPerDegreeC, language),
          unit,
        }),
      }),
    );
  }
  parts.push(
    t('performance.signature.temperature-fit', {
      r2: model.r2 === null ? t('common.value.none') : formatNumber(model.r2, language, 2),
      cv: model.cvRmse === null ? t('common.value.none') : formatPercent(model.cvRmse, language),
    }),
  );
  return (
    <Text size="sm">
      {parts.join(' ; ')}
      {'.'}
    </Text>
  );
}

/** Lists the API's warnings and the count of periods the chart leaves out. */
function SignatureNotes({ signature, axis }: { signature: Signature; axis: SignatureAxis }) {
  const { t } = useTranslation();
  const excluded = signature.points.filter((point) => !point.included).length;
  const { unplotted } = splitSignaturePoints(signature.points, axis);
  const notes = [...signature.warnings];
  if (signature.warnings.length === 0 && excluded > 0)
    notes.push(
      t('performance.signature.excluded-count', { count: excluded, total: signature.points.length }),
    );
  if (unplotted > 0) notes.push(t('performance.signature.unplotted', { count: unplotted }));
  if (notes.length === 0) return null;
  return (
    <Alert color="orange" variant="light" icon={<IconAlertTriangle size={20} aria-hidden />}>
      <List size="sm" spacing={4}>
        {notes.map((note) => (
          <List.Item key={note}>{note}</List.Item>
        ))}
      </List>
    </Alert>
  );
}

/**
 * Shows the « Signature énergétique » tab of the building page: energy per day against degree days per day
 * (or temperature) over a period, the fitted model and its statistics, and the weather station.
 */
export function SignaturePanel({ building }: { building: Building }) {
  const { t } = useTranslation();
  const format = useFormat();
  const extent = useBuildingExtent(building.id);
  const axisLabelId = useId();
  const stepLabelId = useId();

  const defaultEnergy = isEnergyCarrier(building.mainHeatingEnergy) ? building.mainHeatingEnergy : null;
  const [energyChoice, setEnergyChoice] = useState<EnergyCarrier | null>(null);
  const energy = energyChoice ?? defaultEnergy ?? extent.energies[0] ?? null;
  const [choice, setChoice] = useState<PeriodChoice>({ kind: 'latest' });
  const [step, setStep] = useState<SignatureStep>('week');
  const [axis, setAxis] = useState<SignatureAxis>('degree-days');
  const [model, setModel] = useState<SignatureModel>('auto');
  const [method, setMethod] = useState<DegreeDayMethod>('meteo');
  const [base, setBase] = useState<number>(DEFAULT_BASE_C);

  const range = resolvePeriod(choice, extent.latest);
  const query = useMemo<SignatureQuery | null>(
    () => (range && energy ? { ...range, step, energy, model, method, base } : null),
    [range, energy, step, model, method, base],
  );
  const signature = useSignature(building.id, query);
  const data = signature.data;
  const missingStation = isMissingStationError(signature.error);

  const energyOptions = [...new Set([...(defaultEnergy ? [defaultEnergy] : []), ...extent.energies])].map(
    (item) => ({
      value: item,
      label: energyLabel(t, item),
    }),
  );
  const rangeText = data
    ? t('consumption.range', {
        from: format.localDate(data.from),
        to: format.localDate(addDays(data.to, -1)),
      })
    : '';

  let body: ReactNode;
  if (extent.noAccess) {
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
  } else if (extent.error) {
    body = <ErrorAlert error={extent.error} />;
  } else if (extent.latest === null || energy === null) {
    body = (
      <Alert color="blue" variant="light" icon={<IconInfoCircle size={20} aria-hidden />}>
        {t('performance.signature.no-data')}
      </Alert>
    );
  } else if (missingStation) {
    body = (
      <Alert color="blue" variant="light" icon={<IconInfoCircle size={20} aria-hidden />}>
        {t('performance.station.required')}
      </Alert>
    );
  } else if (signature.isError) {
    body = <ErrorAlert error={signature.error} />;
  } else if (!data) {
    body = (
      <Center p="xl">
        <Loader aria-label={t('common.status.loading')} />
      </Center>
    );
  } else {
    const activeModel = axis === 'degree-days' ? data.degreeDayModel : data.temperatureModel;
    body = (
      <Stack gap="md" style={{ opacity: signature.isPlaceholderData ? 0.6 : 1 }}>
        <Text size="sm" c="dimmed">
          {t('performance.signature.range', {
            range: rangeText,
            method: t(`performance.method.${data.method}`),
            base: format.number(data.baseC, 1),
          })}
        </Text>
        <SignatureChart
          signature={data}
          axis={axis}
          label={t(
            axis === 'degree-days'
              ? 'performance.signature.chart-label'
              : 'performance.signature.chart-label-temperature',
            {
              name: building.name,
              range: rangeText,
              energy: energyLabel(t, data.energy),
            },
          )}
        />
        <Text size="xs" c="dimmed">
          {t('performance.signature.legend-help')}
        </Text>
        {activeModel === null && (
          <Alert color="orange" variant="light" icon={<IconAlertTriangle size={20} aria-hidden />}>
            {t('performance.signature.no-model')}
          </Alert>
        )}
        {axis === 'degree-days' && data.degreeDayModel && (
          <DegreeDayStatistics model={data.degreeDayModel} unit={data.energyUnit} />
        )}
        {axis === 'temperature' && data.temperatureModel && (
          <TemperatureModelSummary model={data.temperatureModel} unit={data.energyUnit} />
        )}
        <SignatureNotes signature={data} axis={axis} />
      </Stack>
    );
  }

  return (
    <Paper withBorder p="xl">
      <Title order={2} fz={18} fw={650} mb={4}>
        {t('performance.signature.title')}
      </Title>
      <Text size="sm" c="dimmed" mb="md">
        {t('performance.signature.description')}
      </Text>
      <Stack gap="md">
        {!extent.noAccess && (
          <WeatherStationCard
            buildingId={building.id}
            current={stationOf(data, signature.error)}
            canConfigure={includesLevel(building.accessLevel, 'configure')}
            probe={!extent.isPending && (query === null || (signature.isError && !missingStation))}
          />
        )}
        <Group gap="md" align="flex-end" wrap="wrap">
          <Select
            label={t('performance.form.energy')}
            data={energyOptions}
            value={energy}
            onChange={(value) => isEnergyCarrier(value) && setEnergyChoice(value)}
            allowDeselect={false}
            w={200}
            disabled={energyOptions.length === 0}
          />
          <PeriodSelect latest={extent.latest} years={extent.years} value={choice} onChange={setChoice} />
          <Stack gap={4}>
            <Text size="sm" fw={500} id={stepLabelId}>
              {t('consumption.step.label')}
            </Text>
            <SegmentedControl
              aria-labelledby={stepLabelId}
              value={step}
              onChange={(value) => setStep(value as SignatureStep)}
              data={[
                { value: 'day', label: t('performance.step.day') },
                { value: 'week', label: t('performance.step.week') },
                { value: 'month', label: t('performance.step.month') },
              ]}
            />
          </Stack>
        </Group>
        <Group gap="md" align="flex-end" wrap="wrap">
          <Stack gap={4}>
            <Text size="sm" fw={500} id={axisLabelId}>
              {t('performance.signature.axis-label')}
            </Text>
            <SegmentedControl
              aria-labelledby={axisLabelId}
              value={axis}
              onChange={(value) => setAxis(value as SignatureAxis)}
              data={[
                { value: 'degree-days', label: t('performance.signature.axis-option-degree-days') },
                { value: 'temperature', label: t('performance.signature.axis-option-temperature') },
              ]}
            />
          </Stack>
          <Select
            label={t('performance.signature.model-label')}
            data={SIGNATURE_MODELS.map((item) => ({ value: item, label: t(`performance.model.${item}`) }))}
            value={model}
            onChange={(value) => {
              if (value) setModel(value as SignatureModel);
              setAxis('temperature');
            }}
            allowDeselect={false}
            w={330}
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
            onChange={(value) => typeof value === 'number' && value >= -20 && value <= 40 && setBase(value)}
            min={-20}
            max={40}
            step={1}
            decimalScale={1}
            decimalSeparator={format.language === 'fr' ? ',' : '.'}
            suffix=" °C"
            w={110}
          />
        </Group>
        {body}
      </Stack>
    </Paper>
  );
}
