import {
  Badge,
  Button,
  Code,
  Divider,
  Drawer,
  Group,
  NumberInput,
  Paper,
  PasswordInput,
  SegmentedControl,
  Select,
  SimpleGrid,
  Stack,
  Switch,
  Text,
  Textarea,
  TextInput,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconLock, IconPlus, IconTrash } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { type FormEvent, type ReactNode, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ApiError } from '../api/client';
import { createIngestSource, updateIngestSource } from '../api/endpoints';
import { fieldErrors } from '../api/error-messages';
import { queryKeys, useIngestFormats } from '../api/queries';
import {
  AFTER_IMPORT_ACTIONS,
  type AfterImportAction,
  AUTO_FORMAT,
  type IngestSource,
  type IngestSourceInput,
  SOURCE_AUTH_METHODS,
  SOURCE_KINDS,
} from '../api/types';
import { ErrorAlert } from '../components/ErrorAlert';
import {
  type DeliveryKeyPairValues,
  type DeliveryKeysAction,
  emptySourceForm,
  type FormField,
  type FormProblems,
  formatNeedsMapping,
  formFieldOfServerField,
  formToInput,
  isDeliveryKeyField,
  LIMITS,
  MAPPING_EXAMPLE_TEXT,
  MAX_DELIVERY_KEYS,
  type SourceFormValues,
  sourceToForm,
} from './source-form';

const MAX_NAME_LENGTH = 120;

function isAfterImportAction(value: string | null): value is AfterImportAction {
  return value !== null && (AFTER_IMPORT_ACTIONS as readonly string[]).includes(value);
}

function SectionTitle({ id, children }: { id?: string; children: ReactNode }) {
  return (
    <Title order={3} fz={15} fw={650} id={id}>
      {children}
    </Title>
  );
}

/** Label above a segmented control, which has no label of its own. */
function ControlLabel({ id, children }: { id: string; children: ReactNode }) {
  return (
    <Text size="sm" fw={500} id={id}>
      {children}
    </Text>
  );
}

/**
 * Shows each problem of a mapping on its own line. The server joins them into one text, each
 * starting with « Champ « chemin » : ».
 */
function mappingErrorLines(message: string | undefined): ReactNode {
  if (message === undefined) return undefined;
  const lines = message.split(/\s(?=Champ\s«)/);
  if (lines.length === 1) return message;
  return (
    <Stack gap={2} component="span">
      {lines.map((line) => (
        <span key={line}>{line}</span>
      ))}
    </Stack>
  );
}

const EMPTY_PAIR: DeliveryKeyPairValues = { keyHex: '', ivHex: '' };

/**
 * Section of the Enedis delivery keys. Stored keys are never shown: the section offers to keep,
 * replace or delete them, and lists the typed pairs while replacing or when none is stored.
 */
