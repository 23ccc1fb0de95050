import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ParseResult } from '../types.js';
import { parseEnedisR151 } from './r151.js';

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
const FILE = 'ERDF_R151_17X100A100FXXXXX_GRD-F000_3363069_00007_Q_00001_00001_20241219031500.xml';

function parseText(xml: string): ParseResult {
  return parseEnedisR151({ fileName: 'ERDF_R151_test.xml', bytes: new TextEncoder().encode(xml) });
}

function r151(header: string, body: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<R151><En_Tete_Flux><Identifiant_Flux>R151</Identifiant_Flux>${header}</En_Tete_Flux>${body}</R151>`;
}

function indexClass(tag: string, code: string, value: string): string {
  return `<${tag}><Id_Classe_Temporelle>${code}</Id_Classe_Temporelle><Rang_Cadran>1</Rang_Cadran><Valeur>${value}</Valeur></${tag}>`;
}

describe('parseEnedisR151 on the fixture', () => {
  const result = parseEnedisR151({
    fileName: FILE,
    bytes: new Uint8Array(readFileSync(path.join(FIXTURES, FILE))),
  });

  it('converts indexes from Wh to kWh', () => {
    expect(result.fatal).toBeNull();
    expect(result.issues.filter((issue) => issue.severity === 'error')).toEqual([]);
    // Valeur in Wh as written in the fixture, divided by 1000.
    expect(result.readings.map((reading) => [reading.externalId, reading.value])).toEqual([
      ['01234567890128#HPH', 12345.678],
      ['01234567890128#HCH', 8765.432],
      ['01234567890128#HPB', 4567.89],
      ['01234567890128#HCB', 3456.789],
      ['01234567890128#HP', 18047.813],
      ['01234567890128#HC', 11223.344],
      ['30000000000002#BASE', 45678.901],
    ]);
  });

  it('dates indexes at the end of the day', () => {
    // Date_Releve 2024-12-17 is the consumption day: read at Paris midnight ending it, 2024-12-17T23:00Z.
    for (const reading of result.readings) {
      expect(reading.measure).toBe('INDEX');
      expect(reading.stepSeconds).toBeNull();
      expect(reading.quality).toBe('measured');
      expect(reading.start.toISOString()).toBe('2024-12-17T23:00:00.000Z');
    }
  });

  it('keeps the maximum powers in VA', () => {
    expect(
      result.maxPowers?.map(({ location, ...record }) => ({ ...record, element: location.element })),
    ).toEqual([
      {
        externalId: '01234567890128',
        date: '2024-12-17',
        at: null,
        value: 7452,
        unit: 'VA',
        element: '/R151/PRM[1]/Donnees_Releve[1]/Puissance_Maximale',
      },
      {
        externalId: '30000000000002',
        date: '2024-12-17',
        at: null,
        value: 5980,
        unit: 'VA',
        element: '/R151/PRM[2]/Donnees_Releve[1]/Puissance_Maximale',
      },
    ]);
  });

  it('reads the publication rank', () => {
    expect(result.publication).toEqual({
      flow: 'R151',
      publicationKey: 'R151_3363069_00007',
      rank: 1,
      total: 1,
    });
  });

  it('warns once per kind of remark', () => {
    expect(result.issues.map((issue) => [issue.code, issue.element])).toEqual([
      ['day-unavailable', '/R151/PRM[2]/Donnees_Releve[2]'],
      ['questionable-value', '/R151/PRM[1]/Donnees_Releve[1]/Classe_Temporelle[2]'],
    ]);
  });
});

describe('parseEnedisR151 edge cases', () => {
  it('keeps the distributor grid on a code clash', () => {
    const result = parseText(
      r151(
        '<Unite_Mesure_Index>Wh</Unite_Mesure_Index><Unite_Mesure_Puissance>W</Unite_Mesure_Puissance>',
        `<PRM><Id_PRM>01234567890128</Id_PRM><Donnees_Releve><Date_Releve>2024-07-01</Date_Releve>
          ${indexClass('Classe_Temporelle_Distributeur', 'BASE', '1500')}${indexClass('Classe_Temporelle', 'base', '2500')}
          <Puissance_Maximale><Valeur>6000</Valeur></Puissance_Maximale></Donnees_Releve></PRM>`,
      ),
    );
    // Summer: Paris midnight ending 2024-07-01 is 2024-07-01T22:00Z.
    expect(
      result.readings.map((reading) => [reading.externalId, reading.value, reading.start.toISOString()]),
    ).toEqual([['01234567890128#BASE', 1.5, '2024-07-01T22:00:00.000Z']]);
    expect(result.issues.map((issue) => [issue.code, issue.element])).toEqual([
      ['grid-conflict', '/R151/PRM[1]/Donnees_Releve[1]/Classe_Temporelle[1]'],
    ]);
    expect(result.maxPowers?.map((record) => [record.value, record.unit])).toEqual([[6000, 'W']]);
  });

  it('emits republished indexes in file order', () => {
    const block = (value: string) =>
      `<Donnees_Releve><Date_Releve>2024-12-17</Date_Releve>${indexClass('Classe_Temporelle', 'HP', value)}</Donnees_Releve>`;
    const result = parseText(
      r151('', `<PRM><Id_PRM>01234567890128</Id_PRM>${block('1000')}${block('1200')}</PRM>`),
    );
    expect(result.readings.map((reading) => reading.value)).toEqual([1, 1.2]);
    expect(result.issues.map((issue) => issue.code)).toEqual(['republished-value']);
  });

  it('keeps an empty index as missing', () => {
    const result = parseText(
      r151(
        '',
        `<PRM><Id_PRM>01234567890128</Id_PRM><Donnees_Releve><Date_Releve>2024-12-17</Date_Releve>${indexClass('Classe_Temporelle', 'HC', '')}${indexClass('Classe_Temporelle', 'HP', '12x')}</Donnees_Releve></PRM>`,
      ),
    );
    expect(result.readings.map((reading) => [reading.externalId, reading.value, reading.quality])).toEqual([
      ['01234567890128#HC', null, 'missing'],
    ]);
    expect(result.issues.map((issue) => [issue.code, issue.element, issue.field, issue.raw])).toEqual([
      ['invalid-number', '/R151/PRM[1]/Donnees_Releve[1]/Classe_Temporelle[2]', 'Valeur', '12x'],
    ]);
  });

  it('fails on an unknown index unit', () => {
    const result = parseText(r151('<Unite_Mesure_Index>MWh</Unite_Mesure_Index>', ''));
    expect(result.fatal?.code).toBe('unknown-unit');
    expect(result.fatal?.message).toContain('l’unité d’index « MWh » n’est pas prévue');
  });
});
