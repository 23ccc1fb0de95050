import { describe, expect, it } from 'vitest';
import {
  decimalToCents,
  excelSerialToDate,
  parseFrenchDate,
  parseFrenchMonth,
  parseFrenchNumber,
  roundDecimal,
} from './french-values.js';
import { normaliseLabel } from './labels.js';

function numberOf(cell: Parameters<typeof parseFrenchNumber>[0], suffixes?: string[]) {
  const result = parseFrenchNumber(cell, { suffixes });
  if (!result.ok) throw new Error(`expected a number, got: ${result.reason}`);
  return result.value;
}

function reasonOf(result: { ok: true } | { ok: false; reason: string }): string {
  if (result.ok) throw new Error('expected a rejection');
  return result.reason;
}

describe('parseFrenchNumber', () => {
  it('reads a decimal comma and space-separated thousands', () => {
    expect(numberOf('1 234,56')).toEqual({ value: 1234.56, decimal: '1234.56' });
    expect(numberOf('12,5')).toEqual({ value: 12.5, decimal: '12.5' });
    expect(numberOf(',5')).toEqual({ value: 0.5, decimal: '0.5' });
  });

  it('reads no-break and narrow no-break spaces between thousands', () => {
    expect(numberOf('1\u00a0234\u00a0567,25').value).toBe(1234567.25);
    expect(numberOf('12\u202f345').value).toBe(12345);
    expect(numberOf('\t 98 765 \n').value).toBe(98765);
  });

  it('strips the suffixes allowed for the column only', () => {
    expect(numberOf('1 234,56 €', ['€']).value).toBe(1234.56);
    expect(numberOf('12 345 kWh', ['kWh']).value).toBe(12345);
    expect(numberOf('50 %', ['%']).value).toBe(50);
    expect(reasonOf(parseFrenchNumber('1 234,56 €'))).toBe('« 1 234,56 € » n’est pas un nombre');
  });

  it('reads signs, including the Unicode minus', () => {
    expect(numberOf('-12,5').value).toBe(-12.5);
    expect(numberOf('\u22123').value).toBe(-3);
    expect(numberOf('+7').value).toBe(7);
    expect(numberOf('-0,00').decimal).toBe('0');
  });

  it('tells a dot decimal from dot thousands', () => {
    expect(numberOf('1234.5').value).toBe(1234.5);
    expect(numberOf('1.234,56').value).toBe(1234.56);
    expect(numberOf('1,234.56').value).toBe(1234.56);
    expect(numberOf('1.234.567').value).toBe(1234567);
  });

  it('rejects text that is not a number', () => {
    expect(reasonOf(parseFrenchNumber('12,5a'))).toBe('« 12,5a » n’est pas un nombre');
    expect(reasonOf(parseFrenchNumber('1,2,3'))).toBe('« 1,2,3 » n’est pas un nombre');
    expect(reasonOf(parseFrenchNumber('1 234,5,6'))).toBe('« 1 234,5,6 » n’est pas un nombre');
    expect(reasonOf(parseFrenchNumber('1e5'))).toBe('« 1e5 » n’est pas un nombre');
    expect(reasonOf(parseFrenchNumber(new Date(Date.UTC(2023, 0, 15))))).toBe(
      '« 15/01/2023 » est une date, pas un nombre',
    );
    expect(reasonOf(parseFrenchNumber({ excelError: '#N/A' }))).toBe(
      'la cellule contient l’erreur Excel « #N/A »',
    );
  });

  it('keeps what Excel displays for a stored double', () => {
    // 1234.565 is stored as 1234.564999…; Excel shows 15 significant digits.
    expect(numberOf(1234.565).decimal).toBe('1234.565');
    expect(numberOf(0.1 + 0.2).decimal).toBe('0.3');
    expect(numberOf(1234567890123).decimal).toBe('1234567890123');
    expect(numberOf(0.0000001).decimal).toBe('0.0000001');
  });
});

describe('decimalToCents', () => {
  it('rounds half a cent away from zero', () => {
    expect(decimalToCents('1234.56')).toBe(123456);
    expect(decimalToCents('1234.565')).toBe(123457);
    expect(decimalToCents('1234.564')).toBe(123456);
    expect(decimalToCents('-1.005')).toBe(-101);
    expect(decimalToCents('-0.005')).toBe(-1);
    expect(decimalToCents('0.004')).toBe(0);
    expect(decimalToCents('12')).toBe(1200);
  });

  it('rounds a number cell as displayed, not as stored', () => {
    expect(decimalToCents(numberOf(1234.565).decimal)).toBe(123457);
    expect(decimalToCents(numberOf(1.005).decimal)).toBe(101);
  });
});

describe('roundDecimal', () => {
  it('rounds to a number of decimals', () => {
    expect(roundDecimal('1234.5', 2)).toBe(1234.5);
    expect(roundDecimal('1234.555', 2)).toBe(1234.56);
    expect(roundDecimal('0.3333335', 6)).toBe(0.333334);
  });
});

