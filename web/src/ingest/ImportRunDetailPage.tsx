import {
  Alert,
  Anchor,
  Badge,
  Button,
  Center,
  Group,
  List,
  Loader,
  Paper,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { IconAlertTriangle, IconArrowLeft, IconDownload, IconRefresh } from '@tabler/icons-react';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useParams } from 'react-router';
import { importRunRejectedCsvUrl, rawFileContentUrl, reprocessImportRun } from '../api/endpoints';
import { queryKeys, useImportRun, useIngestFormats } from '../api/queries';
import type { ImportRunDetail } from '../api/types';
import { ConfirmModal } from '../components/ConfirmModal';
import { ErrorAlert } from '../components/ErrorAlert';
import { Field, NoValue } from '../components/Field';
import { PageHeader } from '../components/PageHeader';
import { useFormat } from '../use-format';
import { CountsGrid } from './CountsGrid';
import { IssuesTable } from './IssuesTable';
import { durationLabel, formatLabel, originLabel, RUN_STATUS_COLORS } from './labels';
import { IMPORT_RUNS_PATH, importRunPath } from './paths';
import { RunStatusBadge } from './StatusBadges';

function RunProperties({ run }: { run: ImportRunDetail }) {
  const { t } = useTranslation();
  const format = useFormat();
  const formats = useIngestFormats();
  const durationMs = run.finishedAt
    ? new Date(run.finishedAt).getTime() - new Date(run.startedAt).getTime()
    : null;
  return (
    <SimpleGrid cols={{ base: 1, sm: 2, lg: 4 }} spacing="lg">
      <Field label={t('ingest.run.file')}>
        {run.fileName ? (
          <Text size="sm" ff="monospace" style={{ wordBreak: 'break-all' }}>
            {run.fileName}
          </Text>
        ) : (
          <NoValue />
        )}
      </Field>
      <Field label={t('ingest.run.origin')}>
        <Text size="sm">{originLabel(t, run.origin)}</Text>
      </Field>
      <Field label={t('ingest.run.format')}>
        <Text size="sm">{formatLabel(t, run.format, formats.data)}</Text>
      </Field>
      <Field label={t('ingest.run.status')}>
        <RunStatusBadge status={run.status} />
      </Field>
      <Field label={t('ingest.run.started')}>
        <Text size="sm">{format.dateTime(run.startedAt, true)}</Text>
      </Field>
      <Field label={t('ingest.run.finished')}>
        {run.finishedAt ? <Text size="sm">{format.dateTime(run.finishedAt, true)}</Text> : <NoValue />}
      </Field>
      <Field label={t('ingest.run.duration')}>
        {durationMs === null ? (
          <NoValue />
        ) : (
          <Text size="sm">{durationLabel(t, durationMs, format.language)}</Text>
        )}
      </Field>
      <Field label={t('ingest.run.sha256')}>
        {run.sha256 ? (
          <Text size="xs" ff="monospace" style={{ wordBreak: 'break-all' }} title={run.sha256}>
            {run.sha256}
          </Text>
        ) : (
          <NoValue />
        )}
      </Field>
    </SimpleGrid>
  );
}

