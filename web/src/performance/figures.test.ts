import { describe, expect, it } from 'vitest';
import {
  decimalsFor,
  energyFormatterFor,
  formatEnergyIn,
  formatFigure,
  formatPercent,
  readableUnit,
} from './figures';

// French number formatting groups thousands with a narrow no-break space (U+202F) and writes units
// after a no-break space (U+00A0).
const NNBSP = '\u202f';
const NBSP = '\u00a0';

describe('decimalsFor', () => {
  it('keeps three significant digits', () => {
    expect(decimalsFor(1.6197)).toBe(2);
    expect(decimalsFor(11.466)).toBe(1);
    expect(decimalsFor(113.51)).toBe(0);
    expect(decimalsFor(41_432.4)).toBe(0);
    expect(decimalsFor(0.0569)).toBe(3);
  });

  it('caps tiny values at three decimals', () => {
    expect(decimalsFor(0.000_12)).toBe(3);
    expect(decimalsFor(0)).toBe(0);
  });
});

describe('formatFigure', () => {
  it('writes a decimal comma', () => {
    expect(formatFigure(1.6197, 'fr')).toBe('1,62');
    expect(formatFigure(-15.805, 'fr')).toBe('-15,8');
  });
});

describe('formatEnergyIn', () => {
  it('keeps the PCS qualifier of gas', () => {
    expect(formatEnergyIn(44_155.6, 'kWh PCS', 'fr')).toBe(`44,2${NBSP}MWh PCS`);
    expect(formatEnergyIn(5_097, 'kWh PCS', 'fr')).toBe(`5${NNBSP}097${NBSP}kWh PCS`);
  });

  it('moves to GWh above ten million kWh', () => {
    expect(formatEnergyIn(12_500_000, 'kWh', 'fr')).toBe(`12,5${NBSP}GWh`);
  });

  it('keeps negative values', () => {
    expect(formatEnergyIn(-5_030.03, 'kWh', 'fr')).toBe(`-5${NNBSP}030${NBSP}kWh`);
  });
});

describe('formatPercent', () => {
  it('writes the sign of negative values and a plus when signed', () => {
    expect(formatPercent(-12.876, 'fr')).toBe(`-12,9${NBSP}%`);
    expect(formatPercent(10.338, 'fr')).toBe(`10,3${NBSP}%`);
    expect(formatPercent(10.338, 'fr', 1, true)).toBe(`+10,3${NBSP}%`);
    expect(formatPercent(0, 'fr', 1, true)).toBe(`0${NBSP}%`);
    expect(formatPercent(-1.8e-14, 'fr')).toBe(`0${NBSP}%`);
  });
});

describe('readableUnit', () => {
  it('spaces the units of conversion factors', () => {
    expect(readableUnit('kWhEP/kWhEF')).toBe('kWh EP/kWh EF');
    expect(readableUnit('kgCO2e/kWh PCI')).toBe('kg CO2e/kWh PCI');
  });

  it('leaves other units alone', () => {
    expect(readableUnit('kWh PCS')).toBe('kWh PCS');
  });
});

describe('energyFormatterFor', () => {
  it('writes a whole column in the unit of its largest value', () => {
    // The largest value, 38 200 kWh, calls for MWh: 5 847 kWh reads 5,8 MWh.
    const format = energyFormatterFor([5_847, -92, 38_200, null], 'fr');
    expect(format(5_847, 'kWh PCS')).toBe(`5,8${NBSP}MWh PCS`);
    expect(format(-92, 'kWh PCS')).toBe(`-0,1${NBSP}MWh PCS`);
    // −40 kWh is −0,04 MWh, which rounds to zero and takes no sign.
    expect(format(-40, 'kWh PCS')).toBe(`0${NBSP}MWh PCS`);
    expect(format(38_200, 'kWh PCS')).toBe(`38,2${NBSP}MWh PCS`);
  });

  it('stays in kWh below ten thousand', () => {
    const format = energyFormatterFor([812, 9_999], 'fr');
    expect(format(812, 'kWh')).toBe(`812${NBSP}kWh`);
  });
});
