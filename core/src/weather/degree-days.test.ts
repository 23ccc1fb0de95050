import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { monthlyDegreeDays, sumDegreeDays } from './degree-day-sums.js';
import {
  coolingDegreeDayCostic,
  coolingDegreeDayMeteo,
  type DailyTemperature,
  dailyDegreeDay,
  degreeDaySeries,
  heatingDegreeDayCostic,
  heatingDegreeDayMeteo,
} from './degree-days.js';

const SAMPLE = fileURLToPath(
  new URL(
    '../../../datasets/samples/meteo-france/Q_67_latest-2024-2025_RR-T-Vent_extract.csv',
    import.meta.url,
  ),
);

function readStation(stationId: string): DailyTemperature[] {
  const text = readFileSync(SAMPLE, 'utf8');
  const [header = '', ...rows] = text.trim().split('\n');
  const columns = header.split(';');
  const column = (name: string) => columns.indexOf(name);
  const toNumber = (field: string | undefined) =>
    field === undefined || field === '' ? null : Number(field);
  return rows
    .map((row) => row.split(';'))
    .filter((fields) => fields[column('NUM_POSTE')] === stationId)
    .map((fields) => {
      const day = fields[column('AAAAMMJJ')] ?? '';
      return {
        date: `${day.slice(0, 4)}-${day.slice(4, 6)}-${day.slice(6, 8)}`,
        tnC: toNumber(fields[column('TN')]),
        txC: toNumber(fields[column('TX')]),
      };
    });
}

// STRASBOURG-ENTZHEIM (67124001), January 2024, read from the Météo-France file (TN, TX in °C).
// biome-ignore format: one pair per day keeps the table readable
const ENTZHEIM_JANUARY_2024: [number, number][] = [
  [5.0, 10.4], [5.8, 11.8], [8.8, 13.0], [7.0, 11.4], [5.5, 9.9], [2.8, 6.9], [1.7, 4.8], [-2.0, 0.3],
  [-5.4, -1.3], [-5.1, 1.2], [-4.8, 1.6], [-5.4, 1.7], [-3.5, -2.3], [-5.3, -1.2], [-5.4, 2.2], [-6.4, 3.6],
  [-5.5, 10.1], [0.6, 3.5], [-2.2, 3.0], [-6.7, -1.1], [-5.6, 5.8], [2.8, 12.0], [5.2, 13.0], [7.8, 15.0],
  [7.8, 10.9], [6.6, 11.7], [-2.0, 8.3], [-2.8, 2.0], [-2.4, 12.5], [-1.1, 10.1], [4.3, 10.3],
];

describe('Météo-France sample, Strasbourg-Entzheim January 2024', () => {
  const station = readStation('67124001');
  const january = station.filter((day) => day.date.startsWith('2024-01'));

  it('reads the 31 days written in the test table', () => {
    expect(january).toHaveLength(31);
    january.forEach((day, index) => {
      expect(day.date).toBe(`2024-01-${String(index + 1).padStart(2, '0')}`);
      expect([day.tnC, day.txC]).toEqual(ENTZHEIM_JANUARY_2024[index]);
    });
  });

  it('sums 457.4 heating DJU by the météo method, base 18 °C', () => {
    // Every day has (Tn + Tx)/2 below 18 °C, so no day is clipped at zero and
    // Σ DJU = 31 × 18 − (ΣTn + ΣTx)/2 with ΣTn = 0.1 and ΣTx = 201.1 added up from the table:
    // 558 − 201.2/2 = 457.4 °C·day.
    const expected = 31 * 18 - (0.1 + 201.1) / 2;
    const [month] = monthlyDegreeDays(degreeDaySeries(january, { kind: 'heating', method: 'meteo' }));
    expect(month?.label).toBe('2024-01');
    expect(month?.sum).toBeCloseTo(expected, 9);
    expect(month?.sum).toBeCloseTo(457.4, 9);
    expect(month?.daysPresent).toBe(31);
    expect(month?.completeness).toBe(1);
  });

  it('gives the same sum by COSTIC because every Tx is below 18 °C', () => {
    const [month] = monthlyDegreeDays(degreeDaySeries(january, { kind: 'heating', method: 'costic' }));
    expect(month?.sum).toBeCloseTo(457.4, 9);
  });

  it('computes single days by hand from the file', () => {
    // 2024-01-09: Tn −5.4, Tx −1.3 → 18 − (−6.7/2) = 21.35.
    expect(heatingDegreeDayMeteo(-5.4, -1.3)).toBeCloseTo(21.35, 12);
    // 2024-01-06 at base 17 °C (SDES convention): 17 − 9.7/2 = 12.15.
    expect(heatingDegreeDayMeteo(2.8, 6.9, 17)).toBeCloseTo(12.15, 12);
  });

  it('counts the October and August days with the middle COSTIC branch', () => {
    const october = station.find((day) => day.date === '2024-10-27');
    expect(october).toEqual({ date: '2024-10-27', tnC: 10.3, txC: 20.9 });
    // Météo: 18 − (10.3 + 20.9)/2 = 2.4. COSTIC, Tn < 18 < Tx: (18 − 10.3)·(0.08 + 0.42·7.7/10.6) ≈ 2.96523.
    expect(dailyDegreeDay(10.3, 20.9, { kind: 'heating', method: 'meteo' })).toBeCloseTo(2.4, 12);
    expect(dailyDegreeDay(10.3, 20.9, { kind: 'heating', method: 'costic' })).toBeCloseTo(
      7.7 * (0.08 + (0.42 * 7.7) / 10.6),
      12,
    );
    expect(dailyDegreeDay(10.3, 20.9, { kind: 'heating', method: 'costic' })).toBeCloseTo(2.96523, 5);

    // 2025-08-11: Tn 14.0, Tx 29.9. Cooling at 23 °C: météo max(0, 21.95 − 23) = 0;
    // COSTIC (29.9 − 23)·(0.08 + 0.42·6.9/15.9) ≈ 1.80962.
    expect(coolingDegreeDayMeteo(14.0, 29.9, 23)).toBe(0);
    expect(coolingDegreeDayCostic(14.0, 29.9, 23)).toBeCloseTo(6.9 * (0.08 + (0.42 * 6.9) / 15.9), 12);
    expect(coolingDegreeDayCostic(14.0, 29.9, 23)).toBeCloseTo(1.80962, 5);
  });
});

