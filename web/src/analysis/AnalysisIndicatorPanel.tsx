import { Alert, Anchor, Center, List, Loader, Paper, Select, Stack, Text } from '@mantine/core';
import { IconAlertTriangle, IconInfoCircle } from '@tabler/icons-react';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { apiRequest } from '../api/client';
import { evaluateUserIndicator } from '../api/endpoints';
import { useUserIndicators } from '../api/queries';
import type { EvaluationStep } from '../api/types';
import { ErrorAlert } from '../components/ErrorAlert';
import { addDays } from '../dates';
import { formatFigure } from '../performance/figures';
import { EvaluationTable } from '../performance/IndicatorEvaluationPanel';
import { USER_INDICATORS_PATH } from '../performance/paths';
import { useFormat } from '../use-format';
import type { AnalysisStep, Perimeter } from './api';
import type { DateRange } from './periods';

/** Most buildings one evaluation takes, as the evaluation route accepts. */
const MAX_EVALUATED_BUILDINGS = 500;

/** Buildings of a perimeter as `POST /api/analysis/perimeter/resolve` returns them (other fields left out). */
interface ResolvedBuildings {
  buildings: { id: string }[];
}

function resolvePerimeterBuildings(perimeter: Perimeter, signal: AbortSignal): Promise<ResolvedBuildings> {
  return apiRequest('POST', '/analysis/perimeter/resolve', { body: perimeter, signal });
}

/** Step of the evaluation for an analysis step: years stay years, every other step becomes months. */
export function evaluationStepOf(step: AnalysisStep): EvaluationStep {
  return step === 'P1Y' ? 'year' : 'month';
}

/**
 * Shows a user-defined indicator on the analysis page's perimeter, period and step: one row for the
 * whole perimeter, whose value the server computes on the buildings' summed inputs, then one row
 * per building, each against the indicator's target.
 */
export function AnalysisIndicatorPanel({
  perimeter,
  range,
  step,
}: {
  perimeter: Perimeter;
  range: DateRange | null;
  step: AnalysisStep;
}) {
  const { t } = useTranslation();
  const format = useFormat();
  const indicators = useUserIndicators();
  const [indicatorId, setIndicatorId] = useState<string | null>(null);
  const indicator = indicators.data?.find((item) => item.id === indicatorId) ?? null;
  const evaluationStep = evaluationStepOf(step);

  const resolved = useQuery({
    queryKey: ['analysis', 'perimeter-buildings', perimeter],
    queryFn: ({ signal }) => resolvePerimeterBuildings(perimeter, signal),
    enabled: indicator !== null,
  });
  const buildingIds = resolved.data?.buildings.map((building) => building.id) ?? [];
  const tooManyBuildings = buildingIds.length > MAX_EVALUATED_BUILDINGS;
  const canEvaluate = indicator !== null && range !== null && buildingIds.length > 0 && !tooManyBuildings;
  const evaluation = useQuery({
    queryKey: ['analysis', 'indicator', indicatorId, buildingIds, range, evaluationStep],
    queryFn: () =>
      evaluateUserIndicator(indicatorId as string, {
        buildingIds,
        from: (range as DateRange).from,
        to: (range as DateRange).to,
        step: evaluationStep,
      }),
    enabled: canEvaluate,
    placeholderData: keepPreviousData,
  });

  const data = canEvaluate ? evaluation.data : undefined;
  const notes = data
    ? [
        ...(data.perimeter?.notes ?? []).map((note) => t('analysis.indicator.perimeter-note', { note })),
        ...data.buildings.flatMap((building) =>
          building.notes.map((note) =>
            t('performance.evaluation.building-note', { name: building.buildingName, note }),
          ),
        ),
      ]
    : [];
  const ignoresFilters =
    (perimeter.energies?.length ?? 0) > 0 ||
    (perimeter.meterIds?.length ?? 0) > 0 ||
    (perimeter.deliveryPointIds?.length ?? 0) > 0;
  const valueWithUnit = (value: number, unit: string) =>
    `${formatFigure(value, format.language)}${unit ? `\u00a0${unit}` : ''}`;

  return (
    <Stack gap="md">
      <Paper withBorder p="md" radius="md">
        <Stack gap="sm">
          <Select
            w={420}
            label={t('analysis.indicator.select-label')}
            description={t('analysis.indicator.select-help')}
            placeholder={t('analysis.indicator.select-placeholder')}
            data={(indicators.data ?? []).map((item) => ({ value: item.id, label: item.name }))}
            value={indicatorId}
            onChange={setIndicatorId}
            searchable
            nothingFoundMessage={t('common.form.nothing-found')}
          />
          {indicators.data?.length === 0 && (
            <Text size="sm" c="dimmed">
              {t('analysis.indicator.none-yet')}{' '}
              <Anchor component={Link} to={USER_INDICATORS_PATH} size="sm">
                {t('analysis.indicator.create-link')}
              </Anchor>
            </Text>
          )}
          {indicator && (
            <Text size="sm">
              {t('analysis.indicator.formula', { formula: indicator.formula })}
              {indicator.targetValue !== null &&
                ` ${t(`performance.evaluation.target-${indicator.targetDirection}`, {
                  value: valueWithUnit(indicator.targetValue, indicator.unitLabel),
                })}`}
            </Text>
          )}
        </Stack>
      </Paper>

      {indicator && step !== 'P1M' && step !== 'P1Y' && (
        <Alert color="blue" variant="light" icon={<IconInfoCircle size={18} aria-hidden />}>
          {t('analysis.indicator.step-by-month')}
        </Alert>
      )}
      {indicator && ignoresFilters && (
        <Alert color="blue" variant="light" icon={<IconInfoCircle size={18} aria-hidden />}>
          {t('analysis.indicator.filters-ignored')}
        </Alert>
      )}
      <ErrorAlert error={indicators.error ?? resolved.error ?? evaluation.error} />
      {indicator && resolved.data && buildingIds.length === 0 && (
        <Text c="dimmed">{t('analysis.indicator.no-building')}</Text>
      )}
      {indicator && tooManyBuildings && (
        <Text c="dimmed">
          {t('analysis.indicator.too-many-buildings', {
            total: format.number(buildingIds.length),
            max: format.number(MAX_EVALUATED_BUILDINGS),
          })}
        </Text>
      )}
      {canEvaluate && evaluation.isPending && (
        <Center h={120}>
          <Loader aria-label={t('common.status.loading')} />
        </Center>
      )}
      {data && (
        <Paper withBorder p="md" radius="md">
          <Stack gap="sm">
            <Text size="sm" c="dimmed">
              {t('analysis.indicator.range', {
                from: format.localDate(data.from),
                to: format.localDate(addDays(data.to, -1)),
              })}{' '}
              {t('analysis.indicator.perimeter-rule')}
            </Text>
            <EvaluationTable
              evaluation={data}
              firstColumn={t('analysis.indicator.column-perimeter')}
              testId="analysis-indicator-table"
            />
            {notes.length > 0 && (
              <Alert color="orange" variant="light" icon={<IconAlertTriangle size={20} aria-hidden />}>
                <List size="sm" spacing={4}>
                  {notes.map((note) => (
                    <List.Item key={note}>{note}</List.Item>
                  ))}
                </List>
              </Alert>
            )}
          </Stack>
        </Paper>
      )}
    </Stack>
  );
}
