import { describe, expect, it } from 'vitest';
import { fitDegreeDaySignature, normaliseYearlyConsumption } from './signature.js';

describe('fitDegreeDaySignature', () => {
  it('fits E = a·DJU + b per period by hand', () => {
    // DJU 0, 100, 200, 300, 400: x̄ = 200, Sxx = 4·10⁴ + 10⁴ + 0 + 10⁴ + 4·10⁴ = 10⁵.
    // E 520, 1480, 2530, 3470, 4500: ȳ = 2500,
    // Sxy = (−200)(−1980) + (−100)(−1020) + 0 + 100·970 + 200·2000 = 995 000.
    // a = 995 000 / 10⁵ = 9.95 kWh/DJU, b = 2500 − 9.95·200 = 510 kWh per period.
    const signature = fitDegreeDaySignature([
      { energyKwh: 520, degreeDays: 0 },
      { energyKwh: 1480, degreeDays: 100 },
      { energyKwh: 2530, degreeDays: 200 },
      { energyKwh: 3470, degreeDays: 300 },
      { energyKwh: 4500, degreeDays: 400 },
    ]);
    expect(signature.form).toBe('per-period');
    expect(signature.slopeKwhPerDegreeDay).toBeCloseTo(9.95, 10);
    expect(signature.baseLoadKwh).toBeCloseTo(510, 8);
  });

  it('fits the per-day form weighted by days', () => {
    // Per day: (DJU/d, E/d, d) = (0, 1, 1), (1, 2, 1), (2, 4, 2). Weighted least squares by hand:
    // x̄ = 5/4, ȳ = 11/4, Sxy = 4.25, Sxx = 2.75 → a = 17/11 kWh/DJU, b = 9/11 kWh/day.
    const signature = fitDegreeDaySignature([
      { energyKwh: 1, degreeDays: 0, days: 1 },
      { energyKwh: 2, degreeDays: 1, days: 1 },
      { energyKwh: 8, degreeDays: 4, days: 2 },
    ]);
    expect(signature.form).toBe('per-day');
    expect(signature.slopeKwhPerDegreeDay).toBeCloseTo(17 / 11, 12);
    expect(signature.baseLoadKwh).toBeCloseTo(9 / 11, 12);
  });

  it('normalises a year with the normal degree days', () => {
    // Months of 31, 30 and 31 days built from 1000 kWh/day + 80 kWh/DJU:
    // 31·1000 + 80·310 = 55 800; 30·1000 + 80·150 = 42 000; 31·1000 + 0 = 31 000.
    const signature = fitDegreeDaySignature([
      { energyKwh: 55_800, degreeDays: 310, days: 31 },
      { energyKwh: 42_000, degreeDays: 150, days: 30 },
      { energyKwh: 31_000, degreeDays: 0, days: 31 },
    ]);
    expect(signature.slopeKwhPerDegreeDay).toBeCloseTo(80, 9);
    expect(signature.baseLoadKwh).toBeCloseTo(1000, 9);
    // 365·1000 + 80·2500 = 565 000 kWh for a normal year of 2500 DJU.
    expect(normaliseYearlyConsumption(signature, 2500)).toBeCloseTo(565_000, 6);
  });

  it('rejects mixed period lengths and too few periods', () => {
    expect(() =>
      fitDegreeDaySignature([
        { energyKwh: 1, degreeDays: 0, days: 1 },
        { energyKwh: 2, degreeDays: 1 },
        { energyKwh: 3, degreeDays: 2, days: 1 },
      ]),
    ).toThrow(/every period or of none/);
    expect(() => fitDegreeDaySignature([{ energyKwh: 1, degreeDays: 0 }])).toThrow(/at least 3/);
  });
});
