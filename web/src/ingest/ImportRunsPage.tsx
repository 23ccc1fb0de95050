import {
  Anchor,
  Button,
  Center,
  Group,
  Loader,
  Pagination,
  Paper,
  Select,
  Stack,
  Table,
  Text,
  TextInput,
} from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { IconFilterOff, IconSearch } from '@tabler/icons-react';
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import type { ImportRunQuery } from '../api/endpoints';
import { useImportRuns, useIngestFormats, useIngestSources } from '../api/queries';
import {
  HISTORY_IMPORT_KINDS,
  IMPORT_RUN_STATUSES,
  type ImportRun,
  type ImportRunStatus,
} from '../api/types';
import { ErrorAlert } from '../components/ErrorAlert';
import { NoValue } from '../components/Field';
import { PageHeader } from '../components/PageHeader';
import { isLocalDate } from '../dates';
import { useFormat } from '../use-format';
import { COUNT_NAMES } from './CountsGrid';
import { durationLabel, formatLabel, originLabel } from './labels';
import { importRunPath } from './paths';
import { RunStatusBadge } from './StatusBadges';

const PAGE_SIZE = 50;
const SEARCH_DELAY_MS = 300;

function isRunStatus(value: string | null): value is ImportRunStatus {
  return value !== null && (IMPORT_RUN_STATUSES as readonly string[]).includes(value);
}

function RunRow({ run }: { run: ImportRun }) {
  const { t } = useTranslation();
  const format = useFormat();
  const formats = useIngestFormats();
  const navigate = useNavigate();
  const path = importRunPath(run.id);
  return (
    <Table.Tr className="clickable-row" onClick={() => void navigate(path)}>
      <Table.Td style={{ whiteSpace: 'nowrap' }}>
        <Anchor component={Link} to={path} size="sm" onClick={(event) => event.stopPropagation()}>
          {format.dateTime(run.startedAt)}
        </Anchor>
        <Text size="xs" c="dimmed">
          {run.durationMs === null
            ? t('ingest.runs.run-number', { id: run.id })
            : t('ingest.runs.run-number-duration', {
                id: run.id,
                duration: durationLabel(t, run.durationMs, format.language),
              })}
        </Text>
      </Table.Td>
      <Table.Td miw={180} maw={320}>
        {run.fileName ? (
          <Text size="sm" ff="monospace" style={{ overflowWrap: 'anywhere' }}>
            {run.fileName}
          </Text>
        ) : (
          <NoValue />
        )}
        <Text size="xs" c="dimmed">
          {formatLabel(t, run.format, formats.data)}
        </Text>
      </Table.Td>
      <Table.Td>
        <Text size="sm">{run.sourceName ?? originLabel(t, run.origin)}</Text>
        {run.sourceName && (
          <Text size="xs" c="dimmed">
            {originLabel(t, run.origin)}
          </Text>
        )}
        {run.userEmail && (
          <Text size="xs" c="dimmed" truncate="end" maw={160} title={run.userEmail}>
            {run.userEmail}
          </Text>
        )}
      </Table.Td>
      <Table.Td>
        <RunStatusBadge status={run.status} />
      </Table.Td>
      {COUNT_NAMES.map((name) => (
        <Table.Td key={name} ta="right">
          <Text size="sm" c={name === 'rejected' && run.counts.rejected > 0 ? 'red.8' : undefined}>
            {format.number(run.counts[name])}
          </Text>
        </Table.Td>
      ))}
    </Table.Tr>
  );
}

/**
 * Journal of every import, newest first: automatic ingestion, manual drops and historical Excel
 * imports, filtered through the URL so a filtered view can be shared.
 */
