import { Alert, Anchor, Group, Stack, Table, Text, Title } from '@mantine/core';
import { IconAlertTriangle, IconCopy } from '@tabler/icons-react';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { useIngestFormats } from '../api/queries';
import type { IngestOutcome } from '../api/types';
import { NoValue } from '../components/Field';
import { useFormat } from '../use-format';
import { COUNT_NAMES, CountsGrid } from './CountsGrid';
import { IssuesTable } from './IssuesTable';
import { formatLabel } from './labels';
import { importRunPath } from './paths';
import { RunStatusBadge } from './StatusBadges';

/** Link to the journal entry of an import, or a dash when the outcome names none. */
function RunLink({ runId }: { runId: string | null }) {
  const { t } = useTranslation();
  if (runId === null) return <NoValue />;
  return (
    <Anchor component={Link} to={importRunPath(runId)} size="sm">
      {t('ingest.outcome.run-link', { id: runId })}
    </Anchor>
  );
}

/**
 * Shows what importing one file did: the duplicate notice, or its status, counts, fatal error and first
 * problems, with a link to its journal entry.
 */
export function OutcomeView({ outcome, maxIssues = 20 }: { outcome: IngestOutcome; maxIssues?: number }) {
  const { t } = useTranslation();
  const format = useFormat();
  const formats = useIngestFormats();

  if (outcome.duplicate) {
    return (
      <Alert color="blue" variant="light" icon={<IconCopy size={20} aria-hidden />} role="status">
        <Stack gap={6}>
          <Text size="sm">
            {outcome.importRunId === null
              ? t('ingest.outcome.duplicate-no-run')
              : t('ingest.outcome.duplicate', { id: outcome.importRunId })}
          </Text>
          <RunLink runId={outcome.importRunId} />
        </Stack>
      </Alert>
    );
  }

  const shownIssues = outcome.issues.slice(0, maxIssues);
  return (
    <Stack gap="md">
      <Group gap="sm" wrap="wrap">
        <RunStatusBadge status={outcome.status} size="lg" />
        {outcome.format && (
          <Text size="sm" c="dimmed">
            {t('ingest.outcome.format', { format: formatLabel(t, outcome.format, formats.data) })}
          </Text>
        )}
        <Group ml="auto">
          <RunLink runId={outcome.importRunId} />
        </Group>
      </Group>
      <CountsGrid counts={outcome.counts} />
      {outcome.fatalError && (
        <Alert
          color="red"
          variant="light"
          icon={<IconAlertTriangle size={20} aria-hidden />}
          title={t('ingest.outcome.fatal-title')}
          role="alert"
        >
          {outcome.fatalError}
        </Alert>
      )}
      {shownIssues.length > 0 && (
        <Stack gap={6}>
          <Title order={3} fz={15} fw={650}>
            {t('ingest.outcome.issues-title', {
              count: outcome.issueCount,
              formatted: format.number(outcome.issueCount),
            })}
          </Title>
          <IssuesTable issues={shownIssues} maxHeight={360} />
          {outcome.issueCount > shownIssues.length && (
            <Text size="sm" c="dimmed">
              {t('ingest.outcome.issues-more', {
                shown: format.number(shownIssues.length),
                total: format.number(outcome.issueCount),
              })}
            </Text>
          )}
        </Stack>
      )}
    </Stack>
  );
}

/** Lists each file imported again, as after mapping an identifier: journal entry, status and counts. */
export function OutcomesTable({ outcomes }: { outcomes: IngestOutcome[] }) {
  const { t } = useTranslation();
  const format = useFormat();
  return (
    <Table.ScrollContainer minWidth={640}>
      <Table withTableBorder verticalSpacing={6}>
        <Table.Thead bg="gray.0">
          <Table.Tr>
            <Table.Th>{t('ingest.outcome.column-run')}</Table.Th>
            <Table.Th>{t('ingest.outcome.column-status')}</Table.Th>
            {COUNT_NAMES.map((name) => (
              <Table.Th key={name} ta="right">
                {t(`ingest.count.${name}`)}
              </Table.Th>
            ))}
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {outcomes.map((outcome) => (
            <Table.Tr key={`${outcome.rawFileId}-${outcome.importRunId}`}>
              <Table.Td>
                <RunLink runId={outcome.importRunId} />
              </Table.Td>
              <Table.Td>
                <RunStatusBadge status={outcome.status} />
              </Table.Td>
              {COUNT_NAMES.map((name) => (
                <Table.Td key={name} ta="right">
                  {format.number(outcome.counts[name])}
                </Table.Td>
              ))}
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Table.ScrollContainer>
  );
}