function DeliveryKeysSection({
  pairs,
  action,
  storedCount,
  errorOf,
  onPairChange,
  onChange,
}: {
  pairs: readonly DeliveryKeyPairValues[];
  action: DeliveryKeysAction;
  storedCount: number;
  errorOf: (field: FormField) => string | undefined;
  onPairChange: (index: number, part: keyof DeliveryKeyPairValues, text: string) => void;
  onChange: (action: DeliveryKeysAction, pairs: DeliveryKeyPairValues[]) => void;
}) {
  const { t } = useTranslation();
  const titleId = useId();
  const hexInputStyles = { input: { fontFamily: 'var(--mantine-font-family-monospace)', fontSize: 13 } };
  const listError = errorOf('deliveryKeys');

  let body: ReactNode;
  if (storedCount > 0 && action === 'keep') {
    body = (
      <Stack gap={4}>
        <Group gap="sm">
          <Badge
            color="green"
            variant="light"
            tt="none"
            leftSection={<IconLock size={12} aria-hidden />}
            styles={{ label: { overflow: 'visible' } }}
          >
            {t('ingest.source-form.delivery-keys-stored', { count: storedCount })}
          </Badge>
          <Button variant="default" size="xs" onClick={() => onChange('replace', [{ ...EMPTY_PAIR }])}>
            {t('ingest.source-form.delivery-keys-replace')}
          </Button>
          <Button variant="default" size="xs" c="red.8" onClick={() => onChange('delete', [])}>
            {t('ingest.source-form.delivery-keys-delete')}
          </Button>
        </Group>
        <Text size="xs" c="dimmed">
          {t('ingest.source-form.delivery-keys-stored-help')}
        </Text>
      </Stack>
    );
  } else if (storedCount > 0 && action === 'delete') {
    body = (
      <Group gap="sm">
        <Text size="sm" c="orange.8">
          {t('ingest.source-form.delivery-keys-deleted', { count: storedCount })}
        </Text>
        <Button variant="default" size="xs" onClick={() => onChange('keep', [])}>
          {t('ingest.source-form.delivery-keys-cancel-delete')}
        </Button>
      </Group>
    );
  } else {
    const full = pairs.length >= MAX_DELIVERY_KEYS;
    body = (
      <Stack gap="sm">
        {pairs.length === 0 && storedCount === 0 && (
          <Text size="sm">{t('ingest.source-form.delivery-keys-none')}</Text>
        )}
        {pairs.map((pair, index) => {
          const number = index + 1;
          const pairTitle = t('ingest.source-form.delivery-key-pair-title', { number });
          return (
            // biome-ignore lint/suspicious/noArrayIndexKey: a pair is known by its position, which its title shows, and its inputs are controlled.
            <Paper key={index} withBorder p="sm" role="group" aria-label={pairTitle}>
              <Stack gap="xs">
                <Group justify="space-between">
                  <Text size="sm" fw={600}>
                    {pairTitle}
                  </Text>
                  <Button
                    variant="subtle"
                    color="red"
                    size="compact-xs"
                    leftSection={<IconTrash size={14} aria-hidden />}
                    aria-label={t('ingest.source-form.delivery-key-remove-label', { number })}
                    onClick={() =>
                      onChange(
                        action,
                        pairs.filter((_pair, other) => other !== index),
                      )
                    }
                  >
                    {t('ingest.source-form.delivery-key-remove')}
                  </Button>
                </Group>
                <TextInput
                  label={t('ingest.source-form.delivery-key-label')}
                  description={t('ingest.source-form.delivery-key-help')}
                  value={pair.keyHex}
                  onChange={(event) => onPairChange(index, 'keyHex', event.currentTarget.value)}
                  error={errorOf(`deliveryKeys.${index}.keyHex`)}
                  autoComplete="off"
                  spellCheck={false}
                  styles={hexInputStyles}
                  withAsterisk
                />
                <TextInput
                  label={t('ingest.source-form.delivery-iv-label')}
                  description={t('ingest.source-form.delivery-iv-help')}
                  value={pair.ivHex}
                  onChange={(event) => onPairChange(index, 'ivHex', event.currentTarget.value)}
                  error={errorOf(`deliveryKeys.${index}.ivHex`)}
                  autoComplete="off"
                  spellCheck={false}
                  styles={hexInputStyles}
                />
              </Stack>
            </Paper>
          );
        })}
        {listError && (
          <Text size="sm" c="red.8" role="alert">
            {listError}
          </Text>
        )}
        <Group gap="sm">
          <Button
            variant="default"
            size="xs"
            leftSection={<IconPlus size={14} aria-hidden />}
            onClick={() => onChange(action, [...pairs, { ...EMPTY_PAIR }])}
            disabled={full}
          >
            {t('ingest.source-form.delivery-key-add')}
          </Button>
          {full && (
            <Text size="xs" c="dimmed">
              {t('ingest.source-form.delivery-keys-limit', { max: MAX_DELIVERY_KEYS })}
            </Text>
          )}
          {storedCount > 0 && (
            <Button variant="subtle" size="compact-xs" onClick={() => onChange('keep', [])}>
              {t('ingest.source-form.delivery-keys-keep')}
            </Button>
          )}
        </Group>
      </Stack>
    );
  }

  return (
    <Stack gap="md" role="group" aria-labelledby={titleId}>
      <SectionTitle id={titleId}>{t('ingest.source-form.delivery-keys-title')}</SectionTitle>
      <Text size="sm" c="dimmed">
        {t('ingest.source-form.delivery-keys-help')}
      </Text>
      {body}
    </Stack>
  );
}

