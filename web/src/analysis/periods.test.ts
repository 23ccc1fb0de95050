import { describe, expect, it } from 'vitest';
import { formatPeriodLabel } from './labels';
import { markerColour } from './map-colours';
import {
  anchorDay,
  defaultCalendarYear,
  defaultSeasonYear,
  lastDay,
  quickPeriodRange,
  shiftYears,
} from './periods';

describe('quickPeriodRange', () => {
  it('covers the last 7 days with the anchor day', () => {
    // Sunday 25/12/2022 is the last Sunday of the demo archive, which ends on Saturday 31/12.
    expect(quickPeriodRange('last-7-days', '2022-12-31', 2022)).toEqual({
      from: '2022-12-25',
      to: '2023-01-01',
    });
  });

  it('covers the current month up to the anchor day', () => {
    expect(quickPeriodRange('this-month', '2026-12-04', 2026)).toEqual({
      from: '2026-12-01',
      to: '2026-12-05',
    });
  });

  it('covers the last 12 months with the current one', () => {
    expect(quickPeriodRange('last-12-months', '2026-12-04', 2026)).toEqual({
      from: '2026-01-01',
      to: '2026-12-05',
    });
    expect(quickPeriodRange('last-12-months', '2026-03-15', 2026)).toEqual({
      from: '2025-04-01',
      to: '2026-03-16',
    });
  });

  it('covers a calendar year', () => {
    expect(quickPeriodRange('calendar-year', '2026-12-04', 2019)).toEqual({
      from: '2019-01-01',
      to: '2020-01-01',
    });
  });

  it('stops a season at the anchor day', () => {
    // The demo archive ends on 31/12/2022: its winter 2022–2023 runs from 1 October to 31 December.
    expect(quickPeriodRange('heating-season', '2022-12-31', 2022)).toEqual({
      from: '2022-10-01',
      to: '2023-01-01',
    });
    expect(shiftYears(quickPeriodRange('heating-season', '2022-12-31', 2022), 1)).toEqual({
      from: '2021-10-01',
      to: '2022-01-01',
    });
  });

  it('covers a heating season up to 20 May included', () => {
    const season = quickPeriodRange('heating-season', '2026-12-04', 2019);
    expect(season).toEqual({ from: '2019-10-01', to: '2020-05-21' });
    expect(lastDay(season)).toBe('2020-05-20');
  });
});

describe('default periods', () => {
  it('anchors on today while data is current', () => {
    expect(anchorDay('2026-12-04', '2026-12-04')).toBe('2026-12-04');
    expect(defaultCalendarYear('2026-12-04')).toBe(2025);
    expect(defaultSeasonYear('2026-12-04')).toBe(2026);
    expect(defaultSeasonYear('2026-05-20')).toBe(2025);
  });

  it('anchors on the last day with data when the feeds stopped', () => {
    // The demo archive ends on 31/12/2022: its last whole year is 2022, its last winter 2022–2023.
    const anchor = anchorDay('2023-01-01', '2026-12-04');
    expect(anchor).toBe('2022-12-31');
    expect(defaultCalendarYear(anchor)).toBe(2022);
    expect(defaultSeasonYear(anchor)).toBe(2022);
    expect(quickPeriodRange('this-month', anchor, 2022)).toEqual({ from: '2022-12-01', to: '2023-01-01' });
  });
});

describe('shiftYears', () => {
  it('moves both ends back', () => {
    expect(shiftYears({ from: '2019-10-01', to: '2020-05-21' }, 1)).toEqual({
      from: '2018-10-01',
      to: '2019-05-21',
    });
  });
});

describe('formatPeriodLabel', () => {
  it('formats each step in French', () => {
    expect(formatPeriodLabel('2019', 'fr', 'S')).toBe('2019');
    expect(formatPeriodLabel('2019-03', 'fr', 'S')).toBe('mars 2019');
    expect(formatPeriodLabel('2019-W09', 'fr', 'S')).toBe('S09 2019');
    // 1 March 2019 was a Friday and 27 October 2024 a Sunday.
    expect(formatPeriodLabel('2019-03-01', 'fr', 'S')).toBe('ven. 01/03/2019');
    expect(formatPeriodLabel('2024-10-27T02:00+01:00', 'fr', 'S')).toBe('dim. 27/10/2024 02:00');
    expect(formatPeriodLabel('2024-10-27T02:00+01:00', 'fr', 'S', true)).toBe('27/10/2024 02:00');
  });
});

describe('markerColour', () => {
  it('colours kWh/m² by step', () => {
    expect(markerColour('kwh_m2', { value: 99.9, energyClass: null })).toBe('#2f9e44');
    expect(markerColour('kwh_m2', { value: 250, energyClass: null })).toBe('#f76707');
    expect(markerColour('kwh_m2', { value: null, energyClass: null })).toBe('#adb5bd');
  });

  it('colours energy labels by class', () => {
    expect(markerColour('energy_label', { value: 120, energyClass: 'G' })).toBe('#d7221f');
  });
});
