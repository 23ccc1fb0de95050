import {
  Alert,
  Button,
  Group,
  Modal,
  Paper,
  Select,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
} from '@mantine/core';
import { IconCircleCheck } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { createRegisterForUnknownIdentifier, mapUnknownIdentifier } from '../api/endpoints';
import { fieldErrors } from '../api/error-messages';
import { queryKeys, useMeterList } from '../api/queries';
import type { IdentifierMappingResult, Meter, UnknownIdentifier } from '../api/types';
import { ErrorAlert } from '../components/ErrorAlert';
import { Field, NoValue } from '../components/Field';
import { useFormat } from '../use-format';
import { stepLabel } from './labels';
import { OutcomesTable } from './OutcomeView';

const MAX_REGISTER_NAME_LENGTH = 200;

/** Canonical unit of the values of each measure, as the server creates registers. */
const UNIT_OF_MEASURE = {
  ENERGY: 'kWh',
  INDEX: 'kWh',
  POWER: 'kW',
  VOLUME: 'm³',
  TEMPERATURE: '°C',
} as const;

function IdentifierSummary({ identifier }: { identifier: UnknownIdentifier }) {
  const { t } = useTranslation();
  const format = useFormat();
  return (
    <Paper withBorder p="md" bg="gray.0">
      <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="sm">
        <Field label={t('ingest.unknown.column-identifier')}>
          <Text size="sm" ff="monospace" fw={500} style={{ wordBreak: 'break-all' }}>
            {identifier.externalId}
          </Text>
        </Field>
        <Field label={t('ingest.unknown.column-source')}>
          {identifier.sourceName ? <Text size="sm">{identifier.sourceName}</Text> : <NoValue />}
        </Field>
        <Field label={t('ingest.unknown.column-measure')}>
          <Text size="sm">{t(`ingest.measure.${identifier.measure}`)}</Text>
        </Field>
        <Field label={t('ingest.unknown.column-step')}>
          <Text size="sm">{stepLabel(t, identifier.stepSeconds, format.language)}</Text>
        </Field>
      </SimpleGrid>
    </Paper>
  );
}

/** Outcome of a mapping: the register it now feeds and what importing each file again did. */
function MappingResult({ result, onClose }: { result: IdentifierMappingResult; onClose: () => void }) {
  const { t } = useTranslation();
  const format = useFormat();
  return (
    <Stack gap="md">
      <Alert color="green" variant="light" icon={<IconCircleCheck size={20} aria-hidden />} role="status">
        {t('ingest.unknown.mapped-result', {
          id: result.registerId,
          count: result.outcomes.length,
          formatted: format.number(result.outcomes.length),
        })}
      </Alert>
      {result.outcomes.length > 0 && <OutcomesTable outcomes={result.outcomes} />}
      <Group justify="flex-end">
        <Button onClick={onClose}>{t('ingest.common.close')}</Button>
      </Group>
    </Stack>
  );
}

function useMappingSuccess(setResult: (result: IdentifierMappingResult) => void) {
  const queryClient = useQueryClient();
  return async (result: IdentifierMappingResult) => {
    setResult(result);
    await queryClient.invalidateQueries({ queryKey: queryKeys.unknownIdentifiers });
    await queryClient.invalidateQueries({ queryKey: queryKeys.importRuns });
    await queryClient.invalidateQueries({ queryKey: queryKeys.meters });
  };
}

function meterLabel(meter: Pick<Meter, 'code' | 'name'>): string {
  return meter.name ? `${meter.code} — ${meter.name}` : meter.code;
}

