import { describe, expect, it } from 'vitest';
import { adjustConsumptionForClimate, applyOperatNetworkCoefficients } from './climate-adjustment.js';
import {
  chooseReferenceYear,
  gapToNextMilestone,
  milestoneTargets,
  targetTrajectory,
  weightedAbsoluteTarget,
} from './decret-tertiaire.js';

describe('adjustConsumptionForClimate', () => {
  it('adjusts the heating and cooling parts by the DJU ratios', () => {
    // 1 000 000 kWh in all, 600 000 heating, 50 000 cooling → 350 000 kWh other uses.
    // Heating: 600 000 × 2400/2000 = 720 000. Cooling: 50 000 × 80/100 = 40 000.
    // Adjusted: 350 000 + 720 000 + 40 000 = 1 110 000 kWh.
    const adjustment = adjustConsumptionForClimate({
      totalKwh: 1_000_000,
      heatingKwh: 600_000,
      coolingKwh: 50_000,
      heatingDegreeDays: 2000,
      referenceHeatingDegreeDays: 2400,
      coolingDegreeDays: 100,
      referenceCoolingDegreeDays: 80,
    });
    expect(adjustment.otherKwh).toBe(350_000);
    expect(adjustment.heatingRatio).toBeCloseTo(1.2, 12);
    expect(adjustment.coolingRatio).toBeCloseTo(0.8, 12);
    expect(adjustment.adjustedHeatingKwh).toBeCloseTo(720_000, 6);
    expect(adjustment.adjustedCoolingKwh).toBeCloseTo(40_000, 6);
    expect(adjustment.adjustedKwh).toBeCloseTo(1_110_000, 6);
    expect(adjustment.method).toBe('ratio-estimate');
    expect(adjustment.warnings).toEqual([]);
  });

  it('leaves cooling unadjusted without cooling degree days', () => {
    const adjustment = adjustConsumptionForClimate({
      totalKwh: 100,
      heatingKwh: 0,
      coolingKwh: 10,
      heatingDegreeDays: 2000,
      referenceHeatingDegreeDays: 2400,
    });
    expect(adjustment.adjustedKwh).toBe(100);
    expect(adjustment.coolingRatio).toBeNull();
    expect(adjustment.warnings[0]).toContain('refroidissement');
  });

  it('rejects parts larger than the total', () => {
    expect(() =>
      adjustConsumptionForClimate({
        totalKwh: 100,
        heatingKwh: 90,
        coolingKwh: 20,
        heatingDegreeDays: 1,
        referenceHeatingDegreeDays: 1,
      }),
    ).toThrow(RangeError);
  });
});

describe('applyOperatNetworkCoefficients', () => {
  it('weighs heat by 0.77 and cold by 0.25', () => {
    // 200 000 + 0.77 × 500 000 + 0.25 × 40 000 = 200 000 + 385 000 + 10 000 = 595 000 kWh.
    expect(
      applyOperatNetworkCoefficients({
        otherEnergiesKwh: 200_000,
        heatNetworkKwh: 500_000,
        coldNetworkKwh: 40_000,
      }),
    ).toBeCloseTo(595_000, 6);
  });
});

describe('chooseReferenceYear', () => {
  const years = [
    { year: 2009, adjustedKwh: 3_000_000, surfaceM2: 10_000 },
    { year: 2012, adjustedKwh: 2_400_000, surfaceM2: 10_000 },
    { year: 2015, adjustedKwh: 2_600_000, surfaceM2: 10_400 },
    { year: 2017, adjustedKwh: 2_550_000, surfaceM2: 10_000 },
    { year: 2021, adjustedKwh: 2_800_000, surfaceM2: 10_000 },
  ];

  it('keeps the highest intensity in 2010–2019', () => {
    // 2012: 240 kWh/m²; 2015: 2 600 000/10 400 = 250; 2017: 255. 2009 and 2021 are not candidates.
    const choice = chooseReferenceYear(years);
    expect(choice?.reference).toEqual({ year: 2017, intensityKwhPerM2: 255 });
    expect(choice?.candidates.map((candidate) => candidate.year)).toEqual([2012, 2015, 2017]);
    expect(choice?.candidates[1]?.intensityKwhPerM2).toBeCloseTo(250, 12);
  });

  it('considers later years when asked', () => {
    const choice = chooseReferenceYear(years, { candidateYears: [2010, 2015, 2017, 2020, 2021, 2022] });
    expect(choice?.reference).toEqual({ year: 2021, intensityKwhPerM2: 280 });
  });

  it('returns null without a candidate year', () => {
    expect(chooseReferenceYear([{ year: 2005, adjustedKwh: 1, surfaceM2: 1 }])).toBeNull();
  });
});

