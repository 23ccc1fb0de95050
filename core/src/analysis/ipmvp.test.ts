import { describe, expect, it } from 'vitest';
import {
  checkGoodnessOfFit,
  computeAvoidedEnergy,
  fitIpmvpBaseline,
  floorPrediction,
  fractionalSavingsUncertainty,
  type IpmvpBaseline,
  type IpmvpPeriod,
  predictBaseline,
  savingsUncertaintyAlpha,
} from './ipmvp.js';

// Twelve baseline months with DJU = 0, 50, …, 550 and E = 1000 + 5·DJU + e, where
// e = +10, −10, −10, +10 repeated. Σe = 0 and Σ(DJU − 275)·e = 0 (worked out term by term:
// 50·(−55 + 45 + 35 − 25 − 15 + 5 − 5 + 15 + 25 − 35 − 45 + 55) = 0), so least squares returns
// exactly a = 1000 kWh, b = 5 kWh/DJU and the residuals e: SSE = 12·100 = 1200, MSE = 1200/10 = 120,
// Ē = 1000 + 5·275 = 2375 kWh.
const RESIDUALS = [10, -10, -10, 10, 10, -10, -10, 10, 10, -10, -10, 10];
const BASELINE: IpmvpPeriod[] = RESIDUALS.map((residual, month) => ({
  energyKwh: 1000 + 5 * 50 * month + residual,
  variables: { dju: 50 * month },
}));

describe('fitIpmvpBaseline', () => {
  const baseline = fitIpmvpBaseline(BASELINE, { variables: ['dju'], granularity: 'monthly' });

  it('recovers the hand-computed model', () => {
    expect(baseline.intercept).toBeCloseTo(1000, 9);
    expect(baseline.coefficients.dju).toBeCloseTo(5, 12);
    expect(baseline.regression.sse).toBeCloseTo(1200, 8);
    expect(baseline.regression.meanMeasured).toBeCloseTo(2375, 9);
  });

  it('computes CV(RMSE) and passes the monthly Guideline 14 limits', () => {
    // CV(RMSE) = 100·√120/2375 ≈ 0.461 %.
    expect(baseline.regression.cvRmse).toBeCloseTo((100 * Math.sqrt(120)) / 2375, 10);
    expect(baseline.check).toEqual({ cvRmseLimit: 15, nmbeLimit: 5, cvRmsePasses: true, nmbePasses: true });
    expect(baseline.warnings).toEqual([]);
  });

  it('computes the residual autocorrelation', () => {
    // Consecutive products sum to −100; both shifted series have mean −10/11 and
    // Σ(deviation)² = 1100 − 11·(10/11)² = 1090.909…; covariance −100 − 11·(10/11)² = −109.0909… → ρ = −0.1.
    expect(baseline.residualAutocorrelation).toBeCloseTo(-0.1, 12);
  });

  it('lists the variable range', () => {
    expect(baseline.variableRanges).toEqual([{ name: 'dju', min: 0, max: 550, mean: 275 }]);
  });

  it('warns about a short baseline', () => {
    const short = fitIpmvpBaseline(BASELINE.slice(0, 8), { variables: ['dju'], granularity: 'monthly' });
    expect(short.warnings.map((warning) => warning.code)).toContain('few-points');
    expect(short.warnings[0]?.message).toContain('8 mois');
  });

  it('rejects a period without the variable', () => {
    expect(() =>
      fitIpmvpBaseline([...BASELINE, { energyKwh: 10, variables: {} }], {
        variables: ['dju'],
        granularity: 'monthly',
      }),
    ).toThrow(/variable dju/);
  });
});

describe('checkGoodnessOfFit', () => {
  it('applies the monthly and hourly limits', () => {
    expect(checkGoodnessOfFit({ cvRmse: 16, nmbe: -4 }, 'monthly')).toEqual({
      cvRmseLimit: 15,
      nmbeLimit: 5,
      cvRmsePasses: false,
      nmbePasses: true,
    });
    expect(checkGoodnessOfFit({ cvRmse: 29, nmbe: 10.5 }, 'hourly')).toEqual({
      cvRmseLimit: 30,
      nmbeLimit: 10,
      cvRmsePasses: true,
      nmbePasses: false,
    });
    expect(checkGoodnessOfFit({ cvRmse: 29, nmbe: 10.5 }, 'daily').cvRmsePasses).toBeNull();
  });
});