function MapForm({ identifier, onClose }: { identifier: UnknownIdentifier; onClose: () => void }) {
  const { t } = useTranslation();
  const meters = useMeterList({});
  const [registerId, setRegisterId] = useState<string | null>(null);
  const [missing, setMissing] = useState(false);
  const [result, setResult] = useState<IdentifierMappingResult | null>(null);
  const onSuccess = useMappingSuccess(setResult);
  const mutation = useMutation({
    mutationFn: (selected: string) => mapUnknownIdentifier(identifier.id, selected),
    onSuccess,
  });

  if (result) return <MappingResult result={result} onClose={onClose} />;

  // Only registers of the same kind can take the values; the server rejects the others.
  const groups = (meters.data ?? [])
    .map((meter) => ({
      group: meterLabel(meter),
      items: meter.registers
        .filter((register) => register.kind === identifier.measure)
        .map((register) => ({
          value: register.id,
          label: t('ingest.unknown.register-option', {
            meter: meter.code,
            name: register.name || t('registers.unnamed'),
            step: t(`registers.step.${register.step}`),
            id: register.id,
          }),
        })),
    }))
    .filter((group) => group.items.length > 0);
  const serverErrors = fieldErrors(t, mutation.error);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (registerId === null) {
      setMissing(true);
      return;
    }
    mutation.mutate(registerId);
  };

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md">
        <IdentifierSummary identifier={identifier} />
        <Select
          label={t('ingest.unknown.register-label')}
          description={t('ingest.unknown.register-help', {
            measure: t(`ingest.measure.${identifier.measure}`),
          })}
          placeholder={
            meters.isPending ? t('common.status.loading') : t('ingest.unknown.register-placeholder')
          }
          data={groups}
          value={registerId}
          onChange={(value) => {
            setRegisterId(value);
            setMissing(false);
          }}
          searchable
          clearable
          nothingFoundMessage={t('common.form.nothing-found')}
          error={missing ? t('common.form.required') : serverErrors.registerId}
          withAsterisk
          data-autofocus
          comboboxProps={{ withinPortal: true }}
        />
        {meters.data && groups.length === 0 && (
          <Text size="sm" c="dimmed">
            {t('ingest.unknown.no-register-of-kind')}
          </Text>
        )}
        <ErrorAlert error={meters.error ?? mutation.error} shownFields={['registerId']} />
        <Text size="xs" c="dimmed">
          {t('ingest.unknown.reprocess-note', { count: identifier.fileCount })}
        </Text>
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('common.action.cancel')}
          </Button>
          <Button type="submit" loading={mutation.isPending}>
            {t('ingest.unknown.map-submit-button')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

function CreateForm({ identifier, onClose }: { identifier: UnknownIdentifier; onClose: () => void }) {
  const { t } = useTranslation();
  const format = useFormat();
  const meters = useMeterList({});
  const [meterId, setMeterId] = useState<string | null>(null);
  const [name, setName] = useState(identifier.externalId.slice(0, MAX_REGISTER_NAME_LENGTH));
  const [missing, setMissing] = useState(false);
  const [result, setResult] = useState<IdentifierMappingResult | null>(null);
  const onSuccess = useMappingSuccess(setResult);
  const mutation = useMutation({
    mutationFn: (selected: string) =>
      createRegisterForUnknownIdentifier(identifier.id, selected, name.trim()),
    onSuccess,
  });

  if (result) return <MappingResult result={result} onClose={onClose} />;

  const serverErrors = fieldErrors(t, mutation.error);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (meterId === null) {
      setMissing(true);
      return;
    }
    mutation.mutate(meterId);
  };

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md">
        <IdentifierSummary identifier={identifier} />
        <Select
          label={t('ingest.unknown.meter-label')}
          placeholder={meters.isPending ? t('common.status.loading') : t('ingest.unknown.meter-placeholder')}
          data={(meters.data ?? []).map((meter) => ({
            value: meter.id,
            label: meter.buildingName ? `${meterLabel(meter)} (${meter.buildingName})` : meterLabel(meter),
          }))}
          value={meterId}
          onChange={(value) => {
            setMeterId(value);
            setMissing(false);
          }}
          searchable
          clearable
          nothingFoundMessage={t('common.form.nothing-found')}
          error={missing ? t('common.form.required') : serverErrors.meterId}
          withAsterisk
          data-autofocus
        />
        <TextInput
          label={t('ingest.unknown.register-name-label')}
          value={name}
          onChange={(event) => setName(event.currentTarget.value)}
          maxLength={MAX_REGISTER_NAME_LENGTH}
          error={serverErrors.name}
        />
        <Text size="sm" c="dimmed">
          {t('ingest.unknown.create-note', {
            measure: t(`ingest.measure.${identifier.measure}`),
            step: stepLabel(t, identifier.stepSeconds, format.language),
            unit: UNIT_OF_MEASURE[identifier.measure],
          })}
        </Text>
        <ErrorAlert error={meters.error ?? mutation.error} shownFields={['meterId', 'name']} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('common.action.cancel')}
          </Button>
          <Button type="submit" loading={mutation.isPending}>
            {t('ingest.unknown.create-submit-button')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** Picks an existing register of the same kind for an identifier, then shows what reimporting did. */
export function MapIdentifierModal({
  identifier,
  onClose,
}: {
  identifier: UnknownIdentifier | null;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  return (
    <Modal
      opened={identifier !== null}
      onClose={onClose}
      title={t('ingest.unknown.map-title')}
      size="xl"
      centered
    >
      {identifier && <MapForm key={identifier.id} identifier={identifier} onClose={onClose} />}
    </Modal>
  );
}

/** Creates a register on a chosen meter for an identifier, then shows what reimporting did. */
export function CreateRegisterModal({
  identifier,
  onClose,
}: {
  identifier: UnknownIdentifier | null;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  return (
    <Modal
      opened={identifier !== null}
      onClose={onClose}
      title={t('ingest.unknown.create-title')}
      size="xl"
      centered
    >
      {identifier && <CreateForm key={identifier.id} identifier={identifier} onClose={onClose} />}
    </Modal>
  );
}
