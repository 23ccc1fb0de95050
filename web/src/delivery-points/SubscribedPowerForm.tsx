import { Autocomplete, Button, Group, NumberInput, SimpleGrid, Stack, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { createSubscribedPower } from '../api/endpoints';
import { fieldErrors } from '../api/error-messages';
import { queryKeys } from '../api/queries';
import type { NewSubscribedPower } from '../api/types';
import { ErrorAlert } from '../components/ErrorAlert';
import { isLocalDate, todayInParis } from '../dates';

/** Same rule as the server: one to six capital letters. */
const TIME_CLASS_PATTERN = /^[A-Z]{1,6}$/;
/** Usual time classes of French supply contracts, offered as suggestions only. */
const TIME_CLASS_SUGGESTIONS = ['BASE', 'HP', 'HC', 'HPH', 'HCH', 'HPE', 'HCE', 'PTE'];
const MAX_POWER_KVA = 100_000;

type FieldName = 'timeClass' | 'powerKva' | 'validFrom';

/** Records a subscribed power from a date. The server ends the previous power of the same time class. */
export function SubscribedPowerForm({
  deliveryPointId,
  onDone,
}: {
  deliveryPointId: string;
  onDone: () => void;
}) {
  const { t, i18n } = useTranslation();
  const queryClient = useQueryClient();
  const [timeClass, setTimeClass] = useState('BASE');
  const [powerKva, setPowerKva] = useState<string | number>('');
  const [validFrom, setValidFrom] = useState(todayInParis());
  const [clientErrors, setClientErrors] = useState<Partial<Record<FieldName, string>>>({});

  const mutation = useMutation({
    mutationFn: (power: NewSubscribedPower) => createSubscribedPower(deliveryPointId, power),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: queryKeys.deliveryPoints });
      notifications.show({ color: 'green', message: t('delivery-points.power.success') });
      onDone();
    },
  });
  const serverErrors = fieldErrors(t, mutation.error);
  const errorOf = (field: FieldName) => clientErrors[field] ?? serverErrors[field];

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const problems: Partial<Record<FieldName, string>> = {};
    const normalisedClass = timeClass.trim().toUpperCase();
    if (!TIME_CLASS_PATTERN.test(normalisedClass))
      problems.timeClass = t('delivery-points.power.time-class-invalid');
    if (typeof powerKva !== 'number' || powerKva <= 0 || powerKva > MAX_POWER_KVA)
      problems.powerKva = t('delivery-points.power.power-invalid');
    if (!isLocalDate(validFrom)) problems.validFrom = t('common.form.date-invalid');
    setClientErrors(problems);
    if (Object.keys(problems).length > 0 || typeof powerKva !== 'number') return;
    mutation.mutate({ timeClass: normalisedClass, powerKva, validFrom });
  };

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md">
        <SimpleGrid cols={{ base: 1, sm: 3 }} spacing="md">
          <Autocomplete
            label={t('delivery-points.power.time-class-label')}
            description={t('delivery-points.power.time-class-help')}
            data={TIME_CLASS_SUGGESTIONS}
            value={timeClass}
            onChange={setTimeClass}
            maxLength={6}
            withAsterisk
            error={errorOf('timeClass')}
          />
          <NumberInput
            label={t('delivery-points.power.power-label')}
            description={t('delivery-points.power.power-help')}
            value={powerKva}
            onChange={setPowerKva}
            min={0}
            max={MAX_POWER_KVA}
            decimalScale={3}
            decimalSeparator={i18n.language === 'fr' ? ',' : '.'}
            hideControls
            withAsterisk
            error={errorOf('powerKva')}
          />
          <TextInput
            type="date"
            label={t('delivery-points.power.valid-from-label')}
            description={t('delivery-points.power.valid-from-help')}
            value={validFrom}
            onChange={(event) => setValidFrom(event.currentTarget.value)}
            withAsterisk
            error={errorOf('validFrom')}
          />
        </SimpleGrid>
        <ErrorAlert error={mutation.error} shownFields={['timeClass', 'powerKva', 'validFrom']} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onDone}>
            {t('common.action.cancel')}
          </Button>
          <Button type="submit" loading={mutation.isPending}>
            {t('delivery-points.power.submit-button')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
