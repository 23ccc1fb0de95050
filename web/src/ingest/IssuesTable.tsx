import { Badge, ScrollArea, Table, Text } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import type { ImportIssue } from '../api/types';
import { NoValue } from '../components/Field';
import { useFormat } from '../use-format';

/** Maximum length of the raw content shown in a cell. The CSV of rejected rows keeps the whole line. */
const MAX_RAW_LENGTH = 160;

function truncate(text: string): string {
  return text.length > MAX_RAW_LENGTH ? `${text.slice(0, MAX_RAW_LENGTH)}…` : text;
}

/** Rejected elements and remarks of a file, each with its location and the content found there. */
export function IssuesTable({ issues, maxHeight = 480 }: { issues: ImportIssue[]; maxHeight?: number }) {
  const { t } = useTranslation();
  const format = useFormat();
  return (
    <ScrollArea.Autosize mah={maxHeight} type="auto">
      <Table withTableBorder striped verticalSpacing={6} stickyHeader miw={900}>
        <Table.Thead bg="gray.0">
          <Table.Tr>
            <Table.Th>{t('ingest.issues.column-severity')}</Table.Th>
            <Table.Th ta="right">{t('ingest.issues.column-line')}</Table.Th>
            <Table.Th>{t('ingest.issues.column-element')}</Table.Th>
            <Table.Th>{t('ingest.issues.column-field')}</Table.Th>
            <Table.Th>{t('ingest.issues.column-message')}</Table.Th>
            <Table.Th>{t('ingest.issues.column-raw')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {issues.map((issue, index) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: the list never changes order, and two issues may be identical.
            <Table.Tr key={`${issue.line}-${issue.code}-${index}`}>
              <Table.Td>
                <Badge
                  size="sm"
                  variant="light"
                  color={issue.severity === 'error' ? 'red' : 'yellow'}
                  tt="none"
                  styles={{ label: { overflow: 'visible' } }}
                >
                  {t(`ingest.issues.severity.${issue.severity}`)}
                </Badge>
              </Table.Td>
              <Table.Td ta="right">{issue.line === null ? <NoValue /> : format.number(issue.line)}</Table.Td>
              <Table.Td>
                {issue.element ? (
                  <Text size="sm" ff="monospace">
                    {issue.element}
                  </Text>
                ) : (
                  <NoValue />
                )}
              </Table.Td>
              <Table.Td miw={120}>
                {issue.field ? (
                  <Text size="sm" style={{ overflowWrap: 'anywhere' }}>
                    {issue.field}
                  </Text>
                ) : (
                  <NoValue />
                )}
              </Table.Td>
              <Table.Td miw={280}>
                <Text size="sm">{issue.message}</Text>
              </Table.Td>
              <Table.Td maw={320}>
                {issue.raw ? (
                  <Text size="xs" ff="monospace" title={issue.raw} style={{ wordBreak: 'break-all' }}>
                    {truncate(issue.raw)}
                  </Text>
                ) : (
                  <NoValue />
                )}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </ScrollArea.Autosize>
  );
}
