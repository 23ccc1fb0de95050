import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ParseResult, SeriesReading } from '../types.js';
import { parseEnedisR50 } from './r50.js';

const FIXTURES = path.resolve(
  import.meta.dirname,
  '..',
  '..',
  '..',
  '..',
  'datasets',
  'samples',
  'enedis-sge',
  'fixtures',
);
const FILE = 'ERDF_R50_17X100A100FXXXXX_GRD-F000_3363068_00042_M_00002_00003_20241105021500.xml';
const BYTES = new Uint8Array(readFileSync(path.join(FIXTURES, FILE)));
const PRM_A = '01234567890128';
const PRM_B = '30000000000002';

function parseFixture(): ParseResult {
  return parseEnedisR50({ fileName: FILE, bytes: BYTES });
}

function parseText(xml: string, fileName = 'ERDF_R50_test.xml'): ParseResult {
  return parseEnedisR50({ fileName, bytes: new TextEncoder().encode(xml) });
}

/** Readings of one PRM whose interval starts in [from, to). */
function between(result: ParseResult, prm: string, from: string, to: string): SeriesReading[] {
  const fromMs = Date.parse(from);
  const toMs = Date.parse(to);
  return result.readings.filter(
    (reading) =>
      reading.externalId === prm && reading.start.getTime() >= fromMs && reading.start.getTime() < toMs,
  );
}

function sumKwh(readings: readonly SeriesReading[]): number {
  return readings.reduce((total, reading) => total + (reading.value ?? 0), 0);
}