describe('savingsUncertaintyAlpha', () => {
  it('evaluates the Guideline 14 polynomials', () => {
    expect(savingsUncertaintyAlpha('hourly', 12)).toBe(1.26);
    // Monthly, n = 12: −0.00022·144 + 0.03306·12 + 0.94054 = 1.30558.
    expect(savingsUncertaintyAlpha('monthly', 12)).toBeCloseTo(1.30558, 12);
    // Daily, M = 12: −0.00024·144 + 0.03535·12 + 1.00286 = 1.39250.
    expect(savingsUncertaintyAlpha('daily', 12)).toBeCloseTo(1.3925, 12);
  });
});

describe('computeAvoidedEnergy', () => {
  const baseline = fitIpmvpBaseline(BASELINE, { variables: ['dju'], granularity: 'monthly' });
  // Reporting year with the same DJU and 10 % less energy than the model:
  // adjusted baseline = 12·1000 + 5·(0 + 50 + … + 550) = 12 000 + 5·3300 = 28 500 kWh; actual 25 650 kWh.
  const reporting: IpmvpPeriod[] = BASELINE.map((period) => ({
    energyKwh: 0.9 * (1000 + 5 * (period.variables.dju ?? 0)),
    variables: period.variables,
  }));
  const result = computeAvoidedEnergy(baseline, reporting);

  it('computes the adjusted baseline and the avoided energy', () => {
    expect(result.adjustedBaselineKwh).toBeCloseTo(28_500, 8);
    expect(result.actualKwh).toBeCloseTo(25_650, 8);
    expect(result.avoidedKwh).toBeCloseTo(2850, 8);
    expect(result.savingsFraction).toBeCloseTo(0.1, 12);
    expect(result.perPeriod[11]).toEqual({
      predictedKwh: expect.closeTo(3750, 8),
      actualKwh: expect.closeTo(3375, 8),
      avoidedKwh: expect.closeTo(375, 8),
    });
  });

  it('computes the fractional savings uncertainty at 90 %', () => {
    // FSU = t·α/(m·Ē·F)·√(MSE·(1 + 2/n)·m) with t = 1.812 (t table, 10 df, two-sided 90 %),
    // α = 1.30558, m = 12, Ē = 2375, F = 0.1, MSE = 120, n = 12 → ≈ 0.0340.
    const expected = ((1.812 * 1.30558) / (12 * 2375 * 0.1)) * Math.sqrt(120 * (1 + 2 / 12) * 12);
    expect(result.uncertainty?.fractionalSavingsUncertainty).toBeCloseTo(expected, 4);
    expect(result.uncertainty?.tValue).toBeCloseTo(1.812, 3);
    expect(result.uncertainty?.degreesOfFreedom).toBe(10);
    expect(result.uncertainty?.autocorrelationCorrected).toBe(false);
    expect(result.uncertainty?.avoidedKwhUncertainty).toBeCloseTo(expected * 2850, 1);
    // F giving FSU = 50 %: same expression with 0.5 in place of F.
    expect(result.uncertainty?.minimumSavingsFractionFor50Percent).toBeCloseTo((expected * 0.1) / 0.5, 5);
    expect(result.meetsGuideline14Uncertainty).toBe(true);
  });

  it('adds non-routine adjustments to the adjusted baseline', () => {
    const adjusted = computeAvoidedEnergy(baseline, reporting, { nonRoutineAdjustmentKwh: 500 });
    expect(adjusted.adjustedBaselineKwh).toBeCloseTo(29_000, 8);
    expect(adjusted.avoidedKwh).toBeCloseTo(3350, 8);
  });

  it('warns when the reporting period leaves the baseline range', () => {
    const colder = computeAvoidedEnergy(baseline, [{ energyKwh: 3500, variables: { dju: 600 } }]);
    // 1000 + 5·600 = 4000 kWh predicted.
    expect(colder.adjustedBaselineKwh).toBeCloseTo(4000, 8);
    const warning = colder.warnings.find((entry) => entry.code === 'variable-outside-baseline-range');
    expect(warning?.message).toContain('« dju »');
  });

  it('has no uncertainty without savings', () => {
    const none = computeAvoidedEnergy(
      baseline,
      BASELINE.map((period) => ({
        energyKwh: 1000 + 5 * (period.variables.dju ?? 0),
        variables: period.variables,
      })),
    );
    expect(none.avoidedKwh).toBeCloseTo(0, 8);
    expect(none.uncertainty).toBeNull();
    expect(none.warnings.map((warning) => warning.code)).toContain('uncertainty-not-computable');
  });
});