describe('parseFrenchDate', () => {
  it('reads dd/mm/yyyy, with other separators and without leading zeros', () => {
    expect(parseFrenchDate('15/01/2023')).toEqual({ ok: true, value: '2023-01-15' });
    expect(parseFrenchDate('5/1/2023')).toEqual({ ok: true, value: '2023-01-05' });
    expect(parseFrenchDate('15.01.2023')).toEqual({ ok: true, value: '2023-01-15' });
    expect(parseFrenchDate('15-01-2023')).toEqual({ ok: true, value: '2023-01-15' });
  });

  it('reads yyyy-mm-dd and ignores a time after the date', () => {
    expect(parseFrenchDate('2023-01-15')).toEqual({ ok: true, value: '2023-01-15' });
    expect(parseFrenchDate('2023-01-15T00:00:00Z')).toEqual({ ok: true, value: '2023-01-15' });
    expect(parseFrenchDate('15/01/2023 08:30')).toEqual({ ok: true, value: '2023-01-15' });
  });

  it('reads Excel date cells and serial numbers', () => {
    expect(parseFrenchDate(new Date(Date.UTC(2023, 0, 15)))).toEqual({ ok: true, value: '2023-01-15' });
    // 1 January 2023 is serial 44927 in the 1900 system, so the 15th is 44941.
    expect(parseFrenchDate(44941)).toEqual({ ok: true, value: '2023-01-15' });
    expect(parseFrenchDate(44941.75)).toEqual({ ok: true, value: '2023-01-15' });
    // The 1904 system counts 1462 days fewer.
    expect(parseFrenchDate(43479, { date1904: true })).toEqual({ ok: true, value: '2023-01-15' });
  });

  it('rejects impossible dates and two-digit years', () => {
    expect(reasonOf(parseFrenchDate('31/02/2023'))).toBe(
      '« 31/02/2023 » n’est pas une date du calendrier : écrivez-la au format jj/mm/aaaa',
    );
    expect(reasonOf(parseFrenchDate('15/01/23'))).toBe(
      '« 15/01/23 » a une année sur 2 chiffres : écrivez l’année sur 4 chiffres (jj/mm/aaaa)',
    );
    expect(reasonOf(parseFrenchDate('demain'))).toBe(
      '« demain » n’est pas une date : écrivez-la au format jj/mm/aaaa',
    );
    expect(reasonOf(parseFrenchDate(20230115))).toBe(
      '« 20230115 » n’est pas une date : écrivez-la au format jj/mm/aaaa',
    );
  });
});

describe('excelSerialToDate', () => {
  it('skips the fictitious 29 February 1900', () => {
    expect(excelSerialToDate(61)).toBe('1900-03-01');
    expect(excelSerialToDate(60)).toBeNull();
  });
});

describe('parseFrenchMonth', () => {
  it('reads French month names and abbreviations', () => {
    expect(parseFrenchMonth('janvier 2023')).toEqual({ ok: true, value: '2023-01-01' });
    expect(parseFrenchMonth('Févr. 2024')).toEqual({ ok: true, value: '2024-02-01' });
    expect(parseFrenchMonth('AOÛT 2022')).toEqual({ ok: true, value: '2022-08-01' });
    expect(parseFrenchMonth('déc-2021')).toEqual({ ok: true, value: '2021-12-01' });
  });

  it('reads numeric months and dates, which stand for their month', () => {
    expect(parseFrenchMonth('01/2023')).toEqual({ ok: true, value: '2023-01-01' });
    expect(parseFrenchMonth('2023-11')).toEqual({ ok: true, value: '2023-11-01' });
    expect(parseFrenchMonth(new Date(Date.UTC(2023, 2, 15)))).toEqual({ ok: true, value: '2023-03-01' });
    expect(parseFrenchMonth('31/01/2023')).toEqual({ ok: true, value: '2023-01-01' });
  });

  it('rejects unknown month names and two-digit years', () => {
    expect(reasonOf(parseFrenchMonth('brumaire 2023'))).toBe(
      '« brumaire 2023 » n’est pas un mois : écrivez le mois comme « janvier 2023 », « 01/2023 » ou la date du 1er du mois',
    );
    expect(reasonOf(parseFrenchMonth('janv-23'))).toBe(
      '« janv-23 » a une année sur 2 chiffres : écrivez l’année sur 4 chiffres',
    );
  });
});

describe('normaliseLabel', () => {
  it('ignores accents, case, spacing and punctuation', () => {
    expect(normaliseLabel('N° PDL')).toBe('npdl');
    expect(normaliseLabel('n°pdl')).toBe('npdl');
    expect(normaliseLabel('Surface de plancher (m²)')).toBe('surfacedeplancherm2');
    expect(normaliseLabel(' Énergie  kWh ')).toBe('energiekwh');
    expect(normaliseLabel('Réf. bât.')).toBe(normaliseLabel('ref bat'));
  });
});
