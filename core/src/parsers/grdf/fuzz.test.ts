import { readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { CellValue, WorkbookData } from '../../spreadsheet/cells.js';
import type { ParseResult } from '../types.js';
import { parseGrdfAdict } from './adict.js';
import { parseGrdfPortal } from './portal.js';

const GRDF = path.resolve(import.meta.dirname, '..', '..', '..', '..', 'datasets', 'samples', 'grdf');
const ADICT_LINES = readFileSync(
  path.join(GRDF, 'fixtures', 'adict_informatives_with_error.ndjson'),
  'utf8',
).split('\n');
const STAGING_LINES = readFileSync(
  path.join(GRDF, 'fixtures', 'adict_staging_concatenated.ndjson'),
  'utf8',
).split('\n');
const PORTAL_JSON = JSON.parse(
  readFileSync(path.join(GRDF, 'donnees_informatives_extract.json'), 'utf8'),
) as Record<string, { idPce: string; releves: Array<Record<string, unknown>> }>;
const PORTAL_LINES = readFileSync(path.join(GRDF, 'donnees_informatives_extract.json'), 'utf8').split('\n');

const DAY = /^\d{4}-\d{2}-\d{2}$/;

function checkResult(result: ParseResult): void {
  if (result.fatal) {
    expect(result.readings).toEqual([]);
    expect(result.fatal.message.length).toBeGreaterThan(0);
    return;
  }
  for (const reading of result.readings) {
    expect(typeof reading.externalId).toBe('string');
    expect(reading.externalId.length).toBeGreaterThan(0);
    expect(Number.isNaN(reading.start.getTime())).toBe(false);
    expect(reading.stepSeconds).not.toBeNull();
    expect(reading.stepSeconds ?? 0).toBeGreaterThan(0);
    if (reading.quality === 'missing') expect(reading.value).toBeNull();
    else expect(Number.isFinite(reading.value)).toBe(true);
  }
  for (const conversion of result.gasConversions ?? []) {
    expect(conversion.from).toMatch(DAY);
    expect(conversion.to).toMatch(DAY);
    expect(conversion.from <= conversion.to).toBe(true);
  }
  for (const issue of result.issues) {
    expect(issue.message.length).toBeGreaterThan(0);
    if (issue.severity === 'error') expect(issue.line !== null || issue.element !== null).toBe(true);
  }
}

const JUNK = [
  '',
  '{',
  '}',
  '[',
  ']',
  '"',
  ',',
  'null',
  '}{',
  '\\',
  'NaN',
  '{"pce":',
  '1e999',
  '"Absence de Données"',
];

const editArbitrary = fc.oneof(
  fc.record({ kind: fc.constant('truncate' as const), line: fc.nat(), at: fc.nat() }),
  fc.record({
    kind: fc.constant('splice' as const),
    line: fc.nat(),
    at: fc.nat(),
    junk: fc.constantFrom(...JUNK),
  }),
  fc.record({ kind: fc.constant('insert' as const), line: fc.nat(), text: fc.string({ maxLength: 40 }) }),
  fc.record({ kind: fc.constant('delete' as const), line: fc.nat() }),
  fc.record({ kind: fc.constant('duplicate' as const), line: fc.nat() }),
);

type Edit = typeof editArbitrary extends fc.Arbitrary<infer T> ? T : never;

function applyEdits(lines: readonly string[], edits: readonly Edit[]): string {
  const result = [...lines];
  for (const edit of edits) {
    if (result.length === 0) break;
    const index = edit.line % result.length;
    const line = result[index] as string;
    if (edit.kind === 'truncate') result[index] = line.slice(0, edit.at % (line.length + 1));
    if (edit.kind === 'splice') {
      const at = edit.at % (line.length + 1);
      result[index] = `${line.slice(0, at)}${edit.junk}${line.slice(at)}`;
    }
    if (edit.kind === 'insert') result.splice(index, 0, edit.text);
    if (edit.kind === 'delete') result.splice(index, 1);
    if (edit.kind === 'duplicate') result.splice(index, 0, line);
  }
  return result.join('\n');
}

function encode(text: string): Uint8Array {
  return new TextEncoder().encode(text);
}

/** Values a GRDF field might hold, sensible or not. */
const fieldValue = fc.oneof(
  fc.constant(null),
  fc.integer({ min: -100_000, max: 100_000 }),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.string({ maxLength: 12 }),
  fc.constantFrom(
    '2021-03-28T06:00:00+02:00',
    '2021-10-31T06:00:00+00:00',
    '2021-02-30T06:00:00+01:00',
    '2021-08-16',
    '12,5',
    'Mesuré',
    'Absence de Données',
    'GI999055',
    9999999900617,
  ),
  fc.constant({}),
  fc.constant([]),
);

describe('ADICT parser fuzzing', () => {
  it('survives random bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 400 }), (bytes) => {
        checkResult(parseGrdfAdict({ fileName: 'fuzz.ndjson', bytes }));
      }),
      { numRuns: 300 },
    );
  });

  it('survives mangled NDJSON and staging files', () => {
    let runsWithReadings = 0;
    fc.assert(
      fc.property(
        fc.constantFrom(ADICT_LINES, STAGING_LINES),
        fc.array(editArbitrary, { maxLength: 10 }),
        (lines, edits) => {
          const result = parseGrdfAdict({ fileName: 'fuzz.ndjson', bytes: encode(applyEdits(lines, edits)) });
          checkResult(result);
          if (result.readings.length > 0) runsWithReadings += 1;
        },
      ),
      { numRuns: 400 },
    );
    // Most edits leave some objects whole, so the checks above ran on real readings.
    expect(runsWithReadings).toBeGreaterThan(100);
  });

  it('survives odd field values', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.record({
            pce: fieldValue,
            start: fieldValue,
            end: fieldValue,
            day: fieldValue,
            volume: fieldValue,
            energy: fieldValue,
            coefficient: fieldValue,
            qualification: fieldValue,
            status: fc.oneof(fc.constant(null), fc.record({ code: fieldValue, message: fieldValue })),
          }),
          { maxLength: 8 },
        ),
        (records) => {
          const text = records
            .map((record) =>
              JSON.stringify({
                pce: { id_pce: record.pce },
                consommation: {
                  date_debut_consommation: record.start,
                  date_fin_consommation: record.end,
                  journee_gaziere: record.day,
                  volume_brut: record.volume,
                  energie: record.energy,
                  coeff_calcul: { coeff_conversion: record.coefficient },
                  type_qualif_conso: record.qualification,
                },
                statut_restitution: record.status,
              }),
            )
            .join('\n');
          checkResult(parseGrdfAdict({ fileName: 'fuzz.ndjson', bytes: encode(text) }));
        },
      ),
      { numRuns: 300 },
    );
  });
});

