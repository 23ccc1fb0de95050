import { describe, expect, it } from 'vitest';
import { evaluationYearChoices, lastWholeYearWithData } from './evaluation-years';

describe('lastWholeYearWithData', () => {
  it('keeps the year whose 31 December has readings', () => {
    // Readings end on 31/12/2024 (reference day 01/01/2025): 2024 is whole.
    expect(lastWholeYearWithData({ referenceDay: '2025-01-01', today: '2026-12-05' }, '2026-12-05')).toBe(
      2024,
    );
  });

  it('steps back a year when readings stop inside it', () => {
    // Readings end on 14/11/2024: 2024 is partial, so 2023.
    expect(lastWholeYearWithData({ referenceDay: '2024-11-15', today: '2026-12-05' }, '2026-12-05')).toBe(
      2023,
    );
  });

  it('takes last year while readings are current', () => {
    // Reference day is today (05/12/2026): the last whole year is 2025.
    expect(lastWholeYearWithData({ referenceDay: '2026-12-05', today: '2026-12-05' }, '2026-12-05')).toBe(
      2025,
    );
  });

  it('falls back without reference day', () => {
    expect(lastWholeYearWithData(undefined, '2026-12-05')).toBe(2025);
  });
});

describe('evaluationYearChoices', () => {
  it('counts back from the last whole year', () => {
    expect(evaluationYearChoices(2024, 3)).toEqual([2024, 2023, 2022]);
  });
});
