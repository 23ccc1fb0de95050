import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ParseResult } from '../types.js';
import { parseEnedisC68 } from './c68.js';

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
const JSON_FILE = 'ENEDIS_C68_P_ITC_A0000001_00001_20241120101500.json';
const CSV_FILE = 'ENEDIS_C68_P_ITC_A0000002_00001_20241120101500.csv';
const JSON_BYTES = new Uint8Array(readFileSync(path.join(FIXTURES, JSON_FILE)));
const CSV_BYTES = new Uint8Array(readFileSync(path.join(FIXTURES, CSV_FILE)));

/** Personal data written in the fixtures: none of it may reach the parse result. */
const PERSONAL_DATA = [
  'ZORGLUB',
  'Hélène',
  'HELENE',
  'Anatole',
  'BIDULE',
  'Gaston',
  '0600000001',
  '0100000002',
  'example.invalid',
  'EXEMPLE FICTIF',
  'AVENUE DU FICTIF',
  'VILLE-FICTIVE',
  'ESC B ETAGE 3',
];

function expectNoPersonalData(result: ParseResult): void {
  const serialised = JSON.stringify(result);
  for (const text of PERSONAL_DATA) expect(serialised).not.toContain(text);
}

function parseJson(value: unknown): ParseResult {
  return parseEnedisC68({ fileName: 'c68.json', bytes: new TextEncoder().encode(JSON.stringify(value)) });
}

describe('parseEnedisC68 on the JSON fixture', () => {
  const result = parseEnedisC68({ fileName: JSON_FILE, bytes: JSON_BYTES });

  it('reads the facts of each PRM', () => {
    expect(result.fatal).toBeNull();
    expect(result.issues).toEqual([]);
    expect(result.readings).toEqual([]);
    expect(result.recordsRead).toBe(2);
    expect(result.deliveryPointFacts).toEqual([
      {
        identifier: '01234567890128',
        // The second situation (2023-02-15) is the current one: 9 kVA, BTINFCU4.
        segment: 'C5',
        validFrom: '2023-02-15',
        subscribedPowers: [{ period: null, kva: 9 }],
        tariffCode: 'BTINFCU4',
        meterSerial: '021961542377',
        location: { file: JSON_FILE, line: null, element: '/0', field: null },
      },
      {
        identifier: '30000000000019',
        segment: 'C4',
        validFrom: '2021-01-01',
        // 120 kVA, 120 kVA, 100 kW counted as kVA, 136 000 VA = 136 kVA.
        subscribedPowers: [
          { period: 'HPH', kva: 120 },
          { period: 'HCH', kva: 120 },
          { period: 'HPB', kva: 100 },
          { period: 'HCB', kva: 136 },
        ],
        tariffCode: 'BTSUPLU4',
        meterSerial: '041876201934',
        location: { file: JSON_FILE, line: null, element: '/1', field: null },
      },
    ]);
  });

  it('copies no personal data', () => {
    // The fixture contains client names, phone numbers, an e-mail and addresses.
    expect(new TextDecoder().decode(JSON_BYTES)).toContain('ZORGLUB-FICTIF');
    expectNoPersonalData(result);
  });
});

