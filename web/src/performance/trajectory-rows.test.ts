import { describe, expect, it } from 'vitest';
import type { Trajectory, TrajectoryYear } from '../api/types';
import { incompleteYears, trajectoryRows, yearsWithoutData } from './trajectory-rows';

function year(overrides: Partial<TrajectoryYear> & { year: number }): TrajectoryYear {
  return {
    energies: [],
    totalKwh: 1_000_000,
    completeness: 1,
    complete: true,
    intensityKwhPerM2: 200,
    heatingKwh: null,
    degreeDays: null,
    degreeDaysCompleteness: 1,
    heatingRatio: null,
    adjustedKwh: 1_000_000,
    adjustedIntensityKwhPerM2: 200,
    warnings: [],
    ...overrides,
  };
}

/**
 * An EFA of 5 000 m² with data for 2020–2023 (2023 barely begun) and none for 2024, reference 2021
 * at 210 kWh/m². The targets fall by 40 % to 126 kWh/m² in 2030: 210 − 84 × (year − 2021) / 9.
 */
const TRAJECTORY: Trajectory = {
  efa: { id: '1', code: 'EFA-1', name: 'EFA', operatId: null },
  surfaceM2: 5000,
  surfaceSource: 'buildings',
  buildings: [],
  climate: {
    adjusted: true,
    method: 'ratio-estimate',
    degreeDayMethod: 'costic',
    baseC: 18,
    station: null,
    referenceFirstYear: 2001,
    referenceLastYear: 2020,
    referenceDegreeDays: 2800,
    referenceYearsUsed: [],
    heatingPart: 'heating-energies',
    heatingShare: null,
  },
  years: [
    year({ year: 2020, intensityKwhPerM2: 190, adjustedIntensityKwhPerM2: 195 }),
    year({ year: 2021, intensityKwhPerM2: 205, adjustedIntensityKwhPerM2: 210 }),
    year({ year: 2022, intensityKwhPerM2: 180, adjustedIntensityKwhPerM2: 185 }),
    year({
      year: 2023,
      totalKwh: 500,
      completeness: 0.001,
      complete: false,
      intensityKwhPerM2: 0.1,
      adjustedIntensityKwhPerM2: null,
    }),
    year({
      year: 2024,
      totalKwh: null,
      completeness: 0,
      complete: false,
      intensityKwhPerM2: null,
      adjustedIntensityKwhPerM2: null,
    }),
  ],
  reference: { year: 2021, source: 'automatic', intensityKwhPerM2: 210, candidates: [] },
  absoluteTargets: { 2030: null, 2040: null, 2050: null },
  targets: [],
  currentYear: 2022,
  gap: null,
  trajectory: [
    {
      year: 2021,
      relativeKwhPerM2: 210,
      absoluteKwhPerM2: null,
      applicableKwhPerM2: 210,
      actualKwhPerM2: 210,
    },
    {
      year: 2030,
      relativeKwhPerM2: 126,
      absoluteKwhPerM2: null,
      applicableKwhPerM2: 126,
      actualKwhPerM2: null,
    },
    {
      year: 2050,
      relativeKwhPerM2: 84,
      absoluteKwhPerM2: null,
      applicableKwhPerM2: 84,
      actualKwhPerM2: null,
    },
  ],
  warnings: [],
};

describe('trajectoryRows', () => {
  const rows = trajectoryRows(TRAJECTORY);

  it('spans the first data year to 2050', () => {
    // 2020 to 2050 included: 31 years.
    expect(rows).toHaveLength(31);
    expect(rows[0]?.year).toBe(2020);
    expect(rows.at(-1)?.year).toBe(2050);
  });

  it('marks the reference and the milestones', () => {
    expect(rows.filter((row) => row.isReference).map((row) => row.year)).toEqual([2021]);
    expect(rows.filter((row) => row.isMilestone).map((row) => row.year)).toEqual([2030, 2040, 2050]);
  });

  it('keeps measured and target values apart', () => {
    const row2021 = rows.find((row) => row.year === 2021);
    expect(row2021).toMatchObject({
      rawKwhPerM2: 205,
      countedKwhPerM2: 210,
      targetKwhPerM2: 210,
      complete: true,
    });
    const row2020 = rows.find((row) => row.year === 2020);
    expect(row2020?.targetKwhPerM2).toBeNull();
    const row2030 = rows.find((row) => row.year === 2030);
    expect(row2030).toMatchObject({ rawKwhPerM2: null, countedKwhPerM2: null, targetKwhPerM2: 126 });
  });
});

describe('completeness lists', () => {
  it('separates incomplete years from empty ones', () => {
    expect(incompleteYears(TRAJECTORY)).toEqual([{ year: 2023, completeness: 0.001 }]);
    expect(yearsWithoutData(TRAJECTORY)).toEqual([2024]);
  });
});
