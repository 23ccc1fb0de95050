import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeDetectInput } from '../index.js';
import type { ParseResult, SeriesReading } from '../types.js';
import { detectGrdfAdict, parseGrdfAdict } from './adict.js';

const FIXTURES = path.resolve(
  import.meta.dirname,
  '..',
  '..',
  '..',
  '..',
  'datasets',
  'samples',
  'grdf',
  'fixtures',
);

function fixtureBytes(name: string): Uint8Array {
  return new Uint8Array(readFileSync(path.join(FIXTURES, name)));
}

function parseFixture(name: string): ParseResult {
  return parseGrdfAdict({ fileName: name, bytes: fixtureBytes(name) });
}

function parseText(text: string, fileName = 'adict.ndjson'): ParseResult {
  return parseGrdfAdict({ fileName, bytes: new TextEncoder().encode(text) });
}

/** [PCE, measure, UTC start, step in seconds, value, quality, line, element] of each reading. */
function rowsOf(readings: SeriesReading[]) {
  return readings.map((reading) => [
    reading.externalId,
    reading.measure,
    reading.start.toISOString(),
    reading.stepSeconds,
    reading.value,
    reading.quality,
    reading.location.line,
    reading.location.element,
  ]);
}

/** Builds one ADICT informative block on one line, with the fields that vary between tests. */
function informativeLine(fields: {
  pce?: unknown;
  day: string;
  start: string;
  end: string;
  volume: unknown;
  energy: unknown;
  coefficient?: unknown;
  indexStart?: unknown;
  indexEnd?: unknown;
  qualification?: unknown;
}): string {
  return JSON.stringify({
    pce: { id_pce: fields.pce ?? '23000000000000' },
    releve_debut: { index_brut_debut: { valeur_index: fields.indexStart ?? null } },
    releve_fin: { index_brut_fin: { valeur_index: fields.indexEnd ?? null } },
    consommation: {
      date_debut_consommation: fields.start,
      date_fin_consommation: fields.end,
      volume_brut: fields.volume,
      coeff_calcul: { coeff_pta: null, valeur_pcs: null, coeff_conversion: fields.coefficient ?? null },
      energie: fields.energy,
      type_qualif_conso: fields.qualification ?? 'Mesuré',
      journee_gaziere: fields.day,
      type_conso: 'Informative Journalier',
    },
    statut_restitution: null,
  });
}