describe('milestoneTargets', () => {
  it('applies −40, −50 and −60 % to the reference', () => {
    // Créf = 250 kWh/m²: 0.6 × 250 = 150, 0.5 × 250 = 125, 0.4 × 250 = 100.
    const targets = milestoneTargets(250);
    expect(targets.map((target) => [target.year, target.relativeKwhPerM2])).toEqual([
      [2030, 150],
      [2040, 125],
      [2050, 100],
    ]);
    expect(targets.every((target) => target.route === 'relative')).toBe(true);
  });

  it('takes the absolute value when it is less demanding', () => {
    // Cabs 2030 = 160 > 150 → absolute route; Cabs 2040 = 110 < 125 → relative route.
    const targets = milestoneTargets(250, { 2030: 160, 2040: 110 });
    expect(targets[0]).toMatchObject({ applicableKwhPerM2: 160, route: 'absolute', absoluteKwhPerM2: 160 });
    expect(targets[1]).toMatchObject({ applicableKwhPerM2: 125, route: 'relative', absoluteKwhPerM2: 110 });
    expect(targets[2]?.absoluteKwhPerM2).toBeNull();
  });
});

describe('weightedAbsoluteTarget', () => {
  it('weights sub-category values by surface', () => {
    // (8000 × 120 + 2000 × 200) / 10 000 = (960 000 + 400 000) / 10 000 = 136 kWh/m².
    expect(
      weightedAbsoluteTarget([
        { surfaceM2: 8000, cabsKwhPerM2: 120 },
        { surfaceM2: 2000, cabsKwhPerM2: 200 },
      ]),
    ).toBe(136);
  });
});

describe('gapToNextMilestone', () => {
  it('measures the gap to 2030', () => {
    // 2024 at 200 kWh/m², 2030 target 160 (absolute route): gap 40 kWh/m² = 20 % of 200,
    // 6 years left → 40/6 ≈ 6.667 kWh/m² per year.
    const gap = gapToNextMilestone(
      { year: 2024, intensityKwhPerM2: 200 },
      milestoneTargets(250, { 2030: 160 }),
    );
    expect(gap).toMatchObject({
      milestoneYear: 2030,
      targetKwhPerM2: 160,
      gapKwhPerM2: 40,
      yearsRemaining: 6,
      targetMet: false,
    });
    expect(gap?.gapShare).toBeCloseTo(0.2, 12);
    expect(gap?.requiredYearlyReductionKwhPerM2).toBeCloseTo(40 / 6, 12);
  });

  it('moves to 2040 after 2030 and reports a met target', () => {
    const gap = gapToNextMilestone({ year: 2031, intensityKwhPerM2: 120 }, milestoneTargets(250));
    expect(gap).toMatchObject({
      milestoneYear: 2040,
      targetKwhPerM2: 125,
      gapKwhPerM2: -5,
      targetMet: true,
      gapShare: 0,
    });
    expect(gapToNextMilestone({ year: 2051, intensityKwhPerM2: 90 }, milestoneTargets(250))).toBeNull();
  });
});

