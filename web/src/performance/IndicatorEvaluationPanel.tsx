import {
  Alert,
  Button,
  Group,
  List,
  MultiSelect,
  Paper,
  SegmentedControl,
  Select,
  Stack,
  Table,
  Text,
  TextInput,
  Title,
  Tooltip,
} from '@mantine/core';
import { IconAlertTriangle } from '@tabler/icons-react';
import { useMutation, useQuery } from '@tanstack/react-query';
import { type FormEvent, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { fetchReferenceDay } from '../analysis/api';
import { evaluateUserIndicator } from '../api/endpoints';
import { useBuildingList } from '../api/queries';
import type { EvaluationRequest, EvaluationStep, IndicatorEvaluation, UserIndicator } from '../api/types';
import { addDays, isLocalDate, todayInParis } from '../dates';
import { useFormat } from '../use-format';
import { evaluationYearChoices, lastWholeYearWithData } from './evaluation-years';
import { formatFigure } from './figures';
import { evaluationPeriodLabel, IndicatorEvaluationChart } from './IndicatorEvaluationChart';
import { LabelledErrorAlert } from './LabelledErrorAlert';

/** Largest page that `GET /api/buildings` returns, and the most buildings one evaluation takes. */
const MAX_BUILDINGS = 500;
/** Civil years offered in the period list, counted back from the last whole year with data. */
const YEAR_CHOICES = 10;

type PeriodValue = `year-${number}` | 'custom';

type EvaluatedValue = IndicatorEvaluation['buildings'][number]['values'][number];

/**
 * Shows one value of an evaluation in a table cell: green when it meets the target, red when it misses
 * it, « manquante » with its reason on hover, and the share of data received when incomplete.
 */
export function EvaluationValueCell({ value, unit }: { value: EvaluatedValue; unit: string }) {
  const { t } = useTranslation();
  const format = useFormat();
  if (value.value === null) {
    return (
      <Table.Td ta="right">
        <Tooltip label={value.missingReason?.message ?? t('common.value.none')} multiline maw={320} withArrow>
          <Text size="sm" c="dimmed" component="span" style={{ cursor: 'help' }}>
            {t('performance.evaluation.missing')}
          </Text>
        </Tooltip>
      </Table.Td>
    );
  }
  let color: string | undefined;
  if (value.meetsTarget === true) color = 'green.8';
  if (value.meetsTarget === false) color = 'red.8';
  const incomplete = value.completeness !== null && value.completeness < 1;
  return (
    <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>
      <Text size="sm" c={color} fw={value.meetsTarget === null ? undefined : 600} component="span">
        {formatFigure(value.value, format.language)}
        {unit ? `\u00a0${unit}` : ''}
      </Text>
      {incomplete && value.completeness !== null && (
        <Text size="xs" c="orange.8">
          {t('performance.evaluation.incomplete', { share: format.share(value.completeness) })}
        </Text>
      )}
    </Table.Td>
  );
}

/**
 * Table of an evaluation: a first row for the whole perimeter when the server computed one (the
 * formula on the buildings' summed inputs), then one row per building, each against the target.
 */
export function EvaluationTable({
  evaluation,
  firstColumn,
  testId = 'evaluation-table',
}: {
  evaluation: IndicatorEvaluation;
  /** Header of the first column; « Bâtiment » by default. */
  firstColumn?: string;
  testId?: string;
}) {
  const { t } = useTranslation();
  const format = useFormat();
  const unit = evaluation.indicator.unitLabel;
  return (
    <Table.ScrollContainer minWidth={Math.max(560, 240 + evaluation.periods.length * 110)}>
      <Table withTableBorder withColumnBorders verticalSpacing="xs" fz="sm" data-testid={testId}>
        <Table.Thead bg="gray.0">
          <Table.Tr>
            <Table.Th>{firstColumn ?? t('performance.evaluation.column-building')}</Table.Th>
            {evaluation.periods.map((period) => (
              <Table.Th key={period.label} ta="right" style={{ whiteSpace: 'nowrap' }}>
                {evaluationPeriodLabel(format, evaluation.step, period.firstDate)}
              </Table.Th>
            ))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {evaluation.perimeter && (
            <Table.Tr bg="blue.0" data-testid="evaluation-perimeter-row">
              <Table.Td>
                <Text size="sm" fw={700}>
                  {t('analysis.indicator.perimeter-row', { count: evaluation.perimeter.buildingCount })}
                </Text>
              </Table.Td>
              {evaluation.perimeter.values.map((value) => (
                <EvaluationValueCell key={value.label} value={value} unit={unit} />
              ))}
            </Table.Tr>
          )}
          {evaluation.buildings.map((building) => (
            <Table.Tr key={building.buildingId}>
              <Table.Td>
                <Text size="sm" fw={500}>
                  {building.buildingName}
                </Text>
                <Text size="xs" c="dimmed" ff="monospace">
                  {building.buildingCode}
                </Text>
              </Table.Td>
              {building.values.map((value) => (
                <EvaluationValueCell key={value.label} value={value} unit={unit} />
              ))}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

/**
 * Evaluates a user-defined indicator on request: buildings, period and step chosen by the user, then a
 * chart and a table of the values per building against the target.
 */
export function IndicatorEvaluationPanel({ indicator }: { indicator: UserIndicator }) {
  const { t } = useTranslation();
  const format = useFormat();
  const stepLabelId = useId();
  const buildings = useBuildingList({ limit: MAX_BUILDINGS, offset: 0 });
  // Feeds that stopped in 2024 must not open the form on an empty 2025.
  const reference = useQuery({ queryKey: ['analysis', 'reference-day'], queryFn: fetchReferenceDay });
  const lastYear = lastWholeYearWithData(reference.data, todayInParis());
  const [buildingIds, setBuildingIds] = useState<string[]>([]);
  // Null until the user picks a value, so that the defaults follow `lastYear` once it is known.
  const [chosenPeriod, setPeriod] = useState<PeriodValue | null>(null);
  const [chosenFrom, setCustomFrom] = useState<string | null>(null);
  const [chosenTo, setCustomTo] = useState<string | null>(null);
  const period = chosenPeriod ?? `year-${lastYear}`;
  const customFrom = chosenFrom ?? `${lastYear}-01-01`;
  const customTo = chosenTo ?? `${lastYear}-12-31`;
  const [step, setStep] = useState<EvaluationStep>('month');
  const [clientError, setClientError] = useState<string | null>(null);
  const mutation = useMutation({
    mutationFn: (request: EvaluationRequest) => evaluateUserIndicator(indicator.id, request),
  });

  const submit = (event: FormEvent) => {
    event.preventDefault();
    let range: { from: string; to: string };
    if (period === 'custom') {
      if (!isLocalDate(customFrom) || !isLocalDate(customTo)) {
        setClientError(t('consumption.period.dates-required'));
        return;
      }
      if (customTo < customFrom) {
        setClientError(t('consumption.period.dates-order'));
        return;
      }
      range = { from: customFrom, to: addDays(customTo, 1) };
    } else {
      const year = Number(period.slice(5));
      range = { from: `${year}-01-01`, to: `${year + 1}-01-01` };
    }
    setClientError(null);
    mutation.mutate({ ...range, step, buildingIds: buildingIds.length > 0 ? buildingIds : undefined });
  };

  const evaluation = mutation.data;
  const notes = evaluation?.buildings.flatMap((building) =>
    building.notes.map((note) =>
      t('performance.evaluation.building-note', { name: building.buildingName, note }),
    ),
  );
  const yearOptions = evaluationYearChoices(lastYear, YEAR_CHOICES).map((year) => ({
    value: `year-${year}`,
    label: t('consumption.period.year', { year }),
  }));

  return (
    <Paper withBorder p="xl">
      <Title order={2} fz={18} fw={650} mb={4}>
        {t('performance.evaluation.title', { name: indicator.name })}
      </Title>
      <Text size="sm" c="dimmed" mb="md">
        {t('performance.evaluation.description')}
      </Text>
      <form onSubmit={submit} noValidate aria-label={t('performance.evaluation.form-label')}>
        <Stack gap="md">
          <MultiSelect
            label={t('performance.evaluation.buildings-label')}
            description={t('performance.evaluation.buildings-help')}
            placeholder={
              buildingIds.length === 0 ? t('performance.evaluation.buildings-placeholder') : undefined
            }
            data={(buildings.data?.items ?? []).map((building) => ({
              value: building.id,
              label: t('efas.form.building-option', { code: building.code, name: building.name }),
            }))}
            value={buildingIds}
            onChange={setBuildingIds}
            searchable
            clearable
            nothingFoundMessage={t('common.form.nothing-found')}
            maxValues={MAX_BUILDINGS}
          />
          <Group gap="md" align="flex-end" wrap="wrap">
            <Select
              label={t('consumption.period.label')}
              data={[...yearOptions, { value: 'custom', label: t('consumption.period.custom') }]}
              value={period}
              onChange={(value) => value && setPeriod(value as PeriodValue)}
              allowDeselect={false}
              w={240}
            />
            {period === 'custom' && (
              <>
                <TextInput
                  type="date"
                  label={t('consumption.period.from')}
                  value={customFrom}
                  onChange={(event) => setCustomFrom(event.currentTarget.value)}
                  w={160}
                />
                <TextInput
                  type="date"
                  label={t('consumption.period.to')}
                  value={customTo}
                  onChange={(event) => setCustomTo(event.currentTarget.value)}
                  w={160}
                />
              </>
            )}
            <Stack gap={4}>
              <Text size="sm" fw={500} id={stepLabelId}>
                {t('consumption.step.label')}
              </Text>
              <SegmentedControl
                aria-labelledby={stepLabelId}
                value={step}
                onChange={(value) => setStep(value as EvaluationStep)}
                data={[
                  { value: 'month', label: t('performance.step.month') },
                  { value: 'year', label: t('performance.step.year') },
                ]}
              />
            </Stack>
            <Button type="submit" loading={mutation.isPending}>
              {t('performance.evaluation.submit')}
            </Button>
          </Group>
          {clientError && (
            <Text size="sm" c="red.8" role="alert">
              {clientError}
            </Text>
          )}
        </Stack>
      </form>
      <Stack gap="md" mt="md">
        <LabelledErrorAlert
          error={mutation.error ?? buildings.error}
          fieldLabels={{
            from: t('consumption.period.from'),
            to: t('consumption.period.to'),
            buildingIds: t('performance.evaluation.buildings-label'),
          }}
        />
        {evaluation && !mutation.isPending && (
          <>
            <Text size="sm" c="dimmed">
              {t('performance.evaluation.range', {
                range: t('consumption.range', {
                  from: format.localDate(evaluation.from),
                  to: format.localDate(addDays(evaluation.to, -1)),
                }),
                count: evaluation.buildings.length,
              })}
              {evaluation.indicator.targetValue !== null &&
                ` ${t(`performance.evaluation.target-${evaluation.indicator.targetDirection}`, {
                  value: `${formatFigure(evaluation.indicator.targetValue, format.language)}${
                    evaluation.indicator.unitLabel ? `\u00a0${evaluation.indicator.unitLabel}` : ''
                  }`,
                })}`}
            </Text>
            {evaluation.buildings.length > 0 && (
              <IndicatorEvaluationChart
                evaluation={evaluation}
                label={t('performance.evaluation.chart-label', { name: evaluation.indicator.name })}
              />
            )}
            <EvaluationTable evaluation={evaluation} />
            {notes && notes.length > 0 && (
              <Alert color="orange" variant="light" icon={<IconAlertTriangle size={20} aria-hidden />}>
                <List size="sm" spacing={4}>
                  {notes.map((note) => (
                    <List.Item key={note}>{note}</List.Item>
                  ))}
                </List>
              </Alert>
            )}
          </>
        )}
      </Stack>
    </Paper>
  );
}