describe('ADICT informative NDJSON with a broken line', () => {
  const result = parseFixture('adict_informatives_with_error.ndjson');

  it('keeps the valid lines around line 4', () => {
    expect(result.fatal).toBeNull();
    // Six consumption blocks and the broken line; the final status object carries no data.
    expect(result.recordsRead).toBe(7);
    expect(rowsOf(result.readings)).toEqual([
      // 14 January 2021: winter, the gas day starts at 06:00+01:00 = 05:00 UTC.
      ['23000000000000', 'VOLUME', '2021-01-14T05:00:00.000Z', 86_400, 12, 'measured', 1, null],
      ['23000000000000', 'ENERGY', '2021-01-14T05:00:00.000Z', 86_400, 136, 'measured', 1, null],
      // 27 March 2021 runs 23 hours (05:00 UTC to 04:00 UTC next day) and still counts as one day.
      ['23000000000000', 'VOLUME', '2021-03-27T05:00:00.000Z', 86_400, 5, 'measured', 2, null],
      ['23000000000000', 'ENERGY', '2021-03-27T05:00:00.000Z', 86_400, 57, 'measured', 2, null],
      ['23000000000000', 'VOLUME', '2021-03-28T04:00:00.000Z', 86_400, 4, 'measured', 3, null],
      ['23000000000000', 'ENERGY', '2021-03-28T04:00:00.000Z', 86_400, 45, 'measured', 3, null],
      // 16 August 2021: summer, 06:00+02:00 = 04:00 UTC.
      ['23000000000000', 'VOLUME', '2021-08-16T04:00:00.000Z', 86_400, 1, 'measured', 5, null],
      ['23000000000000', 'ENERGY', '2021-08-16T04:00:00.000Z', 86_400, 11, 'measured', 5, null],
      // « Absence de Données »: a gap, not a zero.
      ['23000000000000', 'VOLUME', '2021-08-17T04:00:00.000Z', 86_400, null, 'missing', 6, null],
      ['23000000000000', 'ENERGY', '2021-08-17T04:00:00.000Z', 86_400, null, 'missing', 6, null],
      ['GI999055', 'VOLUME', '2021-08-16T04:00:00.000Z', 86_400, 30, 'estimated', 7, null],
      ['GI999055', 'ENERGY', '2021-08-16T04:00:00.000Z', 86_400, 335, 'estimated', 7, null],
    ]);
  });

  it('sums the energy of the PCE', () => {
    const energy = result.readings
      .filter((reading) => reading.externalId === '23000000000000' && reading.measure === 'ENERGY')
      .reduce((sum, reading) => sum + (reading.value ?? 0), 0);
    expect(energy).toBe(136 + 57 + 45 + 11);
  });

  it('reports the broken line by number', () => {
    expect(result.issues).toHaveLength(1);
    const issue = result.issues[0];
    expect(issue?.severity).toBe('error');
    expect(issue?.code).toBe('invalid-json');
    expect(issue?.line).toBe(4);
    expect(issue?.message).toBe(
      'adict_informatives_with_error.ndjson, ligne 4 : l’objet JSON n’est pas refermé (accolade ou crochet manquant, fichier tronqué ?). Cet enregistrement est rejeté, les autres sont importés ; téléchargez de nouveau cette réponse de l’API ADICT.',
    );
    expect(
      issue?.raw?.startsWith(
        '{"pce":{"id_pce":"23000000000000"},"periode":{"valeur":null,"date_debut":"2021-03-29"',
      ),
    ).toBe(true);
  });

  it('keeps one conversion per qualified day', () => {
    expect(
      result.gasConversions?.map((conversion) => [
        conversion.externalId,
        conversion.from,
        conversion.to,
        conversion.coefficient,
      ]),
    ).toEqual([
      ['23000000000000', '2021-01-14', '2021-01-14', 11.31],
      ['23000000000000', '2021-03-27', '2021-03-27', 11.35],
      ['23000000000000', '2021-03-28', '2021-03-28', 11.35],
      ['23000000000000', '2021-08-16', '2021-08-16', 11.16],
      ['GI999055', '2021-08-16', '2021-08-16', 11.17],
    ]);
  });

  it('is detected with certainty', () => {
    expect(
      detectGrdfAdict(
        makeDetectInput(
          'adict_informatives_with_error.ndjson',
          fixtureBytes('adict_informatives_with_error.ndjson'),
        ),
      ),
    ).toBe(1);
  });
});