export function ImportRunsPage() {
  const { t } = useTranslation();
  const format = useFormat();
  const formats = useIngestFormats();
  const sources = useIngestSources();
  const [searchParams, setSearchParams] = useSearchParams();
  const sourceId = searchParams.get('source') ?? undefined;
  const statusParam = searchParams.get('statut');
  const status = isRunStatus(statusParam) ? statusParam : undefined;
  const formatFilter = searchParams.get('format') ?? undefined;
  const fromParam = searchParams.get('du') ?? '';
  const toParam = searchParams.get('au') ?? '';
  const search = searchParams.get('q') ?? '';
  const page = Math.max(1, Number(searchParams.get('page')) || 1);
  const [searchInput, setSearchInput] = useState(search);
  const [debouncedSearch] = useDebouncedValue(searchInput.trim(), SEARCH_DELAY_MS);

  const updateParams = (changes: Record<string, string | null>) => {
    setSearchParams(
      (previous) => {
        const next = new URLSearchParams(previous);
        for (const [name, value] of Object.entries(changes)) {
          if (value === null || value === '') next.delete(name);
          else next.set(name, value);
        }
        // Any new filter starts again from the first page.
        if (!('page' in changes)) next.delete('page');
        return next;
      },
      { replace: true },
    );
  };

  // biome-ignore lint/correctness/useExhaustiveDependencies: only a new search text should update the URL.
  useEffect(() => {
    if (debouncedSearch !== search) updateParams({ q: debouncedSearch });
  }, [debouncedSearch]);

  const from = isLocalDate(fromParam) ? fromParam : undefined;
  const to = isLocalDate(toParam) ? toParam : undefined;
  const rangeInverted = from !== undefined && to !== undefined && from > to;
  const query: ImportRunQuery = {
    sourceId,
    status,
    format: formatFilter,
    from,
    to,
    search: search || undefined,
    limit: PAGE_SIZE,
    offset: (page - 1) * PAGE_SIZE,
  };
  const runs = useImportRuns(query);
  const total = runs.data?.total ?? 0;
  const pageCount = Math.max(1, Math.ceil(total / PAGE_SIZE));
  const hasFilter = Boolean(sourceId || status || formatFilter || fromParam || toParam || search);

  const formatOptions = [
    ...(formats.data ?? []).map((candidate) => ({ value: candidate.format, label: candidate.label })),
    ...HISTORY_IMPORT_KINDS.map((kind) => ({ value: kind, label: t(`history-import.kind.${kind}`) })),
  ];

  return (
    <>
      <PageHeader title={t('ingest.runs.title')} description={t('ingest.runs.description')} />
      <Paper withBorder>
        <Group p="md" gap="md" align="flex-end" wrap="wrap">
          <TextInput
            label={t('ingest.runs.search-label')}
            placeholder={t('ingest.runs.search-placeholder')}
            leftSection={<IconSearch size={16} aria-hidden />}
            value={searchInput}
            onChange={(event) => setSearchInput(event.currentTarget.value)}
            w={240}
            type="search"
          />
          <Select
            label={t('ingest.runs.source-filter-label')}
            placeholder={t('ingest.runs.source-filter-all')}
            data={(sources.data ?? []).map((source) => ({ value: source.id, label: source.name }))}
            value={sourceId ?? null}
            onChange={(value) => updateParams({ source: value })}
            clearable
            searchable
            nothingFoundMessage={t('common.form.nothing-found')}
            w={200}
          />
          <Select
            label={t('ingest.runs.status-filter-label')}
            placeholder={t('ingest.runs.filter-all')}
            data={IMPORT_RUN_STATUSES.map((value) => ({ value, label: t(`ingest.run-status.${value}`) }))}
            value={status ?? null}
            onChange={(value) => updateParams({ statut: value })}
            clearable
            w={160}
          />
          <Select
            label={t('ingest.runs.format-filter-label')}
            placeholder={t('ingest.runs.filter-all')}
            data={formatOptions}
            value={formatFilter ?? null}
            onChange={(value) => updateParams({ format: value })}
            clearable
            searchable
            nothingFoundMessage={t('common.form.nothing-found')}
            w={220}
          />
          <Group gap="md" wrap="nowrap" align="flex-start">
            <TextInput
              type="date"
              label={t('ingest.runs.from-label')}
              value={fromParam}
              onChange={(event) => updateParams({ du: event.currentTarget.value })}
              w={160}
            />
            <TextInput
              type="date"
              label={t('ingest.runs.to-label')}
              value={toParam}
              onChange={(event) => updateParams({ au: event.currentTarget.value })}
              error={rangeInverted ? t('ingest.runs.range-inverted') : undefined}
              w={160}
            />
          </Group>
          {hasFilter && (
            <Button
              variant="subtle"
              color="gray"
              leftSection={<IconFilterOff size={16} aria-hidden />}
              onClick={() => {
                setSearchInput('');
                setSearchParams(new URLSearchParams(), { replace: true });
              }}
            >
              {t('ingest.runs.clear-filters')}
            </Button>
          )}
          <Text size="sm" c="dimmed" ml="auto" aria-live="polite">
            {runs.data && t('ingest.runs.total', { count: total, formatted: format.number(total) })}
          </Text>
        </Group>
        <ErrorAlert error={runs.error} />
        {runs.isPending ? (
          <Center p="xl">
            <Loader aria-label={t('common.status.loading')} />
          </Center>
        ) : runs.data?.runs.length === 0 ? (
          <Text p="xl" ta="center" c="dimmed">
            {hasFilter ? t('ingest.runs.no-match') : t('ingest.runs.empty')}
          </Text>
        ) : (
          runs.data && (
            <Table.ScrollContainer minWidth={960}>
              <Table
                highlightOnHover
                horizontalSpacing="sm"
                style={{ opacity: runs.isPlaceholderData ? 0.6 : 1 }}
              >
                <Table.Thead bg="gray.0">
                  <Table.Tr>
                    <Table.Th>{t('ingest.runs.column-date-duration')}</Table.Th>
                    <Table.Th>{t('ingest.runs.column-file')}</Table.Th>
                    <Table.Th>{t('ingest.runs.column-source')}</Table.Th>
                    <Table.Th>{t('ingest.runs.column-status')}</Table.Th>
                    {/* Smaller headers keep the five counts on a 1440-pixel screen without scrolling. */}
                    {COUNT_NAMES.map((name) => (
                      <Table.Th key={name} ta="right" fz="xs">
                        {t(`ingest.count.${name}`)}
                      </Table.Th>
                    ))}
                  </Table.Tr>
                </Table.Thead>
                <Table.Tbody>
                  {runs.data.runs.map((run) => (
                    <RunRow key={run.id} run={run} />
                  ))}
                </Table.Tbody>
              </Table>
            </Table.ScrollContainer>
          )
        )}
        {pageCount > 1 && (
          <Stack align="center" p="md">
            <Pagination
              total={pageCount}
              value={Math.min(page, pageCount)}
              onChange={(next) => {
                updateParams({ page: next === 1 ? null : String(next) });
                window.scrollTo({ top: 0 });
              }}
              getControlProps={(control) => ({ 'aria-label': t(`common.pagination.${control}`) })}
            />
          </Stack>
        )}
      </Paper>
    </>
  );
}
