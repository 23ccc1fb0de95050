import {
  Alert,
  Button,
  Group,
  NumberInput,
  Paper,
  SegmentedControl,
  SimpleGrid,
  Stack,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconInfoCircle, IconRefresh } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { createIndexEvent } from '../api/endpoints';
import { fieldErrors } from '../api/error-messages';
import { INDEX_EVENT_KINDS, type IndexEventKind, type NewIndexEvent, type Register } from '../api/types';
import { ErrorAlert } from '../components/ErrorAlert';
import { isLocalDate, parisDateTimeWithOffset, todayInParis } from '../dates';
import { unitSymbol } from './units';

const MAX_NOTES_LENGTH = 2000;
const TIME_PATTERN = /^([01]\d|2[0-3]):[0-5]\d$/;

type FieldName = 'occurredAt' | 'kind' | 'valueBefore' | 'valueAfter' | 'notes';

function IndexEventForm({ register, onDone }: { register: Register; onDone: () => void }) {
  const { t, i18n } = useTranslation();
  const queryClient = useQueryClient();
  const [date, setDate] = useState(todayInParis());
  const [time, setTime] = useState('00:00');
  const [kind, setKind] = useState<IndexEventKind>('replacement');
  const [valueBefore, setValueBefore] = useState<string | number>('');
  const [valueAfter, setValueAfter] = useState<string | number>(0);
  const [notes, setNotes] = useState('');
  const [clientErrors, setClientErrors] = useState<Partial<Record<FieldName, string>>>({});
  const unit = unitSymbol(register.unit);
  const decimalSeparator = i18n.language === 'fr' ? ',' : '.';

  const mutation = useMutation({
    mutationFn: (event: NewIndexEvent) => createIndexEvent(register.id, event),
    onSuccess: async () => {
      // The server recomputes the rollups around the event, so every chart of the register is stale.
      await queryClient.invalidateQueries({ queryKey: ['registers', register.id] });
      await queryClient.invalidateQueries({ queryKey: ['consumption'] });
      notifications.show({ color: 'green', message: t('registers.index-event.success') });
      onDone();
    },
  });
  const serverErrors = fieldErrors(t, mutation.error);
  const errorOf = (field: FieldName) => clientErrors[field] ?? serverErrors[field];

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const problems: Partial<Record<FieldName, string>> = {};
    if (!isLocalDate(date) || !TIME_PATTERN.test(time))
      problems.occurredAt = t('registers.index-event.when-invalid');
    if (valueBefore !== '' && typeof valueBefore !== 'number')
      problems.valueBefore = t('registers.index-event.value-invalid');
    if (typeof valueAfter !== 'number') problems.valueAfter = t('registers.index-event.value-invalid');
    setClientErrors(problems);
    if (Object.keys(problems).length > 0 || typeof valueAfter !== 'number') return;
    mutation.mutate({
      occurredAt: parisDateTimeWithOffset(date, time),
      kind,
      valueBefore: typeof valueBefore === 'number' ? valueBefore : null,
      valueAfter,
      notes: notes.trim(),
    });
  };

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md">
        <Stack gap={4}>
          <Text size="sm" fw={500}>
            {t('registers.index-event.kind-label')}
          </Text>
          <SegmentedControl
            value={kind}
            onChange={(value) => setKind(value as IndexEventKind)}
            data={INDEX_EVENT_KINDS.map((value) => ({
              value,
              label: t(`registers.index-event.kind.${value}`),
            }))}
            style={{ alignSelf: 'flex-start' }}
          />
        </Stack>
        <SimpleGrid cols={{ base: 1, sm: 2, lg: 4 }} spacing="md">
          <TextInput
            type="date"
            label={t('registers.index-event.date-label')}
            value={date}
            onChange={(event) => setDate(event.currentTarget.value)}
            withAsterisk
            error={errorOf('occurredAt')}
          />
          <TextInput
            type="time"
            label={t('registers.index-event.time-label')}
            description={t('registers.index-event.time-help')}
            value={time}
            onChange={(event) => setTime(event.currentTarget.value)}
            withAsterisk
          />
          <NumberInput
            label={t('registers.index-event.value-before-label', { unit })}
            description={t('registers.index-event.value-before-help')}
            value={valueBefore}
            onChange={setValueBefore}
            decimalScale={3}
            decimalSeparator={decimalSeparator}
            thousandSeparator={i18n.language === 'fr' ? ' ' : ','}
            hideControls
            error={errorOf('valueBefore')}
          />
          <NumberInput
            label={t('registers.index-event.value-after-label', { unit })}
            description={t('registers.index-event.value-after-help')}
            value={valueAfter}
            onChange={setValueAfter}
            decimalScale={3}
            decimalSeparator={decimalSeparator}
            thousandSeparator={i18n.language === 'fr' ? ' ' : ','}
            hideControls
            withAsterisk
            error={errorOf('valueAfter')}
          />
        </SimpleGrid>
        <Textarea
          label={t('registers.index-event.notes-label')}
          description={t('common.form.optional')}
          value={notes}
          onChange={(event) => setNotes(event.currentTarget.value)}
          maxLength={MAX_NOTES_LENGTH}
          autosize
          minRows={2}
          error={errorOf('notes')}
        />
        <ErrorAlert
          error={mutation.error}
          shownFields={['occurredAt', 'valueBefore', 'valueAfter', 'notes']}
        />
        <Group justify="flex-end">
          <Button variant="default" onClick={onDone}>
            {t('common.action.cancel')}
          </Button>
          <Button type="submit" loading={mutation.isPending}>
            {t('registers.index-event.submit-button')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/**
 * Card of an INDEX register's page that records an index reset or a meter change, so the
 * consumption across it is computed from both sides of the jump instead of from their difference.
 */
export function IndexEventCard({ register }: { register: Register }) {
  const { t } = useTranslation();
  const [open, setOpen] = useState(false);
  return (
    <Paper withBorder p="xl">
      <Title order={2} fz={18} fw={650} mb={4}>
        {t('registers.index-event.title')}
      </Title>
      <Text size="sm" c="dimmed" mb="md">
        {t('registers.index-event.description')}
      </Text>
      <Alert color="blue" variant="light" icon={<IconInfoCircle size={20} aria-hidden />} mb="md">
        <Text size="sm">{t('registers.index-event.explanation')}</Text>
        <Text size="sm" mt="xs" ff="monospace">
          {t('registers.index-event.formula')}
        </Text>
        <Text size="sm" mt="xs">
          {t('registers.index-event.unknown-before')}
        </Text>
      </Alert>
      {open ? (
        <IndexEventForm register={register} onDone={() => setOpen(false)} />
      ) : (
        <Button
          variant="default"
          leftSection={<IconRefresh size={16} aria-hidden />}
          onClick={() => setOpen(true)}
        >
          {t('registers.index-event.open-button')}
        </Button>
      )}
    </Paper>
  );
}