describe('ADICT published periods', () => {
  const result = parseFixture('adict_publiees.ndjson');

  it('stores whole months and single days only', () => {
    expect(rowsOf(result.readings)).toEqual([
      // February 2021: 28 days of 24 h from 06:00+01:00 on the 1st = 28 × 86 400 s.
      ['09999999900617', 'VOLUME', '2021-02-01T05:00:00.000Z', 28 * 86_400, 250, 'measured', 1, null],
      ['09999999900617', 'ENERGY', '2021-02-01T05:00:00.000Z', 28 * 86_400, 2810, 'measured', 1, null],
      // March 2021 loses one hour on the 28th: 31 × 86 400 − 3 600 s, ending at 04:00 UTC on 1 April.
      ['09999999900617', 'VOLUME', '2021-03-01T05:00:00.000Z', 31 * 86_400 - 3_600, 180, 'measured', 2, null],
      [
        '09999999900617',
        'ENERGY',
        '2021-03-01T05:00:00.000Z',
        31 * 86_400 - 3_600,
        2021,
        'measured',
        2,
        null,
      ],
      // A published single gas day (daily meter) written with a wrong +00:00 offset.
      ['GI999159', 'VOLUME', '2023-07-01T04:00:00.000Z', 86_400, 812, 'measured', 4, null],
      ['GI999159', 'ENERGY', '2023-07-01T04:00:00.000Z', 86_400, 9069, 'measured', 4, null],
    ]);
  });

  it('keeps the coefficient of every period', () => {
    expect(
      result.gasConversions?.map((conversion) => [
        conversion.externalId,
        conversion.from,
        conversion.to,
        conversion.coefficient,
        conversion.location.line,
      ]),
    ).toEqual([
      ['09999999900617', '2021-02-01', '2021-02-28', 11.24, 1],
      ['09999999900617', '2021-03-01', '2021-03-31', 11.23, 2],
      ['09999999900617', '2021-04-01', '2021-04-22', 11.22, 3],
      ['GI999159', '2023-07-01', '2023-07-01', 11.17, 4],
    ]);
  });

  it('explains what it left out', () => {
    expect(result.recordsRead).toBe(5);
    expect(result.issues.map((issue) => [issue.severity, issue.code, issue.line])).toEqual([
      ['error', 'restitution-error', 5],
      ['warning', 'period-not-stored', null],
      ['warning', 'gas-day-offset', null],
    ]);
    expect(result.issues[0]?.message).toBe(
      "adict_publiees.ndjson, ligne 5 : GRDF a répondu par l’erreur 1010 (« Droit d'accès révoqué ») pour le PCE 09999999932770 au lieu de données. Vérifiez le droit d’accès et la période demandée, puis interrogez de nouveau l’API.",
    );
    expect(result.issues[1]?.message).toBe(
      'adict_publiees.ndjson : 1 période(s) ne couvrent ni une journée gazière ni un mois civil entier (du 1er à 6 h au 1er du mois suivant à 6 h) : du 01/04/2021 au 22/04/2021. Leurs volumes et énergies ne sont pas enregistrés, car les relevés ne se stockent qu’au pas de 10 min, 30 min, 1 h, 1 jour ou 1 mois ; leurs coefficients de conversion sont conservés. Pour suivre ces consommations, importez les données informatives journalières du même PCE.',
    );
    expect(result.issues[2]?.message).toBe(
      'adict_publiees.ndjson : 2 horodatage(s) de début ou de fin de journée gazière portent un décalage horaire qui ne correspond pas à 06:00 heure de Paris (par exemple « 2023-07-01T06:00:00+00:00 »). Une journée gazière commence à 06:00 heure de Paris : c’est l’heure retenue, le décalage indiqué est ignoré. Aucune action n’est nécessaire.',
    );
  });
});

describe('ADICT staging answer', () => {
  const result = parseFixture('adict_staging_concatenated.ndjson');

  it('reads the objects around the malformed one', () => {
    expect(rowsOf(result.readings)).toEqual([
      ['09999999975102', 'VOLUME', '2023-02-26T05:00:00.000Z', 86_400, 9, 'measured', 1, null],
      ['09999999975102', 'ENERGY', '2023-02-26T05:00:00.000Z', 86_400, 103, 'measured', 1, null],
      ['09999999975102', 'VOLUME', '2023-02-27T05:00:00.000Z', 86_400, 8, 'measured', 51, null],
      ['09999999975102', 'ENERGY', '2023-02-27T05:00:00.000Z', 86_400, 91, 'measured', 51, null],
      ['09999999975102', 'VOLUME', '2023-03-01T05:00:00.000Z', 86_400, 10, 'measured', 151, null],
      ['09999999975102', 'ENERGY', '2023-03-01T05:00:00.000Z', 86_400, 114, 'measured', 151, null],
    ]);
  });

  it('reports the lines of the malformed object', () => {
    expect(result.issues.map((issue) => [issue.code, issue.line])).toEqual([['invalid-json', 101]]);
    expect(
      result.issues[0]?.message.startsWith('adict_staging_concatenated.ndjson, lignes 101 à 151 : '),
    ).toBe(true);
  });
});