function SourceForm({ source, onClose }: { source: IngestSource | null; onClose: () => void }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const formats = useIngestFormats();
  const idPrefix = useId();
  const [values, setValues] = useState<SourceFormValues>(() =>
    source ? sourceToForm(source) : emptySourceForm(),
  );
  const [problems, setProblems] = useState<FormProblems>({});
  const [editedSinceSubmit, setEditedSinceSubmit] = useState<ReadonlySet<FormField>>(new Set());
  const hasStoredSecret = source?.hasSecret === true;
  const storedDeliveryKeyCount = source?.deliveryKeyCount ?? 0;

  const mutation = useMutation({
    mutationFn: (input: IngestSourceInput) =>
      source ? updateIngestSource(source.id, input) : createIngestSource(input),
    onSuccess: async (saved) => {
      await queryClient.invalidateQueries({ queryKey: queryKeys.ingestSources });
      notifications.show({
        color: 'green',
        message: t(source ? 'ingest.source-form.edit-success' : 'ingest.source-form.create-success', {
          name: saved.name,
        }),
      });
      onClose();
    },
  });

  // Server field errors, keyed by form field rather than API field. A field edited since the
  // last submission no longer shows the server's complaint about its old value. Adding or
  // removing a key pair renumbers the pairs, so it drops the complaints about every pair.
  const serverErrors: Partial<Record<FormField, string>> = {};
  for (const [field, message] of Object.entries(fieldErrors(t, mutation.error))) {
    const formField = formFieldOfServerField(field);
    if (!formField || editedSinceSubmit.has(formField)) continue;
    if (isDeliveryKeyField(formField) && editedSinceSubmit.has('deliveryKeys')) continue;
    serverErrors[formField] = message;
  }
  const errorOf = (field: FormField): string | undefined => {
    const problem = problems[field];
    if (problem) return t(`ingest.source-form.error.${problem.key}`, problem.params ?? {});
    return serverErrors[field];
  };
  const serverFieldCount = Object.keys(
    mutation.error instanceof ApiError ? mutation.error.fields : {},
  ).length;
  const allServerFieldsEdited = serverFieldCount > 0 && Object.keys(serverErrors).length === 0;

  const set = <K extends keyof SourceFormValues>(field: K, value: SourceFormValues[K]) => {
    setValues((previous) => ({ ...previous, [field]: value }));
    setProblems((previous) => {
      if (!(field in previous)) return previous;
      const { [field]: _removed, ...rest } = previous;
      return rest;
    });
    setEditedSinceSubmit((previous) => (previous.has(field) ? previous : new Set(previous).add(field)));
  };

  const setDeliveryKeyPair = (index: number, part: keyof DeliveryKeyPairValues, text: string) => {
    const field: FormField = `deliveryKeys.${index}.${part}`;
    setValues((previous) => ({
      ...previous,
      deliveryKeys: previous.deliveryKeys.map((pair, other) =>
        other === index ? { ...pair, [part]: text } : pair,
      ),
    }));
    setProblems((previous) => {
      if (!(field in previous)) return previous;
      const { [field]: _removed, ...rest } = previous;
      return rest;
    });
    setEditedSinceSubmit((previous) => (previous.has(field) ? previous : new Set(previous).add(field)));
  };

  // Changes the list of pairs or what to do with the stored keys. The problems found on the old
  // list no longer match its numbering, so they go until the next submission checks again.
  const changeDeliveryKeys = (action: DeliveryKeysAction, pairs: DeliveryKeyPairValues[]) => {
    setValues((previous) => ({ ...previous, deliveryKeysAction: action, deliveryKeys: pairs }));
    setProblems((previous) =>
      Object.fromEntries(
        Object.entries(previous).filter(([field]) => !isDeliveryKeyField(field as FormField)),
      ),
    );
    setEditedSinceSubmit((previous) =>
      previous.has('deliveryKeys') ? previous : new Set(previous).add('deliveryKeys'),
    );
  };

  const formatList = formats.data ?? [];
  const needsMapping = formatNeedsMapping(values.format, formatList);
  const sftp = values.kind === 'sftp';
  const polled = values.kind !== 'upload';
  const secretKept = hasStoredSecret && !values.replaceSecret;

  const submit = (event: FormEvent) => {
    event.preventDefault();
    const checked = formToInput(values, {
      formats: formatList,
      hasStoredSecret,
      hasStoredDeliveryKeys: storedDeliveryKeyCount > 0,
    });
    if ('problems' in checked) {
      setProblems(checked.problems);
      return;
    }
    setProblems({});
    setEditedSinceSubmit(new Set());
    mutation.mutate(checked.input);
  };

  // API fields whose server errors appear under their input; the alert lists the others.
  const shownFields = ['name', 'format', 'expectedPeriodHours'];
  if (needsMapping) shownFields.push('mapping');
  if (sftp) shownFields.push('host', 'port', 'username', 'hostKeyFingerprint', 'remoteFolder');
  if (sftp && !secretKept) shownFields.push('secret');
  if (values.kind === 'folder') shownFields.push('localFolder');
  if (polled) shownFields.push('filePattern', 'afterImport', 'pollIntervalMinutes', 'settleSeconds');
  if (polled && values.afterImport === 'move') shownFields.push('moveFolder');
  shownFields.push('deliveryKeys');
  values.deliveryKeys.forEach((_pair, index) => {
    shownFields.push(`deliveryKeys.${index}.keyHex`, `deliveryKeys.${index}.ivHex`);
  });

  const kindLabelId = `${idPrefix}-kind`;
  const authLabelId = `${idPrefix}-auth`;

  return (
    <form onSubmit={submit} noValidate>
      <Stack gap="md">
        <TextInput
          label={t('ingest.source-form.name-label')}
          value={values.name}
          onChange={(event) => set('name', event.currentTarget.value)}
          maxLength={MAX_NAME_LENGTH}
          error={errorOf('name')}
          withAsterisk
          data-autofocus
        />
        <Stack gap={4}>
          <ControlLabel id={kindLabelId}>{t('ingest.source-form.kind-label')}</ControlLabel>
          <SegmentedControl
            aria-labelledby={kindLabelId}
            value={values.kind}
            onChange={(value) => {
              const kind = SOURCE_KINDS.find((candidate) => candidate === value);
              if (kind) set('kind', kind);
            }}
            data={SOURCE_KINDS.map((kind) => ({ value: kind, label: t(`ingest.kind.${kind}`) }))}
          />
          <Text size="xs" c="dimmed">
            {t(`ingest.source-form.kind-help.${values.kind}`)}
          </Text>
        </Stack>
        <Select
          label={t('ingest.source-form.format-label')}
          description={t('ingest.source-form.format-help')}
          data={[
            { value: AUTO_FORMAT, label: t('ingest.auto-format') },
            ...formatList.map((format) => ({ value: format.format, label: format.label })),
          ]}
          value={values.format}
          onChange={(value) => set('format', value ?? AUTO_FORMAT)}
          allowDeselect={false}
          searchable
          nothingFoundMessage={t('common.form.nothing-found')}
          error={errorOf('format')}
        />
        <Switch
          label={t('ingest.source-form.enabled-label')}
          description={t('ingest.source-form.enabled-help')}
          checked={values.enabled}
          onChange={(event) => set('enabled', event.currentTarget.checked)}
        />

        {needsMapping && (
          <>
            <Divider />
            <SectionTitle>{t('ingest.source-form.mapping-title')}</SectionTitle>
            <Text size="sm" c="dimmed">
              {t('ingest.source-form.mapping-help')}
            </Text>
            <Textarea
              label={t('ingest.source-form.mapping-label')}
              value={values.mappingText}
              onChange={(event) => set('mappingText', event.currentTarget.value)}
              autosize
              minRows={10}
              maxRows={24}
              spellCheck={false}
              styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)', fontSize: 13 } }}
              error={mappingErrorLines(errorOf('mappingText'))}
              withAsterisk
            />
            <Group gap="sm">
              <Button
                variant="default"
                size="xs"
                onClick={() => set('mappingText', MAPPING_EXAMPLE_TEXT)}
                disabled={values.mappingText.trim() !== ''}
              >
                {t('ingest.source-form.mapping-example-button')}
              </Button>
              <Text size="xs" c="dimmed">
                {t('ingest.source-form.mapping-example-help')}
              </Text>
            </Group>
          </>
        )}

        {sftp && (
          <>
            <Divider />
            <SectionTitle>{t('ingest.source-form.sftp-title')}</SectionTitle>
            <SimpleGrid cols={{ base: 1, xs: 3 }} spacing="sm">
              <TextInput
                label={t('ingest.source-form.host-label')}
                placeholder={t('ingest.source-form.host-placeholder')}
                value={values.host}
                onChange={(event) => set('host', event.currentTarget.value)}
                error={errorOf('host')}
                withAsterisk
                style={{ gridColumn: 'span 2' }}
              />
              <NumberInput
                label={t('ingest.source-form.port-label')}
                value={values.port}
                onChange={(value) => set('port', String(value))}
                min={LIMITS.port.min}
                max={LIMITS.port.max}
                allowDecimal={false}
                allowNegative={false}
                error={errorOf('port')}
              />
            </SimpleGrid>
            <TextInput
              label={t('ingest.source-form.username-label')}
              value={values.username}
              onChange={(event) => set('username', event.currentTarget.value)}
              error={errorOf('username')}
              autoComplete="off"
              withAsterisk
            />
            <Stack gap={4}>
              <ControlLabel id={authLabelId}>{t('ingest.source-form.auth-label')}</ControlLabel>
              <SegmentedControl
                aria-labelledby={authLabelId}
                value={values.authMethod}
                onChange={(value) => {
                  const method = SOURCE_AUTH_METHODS.find((candidate) => candidate === value);
                  if (!method) return;
                  set('authMethod', method);
                  // A stored password cannot serve as a key, nor the reverse: ask for the new one.
                  if (hasStoredSecret && method !== source?.authMethod) set('replaceSecret', true);
                }}
                data={SOURCE_AUTH_METHODS.map((method) => ({
                  value: method,
                  label: t(`ingest.source-form.auth.${method}`),
                }))}
              />
            </Stack>
            {secretKept ? (
              <Stack gap={4}>
                <Text size="sm" fw={500}>
                  {t(`ingest.source-form.secret-label.${values.authMethod}`)}
                </Text>
                <Group gap="sm">
                  <Badge
                    color="green"
                    variant="light"
                    tt="none"
                    leftSection={<IconLock size={12} aria-hidden />}
                    styles={{ label: { overflow: 'visible' } }}
                  >
                    {t('ingest.source-form.secret-stored')}
                  </Badge>
                  <Button variant="default" size="xs" onClick={() => set('replaceSecret', true)}>
                    {t('ingest.source-form.secret-replace')}
                  </Button>
                </Group>
                <Text size="xs" c="dimmed">
                  {t('ingest.source-form.secret-stored-help')}
                </Text>
              </Stack>
            ) : (
              <Stack gap={4}>
                {values.authMethod === 'password' ? (
                  <PasswordInput
                    label={t('ingest.source-form.secret-label.password')}
                    value={values.secret}
                    onChange={(event) => set('secret', event.currentTarget.value)}
                    error={errorOf('secret')}
                    autoComplete="new-password"
                    withAsterisk
                  />
                ) : (
                  <Textarea
                    label={t('ingest.source-form.secret-label.key')}
                    description={t('ingest.source-form.key-help')}
                    placeholder="-----BEGIN OPENSSH PRIVATE KEY-----"
                    value={values.secret}
                    onChange={(event) => set('secret', event.currentTarget.value)}
                    autosize
                    minRows={4}
                    maxRows={12}
                    spellCheck={false}
                    styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)', fontSize: 12 } }}
                    error={errorOf('secret')}
                    withAsterisk
                  />
                )}
                {hasStoredSecret && (
                  <Group>
                    <Button
                      variant="subtle"
                      size="compact-xs"
                      onClick={() => {
                        set('replaceSecret', false);
                        set('secret', '');
                        if (source?.authMethod) set('authMethod', source.authMethod);
                      }}
                    >
                      {t('ingest.source-form.secret-keep')}
                    </Button>
                  </Group>
                )}
              </Stack>
            )}
            <TextInput
              label={t('ingest.source-form.fingerprint-label')}
              placeholder="SHA256:…"
              value={values.hostKeyFingerprint}
              onChange={(event) => set('hostKeyFingerprint', event.currentTarget.value)}
              error={errorOf('hostKeyFingerprint')}
              styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
              description={
                <>
                  {t('ingest.source-form.fingerprint-help-command')}{' '}
                  <Code>{`ssh-keyscan -p ${values.port.trim() || '22'} ${values.host.trim() || t('ingest.source-form.fingerprint-host-placeholder')} | ssh-keygen -lf -`}</Code>
                  {'. '}
                  {t('ingest.source-form.fingerprint-help-test')}
                </>
              }
            />
            <TextInput
              label={t('ingest.source-form.remote-folder-label')}
              placeholder="/"
              value={values.remoteFolder}
              onChange={(event) => set('remoteFolder', event.currentTarget.value)}
              error={errorOf('remoteFolder')}
            />
          </>
        )}

        {values.kind === 'folder' && (
          <>
            <Divider />
            <SectionTitle>{t('ingest.source-form.folder-title')}</SectionTitle>
            <TextInput
              label={t('ingest.source-form.local-folder-label')}
              description={t('ingest.source-form.local-folder-help')}
              placeholder="/srv/openfluides/depots/gtb"
              value={values.localFolder}
              onChange={(event) => set('localFolder', event.currentTarget.value)}
              error={errorOf('localFolder')}
              withAsterisk
            />
          </>
        )}

        <Divider />
        <DeliveryKeysSection
          pairs={values.deliveryKeys}
          action={values.deliveryKeysAction}
          storedCount={storedDeliveryKeyCount}
          errorOf={errorOf}
          onPairChange={setDeliveryKeyPair}
          onChange={changeDeliveryKeys}
        />

        <Divider />
        <SectionTitle>{t('ingest.source-form.schedule-title')}</SectionTitle>
        {polled && (
          <>
            <TextInput
              label={t('ingest.source-form.pattern-label')}
              description={t('ingest.source-form.pattern-help')}
              value={values.filePattern}
              onChange={(event) => set('filePattern', event.currentTarget.value)}
              error={errorOf('filePattern')}
              styles={{ input: { fontFamily: 'var(--mantine-font-family-monospace)' } }}
            />
            <SimpleGrid cols={{ base: 1, xs: 2 }} spacing="sm">
              <Select
                label={t('ingest.source-form.after-import-label')}
                data={AFTER_IMPORT_ACTIONS.map((action) => ({
                  value: action,
                  label: t(`ingest.source-form.after-import.${action}`),
                }))}
                value={values.afterImport}
                onChange={(value) => {
                  if (isAfterImportAction(value)) set('afterImport', value);
                }}
                allowDeselect={false}
                error={errorOf('afterImport')}
              />
              {values.afterImport === 'move' && (
                <TextInput
                  label={t('ingest.source-form.move-folder-label')}
                  placeholder={sftp ? '/archives' : '/srv/openfluides/depots/gtb/importes'}
                  value={values.moveFolder}
                  onChange={(event) => set('moveFolder', event.currentTarget.value)}
                  error={errorOf('moveFolder')}
                  withAsterisk
                />
              )}
            </SimpleGrid>
            {values.afterImport === 'delete' && (
              <Text size="xs" c="orange.8">
                {t('ingest.source-form.after-import-delete-help')}
              </Text>
            )}
          </>
        )}
        <Stack gap="md">
          {polled && (
            <NumberInput
              label={t('ingest.source-form.poll-interval-label')}
              description={t('ingest.source-form.poll-interval-help')}
              value={values.pollIntervalMinutes}
              onChange={(value) => set('pollIntervalMinutes', String(value))}
              min={LIMITS.pollIntervalMinutes.min}
              max={LIMITS.pollIntervalMinutes.max}
              allowDecimal={false}
              allowNegative={false}
              error={errorOf('pollIntervalMinutes')}
            />
          )}
          <NumberInput
            label={t('ingest.source-form.expected-period-label')}
            description={t('ingest.source-form.expected-period-help')}
            value={values.expectedPeriodHours}
            onChange={(value) => set('expectedPeriodHours', String(value))}
            min={LIMITS.expectedPeriodHours.min}
            max={LIMITS.expectedPeriodHours.max}
            allowDecimal={false}
            allowNegative={false}
            error={errorOf('expectedPeriodHours')}
          />
          {polled && (
            <NumberInput
              label={t('ingest.source-form.settle-label')}
              description={t('ingest.source-form.settle-help')}
              value={values.settleSeconds}
              onChange={(value) => set('settleSeconds', String(value))}
              min={LIMITS.settleSeconds.min}
              max={LIMITS.settleSeconds.max}
              allowDecimal={false}
              allowNegative={false}
              error={errorOf('settleSeconds')}
            />
          )}
        </Stack>

        {!allServerFieldsEdited && <ErrorAlert error={mutation.error} shownFields={shownFields} />}
        {Object.keys(problems).length > 0 && (
          <Text size="sm" c="red.8" role="alert">
            {t('ingest.source-form.fix-problems')}
          </Text>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('common.action.cancel')}
          </Button>
          <Button type="submit" loading={mutation.isPending}>
            {source ? t('common.action.save') : t('ingest.source-form.create-submit-button')}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}

/** Side panel to create a source or change one. */
export function SourceFormDrawer({
  opened,
  source,
  onClose,
}: {
  opened: boolean;
  source: IngestSource | null;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  return (
    <Drawer
      opened={opened}
      onClose={onClose}
      position="right"
      size="lg"
      title={
        source
          ? t('ingest.source-form.edit-title', { name: source.name })
          : t('ingest.source-form.create-title')
      }
      styles={{ title: { fontWeight: 650, fontSize: 'var(--mantine-font-size-lg)' } }}
    >
      {/* The drawer unmounts its content once closed, so each opening starts from the source again. */}
      <SourceForm key={source?.id ?? 'new'} source={source} onClose={onClose} />
    </Drawer>
  );
}