describe('computeAvoidedEnergy with negative predictions', () => {
  // Heating model E = −400 + 10·DJU on twelve months with DJU = 30, 40, …, 140 and residuals
  // e = +5, −5, −5, +5 repeated. Σe = 0 and Σ(DJU − 85)·e = 5·(−55 + 45 + 35 − 25 − 15 + 5 − 5
  // + 15 + 25 − 35 − 45 + 55) = 0, so least squares returns a = −400 kWh and
  // b = 10 kWh/DJU exactly: SSE = 12·25 = 300, MSE = 300/10 = 30, Ē = −400 + 10·85 = 450 kWh.
  const heatingResiduals = [5, -5, -5, 5, 5, -5, -5, 5, 5, -5, -5, 5];
  const heatingBaseline = fitIpmvpBaseline(
    heatingResiduals.map((residual, month) => ({
      energyKwh: -400 + 10 * (30 + 10 * month) + residual,
      variables: { dju: 30 + 10 * month },
    })),
    { variables: ['dju'], granularity: 'monthly' },
  );
  // Reporting: two summer months (DJU 10 and 20) and two winter months (DJU 120 and 140).
  // Raw predictions: −400 + 100 = −300, −400 + 200 = −200, −400 + 1200 = 800, −400 + 1400 = 1000.
  // Floored: 0, 0, 800, 1000 → adjusted baseline 1800 kWh (the raw sum would be 1300 kWh).
  // Measured: 40 + 30 + 700 + 860 = 1630 kWh → avoided 1800 − 1630 = 170 kWh, F = 170/1800.
  const reporting: IpmvpPeriod[] = [
    { energyKwh: 40, variables: { dju: 10 } },
    { energyKwh: 30, variables: { dju: 20 } },
    { energyKwh: 700, variables: { dju: 120 } },
    { energyKwh: 860, variables: { dju: 140 } },
  ];
  const result = computeAvoidedEnergy(heatingBaseline, reporting);

  it('recovers the hand-computed heating model', () => {
    expect(heatingBaseline.intercept).toBeCloseTo(-400, 8);
    expect(heatingBaseline.coefficients.dju).toBeCloseTo(10, 10);
  });

  it('floors each predicted period at zero', () => {
    expect(result.perPeriod.map((period) => period.predictedKwh)).toEqual([
      0,
      0,
      expect.closeTo(800, 8),
      expect.closeTo(1000, 8),
    ]);
    // Summer months: 0 − 40 = −40 and 0 − 30 = −30 kWh avoided, no longer 260 and 170 kWh.
    expect(result.perPeriod[0]?.avoidedKwh).toBeCloseTo(-40, 8);
    expect(result.perPeriod[1]?.avoidedKwh).toBeCloseTo(-30, 8);
    expect(result.flooredPeriodCount).toBe(2);
  });

  it('sums the floored adjusted baseline', () => {
    expect(result.adjustedBaselineKwh).toBeCloseTo(1800, 8);
    expect(result.actualKwh).toBeCloseTo(1630, 8);
    expect(result.avoidedKwh).toBeCloseTo(170, 8);
    expect(result.savingsFraction).toBeCloseTo(170 / 1800, 12);
  });

  it('computes the uncertainty from the floored savings', () => {
    // FSU = t·α/(m·Ē·F)·√(MSE·(1 + 2/n)·m) with t = 1.812 (10 df, two-sided 90 %), α = 1.30558,
    // m = 4, Ē = 450, F = 170/1800, MSE = 30, n = 12.
    const expected = ((1.812 * 1.30558) / (4 * 450 * (170 / 1800))) * Math.sqrt(30 * (1 + 2 / 12) * 4);
    expect(result.uncertainty?.fractionalSavingsUncertainty).toBeCloseTo(expected, 3);
    expect(result.uncertainty?.avoidedKwhUncertainty).toBeCloseTo(expected * 170, 1);
  });

  it('warns with the floored count', () => {
    const warning = result.warnings.find((entry) => entry.code === 'prediction-floored-at-zero');
    expect(warning?.message).toContain('2 période(s) de suivi');
    expect(warning?.message).toContain('ramenée à zéro');
  });

  it('no warning without floored periods', () => {
    const winter = computeAvoidedEnergy(heatingBaseline, reporting.slice(2));
    expect(winter.flooredPeriodCount).toBe(0);
    expect(winter.warnings.map((entry) => entry.code)).not.toContain('prediction-floored-at-zero');
  });
});

