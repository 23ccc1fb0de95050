import { describe, expect, it } from 'vitest';
import {
  logGamma,
  studentTCdf,
  studentTCritical,
  studentTQuantile,
  studentTTwoSidedPValue,
} from './student-t.js';

describe('logGamma', () => {
  it('matches known gamma values', () => {
    expect(logGamma(5)).toBeCloseTo(Math.log(24), 12);
    expect(logGamma(0.5)).toBeCloseTo(0.5 * Math.log(Math.PI), 12);
    expect(logGamma(0.25)).toBeCloseTo(Math.log(3.625609908221908), 12);
  });
});

describe('studentTQuantile', () => {
  // Upper critical values as printed in standard t tables (three decimals).
  const table: [probability: number, degreesOfFreedom: number, value: number][] = [
    [0.9, 10, 1.372],
    [0.95, 10, 1.812],
    [0.975, 10, 2.228],
    [0.99, 10, 2.764],
    [0.995, 10, 3.169],
    [0.95, 1, 6.314],
    [0.975, 1, 12.706],
    [0.95, 5, 2.015],
    [0.975, 30, 2.042],
    [0.975, 100, 1.984],
    // The "∞" row of the tables, reached here with a million degrees of freedom.
    [0.975, 1_000_000, 1.96],
  ];
  it.each(table)('P = %s with %s df is %s', (probability, degreesOfFreedom, value) => {
    expect(studentTQuantile(probability, degreesOfFreedom)).toBeCloseTo(value, 3);
  });

  it('matches the closed forms for 1 and 2 degrees of freedom', () => {
    // ν = 1 (Cauchy): t = tan(π(p − 1/2)). ν = 2: t = (2p − 1)/√(2p(1 − p)).
    for (const p of [0.6, 0.8, 0.9, 0.99, 0.999]) {
      expect(studentTQuantile(p, 1)).toBeCloseTo(Math.tan(Math.PI * (p - 0.5)), 8);
      expect(studentTQuantile(p, 2)).toBeCloseTo((2 * p - 1) / Math.sqrt(2 * p * (1 - p)), 8);
    }
  });

  it('is symmetric around zero', () => {
    expect(studentTQuantile(0.05, 10)).toBeCloseTo(-1.812, 3);
    expect(studentTQuantile(0.5, 7)).toBe(0);
  });

  it('rejects probabilities outside (0, 1) and bad degrees of freedom', () => {
    expect(() => studentTQuantile(1, 10)).toThrow(RangeError);
    expect(() => studentTQuantile(0.9, 0)).toThrow(RangeError);
  });
});

describe('studentTCritical', () => {
  it('gives 1.812 for a two-sided 90 % interval with 10 df', () => {
    expect(studentTCritical(0.9, 10)).toBeCloseTo(1.812, 3);
    expect(studentTCritical(0.95, 10)).toBeCloseTo(2.228, 3);
  });
});

describe('studentTCdf', () => {
  it('matches the closed form for 1 and 3 degrees of freedom', () => {
    // ν = 1: 1/2 + atan(t)/π. ν = 3: 1/2 + [t/(√3·(1 + t²/3)) + atan(t/√3)]/π.
    for (const t of [-3, -0.5, 0, 0.7, 2.5, 10]) {
      expect(studentTCdf(t, 1)).toBeCloseTo(0.5 + Math.atan(t) / Math.PI, 12);
      const closedForm3 =
        0.5 + (t / (Math.sqrt(3) * (1 + (t * t) / 3)) + Math.atan(t / Math.sqrt(3))) / Math.PI;
      expect(studentTCdf(t, 3)).toBeCloseTo(closedForm3, 12);
    }
  });

  it('gives two-sided p-values', () => {
    // t = 1.812 with 10 df leaves 5 % in each tail.
    expect(studentTTwoSidedPValue(1.812, 10)).toBeCloseTo(0.1, 3);
    expect(studentTTwoSidedPValue(0, 10)).toBe(1);
  });
});
