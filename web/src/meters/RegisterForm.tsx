import { Button, Checkbox, Group, Select, SimpleGrid, Stack, TextInput } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { createRegister } from '../api/endpoints';
import { fieldErrors } from '../api/error-messages';
import { queryKeys } from '../api/queries';
import {
  CONSUMPTION_REGISTER_KINDS,
  type Meter,
  type NewRegister,
  REGISTER_KINDS,
  REGISTER_STEPS,
  type RegisterKind,
  type RegisterStep,
} from '../api/types';
import { ErrorAlert } from '../components/ErrorAlert';

const MAX_NAME_LENGTH = 200;

function isRegisterKind(value: string | null): value is RegisterKind {
  return value !== null && (REGISTER_KINDS as readonly string[]).includes(value);
}

function isRegisterStep(value: string | null): value is RegisterStep {
  return value !== null && (REGISTER_STEPS as readonly string[]).includes(value);
}

/** Adds a register to a meter. */
export function RegisterForm({ meter, onDone }: { meter: Meter; onDone: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const [kind, setKind] = useState<RegisterKind>('ENERGY');
  const [step, setStep] = useState<RegisterStep>('PT1H');
  const [name, setName] = useState('');
  // A meter's first register that can carry its consumption is proposed as that register.
  const [isConsumption, setIsConsumption] = useState(
    !meter.registers.some((register) => register.isConsumption),
  );
  const canBeConsumption = CONSUMPTION_REGISTER_KINDS.includes(kind);
  const currentConsumption = meter.registers.find((register) => register.isConsumption);

  const mutation = useMutation({
    mutationFn: (register: NewRegister) => createRegister(meter.id, register),
    onSuccess: async () => {
      await queryClient.invalidateQueries({ queryKey: queryKeys.meters });
      notifications.show({ color: 'green', message: t('registers.create.success', { code: meter.code }) });
      onDone();
    },
  });
  const serverErrors = fieldErrors(t, mutation.error);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    mutation.mutate({ kind, step, name: name.trim(), isConsumption: canBeConsumption && isConsumption });
  };

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md">
        <SimpleGrid cols={{ base: 1, sm: 2 }} spacing="md">
          <Select
            label={t('registers.form.kind-label')}
            data={REGISTER_KINDS.map((value) => ({ value, label: t(`registers.kind.${value}`) }))}
            value={kind}
            allowDeselect={false}
            onChange={(value) => {
              if (isRegisterKind(value)) setKind(value);
            }}
            withAsterisk
            error={serverErrors.kind}
          />
          <Select
            label={t('registers.form.step-label')}
            data={REGISTER_STEPS.map((value) => ({ value, label: t(`registers.step.${value}`) }))}
            value={step}
            allowDeselect={false}
            onChange={(value) => {
              if (isRegisterStep(value)) setStep(value);
            }}
            withAsterisk
            error={serverErrors.step}
          />
        </SimpleGrid>
        <TextInput
          label={t('registers.form.name-label')}
          description={t('common.form.optional')}
          value={name}
          onChange={(event) => setName(event.currentTarget.value)}
          maxLength={MAX_NAME_LENGTH}
          error={serverErrors.name}
        />
        <Checkbox
          label={t('registers.form.consumption-label')}
          description={
            !canBeConsumption
              ? t('registers.form.consumption-kind-help')
              : currentConsumption
                ? t('registers.form.consumption-replaces', {
                    name: currentConsumption.name || currentConsumption.kind,
                  })
                : t('registers.form.consumption-help')
          }
          checked={canBeConsumption && isConsumption}
          disabled={!canBeConsumption}
          onChange={(event) => setIsConsumption(event.currentTarget.checked)}
          error={serverErrors.isConsumption}
        />
        <ErrorAlert error={mutation.error} shownFields={['kind', 'step', 'name', 'isConsumption']} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onDone}>
            {t('common.action.cancel')}
          </Button>
          <Button type="submit" loading={mutation.isPending}>
            {t('registers.create.submit-button')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