describe('targetTrajectory', () => {
  it('draws straight lines between the reference and the milestones', () => {
    // 2015 at 250 → 2030 at 150: −100/15 per year, so 2020 = 250 − 5 × 100/15 ≈ 216.667.
    // 2030 → 2040: 150 → 125, so 2035 = 137.5. 2050 = 100.
    const points = targetTrajectory({ year: 2015, intensityKwhPerM2: 250 }, { 2030: 160, 2040: 120 });

    expect(points).toHaveLength(36);
    expect(points[0]).toEqual({
      year: 2015,
      relativeKwhPerM2: 250,
      absoluteKwhPerM2: null,
      applicableKwhPerM2: 250,
    });
    expect(points.find((point) => point.year === 2020)?.relativeKwhPerM2).toBeCloseTo(
      250 - (5 * 100) / 15,
      10,
    );

    expect(points.find((point) => point.year === 2030)).toEqual({
      year: 2030,
      relativeKwhPerM2: 150,
      absoluteKwhPerM2: 160,
      applicableKwhPerM2: 160,
    });

    // 2035: relative 137.5, absolute halfway between 160 and 120 = 140. The binding targets are
    // 160 in 2030 (Cabs 160 > Crelat 150) and 125 in 2040 (Crelat 125 > Cabs 120), so the
    // applicable target is halfway between them: (160 + 125) / 2 = 142.5.
    expect(points.find((point) => point.year === 2035)).toEqual({
      year: 2035,
      relativeKwhPerM2: 137.5,
      absoluteKwhPerM2: 140,
      applicableKwhPerM2: 142.5,
    });

    // No Cabs for 2050, so 2045 has no absolute value.
    expect(points.find((point) => point.year === 2045)).toMatchObject({
      relativeKwhPerM2: 112.5,
      absoluteKwhPerM2: null,
    });
    expect(points.at(-1)).toMatchObject({ year: 2050, relativeKwhPerM2: 100 });
  });

  it('joins binding targets without rising', () => {
    // Créf 2015 = 250, Cabs 2030 = 160 only. Binding targets: 2030 = max(150, 160) = 160,
    // 2040 = 125, 2050 = 100.
    const points = targetTrajectory({ year: 2015, intensityKwhPerM2: 250 }, { 2030: 160 });
    const applicable = (year: number) => points.find((point) => point.year === year)?.applicableKwhPerM2;

    // 2015 → 2030: 250 → 160, −90/15 = −6 per year, so 2029 = 250 − 14 × 6 = 166.
    expect(applicable(2029)).toBeCloseTo(166, 10);
    expect(applicable(2030)).toBe(160);
    // 2030 → 2040: 160 → 125, −3.5 per year, so 2031 = 156.5 and 2039 = 128.5.
    expect(applicable(2031)).toBeCloseTo(156.5, 10);
    expect(applicable(2039)).toBeCloseTo(128.5, 10);
    expect(applicable(2040)).toBe(125);
    // 2040 → 2050: 125 → 100, so 2045 = 112.5.
    expect(applicable(2045)).toBeCloseTo(112.5, 10);
    expect(applicable(2050)).toBe(100);

    for (let index = 1; index < points.length; index += 1) {
      const previous = points[index - 1]?.applicableKwhPerM2 ?? Number.NaN;
      expect(points[index]?.applicableKwhPerM2).toBeLessThanOrEqual(previous);
    }
  });

  it('takes Cabs at every milestone when less demanding', () => {
    // Créf 2018 = 200: Crelat 120, 100, 80. Cabs 130, 110, 90 are all higher, so they bind.
    // 2018 → 2030: 200 → 130, −70/12 per year, so 2024 = 200 − 6 × 70/12 = 165.
    // 2045: halfway between 110 and 90 = 100, the same as the absolute line.
    const points = targetTrajectory(
      { year: 2018, intensityKwhPerM2: 200 },
      { 2030: 130, 2040: 110, 2050: 90 },
    );
    const at = (year: number) => points.find((point) => point.year === year);

    expect(at(2024)?.applicableKwhPerM2).toBeCloseTo(165, 10);
    expect(at(2030)?.applicableKwhPerM2).toBe(130);
    expect(at(2045)).toEqual({
      year: 2045,
      relativeKwhPerM2: 90,
      absoluteKwhPerM2: 100,
      applicableKwhPerM2: 100,
    });
    expect(at(2050)?.applicableKwhPerM2).toBe(90);
  });

  it('uses the 2030 milestone for a 2030 reference', () => {
    // Reference 2030 at 180: the 2030 point is the milestone, 0.6 × 180 = 108, not 180.
    const points = targetTrajectory({ year: 2030, intensityKwhPerM2: 180 });
    expect(points[0]).toEqual({
      year: 2030,
      relativeKwhPerM2: 108,
      absoluteKwhPerM2: null,
      applicableKwhPerM2: 108,
    });
    expect(points).toHaveLength(21);
  });
});
