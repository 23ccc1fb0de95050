import { Badge, ScrollArea, Table, Text, Title } from '@mantine/core';
import { useTranslation } from 'react-i18next';
import { addDays } from '../dates';
import { useFormat } from '../use-format';
import type { AnalysisSeries, SeriesResponse } from './api';
import { comparisonRows } from './comparison-totals';
import { UNIT_SYMBOLS } from './labels';

const VALUE_DECIMALS = 1;

/** Totals of the period against the compared periods, one row per series, sorted by change. */
export function ComparisonTotals({ response }: { response: SeriesResponse }) {
  const { t } = useTranslation();
  const format = useFormat();
  const { columns, rows } = comparisonRows(response.series);
  if (columns.length === 0 || rows.length === 0) return null;
  const unit = UNIT_SYMBOLS[response.unit];
  const value = (number: number | null) => (number === null ? '—' : format.number(number, VALUE_DECIMALS));
  const periodOf = (item: AnalysisSeries) =>
    item.comparison
      ? t('analysis.comparison-totals.period', {
          from: format.localDate(item.comparison.from),
          to: format.localDate(addDays(item.comparison.to, -1)),
        })
      : '';
  return (
    <>
      <Title order={3} fz={16} fw={650} px="md" pt="md">
        {t('analysis.comparison-totals.title')}
      </Title>
      <Text size="sm" c="dimmed" px="md" pb="sm">
        {response.unit === 'kW'
          ? t('analysis.comparison-totals.intro-power')
          : t('analysis.comparison-totals.intro')}
      </Text>
      <ScrollArea type="auto">
        <Table
          striped
          withTableBorder
          aria-label={t('analysis.comparison-totals.title')}
          data-testid="comparison-totals"
        >
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('analysis.comparison-totals.series')}</Table.Th>
              <Table.Th ta="right">
                {t('analysis.comparison-totals.base', { unit })}
                <Text size="xs" c="dimmed" fw={400}>
                  {t('analysis.comparison-totals.period', {
                    from: format.localDate(response.from),
                    to: format.localDate(addDays(response.to, -1)),
                  })}
                </Text>
              </Table.Th>
              {columns.map((column) => (
                <Table.Th key={column.id} ta="right">
                  {t('analysis.comparison-totals.compared', {
                    years: column.comparison?.years ?? 0,
                    unit,
                  })}
                  <Text size="xs" c="dimmed" fw={400}>
                    {periodOf(column)}
                  </Text>
                </Table.Th>
              ))}
              <Table.Th ta="right">{t('analysis.comparison-totals.change')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rows.map((row) => (
              <Table.Tr key={row.key}>
                <Table.Td>{row.label}</Table.Td>
                <Table.Td ta="right" style={{ fontVariantNumeric: 'tabular-nums' }}>
                  {value(row.base)}
                </Table.Td>
                {row.compared.map((item, index) => (
                  <Table.Td
                    key={columns[index]?.id ?? index}
                    ta="right"
                    style={{ fontVariantNumeric: 'tabular-nums' }}
                  >
                    {value(item)}
                  </Table.Td>
                ))}
                <Table.Td ta="right">
                  {row.changePct === null ? (
                    '—'
                  ) : (
                    <Badge
                      variant="light"
                      color={row.changePct > 0 ? 'red' : 'green'}
                      tt="none"
                      data-testid="comparison-change"
                    >
                      {t('analysis.comparison-totals.change-value', {
                        sign: row.changePct > 0 ? '+' : '',
                        value: format.number(row.changePct, 1),
                      })}
                    </Badge>
                  )}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </ScrollArea>
    </>
  );
}
