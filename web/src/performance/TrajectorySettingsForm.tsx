import { Button, Group, NumberInput, SimpleGrid, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { updateTrajectorySettings } from '../api/endpoints';
import { fieldErrors } from '../api/error-messages';
import { queryKeys } from '../api/queries';
import type { TrajectorySettings, TrajectorySettingsChanges } from '../api/types';
import { useFormat } from '../use-format';
import { LabelledErrorAlert } from './LabelledErrorAlert';

/** Largest EFA surface the server accepts, m². */
const MAX_SURFACE_M2 = 10_000_000;
/** Largest Cabs value the server accepts, kWh/m²/year. */
const MAX_ABSOLUTE_KWH_PER_M2 = 10_000;

type NumberField = string | number;

/** Values of the form: numbers, or '' for a field left empty (the computed default). */
interface SettingsValues {
  surfaceM2: NumberField;
  absolute2030KwhPerM2: NumberField;
  absolute2040KwhPerM2: NumberField;
  absolute2050KwhPerM2: NumberField;
  /** Percent, 0 to 100; the API takes a share from 0 to 1. */
  heatingPercent: NumberField;
}

function initialValues(settings: TrajectorySettings): SettingsValues {
  return {
    surfaceM2: settings.surfaceM2 ?? '',
    absolute2030KwhPerM2: settings.absolute2030KwhPerM2 ?? '',
    absolute2040KwhPerM2: settings.absolute2040KwhPerM2 ?? '',
    absolute2050KwhPerM2: settings.absolute2050KwhPerM2 ?? '',
    heatingPercent: settings.heatingShare === null ? '' : Math.round(settings.heatingShare * 10_000) / 100,
  };
}

function numberOrNull(value: NumberField): number | null {
  return typeof value === 'number' && Number.isFinite(value) ? value : null;
}

/**
 * Converts the form's values to the body of `PATCH /api/efas/:id/trajectory-settings`. Empty fields
 * become null, which clears their value.
 */
export function settingsChanges(values: SettingsValues): TrajectorySettingsChanges {
  const heatingPercent = numberOrNull(values.heatingPercent);
  return {
    surfaceM2: numberOrNull(values.surfaceM2),
    absolute2030KwhPerM2: numberOrNull(values.absolute2030KwhPerM2),
    absolute2040KwhPerM2: numberOrNull(values.absolute2040KwhPerM2),
    absolute2050KwhPerM2: numberOrNull(values.absolute2050KwhPerM2),
    heatingShare: heatingPercent === null ? null : heatingPercent / 100,
  };
}

/**
 * Edits the Décret tertiaire settings of an EFA: its surface, the Cabs values of the 2030, 2040 and 2050
 * targets, and the share of heating. An empty field falls back to what the platform computes.
 */
export function TrajectorySettingsForm({
  efaId,
  settings,
  computedSurfaceM2,
}: {
  efaId: string;
  settings: TrajectorySettings;
  /** Surface from the buildings' floor areas and shares, shown as the default. */
  computedSurfaceM2: number | null;
}) {
  const { t } = useTranslation();
  const format = useFormat();
  const queryClient = useQueryClient();
  const [values, setValues] = useState<SettingsValues>(() => initialValues(settings));
  const [clientErrors, setClientErrors] = useState<Record<string, string>>({});
  const mutation = useMutation({
    mutationFn: (changes: TrajectorySettingsChanges) => updateTrajectorySettings(efaId, changes),
    onSuccess: async (saved) => {
      queryClient.setQueryData(queryKeys.trajectorySettings(efaId), saved);
      await queryClient.invalidateQueries({ queryKey: queryKeys.efaPerformance(efaId) });
      notifications.show({ color: 'green', message: t('performance.trajectory.settings-saved') });
    },
  });
  const serverErrors = fieldErrors(t, mutation.error);
  const errorOf = (field: string) => clientErrors[field] ?? serverErrors[field];
  const decimalSeparator = format.language === 'fr' ? ',' : '.';
  const thousandSeparator = format.language === 'fr' ? ' ' : ',';
  const set = (field: keyof SettingsValues) => (value: NumberField) =>
    setValues((previous) => ({ ...previous, [field]: value }));

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const changes = settingsChanges(values);
    const problems: Record<string, string> = {};
    if (
      changes.surfaceM2 !== null &&
      changes.surfaceM2 !== undefined &&
      (changes.surfaceM2 <= 0 || changes.surfaceM2 > MAX_SURFACE_M2)
    )
      problems.surfaceM2 = t('buildings.form.area-invalid');
    for (const field of ['absolute2030KwhPerM2', 'absolute2040KwhPerM2', 'absolute2050KwhPerM2'] as const) {
      const value = changes[field];
      if (value !== null && value !== undefined && (value < 0 || value > MAX_ABSOLUTE_KWH_PER_M2))
        problems[field] = t('performance.trajectory.absolute-invalid', {
          max: format.number(MAX_ABSOLUTE_KWH_PER_M2),
        });
    }
    if (
      changes.heatingShare !== null &&
      changes.heatingShare !== undefined &&
      (changes.heatingShare < 0 || changes.heatingShare > 1)
    )
      problems.heatingShare = t('performance.trajectory.heating-share-invalid');
    setClientErrors(problems);
    if (Object.keys(problems).length > 0) return;
    mutation.mutate(changes);
  };

  return (
    <form onSubmit={submit} noValidate aria-label={t('performance.trajectory.settings-title')}>
      <Stack gap="md">
        <SimpleGrid cols={{ base: 1, sm: 2, lg: 3 }} spacing="md" maw={960}>
          <NumberInput
            label={t('performance.trajectory.surface-label')}
            description={
              computedSurfaceM2 === null
                ? t('performance.trajectory.surface-help-unknown')
                : t('performance.trajectory.surface-help', { value: format.area(computedSurfaceM2) })
            }
            value={values.surfaceM2}
            onChange={set('surfaceM2')}
            min={0}
            decimalScale={2}
            decimalSeparator={decimalSeparator}
            thousandSeparator={thousandSeparator}
            suffix=" m²"
            error={errorOf('surfaceM2')}
          />
          {(['2030', '2040', '2050'] as const).map((year) => {
            const field = `absolute${year}KwhPerM2` as const;
            return (
              <NumberInput
                key={year}
                label={t('performance.trajectory.absolute-label', { year })}
                description={t('performance.trajectory.absolute-help')}
                value={values[field]}
                onChange={set(field)}
                min={0}
                decimalScale={1}
                decimalSeparator={decimalSeparator}
                thousandSeparator={thousandSeparator}
                suffix=" kWh/m²"
                error={errorOf(field)}
              />
            );
          })}
          <NumberInput
            label={t('performance.trajectory.heating-share-label')}
            description={t('performance.trajectory.heating-share-help')}
            value={values.heatingPercent}
            onChange={set('heatingPercent')}
            min={0}
            max={100}
            decimalScale={1}
            decimalSeparator={decimalSeparator}
            suffix=" %"
            error={errorOf('heatingShare')}
          />
        </SimpleGrid>
        <Text size="xs" c="dimmed">
          {t('performance.trajectory.settings-help')}
        </Text>
        <LabelledErrorAlert
          error={mutation.error}
          shownFields={[
            'surfaceM2',
            'absolute2030KwhPerM2',
            'absolute2040KwhPerM2',
            'absolute2050KwhPerM2',
            'heatingShare',
          ]}
          fieldLabels={{}}
        />
        <Group>
          <Button type="submit" loading={mutation.isPending}>
            {t('performance.trajectory.settings-submit')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
