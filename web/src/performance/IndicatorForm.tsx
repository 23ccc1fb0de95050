import { Button, Group, NumberInput, Select, SimpleGrid, Stack, Textarea, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { createUserIndicator, updateUserIndicator } from '../api/endpoints';
import { fieldErrors } from '../api/error-messages';
import { queryKeys } from '../api/queries';
import type { TargetDirection, UserIndicator, UserIndicatorFields } from '../api/types';
import { useFormat } from '../use-format';
import { FormulaEditor } from './FormulaEditor';
import { LabelledErrorAlert } from './LabelledErrorAlert';

/** Maximum lengths of the name, description, unit label and formula that the server accepts. */
const MAX_NAME_LENGTH = 200;
const MAX_DESCRIPTION_LENGTH = 2000;
const MAX_UNIT_LENGTH = 50;
const MAX_FORMULA_LENGTH = 2000;

/** Creates or changes a user-defined indicator: name, formula, unit label and target. */
export function IndicatorForm({
  indicator,
  onSaved,
  onCancel,
}: {
  /** The indicator to change, or null to create one. */
  indicator: UserIndicator | null;
  onSaved: (saved: UserIndicator) => void;
  onCancel: () => void;
}) {
  const { t } = useTranslation();
  const format = useFormat();
  const queryClient = useQueryClient();
  const [name, setName] = useState(indicator?.name ?? '');
  const [description, setDescription] = useState(indicator?.description ?? '');
  const [formula, setFormula] = useState(indicator?.formula ?? '');
  const [unitLabel, setUnitLabel] = useState(indicator?.unitLabel ?? '');
  const [target, setTarget] = useState<string | number>(indicator?.targetValue ?? '');
  const [direction, setDirection] = useState<TargetDirection>(indicator?.targetDirection ?? 'at-most');
  const [clientErrors, setClientErrors] = useState<Record<string, string>>({});

  const mutation = useMutation({
    mutationFn: (fields: UserIndicatorFields) =>
      indicator ? updateUserIndicator(indicator.id, fields) : createUserIndicator(fields),
    onSuccess: async (saved) => {
      await queryClient.invalidateQueries({ queryKey: queryKeys.userIndicators });
      notifications.show({
        color: 'green',
        message: indicator
          ? t('performance.user-indicators.updated', { name: saved.name })
          : t('performance.user-indicators.created', { name: saved.name }),
      });
      onSaved(saved);
    },
  });
  const serverErrors = fieldErrors(t, mutation.error);
  const errorOf = (field: string) => clientErrors[field] ?? serverErrors[field];

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const problems: Record<string, string> = {};
    if (name.trim() === '') problems.name = t('common.form.required');
    if (formula.trim() === '') problems.formula = t('common.form.required');
    setClientErrors(problems);
    if (Object.keys(problems).length > 0) return;
    mutation.mutate({
      name: name.trim(),
      description: description.trim(),
      formula: formula.trim(),
      unitLabel: unitLabel.trim(),
      targetValue: typeof target === 'number' && Number.isFinite(target) ? target : null,
      targetDirection: direction,
    });
  };

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md">
        <TextInput
          label={t('performance.user-indicators.name-label')}
          value={name}
          onChange={(event) => setName(event.currentTarget.value)}
          maxLength={MAX_NAME_LENGTH}
          withAsterisk
          error={errorOf('name')}
          data-autofocus
        />
        <FormulaEditor
          value={formula}
          onChange={(next) => setFormula(next.slice(0, MAX_FORMULA_LENGTH))}
          error={errorOf('formula')}
        />
        <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="md">
          <TextInput
            label={t('performance.user-indicators.unit-label')}
            description={t('performance.user-indicators.unit-help')}
            value={unitLabel}
            onChange={(event) => setUnitLabel(event.currentTarget.value)}
            maxLength={MAX_UNIT_LENGTH}
            error={errorOf('unitLabel')}
          />
          <NumberInput
            label={t('performance.user-indicators.target-label')}
            description={t('performance.user-indicators.target-help')}
            value={target}
            onChange={setTarget}
            decimalScale={4}
            decimalSeparator={format.language === 'fr' ? ',' : '.'}
            thousandSeparator={format.language === 'fr' ? ' ' : ','}
            error={errorOf('targetValue')}
          />
          <Select
            label={t('performance.user-indicators.direction-label')}
            data={[
              { value: 'at-most', label: t('performance.user-indicators.direction-at-most') },
              { value: 'at-least', label: t('performance.user-indicators.direction-at-least') },
            ]}
            value={direction}
            onChange={(value) => value && setDirection(value as TargetDirection)}
            allowDeselect={false}
          />
        </SimpleGrid>
        <Textarea
          label={t('performance.user-indicators.description-label')}
          value={description}
          onChange={(event) => setDescription(event.currentTarget.value)}
          maxLength={MAX_DESCRIPTION_LENGTH}
          autosize
          minRows={2}
          error={errorOf('description')}
        />
        <LabelledErrorAlert
          error={mutation.error}
          shownFields={['name', 'formula', 'unitLabel', 'targetValue', 'description']}
          fieldLabels={{ targetDirection: t('performance.user-indicators.direction-label') }}
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={onCancel}>
            {t('common.action.cancel')}
          </Button>
          <Button type="submit" loading={mutation.isPending}>
            {indicator ? t('common.action.save') : t('performance.user-indicators.create-submit')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
