import { describe, expect, it } from 'vitest';
import { analysisPresetOf, analysisPresetPath } from './paths';

describe('analysisPresetPath', () => {
  it('writes the perimeter items and both days', () => {
    expect(
      analysisPresetPath({ items: ['building:12'], period: { from: '2022-01-01', to: '2022-12-31' } }),
    ).toBe('/analyse?perimetre=building%3A12&du=2022-01-01&au=2022-12-31');
  });

  it('repeats the parameter for each item', () => {
    expect(analysisPresetPath({ items: ['site:3', 'meter:40'], period: null })).toBe(
      '/analyse?perimetre=site%3A3&perimetre=meter%3A40',
    );
  });

  it('leaves the bare path without a preset', () => {
    expect(analysisPresetPath({ items: [], period: null })).toBe('/analyse');
  });
});

describe('analysisPresetOf', () => {
  it('reads back what the builder wrote', () => {
    const preset = { items: ['building:12', 'unit:7'], period: { from: '2022-01-01', to: '2022-12-31' } };
    const url = new URL(analysisPresetPath(preset), 'http://127.0.0.1');
    expect(analysisPresetOf(url.searchParams)).toEqual(preset);
  });

  it('drops unknown kinds, bad ids and repeats', () => {
    const search = new URLSearchParams(
      'perimetre=building:12&perimetre=building:12&perimetre=floor:3&perimetre=site:0&perimetre=site:x',
    );
    expect(analysisPresetOf(search).items).toEqual(['building:12']);
  });

  it('ignores a period with an invalid or reversed day', () => {
    expect(analysisPresetOf(new URLSearchParams('du=2022-02-30&au=2022-03-31')).period).toBeNull();
    expect(analysisPresetOf(new URLSearchParams('du=2022-12-31&au=2022-01-01')).period).toBeNull();
    expect(analysisPresetOf(new URLSearchParams('du=2022-01-01')).period).toBeNull();
  });

  it('ignores a period outside the years 1900–2199', () => {
    expect(analysisPresetOf(new URLSearchParams('du=9999-01-01&au=9999-12-31')).period).toBeNull();
    expect(analysisPresetOf(new URLSearchParams('du=0050-01-01&au=2022-12-31')).period).toBeNull();
  });

  it('accepts a single day', () => {
    expect(analysisPresetOf(new URLSearchParams('du=2022-03-27&au=2022-03-27')).period).toEqual({
      from: '2022-03-27',
      to: '2022-03-27',
    });
  });
});