describe('COSTIC heating formula', () => {
  it('matches the published example Tn 10, Tx 20, S 18', () => {
    // Example of the method note: météo 3.0, COSTIC 8·(0.08 + 0.42·0.8) = 3.328 ≈ 3.33.
    expect(heatingDegreeDayMeteo(10, 20)).toBe(3);
    expect(heatingDegreeDayCostic(10, 20)).toBeCloseTo(3.328, 12);
  });

  it('uses S − mean when the base is at or above Tx', () => {
    // Tn 2, Tx 8: 18 − 5 = 13. Tn 10, Tx 18 (S = Tx): 18 − 14 = 4.
    expect(heatingDegreeDayCostic(2, 8)).toBeCloseTo(13, 12);
    expect(heatingDegreeDayCostic(10, 18)).toBeCloseTo(4, 12);
  });

  it('uses the weighted formula between Tn and Tx', () => {
    // Tn 16, Tx 26: (18 − 16)·(0.08 + 0.42·2/10) = 2·0.164 = 0.328, while météo gives max(0, 18 − 21) = 0.
    expect(heatingDegreeDayCostic(16, 26)).toBeCloseTo(0.328, 12);
    expect(heatingDegreeDayMeteo(16, 26)).toBe(0);
  });

  it('returns zero when Tn reaches the base', () => {
    expect(heatingDegreeDayCostic(18, 25)).toBe(0);
    expect(heatingDegreeDayCostic(19, 30)).toBe(0);
  });

  it('is continuous where the branches meet', () => {
    // At S = Tx the middle branch gives (Tx − Tn)·0.5, the first branch S − mean: both 4 for Tn 10, Tx 18.
    expect(heatingDegreeDayCostic(10, 18.000001)).toBeCloseTo(4, 5);
    expect(heatingDegreeDayCostic(17.999999, 25)).toBeCloseTo(0, 5);
  });

  it('swaps Tn and Tx when Tn is above Tx', () => {
    expect(heatingDegreeDayCostic(20, 10)).toBeCloseTo(3.328, 12);
  });
});

describe('COSTIC cooling formula', () => {
  it('returns zero when the base is above Tx', () => {
    expect(coolingDegreeDayCostic(12, 22, 23)).toBe(0);
  });

  it('uses mean − S when the base is at or below Tn', () => {
    // Tn 15.0, Tx 32.3 (Entzheim 2025-08-12), S 14: 23.65 − 14 = 9.65.
    expect(coolingDegreeDayCostic(15.0, 32.3, 14)).toBeCloseTo(9.65, 12);
    expect(coolingDegreeDayCostic(15.0, 32.3, 15)).toBeCloseTo(8.65, 12);
  });

  it('uses the weighted formula between Tn and Tx', () => {
    // Tn 14, Tx 29.9, S 18: (29.9 − 18)·(0.08 + 0.42·11.9/15.9) ≈ 4.69264; météo 21.95 − 18 = 3.95.
    expect(coolingDegreeDayCostic(14, 29.9, 18)).toBeCloseTo(11.9 * (0.08 + (0.42 * 11.9) / 15.9), 12);
    expect(coolingDegreeDayCostic(14, 29.9, 18)).toBeCloseTo(4.69264, 5);
    expect(coolingDegreeDayMeteo(14, 29.9, 18)).toBeCloseTo(3.95, 12);
  });
});

describe('degreeDaySeries', () => {
  it('keeps a missing Tn or Tx as null, never zero', () => {
    const series = degreeDaySeries(
      [
        { date: '2024-01-01', tnC: 5, txC: 10.4 },
        { date: '2024-01-02', tnC: null, txC: 11.8 },
        { date: '2024-01-03', tnC: 8.8, txC: null },
      ],
      { kind: 'heating', method: 'meteo' },
    );
    expect(series[0]?.value).toBeCloseTo(10.3, 12);
    expect(series[1]?.value).toBeNull();
    expect(series[2]?.value).toBeNull();

    const sum = sumDegreeDays(series, '2024-01-01', '2024-01-03');
    expect(sum.sum).toBeCloseTo(10.3, 12);
    expect(sum.daysPresent).toBe(1);
    expect(sum.daysInPeriod).toBe(3);
    expect(sum.completeness).toBeCloseTo(1 / 3, 12);
  });

  it('rejects non-finite temperatures', () => {
    expect(() => dailyDegreeDay(Number.NaN, 10, { kind: 'heating', method: 'meteo' })).toThrow(RangeError);
  });
});