describe('portal parser fuzzing', () => {
  it('survives random bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 400 }), (bytes) => {
        checkResult(parseGrdfPortal({ fileName: 'fuzz.json', bytes }));
      }),
      { numRuns: 300 },
    );
  });

  it('survives a mangled JSON sample', () => {
    fc.assert(
      fc.property(fc.array(editArbitrary, { maxLength: 6 }), (edits) => {
        checkResult(
          parseGrdfPortal({ fileName: 'fuzz.json', bytes: encode(applyEdits(PORTAL_LINES, edits)) }),
        );
      }),
      { numRuns: 200 },
    );
  });

  it('survives odd values in real records', () => {
    const [pce, entry] = Object.entries(PORTAL_JSON)[0] as [
      string,
      { idPce: string; releves: Array<Record<string, unknown>> },
    ];
    const fields = Object.keys(entry.releves[0] ?? {});
    let runsWithReadings = 0;
    fc.assert(
      fc.property(
        fc.array(fc.record({ releve: fc.nat(), field: fc.constantFrom(...fields), value: fieldValue }), {
          maxLength: 10,
        }),
        (changes) => {
          const releves = entry.releves.map((releve) => ({ ...releve }));
          for (const change of changes) {
            const releve = releves[change.releve % releves.length] as Record<string, unknown>;
            releve[change.field] = change.value;
          }
          const result = parseGrdfPortal({
            fileName: 'fuzz.json',
            bytes: encode(JSON.stringify({ [pce]: { ...entry, releves } })),
          });
          checkResult(result);
          if (result.readings.length > 0) runsWithReadings += 1;
        },
      ),
      { numRuns: 200 },
    );
    expect(runsWithReadings).toBeGreaterThan(100);
  });

  it('survives odd workbook cells', () => {
    const cell: fc.Arbitrary<CellValue> = fc.oneof(
      fc.constant(null),
      fc.string({ maxLength: 12 }),
      fc.double({ noNaN: true }),
      fc.boolean(),
      fc.date({ min: new Date(Date.UTC(1800, 0, 1)), max: new Date(Date.UTC(2300, 0, 1)) }),
      fc.constant({ excelError: '#N/A' }),
      fc.constantFrom(
        '24/11/2020',
        'Du 23/11/2020 au 29/11/2020',
        'Février 2021 ',
        'Mesuré',
        'Absence de Données',
        '9,2',
      ),
    );
    fc.assert(
      fc.property(fc.array(fc.array(cell, { maxLength: 9 }), { maxLength: 20 }), cell, (rows, pceCell) => {
        const workbook: WorkbookData = {
          date1904: false,
          sheets: [
            {
              name: 'Historique par mois',
              rows: [
                { number: 4, cells: [null, null, 'N° PCE :', null, pceCell] },
                {
                  number: 9,
                  cells: [
                    null,
                    'Date de relevé',
                    'Index de début de période (m3)',
                    'Index de fin de période (m3)',
                    'Volume consommé (m3)',
                    'Energie consommée (kWh)',
                    'Coefficient de conversion',
                    'Température locale (°C)',
                    'Qualification du relevé',
                  ],
                },
                ...rows.map((cells, index) => ({ number: 10 + index, cells })),
              ],
            },
          ],
        };
        checkResult(
          parseGrdfPortal(
            { fileName: 'fuzz.xlsx', bytes: new Uint8Array(), workbook },
            { pce: '99000000000005' },
          ),
        );
      }),
      { numRuns: 300 },
    );
  });
});