function r50(prms: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<R50 xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
  <En_Tete_Flux><Identifiant_Flux>R50</Identifiant_Flux><Pas_Publication>30</Pas_Publication></En_Tete_Flux>
  ${prms}
</R50>`;
}

describe('parseEnedisR50 on the fixture', () => {
  const result = parseFixture();

  it('reads every point without error', () => {
    expect(result.fatal).toBeNull();
    expect(result.format).toBe('enedis-r50');
    expect(result.recordsRead).toBe(410);
    expect(result.readings).toHaveLength(410);
    expect(result.issues.filter((issue) => issue.severity === 'error')).toEqual([]);
    expect(new Set(result.readings.map((reading) => reading.externalId))).toEqual(new Set([PRM_A, PRM_B]));
  });

  it('reads the publication rank from the name', () => {
    expect(result.publication).toEqual({
      flow: 'R50',
      publicationKey: 'R50_3363068_00042',
      rank: 2,
      total: 3,
    });
  });

  it('sums the spring day over 46 half-hours', () => {
    // Values of <V> for PRM A on 2024-03-31, copied from the fixture (W, mean over 30 min).
    const watts = [
      500, 571, 642, 713, 784, 855, 926, 997, 1068, 1139, 1210, 1281, 552, 623, 694, 765, 836, 907, 978, 1049,
      1120, 1191, 1262, 533, 604, 675, 746, 817, 888, 959, 1030, 1101, 1172, 1243, 514, 585, 656, 727, 798,
      869, 940, 1011, 1082, 1153, 1224, 1295,
    ];
    expect(watts).toHaveLength(46);
    // Σ V = 41 285 W; × 0.5 h / 1000 = 20.6425 kWh.
    const expectedKwh = watts.reduce((total, value) => total + (value / 1000) * 0.5, 0);
    expect(expectedKwh).toBeCloseTo(20.6425, 9);

    // Paris day 2024-03-31 runs from 2024-03-30T23:00Z to 2024-03-31T22:00Z (23 hours).
    const day = between(result, PRM_A, '2024-03-30T23:00:00Z', '2024-03-31T22:00:00Z');
    expect(day).toHaveLength(46);
    expect(day.every((reading) => reading.stepSeconds === 1800 && reading.measure === 'ENERGY')).toBe(true);
    expect(sumKwh(day)).toBeCloseTo(expectedKwh, 9);
    // First point stamped 00:30+01:00 covers 23:00Z–23:30Z; the last one, 00:00+02:00, covers 21:30Z–22:00Z.
    expect(day[0]?.start.toISOString()).toBe('2024-03-30T23:00:00.000Z');
    expect(day[0]?.value).toBeCloseTo(0.25, 12);
    expect(day.at(-1)?.start.toISOString()).toBe('2024-03-31T21:30:00.000Z');
    expect(day.at(-1)?.value).toBeCloseTo(0.6475, 12);
  });

  it('sums the autumn day over 50 half-hours', () => {
    const watts = [
      450, 539, 628, 717, 806, 895, 984, 1073, 1162, 1251, 1340, 529, 618, 707, 796, 885, 974, 1063, 1152,
      1241, 1330, 519, 608, 697, 786, 875, 964, 1053, 1142, 1231, 1320, 509, 598, 687, 776, 865, 954, 1043,
      1132, 1221, 1310, 499, 588, 677, 766, 855, 944, 1033, 1122, 1211,
    ];
    expect(watts).toHaveLength(50);
    // Σ V = 45 125 W; × 0.5 h / 1000 = 22.5625 kWh.
    const expectedKwh = watts.reduce((total, value) => total + (value / 1000) * 0.5, 0);
    expect(expectedKwh).toBeCloseTo(22.5625, 9);

    // Paris day 2024-10-27 runs from 2024-10-26T22:00Z to 2024-10-27T23:00Z (25 hours).
    const day = between(result, PRM_A, '2024-10-26T22:00:00Z', '2024-10-27T23:00:00Z');
    expect(day).toHaveLength(50);
    expect(sumKwh(day)).toBeCloseTo(expectedKwh, 9);
    expect(day[0]?.start.toISOString()).toBe('2024-10-26T22:00:00.000Z');
    expect(day.at(-1)?.start.toISOString()).toBe('2024-10-27T22:30:00.000Z');
  });

  it('keeps both ends stamped 02:00 in autumn', () => {
    // <H>2024-10-27T02:00:00+02:00</H> ends at 00:00Z; <H>2024-10-27T02:00:00+01:00</H> at 01:00Z.
    const starts = between(result, PRM_A, '2024-10-26T23:00:00Z', '2024-10-27T01:00:00Z').map((reading) => [
      reading.start.toISOString(),
      reading.location.element,
    ]);
    expect(starts).toEqual([
      ['2024-10-26T23:00:00.000Z', '/R50/PRM[1]/Donnees_Releve[3]/PDC[3]'],
      ['2024-10-26T23:30:00.000Z', '/R50/PRM[1]/Donnees_Releve[3]/PDC[4]'],
      ['2024-10-27T00:00:00.000Z', '/R50/PRM[1]/Donnees_Releve[3]/PDC[5]'],
      ['2024-10-27T00:30:00.000Z', '/R50/PRM[1]/Donnees_Releve[3]/PDC[6]'],
    ]);
  });

  it('keeps a point without V as missing', () => {
    // PDC 26 of 2024-03-30 ends at 13:00+01:00 and has no <V>.
    const missing = result.readings.find(
      (reading) => reading.location.element === '/R50/PRM[1]/Donnees_Releve[1]/PDC[26]',
    );
    expect(missing).toMatchObject({ externalId: PRM_A, value: null, quality: 'missing', stepSeconds: 1800 });
    expect(missing?.start.toISOString()).toBe('2024-03-30T11:30:00.000Z');
  });

  it('follows a step change inside a day', () => {
    // PRM B on 2024-03-30: 24 points of 30 min until 12:00+01:00, then 48 points of 15 min.
    const watts30 = [
      1200, 1237, 1274, 1311, 1348, 1385, 1422, 1459, 1496, 1533, 1570, 1607, 1644, 1681, 1218, 1255, 1292,
      1329, 1366, 1403, 1440, 1477, 1514, 1551,
    ];
    const watts15 = [
      2000, 2061, 2122, 2183, 2244, 2305, 2366, 2427, 2488, 2549, 2610, 2671, 2732, 2793, 2854, 2015, 2076,
      2137, 2198, 2259, 2320, 2381, 2442, 2503, 2564, 2625, 2686, 2747, 2808, 2869, 2030, 2091, 2152, 2213,
      2274, 2335, 2396, 2457, 2518, 2579, 2640, 2701, 2762, 2823, 2884, 2045, 2106, 2167,
    ];
    // Σ = 34 012 W × 0.5 h + 116 208 W × 0.25 h = 17.006 + 29.052 = 46.058 kWh.
    const expectedKwh =
      watts30.reduce((total, value) => total + (value / 1000) * 0.5, 0) +
      watts15.reduce((total, value) => total + (value / 1000) * 0.25, 0);
    expect(expectedKwh).toBeCloseTo(46.058, 9);

    const day = between(result, PRM_B, '2024-03-29T23:00:00Z', '2024-03-30T23:00:00Z');
    expect(day).toHaveLength(72);
    expect(day.slice(0, 24).every((reading) => reading.stepSeconds === 1800)).toBe(true);
    expect(day.slice(24).every((reading) => reading.stepSeconds === 900)).toBe(true);
    expect(sumKwh(day)).toBeCloseTo(expectedKwh, 9);
    // The first 15-min point, stamped 12:15+01:00, covers 11:00Z–11:15Z.
    expect(day[24]?.start.toISOString()).toBe('2024-03-30T11:00:00.000Z');
  });

  it('reads a 15-min spring day as 92 points', () => {
    const day = between(result, PRM_B, '2024-03-30T23:00:00Z', '2024-03-31T22:00:00Z');
    expect(day).toHaveLength(92);
    expect(day.every((reading) => reading.stepSeconds === 900)).toBe(true);
    expect(day[10]).toMatchObject({ value: null, quality: 'missing' });
    expect(day[0]?.start.toISOString()).toBe('2024-03-30T23:00:00.000Z');
  });

  it('emits late data after the first values', () => {
    // The fourth Donnees_Releve of PRM A republishes 2024-03-30 13:00 (was missing) and 13:30 (was 978 W).
    const at1130 = result.readings.filter(
      (reading) => reading.externalId === PRM_A && reading.start.toISOString() === '2024-03-30T11:30:00.000Z',
    );
    expect(at1130.map((reading) => reading.value)).toEqual([null, 777 / 2000]);
    const at1200 = result.readings.filter(
      (reading) => reading.externalId === PRM_A && reading.start.toISOString() === '2024-03-30T12:00:00.000Z',
    );
    expect(at1200.map((reading) => reading.value)).toEqual([978 / 2000, 1999 / 2000]);
    expect(at1200.map((reading) => reading.stepSeconds)).toEqual([1800, 1800]);
    expect(result.readings.indexOf(at1200[0] as SeriesReading)).toBeLessThan(
      result.readings.indexOf(at1200[1] as SeriesReading),
    );

    const republished = result.issues.filter((issue) => issue.code === 'republished-value');
    expect(republished).toHaveLength(1);
    expect(republished[0]?.severity).toBe('warning');
    expect(republished[0]?.element).toBe('/R50/PRM[1]/Donnees_Releve[4]/PDC[1]');
    expect(republished[0]?.message).toContain('2 valeur(s) sont publiées une seconde fois');
  });

  it('warns once about a day without points', () => {
    const unavailable = result.issues.filter((issue) => issue.code === 'day-unavailable');
    expect(unavailable).toHaveLength(1);
    expect(unavailable[0]?.element).toBe('/R50/PRM[2]/Donnees_Releve[3]');
  });

  it('keeps questionable points as measured', () => {
    const point = result.readings.find(
      (reading) => reading.location.element === '/R50/PRM[1]/Donnees_Releve[1]/PDC[41]',
    );
    // 320 W over 30 min = 0.16 kWh.
    expect(point?.value).toBeCloseTo(0.16, 12);
    expect(point?.quality).toBe('measured');
    expect(result.issues.filter((issue) => issue.code === 'questionable-value')).toHaveLength(1);
  });
});

describe('parseEnedisR50 edge cases', () => {
  it('leaves a shortened name without publication', () => {
    const result = parseEnedisR50({ fileName: 'ERDF_R50_23X--130624--EE1_GRD-F121.xml', bytes: BYTES });
    expect(result.publication).toBeNull();
    expect(result.readings).toHaveLength(410);
  });

  it('rejects located bad elements', () => {
    const result = parseText(
      r50(`<PRM><Id_PRM>1234</Id_PRM><Donnees_Releve><Date_Releve>2024-01-02</Date_Releve>
        <PDC><H>2024-01-02T00:30:00+01:00</H><V>10</V></PDC></Donnees_Releve></PRM>
      <PRM><Id_PRM>01234567890128</Id_PRM><Donnees_Releve><Date_Releve>2024-01-02</Date_Releve>
        <PDC><H>2024-01-02T00:30:00+01:00</H><V>1000</V></PDC>
        <PDC><H>2024-01-02T01:00:00</H><V>abc</V></PDC>
        <PDC><H>2024-13-02T01:30:00+01:00</H><V>10</V></PDC>
        <PDC><H>2024-01-02T01:30:00+01:00</H><V>2000</V></PDC>
      </Donnees_Releve></PRM>`),
    );
    expect(result.fatal).toBeNull();
    expect(result.recordsRead).toBe(5);
    expect(
      result.issues
        .filter((issue) => issue.severity === 'error')
        .map((issue) => [issue.code, issue.element, issue.field, issue.raw]),
    ).toEqual([
      ['invalid-prm', '/R50/PRM[1]', 'Id_PRM', '1234'],
      ['invalid-number', '/R50/PRM[2]/Donnees_Releve[1]/PDC[2]', 'V', 'abc'],
      ['invalid-timestamp', '/R50/PRM[2]/Donnees_Releve[1]/PDC[3]', 'H', '2024-13-02T01:30:00+01:00'],
    ]);
    // 1000 W then 2000 W over 30 min: 0.5 and 1 kWh.
    expect(result.readings.map((reading) => [reading.start.toISOString(), reading.value])).toEqual([
      ['2024-01-01T23:00:00.000Z', 0.5],
      ['2024-01-02T00:00:00.000Z', 1],
    ]);
  });

  it('keeps the step across a gap', () => {
    // 01:00 is absent: the 01:30 point still covers 30 minutes, and the gap is reported once.
    const result = parseText(
      r50(`<PRM><Id_PRM>01234567890128</Id_PRM><Donnees_Releve><Date_Releve>2024-01-02</Date_Releve>
        <PDC><H>2024-01-02T00:30:00+01:00</H><V>1000</V></PDC>
        <PDC><H>2024-01-02T01:30:00+01:00</H><V>1000</V></PDC>
        <PDC><H>2024-01-02T02:00:00+01:00</H><V>1000</V></PDC>
      </Donnees_Releve></PRM>`),
    );
    expect(result.readings.map((reading) => [reading.start.toISOString(), reading.stepSeconds])).toEqual([
      ['2024-01-01T23:00:00.000Z', 1800],
      ['2024-01-02T00:00:00.000Z', 1800],
      ['2024-01-02T00:30:00.000Z', 1800],
    ]);
    expect(result.issues.map((issue) => [issue.code, issue.element])).toEqual([
      ['irregular-spacing', '/R50/PRM[1]/Donnees_Releve[1]/PDC[2]'],
    ]);
  });

  it('orders repeated hours without offset', () => {
    // Stamps without offset on 2024-10-27: the second 02:00 and 02:30 are the winter ones (01:00Z, 01:30Z).
    const points = ['02:00', '02:30', '02:00', '02:30', '03:00']
      .map((time, index) => `<PDC><H>2024-10-27T${time}:00</H><V>${(index + 1) * 100}</V></PDC>`)
      .join('');
    const result = parseText(
      r50(
        `<PRM><Id_PRM>01234567890128</Id_PRM><Donnees_Releve><Date_Releve>2024-10-27</Date_Releve>${points}</Donnees_Releve></PRM>`,
      ),
    );
    expect(result.readings.map((reading) => reading.start.toISOString())).toEqual([
      '2024-10-26T23:30:00.000Z',
      '2024-10-27T00:00:00.000Z',
      '2024-10-27T00:30:00.000Z',
      '2024-10-27T01:00:00.000Z',
      '2024-10-27T01:30:00.000Z',
    ]);
    expect(result.issues.filter((issue) => issue.code === 'missing-offset')).toHaveLength(1);
  });

  it('fails on malformed XML', () => {
    const result = parseText('<R50>\n<PRM><Id_PRM>01234567890128</PRM>\n</R50>');
    expect(result.readings).toEqual([]);
    expect(result.fatal?.code).toBe('unreadable-xml');
    expect(result.fatal?.message).toMatch(/^ERDF_R50_test\.xml, ligne 2 : le XML est mal formé/);
  });

  it('fails on another flow', () => {
    const result = parseText('<R151><En_Tete_Flux/></R151>');
    expect(result.fatal?.code).toBe('wrong-root');
    expect(result.fatal?.message).toBe(
      'ERDF_R50_test.xml : l’élément racine est <R151> au lieu de <R50>. Ce n’est pas un flux R50 ; choisissez le format correspondant au fichier.',
    );
  });
});
