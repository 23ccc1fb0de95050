import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ParseResult, SeriesReading } from '../types.js';
import { parseEnedisR4x } from './r4x.js';

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
const FILE = 'ENEDIS_17X100A100FXXXXX_R4x_CDC_H_C_30000000000019_R4H00001_20241104031500.xml';
const PRM = '30000000000019';

function parseText(curves: string, prm = PRM): ParseResult {
  const xml = `<?xml version="1.0" encoding="UTF-8"?>
<Courbe><Entete><Identifiant_Flux>R4x</Identifiant_Flux><Frequence_Publication>Q</Frequence_Publication></Entete>
<Corps><Identifiant_PRM>${prm}</Identifiant_PRM>${curves}</Corps></Courbe>`;
  return parseEnedisR4x({
    fileName: 'ENEDIS_TEST_R4Q_CDC_20240401.xml',
    bytes: new TextEncoder().encode(xml),
  });
}

function curve(
  points: string,
  options: { quantity?: string; unit?: string; granularity?: string; metier?: string } = {},
) {
  return `<Donnees_Courbe><Granularite>${options.granularity ?? '10'}</Granularite><Unite_Mesure>${options.unit ?? 'kW'}</Unite_Mesure>
    <Grandeur_Metier>${options.metier ?? 'CONS'}</Grandeur_Metier><Grandeur_Physique>${options.quantity ?? 'EA'}</Grandeur_Physique>${points}</Donnees_Courbe>`;
}

function between(result: ParseResult, from: string, to: string): SeriesReading[] {
  const fromMs = Date.parse(from);
  const toMs = Date.parse(to);
  return result.readings.filter(
    (reading) => reading.start.getTime() >= fromMs && reading.start.getTime() < toMs,
  );
}

describe('parseEnedisR4x on the weekly fixture', () => {
  const result = parseEnedisR4x({
    fileName: FILE,
    bytes: new Uint8Array(readFileSync(path.join(FIXTURES, FILE))),
  });

  it('reads the week of active power', () => {
    expect(result.fatal).toBeNull();
    expect(result.recordsRead).toBe(1164);
    // Six days of 144 ten-minute points and the 25-hour Sunday with 150.
    expect(result.readings).toHaveLength(6 * 144 + 150);
    expect(
      result.readings.every((reading) => reading.externalId === PRM && reading.stepSeconds === 600),
    ).toBe(true);
    // Saturday 00:00+02:00 is 2024-10-25T22:00Z; the last point, Friday 23:50+01:00, is 2024-11-01T22:50Z.
    expect(result.readings[0]?.start.toISOString()).toBe('2024-10-25T22:00:00.000Z');
    expect(result.readings.at(-1)?.start.toISOString()).toBe('2024-11-01T22:50:00.000Z');
    expect(result.publication).toBeNull();
  });

  it('sums the autumn Sunday over 150 points', () => {
    // The Sunday curve repeats 43, 50, 57, 64, 71 kW thirty times; point 31 (04:00+01:00) has no value.
    const kilowatts: Array<number | null> = Array.from({ length: 30 }, () => [43, 50, 57, 64, 71]).flat();
    kilowatts[30] = null;
    // (30 × 285 − 43) kW × 1/6 h = 8507 / 6 kWh.
    const expectedKwh = kilowatts.reduce<number>((total, value) => total + ((value ?? 0) * 10) / 60, 0);
    expect(expectedKwh).toBeCloseTo(8507 / 6, 9);

    const day = between(result, '2024-10-26T22:00:00Z', '2024-10-27T23:00:00Z');
    expect(day).toHaveLength(150);
    expect(day.reduce((total, reading) => total + (reading.value ?? 0), 0)).toBeCloseTo(expectedKwh, 9);
    expect(day.map((reading) => reading.value)).toEqual(
      kilowatts.map((value) => (value === null ? null : value / 6)),
    );
  });

  it('keeps the repeated hour twice', () => {
    // 02:00+02:00 is 00:00Z and 02:00+01:00 is 01:00Z: twelve distinct ten-minute starts from 00:00Z.
    const hour = between(result, '2024-10-27T00:00:00Z', '2024-10-27T02:00:00Z');
    expect(hour.map((reading) => reading.location.element)).toEqual(
      Array.from(
        { length: 12 },
        (_, index) => `/Courbe/Corps/Donnees_Courbe[2]/Donnees_Point_Mesure[${13 + index}]`,
      ),
    );
    expect(hour[6]?.start.toISOString()).toBe('2024-10-27T01:00:00.000Z');
  });

  it('maps point statuses to qualities', () => {
    const sunday = between(result, '2024-10-26T22:00:00Z', '2024-10-27T23:00:00Z');
    expect(sunday[20]?.quality).toBe('estimated');
    expect(sunday[30]).toMatchObject({ value: null, quality: 'missing' });
    expect(sunday[30]?.start.toISOString()).toBe('2024-10-27T03:00:00.000Z');
    expect(sunday[40]?.quality).toBe('corrected');
    expect(sunday[0]?.quality).toBe('measured');
  });

  it('trims a padded timestamp', () => {
    // Horodatage=" 2024-10-28T00:00:00+01:00 " in the Monday curve.
    const monday = result.readings.find(
      (reading) => reading.location.element === '/Courbe/Corps/Donnees_Courbe[4]/Donnees_Point_Mesure[1]',
    );
    expect(monday?.start.toISOString()).toBe('2024-10-27T23:00:00.000Z');
    // 46 kW over 10 minutes.
    expect(monday?.value).toBeCloseTo(46 / 6, 12);
  });

  it('skips reactive power with one warning', () => {
    expect(result.issues).toHaveLength(1);
    expect(result.issues[0]).toMatchObject({
      code: 'skipped-quantity',
      element: '/Courbe/Corps/Donnees_Courbe[3]',
    });
    expect(result.issues[0]?.message).toContain('150 point(s) de courbes autres que la puissance active');
  });
});