describe('ADICT JSON array', () => {
  const result = parseFixture('adict_array.json');

  it('locates readings by element and line', () => {
    expect(rowsOf(result.readings)).toEqual([
      ['23000000000000', 'VOLUME', '2021-12-31T05:00:00.000Z', 86_400, 15, 'measured', 2, '/[1]'],
      ['23000000000000', 'ENERGY', '2021-12-31T05:00:00.000Z', 86_400, 170, 'measured', 2, '/[1]'],
      ['23000000000000', 'VOLUME', '2022-01-01T05:00:00.000Z', 86_400, 14, 'measured', 53, '/[2]'],
      ['23000000000000', 'ENERGY', '2022-01-01T05:00:00.000Z', 86_400, 159, 'measured', 53, '/[2]'],
    ]);
    expect(result.issues).toEqual([]);
  });

  it('is detected with certainty', () => {
    expect(detectGrdfAdict(makeDetectInput('adict_array.json', fixtureBytes('adict_array.json')))).toBe(1);
  });
});

describe('ADICT contract, technical and access-right answers', () => {
  const result = parseFixture('adict_contract_and_access.ndjson');

  it('reads the tariff option as a fact', () => {
    expect(result.readings).toEqual([]);
    expect(result.deliveryPointFacts).toEqual([
      {
        identifier: '23000000000000',
        segment: 'T2',
        validFrom: null,
        subscribedPowers: [],
        tariffCode: null,
        meterSerial: null,
        location: {
          file: 'adict_contract_and_access.ndjson',
          line: 1,
          element: null,
          field: 'donnees_contractuelles.tarif_acheminement',
        },
      },
    ]);
  });

  it('skips the rest with warnings', () => {
    expect(result.issues.map((issue) => [issue.severity, issue.code, issue.line])).toEqual([
      ['warning', 'processing-status', 4],
      ['warning', 'skipped-objects', null],
    ]);
    expect(result.issues[1]?.message).toBe(
      'adict_contract_and_access.ndjson : 1 droit(s) d’accès, 1 bloc(s) de données techniques ne contiennent pas de consommation et ne sont pas importés. Importez les réponses « donnees_consos_informatives » ou « donnees_consos_publiees » pour les consommations.',
    );
  });

  it('keeps personal data out of the issues', () => {
    expect(JSON.stringify(result.issues)).not.toContain('titulaire@example.com');
  });
});

