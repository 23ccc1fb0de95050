import { Group, SegmentedControl, Select, Stack, Text, TextInput } from '@mantine/core';
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DateRange } from '../api/endpoints';
import type { ConsumptionStep } from '../api/types';
import { addDays, addMonths, isLocalDate, todayInParis } from '../dates';
import { useFormat } from '../use-format';

/** The period a chart shows: the latest twelve months with data, a civil year, or chosen dates. */
export type PeriodChoice =
  | { kind: 'latest' }
  | { kind: 'year'; year: number }
  /** `to` is the last day shown, included. */
  | { kind: 'custom'; from: string; to: string };

/** Returns the `[from, to)` range of a choice, or null while the latest months are unknown. */
export function resolvePeriod(choice: PeriodChoice, latest: DateRange | null): DateRange | null {
  if (choice.kind === 'latest') return latest;
  if (choice.kind === 'year') return { from: `${choice.year}-01-01`, to: `${choice.year + 1}-01-01` };
  return { from: choice.from, to: addDays(choice.to, 1) };
}

function choiceValue(choice: PeriodChoice): string {
  if (choice.kind === 'year') return `year-${choice.year}`;
  return choice.kind;
}

/** Period select, custom dates and the day/month switch shared by the consumption charts. */
export function PeriodPicker({
  latest,
  years,
  value,
  onChange,
  step,
  onStepChange,
}: {
  latest: DateRange | null;
  years: number[];
  value: PeriodChoice;
  onChange: (choice: PeriodChoice) => void;
  step: ConsumptionStep;
  onStepChange: (step: ConsumptionStep) => void;
}) {
  const { t } = useTranslation();
  const format = useFormat();
  const current = resolvePeriod(value, latest);
  const [draftFrom, setDraftFrom] = useState(current?.from ?? '');
  const [draftTo, setDraftTo] = useState(current ? addDays(current.to, -1) : '');
  const [draftError, setDraftError] = useState<string | null>(null);
  const stepLabelId = useId();

  const latestLabel = latest
    ? t('consumption.period.latest', {
        range: `${format.month(latest.from, true)} – ${format.month(addMonths(latest.to, -1), true)}`,
      })
    : t('consumption.period.latest-unknown');
  const options = [
    { value: 'latest', label: latestLabel },
    ...years.map((year) => ({ value: `year-${year}`, label: t('consumption.period.year', { year }) })),
    { value: 'custom', label: t('consumption.period.custom') },
  ];

  const applyDraft = (from: string, to: string) => {
    setDraftFrom(from);
    setDraftTo(to);
    if (!isLocalDate(from) || !isLocalDate(to)) {
      setDraftError(t('consumption.period.dates-required'));
      return;
    }
    if (to < from) {
      setDraftError(t('consumption.period.dates-order'));
      return;
    }
    setDraftError(null);
    onChange({ kind: 'custom', from, to });
  };

  return (
    <Stack gap={6}>
      <Group gap="md" align="flex-end" wrap="wrap">
        <Select
          label={t('consumption.period.label')}
          data={options}
          value={choiceValue(value)}
          allowDeselect={false}
          w={440}
          onChange={(selected) => {
            if (selected === 'latest') onChange({ kind: 'latest' });
            else if (selected === 'custom') {
              const to = current ? addDays(current.to, -1) : todayInParis();
              const from = current?.from ?? addDays(to, -30);
              setDraftFrom(from);
              setDraftTo(to);
              setDraftError(null);
              onChange({ kind: 'custom', from, to });
            } else if (selected?.startsWith('year-'))
              onChange({ kind: 'year', year: Number(selected.slice(5)) });
          }}
        />
        {value.kind === 'custom' && (
          <>
            <TextInput
              type="date"
              label={t('consumption.period.from')}
              value={draftFrom}
              onChange={(event) => applyDraft(event.currentTarget.value, draftTo)}
              w={170}
            />
            <TextInput
              type="date"
              label={t('consumption.period.to')}
              value={draftTo}
              onChange={(event) => applyDraft(draftFrom, event.currentTarget.value)}
              w={170}
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
            onChange={(selected) => onStepChange(selected === 'day' ? 'day' : 'month')}
            data={[
              { value: 'month', label: t('consumption.step.month') },
              { value: 'day', label: t('consumption.step.day') },
            ]}
          />
        </Stack>
      </Group>
      {draftError && value.kind === 'custom' && (
        <Text size="sm" c="red.8" role="alert">
          {draftError}
        </Text>
      )}
    </Stack>
  );
}