describe('parseEnedisR4x edge cases', () => {
  it('has no points in the spring gap', () => {
    // 2024-03-31 from 00:00+01:00 to 23:50+02:00: 23 hours, 138 ten-minute points.
    const points: string[] = [];
    for (
      let instant = Date.parse('2024-03-30T23:00:00Z');
      instant < Date.parse('2024-03-31T22:00:00Z');
      instant += 600_000
    ) {
      const summer = instant >= Date.parse('2024-03-31T01:00:00Z');
      const local = new Date(instant + (summer ? 2 : 1) * 3_600_000).toISOString().slice(0, 19);
      points.push(
        `<Donnees_Point_Mesure Horodatage="${local}${summer ? '+02:00' : '+01:00'}" Valeur_Point="60" Statut_Point="R"/>`,
      );
    }
    const result = parseText(curve(points.join('')));
    expect(result.readings).toHaveLength(138);
    expect(result.issues).toEqual([]);
    // 60 kW for 23 hours = 1380 kWh.
    expect(result.readings.reduce((total, reading) => total + (reading.value ?? 0), 0)).toBeCloseTo(1380, 9);
  });

  it('suffixes injection curves', () => {
    const result = parseText(
      curve(
        '<Donnees_Point_Mesure Horodatage="2024-06-01T12:00:00+02:00" Valeur_Point="30" Statut_Point="R"/>',
        {
          metier: 'PROD',
          granularity: '5',
        },
      ),
    );
    expect(
      result.readings.map((reading) => [reading.externalId, reading.stepSeconds, reading.value]),
    ).toEqual([[`${PRM}#PROD`, 300, 2.5]]);
  });

  it('rejects a curve with a bad step', () => {
    const result = parseText(
      curve('<Donnees_Point_Mesure Horodatage="2024-06-01T12:00:00+02:00" Valeur_Point="30"/>', {
        granularity: 'dix',
      }),
    );
    expect(result.readings).toEqual([]);
    expect(result.issues.map((issue) => [issue.code, issue.element, issue.field])).toEqual([
      ['invalid-step', '/Courbe/Corps/Donnees_Courbe[1]', 'Granularite'],
    ]);
  });

  it('reads an empty curve', () => {
    const result = parseText(curve(''));
    expect(result.fatal).toBeNull();
    expect(result.readings).toEqual([]);
  });

  it('fails without a valid PRM', () => {
    const result = parseText(curve(''), '3000021041');
    expect(result.fatal?.code).toBe('invalid-prm');
  });
});
