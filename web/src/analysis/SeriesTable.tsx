import { Group, Pagination, ScrollArea, Table, Text } from '@mantine/core';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useFormat } from '../use-format';
import type { SeriesResponse } from './api';
import { formatPeriodLabel, UNIT_SYMBOLS } from './labels';

const PAGE_SIZE = 100;
const VALUE_DECIMALS = 1;

/** Table of the series: one row per base period, one column per series, and a totals row. */
export function SeriesTable({ response }: { response: SeriesResponse }) {
  const { t } = useTranslation();
  const format = useFormat();
  const [page, setPage] = useState(1);
  const first = response.series.find((item) => item.role === 'base');
  const rowCount = first?.points.length ?? 0;
  const pageCount = Math.max(1, Math.ceil(rowCount / PAGE_SIZE));
  const currentPage = Math.min(page, pageCount);
  const rows = Array.from(
    { length: Math.min(PAGE_SIZE, rowCount - (currentPage - 1) * PAGE_SIZE) },
    (_, offset) => (currentPage - 1) * PAGE_SIZE + offset,
  );
  const unit = UNIT_SYMBOLS[response.unit];
  const weekWord = t('analysis.week-prefix');
  const value = (number: number | null) => (number === null ? '—' : format.number(number, VALUE_DECIMALS));

  return (
    <>
      <ScrollArea type="auto">
        <Table
          striped
          highlightOnHover
          withTableBorder
          stickyHeader
          aria-label={t('analysis.table.label', { unit })}
        >
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('analysis.table.period')}</Table.Th>
              {response.series.map((item) => (
                <Table.Th key={item.id} ta="right">
                  {item.label} ({unit})
                </Table.Th>
              ))}
              <Table.Th ta="right">{t('analysis.table.measured')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((index) => {
              const label = first?.points[index]?.label;
              const completeness = first?.points[index]?.completeness;
              return (
                <Table.Tr key={index}>
                  <Table.Td style={{ whiteSpace: 'nowrap' }}>
                    {label ? formatPeriodLabel(label, format.language, weekWord) : '—'}
                  </Table.Td>
                  {response.series.map((item) => (
                    <Table.Td key={item.id} ta="right" style={{ fontVariantNumeric: 'tabular-nums' }}>
                      {value(item.points[index]?.value ?? null)}
                    </Table.Td>
                  ))}
                  <Table.Td ta="right">
                    {completeness && completeness.expectedPoints > 0
                      ? format.share(completeness.measured)
                      : '—'}
                  </Table.Td>
                </Table.Tr>
              );
            })}
          </Table.Tbody>
          <Table.Tfoot>
            <Table.Tr data-testid="totals-row">
              <Table.Th>
                {response.unit === 'kW' ? t('analysis.table.mean-power') : t('analysis.table.total')}
              </Table.Th>
              {response.series.map((item) => (
                <Table.Th key={item.id} ta="right" style={{ fontVariantNumeric: 'tabular-nums' }}>
                  {value(item.totals.value)}
                </Table.Th>
              ))}
              <Table.Th ta="right">
                {first && first.totals.completeness.expectedPoints > 0
                  ? format.share(first.totals.completeness.measured)
                  : '—'}
              </Table.Th>
            </Table.Tr>
          </Table.Tfoot>
        </Table>
      </ScrollArea>
      {pageCount > 1 && (
        <Group justify="space-between" mt="sm">
          <Text size="sm" c="dimmed">
            {t('analysis.table.rows', { count: rowCount })}
          </Text>
          <Pagination value={currentPage} onChange={setPage} total={pageCount} size="sm" />
        </Group>
      )}
    </>
  );
}
