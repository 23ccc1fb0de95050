import { describe, expect, it } from 'vitest';
import type { SignaturePoint } from '../api/types';
import { splitSignaturePoints } from './signature-points';

/** Builds a week of the demo's building b25: 1 039 kWh over 7 days, 119,65 DJU, mean 0,91 °C. */
function week(overrides: Partial<SignaturePoint>): SignaturePoint {
  return {
    label: '2021-W01',
    firstDate: '2021-01-04',
    lastDate: '2021-01-10',
    days: 7,
    energyKwh: 1039,
    consumptionCompleteness: 1,
    degreeDays: 119.65,
    coolingDegreeDays: 0,
    weatherCompleteness: 1,
    meanTemperatureC: 0.91,
    included: true,
    excludedReason: null,
    energyKwhPerDay: 1039 / 7,
    degreeDaysPerDay: 119.65 / 7,
    ...overrides,
  };
}

describe('splitSignaturePoints', () => {
  const points = [
    week({}),
    week({ included: false, excludedReason: 'Consommation incomplète', energyKwhPerDay: 20 }),
    week({
      included: false,
      excludedReason: 'Aucune consommation reçue',
      energyKwh: null,
      energyKwhPerDay: null,
    }),
    week({ included: false, degreeDaysPerDay: null, meanTemperatureC: null }),
  ];

  it('places degree days on x', () => {
    const split = splitSignaturePoints(points, 'degree-days');
    // 119,65 DJU / 7 days = 17,0929 DJU per day; 1 039 kWh / 7 days = 148,4286 kWh per day.
    expect(split.included).toHaveLength(1);
    expect(split.included[0]?.index).toBe(0);
    expect(split.included[0]?.x).toBeCloseTo(17.0929, 4);
    expect(split.included[0]?.y).toBeCloseTo(148.4286, 4);
    expect(split.excluded).toHaveLength(1);
    expect(split.excluded[0]?.index).toBe(1);
    expect(split.excluded[0]?.y).toBe(20);
    expect(split.unplotted).toBe(2);
  });

  it('places the mean temperature on x', () => {
    const split = splitSignaturePoints(points, 'temperature');
    expect(split.included.map((point) => point.x)).toEqual([0.91]);
    expect(split.excluded.map((point) => point.index)).toEqual([1]);
    expect(split.unplotted).toBe(2);
  });
});