describe('parseEnedisC68 on the CSV fixture', () => {
  const result = parseEnedisC68({ fileName: CSV_FILE, bytes: CSV_BYTES });

  it('reads the facts of each line', () => {
    expect(result.fatal).toBeNull();
    expect(result.issues).toEqual([]);
    expect(result.deliveryPointFacts).toEqual([
      {
        // Written 1234567890128 in the file: the leading zero is restored.
        identifier: '01234567890128',
        segment: 'C5',
        validFrom: '2023-02-15',
        subscribedPowers: [{ period: null, kva: 9 }],
        tariffCode: 'BTINFCU4',
        meterSerial: '021961542377',
        location: { file: CSV_FILE, line: 2, element: null, field: null },
      },
      {
        identifier: '30000000000019',
        segment: 'C4',
        validFrom: '2021-01-01',
        subscribedPowers: [
          { period: 'HPH', kva: 120 },
          { period: 'HCH', kva: 120 },
          { period: 'HPB', kva: 100.5 },
          { period: 'HCB', kva: 100 },
        ],
        tariffCode: 'BTSUPLU4',
        meterSerial: '041876201934',
        location: { file: CSV_FILE, line: 3, element: null, field: null },
      },
    ]);
  });

  it('copies no personal data', () => {
    // The fixture is Windows-1252: « Hélène » is the byte sequence 48 E9 6C E8 6E 65.
    expect(Buffer.from(CSV_BYTES).includes(Buffer.from([0x48, 0xe9, 0x6c, 0xe8, 0x6e, 0x65]))).toBe(true);
    expectNoPersonalData(result);
  });

  it('quotes no personal data in issues', () => {
    const text = new TextDecoder('latin1').decode(CSV_BYTES);
    const lines = text.split('\r\n');
    // A stray separator in the name shifts the line; a bad power value is reported alone.
    const shifted = (lines[1] as string).replace('ZORGLUB-FICTIF', 'ZORGLUB;FICTIF');
    const badPower = (lines[2] as string).replace(';120;120;', ';cent vingt;120;');
    const bytes = new TextEncoder().encode([lines[0], shifted, badPower, ''].join('\r\n'));
    const broken = parseEnedisC68({ fileName: CSV_FILE, bytes });
    expect(broken.issues.map((issue) => [issue.code, issue.line, issue.field, issue.raw])).toEqual([
      ['column-count', 2, null, null],
      ['invalid-power', 3, 'Puissance souscrite HPH', 'cent vingt'],
    ]);
    expect(broken.deliveryPointFacts?.map((facts) => facts.subscribedPowers)).toEqual([
      [
        { period: 'HCH', kva: 120 },
        { period: 'HPB', kva: 100.5 },
        { period: 'HCB', kva: 100 },
      ],
    ]);
    expectNoPersonalData(broken);
  });
});

describe('parseEnedisC68 edge cases', () => {
  it('converts W and VA to kVA', () => {
    const result = parseJson([
      {
        idPrm: '01234567890128',
        situationsContractuelles: [
          {
            dateDebut: '2024-05-01T00:00:00+02:00',
            segment: 'c5',
            structureTarifaire: { puissanceSouscrite: { valeur: '12000', unite: 'VA' } },
          },
        ],
      },
      {
        idPrm: '01234567890129',
        situationsContractuelles: [
          { segment: 'C5', structureTarifaire: { puissanceSouscrite: { valeur: 6000, unite: 'W' } } },
        ],
      },
    ]);
    expect(
      result.deliveryPointFacts?.map((facts) => [facts.segment, facts.validFrom, facts.subscribedPowers]),
    ).toEqual([
      ['C5', '2024-05-01', [{ period: null, kva: 12 }]],
      ['C5', null, [{ period: null, kva: 6 }]],
    ]);
  });

  it('reports a bad power by its pointer', () => {
    const result = parseJson([
      {
        idPrm: '01234567890128',
        situationsContractuelles: [
          {
            dateDebut: '2024-05-01',
            structureTarifaire: { puissanceSouscrite: { valeur: '9', unite: 'A' } },
            clientFinal: { informationsClient: { personnePhysique: { nom: 'ZORGLUB-FICTIF' } } },
          },
        ],
      },
      { idPrm: '123', situationsContractuelles: [] },
    ]);
    expect(result.issues.map((issue) => [issue.code, issue.element, issue.raw])).toEqual([
      [
        'invalid-power',
        '/0/situationsContractuelles/0/structureTarifaire/puissanceSouscrite',
        '{"valeur":"9","unite":"A"}',
      ],
      ['invalid-prm', '/1/idPrm', '123'],
    ]);
    expect(result.deliveryPointFacts?.map((facts) => facts.subscribedPowers)).toEqual([[]]);
    expectNoPersonalData(result);
  });

  it('keeps names out of a JSON syntax error', () => {
    const text = '[{"idPrm": "01234567890128",\n "nom": "ZORGLUB-FICTIF" "prenom": "Anatole"}]';
    const result = parseEnedisC68({ fileName: 'c68.json', bytes: new TextEncoder().encode(text) });
    expect(result.fatal?.code).toBe('invalid-json');
    expect(result.fatal?.message).toBe(
      'c68.json, ligne 2 : le JSON est mal formé. Téléchargez de nouveau le fichier C68.',
    );
    expectNoPersonalData(result);
  });

  it('fails on a CSV without PRM column', () => {
    const result = parseEnedisC68({
      fileName: 'c68.csv',
      bytes: new TextEncoder().encode('Point;Segment\n1;C5\n'),
    });
    expect(result.fatal?.code).toBe('header-not-found');
  });
});
