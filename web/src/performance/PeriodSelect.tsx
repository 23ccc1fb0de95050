import { Group, Select, TextInput } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { DateRange } from '../api/endpoints';
import { type PeriodChoice, resolvePeriod } from '../consumption/PeriodPicker';
import { addDays, addMonths, isLocalDate, todayInParis } from '../dates';
import { useFormat } from '../use-format';

function choiceValue(choice: PeriodChoice): string {
  if (choice.kind === 'year') return `year-${choice.year}`;
  return choice.kind;
}

/**
 * Selects the period of an analysis: the latest twelve months with data, a civil year with data, or chosen
 * dates (the last one included). Invalid custom dates keep the previous period and show why.
 */
export function PeriodSelect({
  latest,
  years,
  value,
  onChange,
}: {
  latest: DateRange | null;
  years: number[];
  value: PeriodChoice;
  onChange: (choice: PeriodChoice) => void;
}) {
  const { t } = useTranslation();
  const format = useFormat();
  const current = resolvePeriod(value, latest);
  const [draftFrom, setDraftFrom] = useState(current?.from ?? '');
  const [draftTo, setDraftTo] = useState(current ? addDays(current.to, -1) : '');
  const [draftError, setDraftError] = useState<string | null>(null);

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
    <>
      <Select
        label={t('consumption.period.label')}
        data={options}
        value={choiceValue(value)}
        allowDeselect={false}
        w={430}
        onChange={(selected) => {
          if (selected === 'latest') onChange({ kind: 'latest' });
          else if (selected === 'custom') {
            const to = current ? addDays(current.to, -1) : todayInParis();
            const from = current?.from ?? addDays(to, -364);
            setDraftFrom(from);
            setDraftTo(to);
            setDraftError(null);
            onChange({ kind: 'custom', from, to });
          } else if (selected?.startsWith('year-'))
            onChange({ kind: 'year', year: Number(selected.slice(5)) });
        }}
      />
      {value.kind === 'custom' && (
        <Group gap="sm" align="flex-end" wrap="nowrap">
          <TextInput
            type="date"
            label={t('consumption.period.from')}
            value={draftFrom}
            onChange={(event) => applyDraft(event.currentTarget.value, draftTo)}
            w={160}
          />
          <TextInput
            type="date"
            label={t('consumption.period.to')}
            value={draftTo}
            onChange={(event) => applyDraft(draftFrom, event.currentTarget.value)}
            w={160}
            error={draftError ?? undefined}
          />
        </Group>
      )}
    </>
  );
}