describe('ADICT records built in the test', () => {
  const winterDay = {
    day: '2021-01-14',
    start: '2021-01-14T06:00:00+01:00',
    end: '2021-01-15T06:00:00+01:00',
  };

  it('restores the zeros of a numeric PCE', () => {
    const result = parseText(informativeLine({ ...winterDay, pce: 9999999900617, volume: 3, energy: 34 }));
    expect(result.readings.map((reading) => reading.externalId)).toEqual([
      '09999999900617',
      '09999999900617',
    ]);
    expect(result.issues.map((issue) => [issue.code, issue.message])).toEqual([
      [
        'pce-leading-zeros',
        'adict.ndjson : le PCE 09999999900617 était écrit comme un nombre, sans ses zéros initiaux ; ils ont été rétablis (14 chiffres). Vérifiez que ce PCE est le bon.',
      ],
    ]);
  });

  it('turns zeros under « Absence de Données » into gaps', () => {
    const result = parseText(
      informativeLine({ ...winterDay, volume: 0, energy: 0, qualification: 'Absence de Données' }),
    );
    expect(result.readings.map((reading) => [reading.value, reading.quality])).toEqual([
      [null, 'missing'],
      [null, 'missing'],
    ]);
  });

  it('keeps a measured zero', () => {
    const result = parseText(informativeLine({ ...winterDay, volume: 0, energy: 0 }));
    expect(result.readings.map((reading) => [reading.value, reading.quality])).toEqual([
      [0, 'measured'],
      [0, 'measured'],
    ]);
  });

  it('reads French decimal text', () => {
    const result = parseText(
      informativeLine({ ...winterDay, volume: '12,5', energy: '141', coefficient: '11,28' }),
    );
    expect(result.readings.map((reading) => reading.value)).toEqual([12.5, 141]);
    expect(result.gasConversions?.[0]?.coefficient).toBe(11.28);
  });

  it('keeps an identical repeat once', () => {
    const line = informativeLine({ ...winterDay, volume: 3, energy: 34 });
    const result = parseText(`${line}\n${line}\n`);
    expect(result.readings).toHaveLength(2);
    expect(result.issues.map((issue) => [issue.severity, issue.code])).toEqual([
      ['warning', 'duplicate-values'],
    ]);
  });

  it('rejects a conflicting repeat', () => {
    const first = informativeLine({ ...winterDay, volume: 3, energy: 34 });
    const second = informativeLine({ ...winterDay, volume: 4, energy: 45 });
    const result = parseText(`${first}\n${second}\n`);
    expect(result.readings.map((reading) => reading.value)).toEqual([3, 34]);
    expect(result.issues.map((issue) => [issue.severity, issue.code, issue.line])).toEqual([
      ['error', 'duplicate-period', 2],
    ]);
    expect(result.issues[0]?.message).toBe(
      'adict.ndjson, ligne 2 : le PCE 23000000000000 a déjà d’autres valeurs pour la période du 14/01/2021 au 14/01/2021 (adict.ndjson, ligne 1). Le second enregistrement est rejeté ; vérifiez le fichier.',
    );
  });

  it('marks unknown qualifications as estimated', () => {
    const result = parseText(
      informativeLine({ ...winterDay, volume: 3, energy: 34, qualification: 'Provisionnel' }),
    );
    expect(result.readings.map((reading) => reading.quality)).toEqual(['estimated', 'estimated']);
    expect(result.issues.map((issue) => issue.code)).toEqual(['unknown-qualification']);
  });

  it('maps corrected values', () => {
    const result = parseText(
      informativeLine({ ...winterDay, volume: 3, energy: 34, qualification: 'Corrigé' }),
    );
    expect(result.readings.map((reading) => reading.quality)).toEqual(['corrected', 'corrected']);
  });

  it('warns when indexes and volume disagree', () => {
    // 1 212 − 1 200 = 12 m³ of index against 9 m³ published: more than the 1 m³ of rounding.
    const result = parseText(
      informativeLine({ ...winterDay, volume: 9, energy: 102, indexStart: 1200, indexEnd: 1212 }),
    );
    expect(result.readings.map((reading) => reading.value)).toEqual([9, 102]);
    expect(result.issues.map((issue) => issue.code)).toEqual(['index-volume-mismatch']);
  });

  it('rejects a record without a PCE', () => {
    const line = JSON.stringify({
      consommation: { journee_gaziere: '2021-01-14', volume_brut: 3, energie: 34 },
    });
    const result = parseText(line);
    expect(result.readings).toEqual([]);
    expect(result.issues.map((issue) => [issue.code, issue.line, issue.field, issue.message])).toEqual([
      [
        'invalid-record',
        1,
        'pce.id_pce',
        'adict.ndjson, ligne 1, champ « pce.id_pce » : le PCE est absent. L’enregistrement est rejeté ; corrigez-le ou téléchargez de nouveau les données depuis l’API ADICT.',
      ],
    ]);
  });

  it('rejects a boundary that is not 06:00', () => {
    const result = parseText(
      informativeLine({
        day: '2021-01-14',
        start: '2021-01-14T00:00:00+01:00',
        end: '2021-01-15T06:00:00+01:00',
        volume: 3,
        energy: 34,
      }),
    );
    expect(result.readings).toEqual([]);
    expect(result.issues.map((issue) => [issue.code, issue.field])).toEqual([
      ['invalid-record', 'consommation.date_debut_consommation'],
    ]);
  });

  it('fails on a file without JSON', () => {
    const result = parseText('Service indisponible\n');
    expect(result.fatal?.code).toBe('not-json');
    expect(result.fatal?.message).toBe(
      'adict.ndjson : aucun objet JSON lisible n’a été trouvé (ligne 1 : « Service indisponible »). Ce n’est pas une réponse de l’API ADICT de GRDF ; vérifiez le fichier choisi.',
    );
    expect(result.readings).toEqual([]);
  });
});
