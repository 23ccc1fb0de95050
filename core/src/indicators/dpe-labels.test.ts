import { describe, expect, it } from 'vitest';
import { dpeClimateClass, dpeEnergyClass } from './dpe-labels.js';

describe('dpeEnergyClass', () => {
  it('reads the offices and teaching scale', () => {
    expect(dpeEnergyClass(50, 'bureaux-enseignement')).toBe('A');
    expect(dpeEnergyClass(51, 'bureaux-enseignement')).toBe('B');
    expect(dpeEnergyClass(210, 'bureaux-enseignement')).toBe('C');
    expect(dpeEnergyClass(750, 'bureaux-enseignement')).toBe('F');
    expect(dpeEnergyClass(751, 'bureaux-enseignement')).toBe('G');
  });

  it('rounds to the nearest integer before comparing', () => {
    expect(dpeEnergyClass(110.4, 'bureaux-enseignement')).toBe('B');
    expect(dpeEnergyClass(110.5, 'bureaux-enseignement')).toBe('C');
  });

  it('puts the 2009 university average in class D', () => {
    // CPU–Caisse des Dépôts survey: 300 kWh EP/m² and 31 kg CO₂/m², both class D.
    expect(dpeEnergyClass(300, 'bureaux-enseignement')).toBe('D');
    expect(dpeClimateClass(31, 'bureaux-enseignement')).toBe('D');
  });

  it('uses the other categories', () => {
    expect(dpeEnergyClass(100, 'occupation-continue')).toBe('A');
    expect(dpeEnergyClass(100, 'autres')).toBe('C');
    expect(dpeEnergyClass(451, 'centre-commercial')).toBe('G');
  });

  it('rejects negative values', () => {
    expect(() => dpeEnergyClass(-1, 'autres')).toThrow(RangeError);
  });
});

describe('dpeClimateClass', () => {
  it('reads the climate scales', () => {
    expect(dpeClimateClass(5, 'bureaux-enseignement')).toBe('A');
    expect(dpeClimateClass(146, 'bureaux-enseignement')).toBe('G');
    expect(dpeClimateClass(30, 'occupation-continue')).toBe('B');
    expect(dpeClimateClass(96, 'autres')).toBe('G');
  });
});
