import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ParseResult } from '../types.js';
import { parseEnedisR171 } from './r171.js';

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
const FILE = 'ENEDIS_R171_C_00000099895595_GRDF_17X100A100FXXXXX_20241218024107.xml';

function parseText(series: string): ParseResult {
  const xml = `<?xml version="1.0" encoding="UTF-8"?>
<ns2:R171 xmlns:ns2="http://www.enedis.fr/stm/R171"><entete><flux>R171</flux></entete>
<serieMesuresDateesListe>${series}</serieMesuresDateesListe></ns2:R171>`;
  return parseEnedisR171({ fileName: 'ENEDIS_R171_test.xml', bytes: new TextEncoder().encode(xml) });
}

function serie(quantity: string, unit: string, dateFin: string, value: string, type = 'INDEX'): string {
  return `<serieMesuresDatees><prmId>30000000000019</prmId><type>${type}</type><grandeurMetier>CONS</grandeurMetier>
    <grandeurPhysique>${quantity}</grandeurPhysique><typeCalendrier>D</typeCalendrier><codeClasseTemporelle>HPH</codeClasseTemporelle>
    <unite>${unit}</unite><mesuresDateesListe><mesureDatee><dateFin>${dateFin}</dateFin><valeur>${value}</valeur></mesureDatee></mesuresDateesListe></serieMesuresDatees>`;
}

describe('parseEnedisR171 on the fixture', () => {
  const result = parseEnedisR171({
    fileName: FILE,
    bytes: new Uint8Array(readFileSync(path.join(FIXTURES, FILE))),
  });

  it('reads active-energy indexes in kWh', () => {
    expect(result.fatal).toBeNull();
    expect(result.recordsRead).toBe(15);
    // valeur in Wh as written in the fixture, divided by 1000; IDX (guide) and INDEX (real files) both read.
    expect(result.readings.map((reading) => [reading.externalId, reading.value])).toEqual([
      ['30000000000019#HPH', 987654.321],
      ['30000000000019#HCH', 456789.012],
      ['30000000000019#HPB', 234567.89],
      ['30000000000019#HCB', 123456.789],
      ['30000000000026#P', 11111.111],
      ['30000000000026#HPH', 2222222.222],
      ['30000000000026#HCH', 1333333.333],
      ['30000000000026#HPE', 1444444.444],
      ['30000000000026#HCE', 555555.555],
      ['30000000000026#PROD#HPH', 7777.777],
    ]);
  });

  it('reads dateFin as Paris time', () => {
    // 2024-12-18T00:51:11 and 00:48:03 in winter (UTC+1).
    expect(result.readings[0]?.start.toISOString()).toBe('2024-12-17T23:51:11.000Z');
    expect(result.readings[4]?.start.toISOString()).toBe('2024-12-17T23:48:03.000Z');
    expect(
      result.readings.every((reading) => reading.measure === 'INDEX' && reading.stepSeconds === null),
    ).toBe(true);
  });

  it('skips other quantities with one warning', () => {
    // ERI in VArh, PMA in VA, TF in s (real spellings), ERC in VARh and DD in S (guide spellings).
    expect(result.issues).toHaveLength(1);
    expect(result.issues[0]).toMatchObject({
      severity: 'warning',
      code: 'skipped-quantity',
      element: '/R171/serieMesuresDateesListe/serieMesuresDatees[5]',
    });
    expect(result.issues[0]?.message).toContain(
      '5 mesure(s) autres que des index d’énergie active en Wh ne sont pas importées (ERI en VArh × 1, PMA en VA × 1, TF en s × 1, ERC en VARh × 1, DD en S × 1)',
    );
  });

  it('has no publication counters', () => {
    expect(result.publication).toBeNull();
  });
});

describe('parseEnedisR171 edge cases', () => {
  it('reads summer dateFin with UTC+2', () => {
    const result = parseText(serie('ea', 'wh', '2024-07-02T00:48:03', '1000', 'idx'));
    expect(result.readings.map((reading) => [reading.start.toISOString(), reading.value])).toEqual([
      ['2024-07-01T22:48:03.000Z', 1],
    ]);
  });

  it('rejects a bad date and value', () => {
    const result = parseText(
      serie('EA', 'Wh', '2024-07-02 00:48', '10', 'INDEX') +
        serie('EA', 'Wh', '02/07/2024 00:48', '10') +
        serie('EA', 'Wh', '2024-07-02T00:48:03', '1e3'),
    );
    expect(result.readings.map((reading) => reading.start.toISOString())).toEqual([
      '2024-07-01T22:48:00.000Z',
    ]);
    expect(result.issues.map((issue) => [issue.code, issue.element, issue.raw])).toEqual([
      [
        'invalid-timestamp',
        '/R171/serieMesuresDateesListe/serieMesuresDatees[2]/mesuresDateesListe/mesureDatee[1]',
        '02/07/2024 00:48',
      ],
      [
        'invalid-number',
        '/R171/serieMesuresDateesListe/serieMesuresDatees[3]/mesuresDateesListe/mesureDatee[1]',
        '1e3',
      ],
    ]);
  });

  it('keeps an empty value as missing', () => {
    const result = parseText(serie('EA', 'Wh', '2024-12-18T00:51:11', ''));
    expect(result.readings.map((reading) => [reading.value, reading.quality])).toEqual([[null, 'missing']]);
  });
});
