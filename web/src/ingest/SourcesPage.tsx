import {
  ActionIcon,
  Alert,
  Badge,
  Button,
  Center,
  Group,
  Loader,
  Modal,
  Paper,
  ScrollArea,
  Stack,
  Table,
  Text,
  Tooltip,
  VisuallyHidden,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import {
  IconAlertTriangle,
  IconCircleCheck,
  IconKey,
  IconPencil,
  IconPlugConnected,
  IconPlus,
  IconRefresh,
  IconTrash,
} from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { TFunction } from 'i18next';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { deleteIngestSource, pollIngestSource, testIngestSource } from '../api/endpoints';
import { errorMessage, fieldErrors } from '../api/error-messages';
import { queryKeys, useIngestFormats, useIngestSources } from '../api/queries';
import type { IngestSource, PollResult, SourceTestResult } from '../api/types';
import { ConfirmModal } from '../components/ConfirmModal';
import { ErrorAlert } from '../components/ErrorAlert';
import { NoValue } from '../components/Field';
import { PageHeader } from '../components/PageHeader';
import { useFormat } from '../use-format';
import { fileSizeLabel, formatLabel } from './labels';
import { SourceFormDrawer } from './SourceFormDrawer';
import { SourceStatusBadge } from './StatusBadges';

/**
 * Drawer state. The source, null for a new one, stays set while the drawer closes, so its title
 * and fields do not change during the closing transition.
 */
interface Editor {
  opened: boolean;
  source: IngestSource | null;
}

/** Returns where a source takes its files from, in one line: `depot@sftp.example.fr:2222 /depot`, a folder, or null. */
function locationOf(source: IngestSource): string | null {
  if (source.kind === 'sftp') {
    const port = source.port !== null && source.port !== 22 ? `:${source.port}` : '';
    return `${source.username ?? ''}@${source.host ?? ''}${port} ${source.remoteFolder}`;
  }
  if (source.kind === 'folder') return source.localFolder;
  return null;
}

/** Summary of a poll for the notification: queued on the job queue, or what the poll found. */
function pollMessage(t: TFunction, source: IngestSource, result: PollResult): string {
  if (result.queued || result.report === null) {
    return t('ingest.sources.poll-queued', { name: source.name, jobId: result.jobId ?? '—' });
  }
  const report = result.report;
  return t('ingest.sources.poll-done', {
    name: source.name,
    listed: report.listed,
    imported: report.imported.length,
    duplicates: report.duplicates,
    deferred: report.deferred,
  });
}

function TestResultModal({
  source,
  result,
  onClose,
}: {
  source: IngestSource | null;
  result: SourceTestResult | null;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const format = useFormat();
  return (
    <Modal
      opened={source !== null && result !== null}
      onClose={onClose}
      title={t('ingest.sources.test-title', { name: source?.name ?? '' })}
      size="xl"
      centered
    >
      {result && (
        <Stack gap="md">
          <Alert
            color={result.ok ? 'green' : 'red'}
            variant="light"
            icon={
              result.ok ? (
                <IconCircleCheck size={20} aria-hidden />
              ) : (
                <IconAlertTriangle size={20} aria-hidden />
              )
            }
            role={result.ok ? 'status' : 'alert'}
          >
            <Text size="sm" style={{ whiteSpace: 'pre-wrap', wordBreak: 'break-word' }}>
              {result.message}
            </Text>
          </Alert>
          {result.files.length > 0 && (
            <Stack gap={6}>
              <Text size="sm" fw={600}>
                {t('ingest.sources.test-files-title', { count: result.files.length })}
              </Text>
              <ScrollArea.Autosize mah={360} type="auto">
                <Table withTableBorder striped verticalSpacing={4} stickyHeader>
                  <Table.Thead bg="gray.0">
                    <Table.Tr>
                      <Table.Th>{t('ingest.sources.test-column-name')}</Table.Th>
                      <Table.Th ta="right">{t('ingest.sources.test-column-size')}</Table.Th>
                      <Table.Th>{t('ingest.sources.test-column-modified')}</Table.Th>
                    </Table.Tr>
                  </Table.Thead>
                  <Table.Tbody>
                    {result.files.map((file) => (
                      <Table.Tr key={file.name}>
                        <Table.Td>
                          <Text size="sm" ff="monospace" style={{ wordBreak: 'break-all' }}>
                            {file.name}
                          </Text>
                        </Table.Td>
                        <Table.Td ta="right" style={{ whiteSpace: 'nowrap' }}>
                          {fileSizeLabel(t, file.size, format.language)}
                        </Table.Td>
                        <Table.Td style={{ whiteSpace: 'nowrap' }}>{format.dateTime(file.mtime)}</Table.Td>
                      </Table.Tr>
                    ))}
                  </Table.Tbody>
                </Table>
              </ScrollArea.Autosize>
            </Stack>
          )}
          <Group justify="flex-end">
            <Button variant="default" onClick={onClose}>
              {t('ingest.common.close')}
            </Button>
          </Group>
        </Stack>
      )}
    </Modal>
  );
}

function SourceRow({
  source,
  now,
  onEdit,
  onDelete,
  onTest,
  onPoll,
  testing,
  polling,
}: {
  source: IngestSource;
  now: Date;
  onEdit: () => void;
  onDelete: () => void;
  onTest: () => void;
  onPoll: () => void;
  testing: boolean;
  polling: boolean;
}) {
  const { t } = useTranslation();
  const format = useFormat();
  const formats = useIngestFormats();
  const location = locationOf(source);
  const manual = source.kind === 'upload';
  return (
    <Table.Tr data-source-name={source.name}>
      <Table.Td miw={200}>
        <Group gap={6} wrap="wrap">
          <Text size="sm" fw={500}>
            {source.name}
          </Text>
          {source.deliveryKeyCount > 0 && (
            <Tooltip label={t('ingest.sources.delivery-keys-badge-help')} multiline maw={320} withArrow>
              <Badge
                size="sm"
                variant="light"
                color="grape"
                tt="none"
                leftSection={<IconKey size={12} aria-hidden />}
                styles={{ label: { overflow: 'visible' } }}
              >
                {t('ingest.sources.delivery-keys-badge', { count: source.deliveryKeyCount })}
              </Badge>
            </Tooltip>
          )}
        </Group>
        {location && (
          <Text size="xs" c="dimmed" ff="monospace" style={{ overflowWrap: 'anywhere' }}>
            {location}
            {source.filePattern !== '*' && ` · ${source.filePattern}`}
          </Text>
        )}
      </Table.Td>
      <Table.Td style={{ whiteSpace: 'nowrap' }}>
        <Text size="sm">{t(`ingest.kind.${source.kind}`)}</Text>
      </Table.Td>
      <Table.Td>
        <Text size="sm">{formatLabel(t, source.format, formats.data)}</Text>
      </Table.Td>
      <Table.Td>
        <SourceStatusBadge source={source} now={now} />
      </Table.Td>
      <Table.Td style={{ whiteSpace: 'nowrap' }}>
        {source.lastFileAt ? <Text size="sm">{format.dateTime(source.lastFileAt)}</Text> : <NoValue />}
      </Table.Td>
      <Table.Td maw={320}>
        {source.lastError ? (
          <Tooltip label={source.lastError} multiline maw={420} withArrow>
            <Text size="sm" c="red.8" lineClamp={2}>
              {source.lastErrorAt && (
                <Text span size="xs" c="dimmed" mr={6}>
                  {format.dateTime(source.lastErrorAt)}
                </Text>
              )}
              {source.lastError}
            </Text>
          </Tooltip>
        ) : (
          <NoValue />
        )}
      </Table.Td>
      <Table.Td>
        <Group gap={4} wrap="nowrap" justify="flex-end">
          <Tooltip label={manual ? t('ingest.sources.manual-no-poll') : t('ingest.sources.test-button')}>
            <ActionIcon
              variant="subtle"
              color="gray"
              aria-label={t('ingest.sources.test-label', { name: source.name })}
              onClick={onTest}
              loading={testing}
              disabled={manual}
            >
              <IconPlugConnected size={18} aria-hidden />
            </ActionIcon>
          </Tooltip>
          <Tooltip label={manual ? t('ingest.sources.manual-no-poll') : t('ingest.sources.poll-button')}>
            <ActionIcon
              variant="subtle"
              color="gray"
              aria-label={t('ingest.sources.poll-label', { name: source.name })}
              onClick={onPoll}
              loading={polling}
              disabled={manual || !source.enabled}
            >
              <IconRefresh size={18} aria-hidden />
            </ActionIcon>
          </Tooltip>
          <Tooltip label={t('ingest.sources.edit-button')}>
            <ActionIcon
              variant="subtle"
              color="gray"
              aria-label={t('ingest.sources.edit-label', { name: source.name })}
              onClick={onEdit}
            >
              <IconPencil size={18} aria-hidden />
            </ActionIcon>
          </Tooltip>
          <Tooltip label={t('ingest.sources.delete-button')}>
            <ActionIcon
              variant="subtle"
              color="red"
              aria-label={t('ingest.sources.delete-label', { name: source.name })}
              onClick={onDelete}
            >
              <IconTrash size={18} aria-hidden />
            </ActionIcon>
          </Tooltip>
        </Group>
      </Table.Td>
    </Table.Tr>
  );
}

/**
 * Sources of automatic ingestion: SFTP servers and watched folders that the platform polls, and
 * manual drops. Platform administrators only, as the API requires.
 */
export function SourcesPage() {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const sources = useIngestSources();
  const [editor, setEditor] = useState<Editor>({ opened: false, source: null });
  const [deletedSource, setDeletedSource] = useState<IngestSource | null>(null);
  const [tested, setTested] = useState<{ source: IngestSource; result: SourceTestResult } | null>(null);
  const now = new Date(sources.dataUpdatedAt || Date.now());

  const deleteMutation = useMutation({
    mutationFn: (source: IngestSource) => deleteIngestSource(source.id),
    onSuccess: async (_result, source) => {
      await queryClient.invalidateQueries({ queryKey: queryKeys.ingestSources });
      notifications.show({
        color: 'green',
        message: t('ingest.sources.delete-success', { name: source.name }),
      });
      setDeletedSource(null);
    },
  });

  const testMutation = useMutation({
    mutationFn: (source: IngestSource) => testIngestSource(source.id),
    onSuccess: (result, source) => setTested({ source, result }),
    onError: (error) => notifications.show({ color: 'red', message: errorMessage(t, error) }),
  });

  const pollMutation = useMutation({
    mutationFn: (source: IngestSource) => pollIngestSource(source.id),
    onSuccess: async (result, source) => {
      notifications.show({ color: 'green', message: pollMessage(t, source, result) });
      await queryClient.invalidateQueries({ queryKey: queryKeys.ingestSources });
      await queryClient.invalidateQueries({ queryKey: queryKeys.importRuns });
    },
    onError: async (error, source) => {
      // A transfer failure comes back as a field error on `source`, in French.
      const transferProblem = fieldErrors(t, error).source;
      notifications.show({
        color: 'red',
        title: t('ingest.sources.poll-failed', { name: source.name }),
        message: transferProblem ?? errorMessage(t, error),
        autoClose: false,
      });
      await queryClient.invalidateQueries({ queryKey: queryKeys.ingestSources });
    },
  });

  const closeEditor = () => setEditor((previous) => ({ ...previous, opened: false }));

  return (
    <>
      <PageHeader
        title={t('ingest.sources.title')}
        description={t('ingest.sources.description')}
        actions={
          <Button
            leftSection={<IconPlus size={16} aria-hidden />}
            onClick={() => setEditor({ opened: true, source: null })}
          >
            {t('ingest.sources.create-button')}
          </Button>
        }
      />
      <Paper withBorder>
        <ErrorAlert error={sources.error} />
        {sources.isPending ? (
          <Center p="xl">
            <Loader aria-label={t('common.status.loading')} />
          </Center>
        ) : sources.data?.length === 0 ? (
          <Text p="xl" ta="center" c="dimmed">
            {t('ingest.sources.empty')}
          </Text>
        ) : (
          sources.data && (
            <Table.ScrollContainer minWidth={980}>
              <Table highlightOnHover horizontalSpacing="sm">
                <Table.Thead bg="gray.0">
                  <Table.Tr>
                    <Table.Th>{t('ingest.sources.column-name')}</Table.Th>
                    <Table.Th>{t('ingest.sources.column-kind')}</Table.Th>
                    <Table.Th>{t('ingest.sources.column-format')}</Table.Th>
                    <Table.Th>{t('ingest.sources.column-status')}</Table.Th>
                    <Table.Th style={{ whiteSpace: 'nowrap' }}>
                      {t('ingest.sources.column-last-file')}
                    </Table.Th>
                    <Table.Th style={{ whiteSpace: 'nowrap' }}>
                      {t('ingest.sources.column-last-error')}
                    </Table.Th>
                    <Table.Th>
                      <VisuallyHidden>{t('common.table.actions')}</VisuallyHidden>
                    </Table.Th>
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {sources.data.map((source) => (
                    <SourceRow
                      key={source.id}
                      source={source}
                      now={now}
                      onEdit={() => setEditor({ opened: true, source })}
                      onDelete={() => {
                        deleteMutation.reset();
                        setDeletedSource(source);
                      }}
                      onTest={() => testMutation.mutate(source)}
                      onPoll={() => pollMutation.mutate(source)}
                      testing={testMutation.isPending && testMutation.variables?.id === source.id}
                      polling={pollMutation.isPending && pollMutation.variables?.id === source.id}
                    />
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          )
        )}
      </Paper>

      <SourceFormDrawer opened={editor.opened} source={editor.source} onClose={closeEditor} />

      <TestResultModal
        source={tested?.source ?? null}
        result={tested?.result ?? null}
        onClose={() => setTested(null)}
      />

      <ConfirmModal
        opened={deletedSource !== null}
        title={t('ingest.sources.delete-title')}
        message={t('ingest.sources.delete-message', { name: deletedSource?.name ?? '' })}
        confirmLabel={t('ingest.sources.delete-confirm-button')}
        loading={deleteMutation.isPending}
        error={deleteMutation.error}
        onConfirm={() => {
          if (deletedSource) deleteMutation.mutate(deletedSource);
        }}
        onClose={() => setDeletedSource(null)}
      />
    </>
  );
}