describe('floorPrediction', () => {
  it('keeps positive values and floors negative ones', () => {
    expect(floorPrediction(12.5)).toBe(12.5);
    expect(floorPrediction(-437)).toBe(0);
  });
});

describe('fractionalSavingsUncertainty with autocorrelation', () => {
  it('replaces n by n′ for daily data with ρ ≥ 0.5', () => {
    // n = 365 days, p = 2, ρ = 0.6 → n′ = 365·0.4/1.6 = 91.25, 89.25 degrees of freedom.
    // SSE = 89 250 → MSE′ = 1000. M = 365/(365.25/12) months for α.
    const baseline = {
      granularity: 'daily',
      residualAutocorrelation: 0.6,
      regression: { n: 365, parameterCount: 2, sse: 89_250, meanMeasured: 500 },
    } as unknown as IpmvpBaseline;
    const result = fractionalSavingsUncertainty({
      baseline,
      savingsFraction: 0.2,
      reportingPoints: 365,
      confidence: 0.9,
    });
    expect(result?.autocorrelationCorrected).toBe(true);
    expect(result?.effectiveN).toBeCloseTo(91.25, 12);
    expect(result?.degreesOfFreedom).toBeCloseTo(89.25, 12);
    // t tables: 1.662 for 90 df, 1.664 for 80 df, two-sided 90 %.
    expect(result?.tValue).toBeGreaterThan(1.662);
    expect(result?.tValue).toBeLessThan(1.664);
    const months = 365 / (365.25 / 12);
    const alpha = -0.00024 * months ** 2 + 0.03535 * months + 1.00286;
    const expected = ((1.6622 * alpha) / (365 * 500 * 0.2)) * Math.sqrt(1000 * (1 + 2 / 91.25) * 365);
    expect(result?.fractionalSavingsUncertainty).toBeCloseTo(expected, 4);
  });
});

describe('predictBaseline', () => {
  it('applies several variables', () => {
    const baseline = fitIpmvpBaseline(
      [
        // E = 100 + 2·dju + 30·jours, four points exactly on the plane plus one more.
        { energyKwh: 100 + 2 * 10 + 30 * 20, variables: { dju: 10, jours: 20 } },
        { energyKwh: 100 + 2 * 50 + 30 * 22, variables: { dju: 50, jours: 22 } },
        { energyKwh: 100 + 2 * 80 + 30 * 18, variables: { dju: 80, jours: 18 } },
        { energyKwh: 100 + 2 * 20 + 30 * 21, variables: { dju: 20, jours: 21 } },
        { energyKwh: 100 + 2 * 65 + 30 * 19, variables: { dju: 65, jours: 19 } },
      ],
      { variables: ['dju', 'jours'], granularity: 'monthly' },
    );
    expect(predictBaseline(baseline, [{ variables: { dju: 40, jours: 10 } }])[0]).toBeCloseTo(
      100 + 80 + 300,
      8,
    );
  });
});
