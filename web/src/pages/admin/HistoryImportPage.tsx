import {
  Alert,
  Anchor,
  Badge,
  Button,
  FileInput,
  Group,
  List,
  Paper,
  ScrollArea,
  SegmentedControl,
  SimpleGrid,
  Stack,
  Table,
  Text,
  Title,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import {
  IconCheck,
  IconChevronDown,
  IconChevronRight,
  IconDownload,
  IconFileSpreadsheet,
  IconUpload,
} from '@tabler/icons-react';
import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { historyTemplateUrl, previewHistoryImport, runHistoryImport } from '../../api/endpoints';
import {
  HISTORY_IMPORT_KINDS,
  type HistoryImportKind,
  type HistoryImportReport,
  type ImportEntitySummary,
  type ImportFieldValue,
} from '../../api/types';
import { ErrorAlert } from '../../components/ErrorAlert';
import { NoValue } from '../../components/Field';
import { PageHeader } from '../../components/PageHeader';
import { useFormat } from '../../use-format';

/** Largest workbook the server accepts: 20 MB. */
const MAX_FILE_BYTES = 20 * 1024 * 1024;

/** Entity groups that the import reports, each with a `history-import.entity.<name>` catalogue key. */
const ENTITY_NAMES = [
  'sites',
  'units',
  'buildings',
  'shares',
  'deliveryPoints',
  'allocations',
  'invoices',
  'meters',
  'registers',
  'readings',
] as const;

type EntityName = (typeof ENTITY_NAMES)[number];

const STATUS_COLORS: Record<HistoryImportReport['status'], string> = {
  succeeded: 'green',
  partial: 'orange',
  failed: 'red',
};

const ACTION_COLORS = { create: 'green', update: 'blue', unchanged: 'gray' } as const;

function isEntityName(name: string): name is EntityName {
  return (ENTITY_NAMES as readonly string[]).includes(name);
}

function useFieldValueText() {
  const { t } = useTranslation();
  const format = useFormat();
  return (value: ImportFieldValue): string => {
    if (value === null || value === '') return t('history-import.value.empty');
    if (typeof value === 'boolean')
      return value ? t('history-import.value.yes') : t('history-import.value.no');
    if (typeof value === 'number') return format.number(value, 6);
    return value;
  };
}

function EntityRow({ name, summary }: { name: string; summary: ImportEntitySummary }) {
  const { t } = useTranslation();
  const format = useFormat();
  const valueText = useFieldValueText();
  const [expanded, setExpanded] = useState(false);
  const label = isEntityName(name) ? t(`history-import.entity.${name}`) : name;
  const changedItems = summary.items.filter((item) => item.action !== 'unchanged');
  return (
    <>
      <Table.Tr>
        <Table.Td>
          {changedItems.length > 0 ? (
            <Anchor
              component="button"
              type="button"
              size="sm"
              onClick={() => setExpanded((value) => !value)}
              aria-expanded={expanded}
            >
              <Group gap={4} wrap="nowrap">
                {expanded ? (
                  <IconChevronDown size={14} aria-hidden />
                ) : (
                  <IconChevronRight size={14} aria-hidden />
                )}
                {label}
              </Group>
            </Anchor>
          ) : (
            <Text size="sm" pl={18}>
              {label}
            </Text>
          )}
        </Table.Td>
        <Table.Td ta="right">{format.number(summary.created)}</Table.Td>
        <Table.Td ta="right">{format.number(summary.updated)}</Table.Td>
        <Table.Td ta="right">{format.number(summary.unchanged)}</Table.Td>
      </Table.Tr>
      {changedItems.length > 0 && expanded && (
        <Table.Tr>
          <Table.Td colSpan={4} bg="gray.0">
            <ScrollArea.Autosize mah={320}>
              <List size="sm" spacing={4}>
                {changedItems.map((item, index) => (
                  // biome-ignore lint/suspicious/noArrayIndexKey: the report never changes order, and two entries may be identical.
                  <List.Item key={`${item.key}-${index}`}>
                    <Group gap={6} wrap="wrap">
                      <Badge size="xs" variant="light" color={ACTION_COLORS[item.action]} tt="none">
                        {t(`history-import.action.${item.action}`)}
                      </Badge>
                      <Text size="sm" fw={500}>
                        {item.key}
                      </Text>
                      {item.sheet && item.row !== null && (
                        <Text size="xs" c="dimmed">
                          {t('history-import.location', { sheet: item.sheet, row: item.row })}
                        </Text>
                      )}
                    </Group>
                    {item.changes &&
                      Object.entries(item.changes).map(([field, change]) => (
                        <Text key={field} size="xs" c="dimmed" ml="md">
                          {t('history-import.change', {
                            field,
                            before: valueText(change.before),
                            after: valueText(change.after),
                          })}
                        </Text>
                      ))}
                  </List.Item>
                ))}
              </List>
            </ScrollArea.Autosize>
          </Table.Td>
        </Table.Tr>
      )}
    </>
  );
}

function ReportView({ report }: { report: HistoryImportReport }) {
  const { t } = useTranslation();
  const format = useFormat();
  const counts = [
    { key: 'read', value: report.counts.read },
    { key: 'stored', value: report.counts.stored },
    { key: 'updated', value: report.counts.updated },
    { key: 'unchanged', value: report.counts.unchanged },
    { key: 'rejected', value: report.counts.rejected },
  ] as const;
  return (
    <Stack gap="lg">
      <Group gap="sm">
        <Badge color={STATUS_COLORS[report.status]} variant="light" size="lg" tt="none">
          {t(`history-import.status.${report.status}`)}
        </Badge>
        {report.fileName && (
          <Text size="sm" c="dimmed">
            {report.fileName}
          </Text>
        )}
      </Group>
      <SimpleGrid cols={{ base: 2, sm: 5 }} spacing="sm">
        {counts.map((count) => (
          <Paper key={count.key} withBorder p="sm">
            <Text size="xs" c="dimmed" fw={600}>
              {t(`history-import.count.${count.key}`)}
            </Text>
            <Text fz={22} fw={700} c={count.key === 'rejected' && count.value > 0 ? 'red.8' : undefined}>
              {format.number(count.value)}
            </Text>
          </Paper>
        ))}
      </SimpleGrid>
      {report.kind === 'operator-history' && (
        <Text size="xs" c="dimmed">
          {t('history-import.readings-note')}
        </Text>
      )}

      {report.tables.length > 0 && (
        <Stack gap={4}>
          <Title order={3} fz={15} fw={650}>
            {t('history-import.tables-title')}
          </Title>
          <List size="sm">
            {report.tables.map((table) => (
              <List.Item key={`${table.sheet}-${table.table}`}>
                {t('history-import.table-found', {
                  table: table.table,
                  sheet: table.sheet,
                  headerRow: table.headerRow,
                  count: table.rows,
                })}
              </List.Item>
            ))}
          </List>
        </Stack>
      )}

      <Stack gap={4}>
        <Title order={3} fz={15} fw={650}>
          {t('history-import.entities-title')}
        </Title>
        <Table withTableBorder verticalSpacing={6}>
          <Table.Thead bg="gray.0">
            <Table.Tr>
              <Table.Th>{t('history-import.column.entity')}</Table.Th>
              <Table.Th ta="right">{t('history-import.column.created')}</Table.Th>
              <Table.Th ta="right">{t('history-import.column.updated')}</Table.Th>
              <Table.Th ta="right">{t('history-import.column.unchanged')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {Object.entries(report.entities).map(([name, summary]) => (
              <EntityRow key={name} name={name} summary={summary} />
            ))}
          </Table.Tbody>
        </Table>
      </Stack>

      {report.warnings.length > 0 && (
        <Alert color="yellow" variant="light" title={t('history-import.warnings-title')}>
          <List size="sm">
            {report.warnings.map((warning, index) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: the report never changes order, and two entries may be identical.
              <List.Item key={`${warning.sheet}-${warning.row}-${index}`}>
                {warning.row === null
                  ? t('history-import.warning-sheet', { sheet: warning.sheet, message: warning.message })
                  : t('history-import.warning-row', {
                      sheet: warning.sheet,
                      row: warning.row,
                      message: warning.message,
                    })}
              </List.Item>
            ))}
          </List>
        </Alert>
      )}

      <Stack gap={4}>
        <Title order={3} fz={15} fw={650}>
          {t('history-import.rejected-title', { count: report.rejected.length })}
        </Title>
        {report.rejected.length === 0 ? (
          <Text size="sm" c="dimmed">
            {t('history-import.rejected-none')}
          </Text>
        ) : (
          <ScrollArea.Autosize mah={420} type="auto">
            <Table withTableBorder striped verticalSpacing={6} stickyHeader>
              <Table.Thead bg="gray.0">
                <Table.Tr>
                  <Table.Th>{t('history-import.column.sheet')}</Table.Th>
                  <Table.Th ta="right">{t('history-import.column.row')}</Table.Th>
                  <Table.Th>{t('history-import.column.column')}</Table.Th>
                  <Table.Th>{t('history-import.column.value')}</Table.Th>
                  <Table.Th>{t('history-import.column.reason')}</Table.Th>
                </Table.Tr>
              </Table.Thead>
              <Table.Tbody>
                {report.rejected.map((error, index) => (
                  // biome-ignore lint/suspicious/noArrayIndexKey: the report never changes order, and two entries may be identical.
                  <Table.Tr key={`${error.sheet}-${error.row}-${error.column}-${index}`}>
                    <Table.Td>
                      <Text size="sm">{error.sheet}</Text>
                    </Table.Td>
                    <Table.Td ta="right">{format.number(error.row)}</Table.Td>
                    <Table.Td>{error.column ? <Text size="sm">{error.column}</Text> : <NoValue />}</Table.Td>
                    <Table.Td>
                      {error.value === null || error.value === '' ? (
                        <NoValue />
                      ) : (
                        <Text size="sm" ff="monospace">
                          {error.value}
                        </Text>
                      )}
                    </Table.Td>
                    <Table.Td>
                      <Text size="sm" title={error.message}>
                        {format.capitalize(error.reason)}
                      </Text>
                    </Table.Td>
                  </Table.Tr>
                ))}
              </Table.Tbody>
            </Table>
          </ScrollArea.Autosize>
        )}
      </Stack>

      {report.maxPowers.length > 0 && (
        <Text size="sm" c="dimmed">
          {t('history-import.max-powers', { count: report.maxPowers.length })}
        </Text>
      )}
    </Stack>
  );
}

/**
 * Imports the historical Excel files of the previous tool: download a template, preview a filled
 * file (nothing is written), then import it. Platform administrators only, as the API requires.
 */
export function HistoryImportPage() {
  const { t } = useTranslation();
  const format = useFormat();
  const [kind, setKind] = useState<HistoryImportKind>('estate');
  const [file, setFile] = useState<File | null>(null);
  const [fileProblem, setFileProblem] = useState<string | null>(null);

  const preview = useMutation({
    mutationFn: ({ selectedKind, selectedFile }: { selectedKind: HistoryImportKind; selectedFile: File }) =>
      previewHistoryImport(selectedKind, selectedFile),
  });
  const importRun = useMutation({
    mutationFn: ({ selectedKind, selectedFile }: { selectedKind: HistoryImportKind; selectedFile: File }) =>
      runHistoryImport(selectedKind, selectedFile),
    onSuccess: (report) => {
      notifications.show({
        color: report.status === 'succeeded' ? 'green' : 'orange',
        message: t('history-import.done', { stored: report.counts.stored, updated: report.counts.updated }),
      });
    },
  });

  const resetResults = () => {
    preview.reset();
    importRun.reset();
  };

  const startPreview = () => {
    if (!file) {
      setFileProblem(t('history-import.file-required'));
      return;
    }
    if (file.size > MAX_FILE_BYTES) {
      setFileProblem(t('history-import.file-too-large', { size: format.number(file.size / 1024 / 1024, 1) }));
      return;
    }
    setFileProblem(null);
    importRun.reset();
    preview.mutate({ selectedKind: kind, selectedFile: file });
  };

  const previewReport = preview.data;
  const importable = previewReport ? previewReport.counts.read - previewReport.counts.rejected : 0;

  return (
    <>
      <PageHeader title={t('history-import.title')} description={t('history-import.description')} />
      <Stack gap="lg" maw={1240}>
        <Paper withBorder p="xl">
          <Title order={2} fz={18} fw={650} mb={4}>
            {t('history-import.templates-title')}
          </Title>
          <Text size="sm" c="dimmed" mb="md">
            {t('history-import.templates-description')}
          </Text>
          <SimpleGrid cols={{ base: 1, md: 3 }} spacing="md">
            {HISTORY_IMPORT_KINDS.map((templateKind) => (
              <Paper key={templateKind} withBorder p="md" bg="gray.0">
                <Stack gap="xs" h="100%" justify="space-between">
                  <Stack gap={4}>
                    <Group gap={6} wrap="nowrap">
                      <IconFileSpreadsheet size={18} aria-hidden color="var(--mantine-color-green-8)" />
                      <Text fw={600} size="sm">
                        {t(`history-import.kind.${templateKind}`)}
                      </Text>
                    </Group>
                    <Text size="xs" c="dimmed">
                      {t(`history-import.kind-help.${templateKind}`)}
                    </Text>
                  </Stack>
                  <Button
                    component="a"
                    href={historyTemplateUrl(templateKind)}
                    download
                    variant="default"
                    size="xs"
                    leftSection={<IconDownload size={14} aria-hidden />}
                  >
                    {t('history-import.template-button')}
                  </Button>
                </Stack>
              </Paper>
            ))}
          </SimpleGrid>
        </Paper>

        <Paper withBorder p="xl">
          <Title order={2} fz={18} fw={650} mb={4}>
            {t('history-import.upload-title')}
          </Title>
          <Text size="sm" c="dimmed" mb="md">
            {t('history-import.upload-description')}
          </Text>
          <Stack gap="md">
            <Stack gap={4}>
              <Text size="sm" fw={500} id="history-kind-label">
                {t('history-import.kind-label')}
              </Text>
              <SegmentedControl
                aria-labelledby="history-kind-label"
                value={kind}
                onChange={(value) => {
                  const next = HISTORY_IMPORT_KINDS.find((candidate) => candidate === value);
                  if (next) setKind(next);
                  resetResults();
                }}
                data={HISTORY_IMPORT_KINDS.map((value) => ({
                  value,
                  label: t(`history-import.kind.${value}`),
                }))}
                maw={760}
              />
            </Stack>
            <Group align="flex-end" gap="md" wrap="wrap">
              <FileInput
                label={t('history-import.file-label')}
                placeholder={t('history-import.file-placeholder')}
                accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
                value={file}
                onChange={(selected) => {
                  setFile(selected);
                  setFileProblem(null);
                  resetResults();
                }}
                clearable
                leftSection={<IconFileSpreadsheet size={16} aria-hidden />}
                error={fileProblem}
                w={420}
              />
              <Button
                leftSection={<IconUpload size={16} aria-hidden />}
                onClick={startPreview}
                loading={preview.isPending}
                disabled={importRun.isPending}
              >
                {t('history-import.preview-button')}
              </Button>
            </Group>
            <ErrorAlert error={preview.error} />
          </Stack>
        </Paper>

        {previewReport && !importRun.data && (
          <Paper withBorder p="xl">
            <Title order={2} fz={18} fw={650} mb={4}>
              {t('history-import.preview-title')}
            </Title>
            <Text size="sm" c="dimmed" mb="md">
              {t('history-import.preview-description')}
            </Text>
            <ReportView report={previewReport} />
            <Group justify="flex-end" mt="lg" gap="sm">
              {importable === 0 && (
                <Text size="sm" c="dimmed">
                  {t('history-import.nothing-to-import')}
                </Text>
              )}
              <Button
                leftSection={<IconCheck size={16} aria-hidden />}
                disabled={importable === 0 || !file}
                loading={importRun.isPending}
                onClick={() => {
                  if (file) importRun.mutate({ selectedKind: kind, selectedFile: file });
                }}
              >
                {t('history-import.import-button')}
              </Button>
            </Group>
            <ErrorAlert error={importRun.error} />
          </Paper>
        )}

        {importRun.data && (
          <Paper withBorder p="xl">
            <Title order={2} fz={18} fw={650} mb={4}>
              {t('history-import.result-title')}
            </Title>
            <Text size="sm" c="dimmed" mb="md">
              {t('history-import.result-description', { id: importRun.data.importRunId ?? '—' })}
            </Text>
            <ReportView report={importRun.data} />
          </Paper>
        )}
      </Stack>
    </>
  );
}
