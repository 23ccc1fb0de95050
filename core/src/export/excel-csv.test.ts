import { describe, expect, it } from 'vitest';
import { buildExcelCsv, formatCsvCell } from './excel-csv.js';

describe('formatCsvCell', () => {
  it('writes decimals with a comma and no grouping', () => {
    expect(formatCsvCell(1234567.25)).toBe('1234567,25');
    expect(formatCsvCell(-0.5)).toBe('-0,5');
    expect(formatCsvCell(42)).toBe('42');
  });

  it('writes dates as dd/mm/yyyy in Paris time', () => {
    // 23:30 UTC on 31 March 2024 is already 1 April in Paris (UTC+2 after the spring change).
    expect(formatCsvCell(new Date('2024-03-31T23:30:00Z'))).toBe('01/04/2024');
    // 22:30 UTC on 31 December 2023 is 23:30 in Paris (UTC+1): still the 31st.
    expect(formatCsvCell(new Date('2023-12-31T22:30:00Z'))).toBe('31/12/2023');
  });

  it('quotes separators, quotes and line breaks', () => {
    expect(formatCsvCell('Bâtiment A; aile "Nord"')).toBe('"Bâtiment A; aile ""Nord"""');
    expect(formatCsvCell('ligne 1\nligne 2')).toBe('"ligne 1\nligne 2"');
  });

  it('neutralises formula prefixes', () => {
    expect(formatCsvCell('=SUM(A1)')).toBe("'=SUM(A1)");
    expect(formatCsvCell('@cmd')).toBe("'@cmd");
  });

  it('leaves missing values empty, never zero', () => {
    expect(formatCsvCell(null)).toBe('');
    expect(formatCsvCell(undefined)).toBe('');
    expect(formatCsvCell(Number.NaN)).toBe('');
  });
});

describe('buildExcelCsv', () => {
  it('starts with a BOM and separates with semicolons and CRLF', () => {
    const csv = buildExcelCsv(['Code', 'Surface (m²)'], [['B1', 1520.5]]);
    expect(csv).toBe('\uFEFFCode;Surface (m²)\r\nB1;1520,5\r\n');
  });
});