function ArrivalsTable({ run }: { run: ImportRunDetail }) {
  const { t } = useTranslation();
  const format = useFormat();
  return (
    <Table.ScrollContainer minWidth={820}>
      <Table withTableBorder verticalSpacing={6}>
        <Table.Thead bg="gray.0">
          <Table.Tr>
            <Table.Th>{t('ingest.run.arrivals-column-date')}</Table.Th>
            <Table.Th>{t('ingest.run.arrivals-column-name')}</Table.Th>
            <Table.Th>{t('ingest.run.arrivals-column-source')}</Table.Th>
            <Table.Th>{t('ingest.run.arrivals-column-outcome')}</Table.Th>
            <Table.Th>{t('ingest.run.arrivals-column-run')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {run.arrivals.map((arrival, index) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: arrivals come in delivery order and may repeat a name and time.
            <Table.Tr key={`${arrival.arrivedAt}-${index}`}>
              <Table.Td style={{ whiteSpace: 'nowrap' }}>{format.dateTime(arrival.arrivedAt, true)}</Table.Td>
              <Table.Td>
                <Text size="sm" ff="monospace" style={{ wordBreak: 'break-all' }}>
                  {arrival.remotePath ?? arrival.fileName}
                </Text>
              </Table.Td>
              <Table.Td>
                {arrival.sourceName ? <Text size="sm">{arrival.sourceName}</Text> : <NoValue />}
              </Table.Td>
              <Table.Td>
                <Badge
                  variant="light"
                  color={arrival.outcome === 'imported' ? 'green' : 'gray'}
                  tt="none"
                  styles={{ label: { overflow: 'visible' } }}
                >
                  {t(`ingest.run.arrival-outcome.${arrival.outcome}`)}
                </Badge>
              </Table.Td>
              <Table.Td>
                {arrival.importRunId === null ? (
                  <NoValue />
                ) : arrival.importRunId === run.id ? (
                  <Text size="sm" c="dimmed">
                    {t('ingest.run.this-run')}
                  </Text>
                ) : (
                  <Anchor component={Link} to={importRunPath(arrival.importRunId)} size="sm">
                    {t('ingest.outcome.run-link', { id: arrival.importRunId })}
                  </Anchor>
                )}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}

/**
 * Shows one import of the journal: its counts, fatal error, rejected rows and remarks, the deliveries of
 * its file, and the actions to download the rejects or the original file and to import it again.
 */
export function ImportRunDetailPage() {
  const { t } = useTranslation();
  const format = useFormat();
  const navigate = useNavigate();
  const queryClient = useQueryClient();
  const { id = '' } = useParams();
  const runQuery = useImportRun(id);
  const [confirmingReprocess, setConfirmingReprocess] = useState(false);

  const reprocess = useMutation({
    mutationFn: () => reprocessImportRun(id),
    onSuccess: async (outcome) => {
      await queryClient.invalidateQueries({ queryKey: queryKeys.importRuns });
      setConfirmingReprocess(false);
      notifications.show({
        color: RUN_STATUS_COLORS[outcome.status],
        message: t('ingest.run.reprocess-success', {
          id: outcome.importRunId ?? '—',
          status: t(`ingest.run-status.${outcome.status}`),
          stored: format.number(outcome.counts.stored),
          rejected: format.number(outcome.counts.rejected),
        }),
      });
      if (outcome.importRunId !== null && outcome.importRunId !== id) {
        await navigate(importRunPath(outcome.importRunId));
      }
    },
  });

  const backLink = (
    <Anchor component={Link} to={IMPORT_RUNS_PATH} size="sm">
      <Group gap={4} wrap="nowrap">
        <IconArrowLeft size={14} aria-hidden />
        {t('ingest.run.back')}
      </Group>
    </Anchor>
  );

  if (runQuery.isPending) {
    return (
      <Center p="xl">
        <Loader aria-label={t('common.status.loading')} />
      </Center>
    );
  }
  if (runQuery.isError) {
    return (
      <Stack maw={720}>
        {backLink}
        <ErrorAlert error={runQuery.error} />
      </Stack>
    );
  }

  const run = runQuery.data;
  const errorCount = run.issues.filter((issue) => issue.severity === 'error').length;
  const warningCount = run.issues.length - errorCount;
  return (
    <>
      {backLink}
      <PageHeader
        title={t('ingest.run.title', { id: run.id })}
        description={run.fileName ?? undefined}
        actions={
          <>
            <Button
              component="a"
              href={importRunRejectedCsvUrl(run.id)}
              download
              variant="default"
              leftSection={<IconDownload size={16} aria-hidden />}
              disabled={run.issues.length === 0}
            >
              {t('ingest.run.download-rejected')}
            </Button>
            {run.rawFileId && (
              <Button
                component="a"
                href={rawFileContentUrl(run.rawFileId)}
                download
                variant="default"
                leftSection={<IconDownload size={16} aria-hidden />}
              >
                {t('ingest.run.download-original')}
              </Button>
            )}
            {run.rawFileId && (
              <Button
                leftSection={<IconRefresh size={16} aria-hidden />}
                onClick={() => {
                  reprocess.reset();
                  setConfirmingReprocess(true);
                }}
              >
                {t('ingest.run.reprocess-button')}
              </Button>
            )}
          </>
        }
      />
      <Stack gap="lg" maw={1400}>
        <Paper withBorder p="xl">
          <Stack gap="lg">
            <RunProperties run={run} />
            <CountsGrid counts={run.counts} />
            {run.fatalError && (
              <Alert
                color="red"
                variant="light"
                icon={<IconAlertTriangle size={20} aria-hidden />}
                title={t('ingest.outcome.fatal-title')}
                role="alert"
              >
                {run.fatalError}
              </Alert>
            )}
          </Stack>
        </Paper>

        <Paper withBorder p="xl">
          <Title order={2} fz={18} fw={650} mb={4}>
            {t('ingest.run.issues-title')}
          </Title>
          <Text size="sm" c="dimmed" mb="md">
            {run.issues.length === 0
              ? t('ingest.run.issues-none')
              : t('ingest.run.issues-summary', {
                  errors: format.number(errorCount),
                  warnings: format.number(warningCount),
                })}
          </Text>
          {run.issues.length > 0 && <IssuesTable issues={run.issues} maxHeight={560} />}
          {run.counts.rejected > run.issues.length && run.issues.length > 0 && (
            <Text size="sm" c="dimmed" mt="sm">
              {t('ingest.run.issues-truncated', { shown: format.number(run.issues.length) })}
            </Text>
          )}
          {run.legacyErrors.length > 0 && (
            <List size="sm" mt="md" spacing={4}>
              {run.legacyErrors.map((message, index) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: the list never changes order, and two messages may be identical.
                <List.Item key={index}>{message}</List.Item>
              ))}
            </List>
          )}
        </Paper>

        <Paper withBorder p="xl">
          <Title order={2} fz={18} fw={650} mb={4}>
            {t('ingest.run.arrivals-title')}
          </Title>
          <Text size="sm" c="dimmed" mb="md">
            {run.arrivals.length === 0 ? t('ingest.run.arrivals-none') : t('ingest.run.arrivals-description')}
          </Text>
          {run.arrivals.length > 0 && <ArrivalsTable run={run} />}
        </Paper>
      </Stack>

      <ConfirmModal
        opened={confirmingReprocess}
        title={t('ingest.run.reprocess-title')}
        message={t('ingest.run.reprocess-message', { name: run.fileName ?? run.id })}
        confirmLabel={t('ingest.run.reprocess-confirm-button')}
        loading={reprocess.isPending}
        error={reprocess.error}
        onConfirm={() => reprocess.mutate()}
        onClose={() => setConfirmingReprocess(false)}
      />
    </>
  );
}
