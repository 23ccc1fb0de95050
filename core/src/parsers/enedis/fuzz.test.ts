import { readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { strToU8 } from 'fflate';
import { describe, expect, it } from 'vitest';
import type { CellValue, WorkbookData } from '../../spreadsheet/cells.js';
import type { ParseResult } from '../types.js';
import { parseEnedisDataConnect } from './dataconnect.js';
import { parseEnedisM023 } from './m023.js';
import { parseEnedisPortal } from './portal.js';

const SAMPLES = path.resolve(import.meta.dirname, '..', '..', '..', '..', 'datasets', 'samples');
const text = (relative: string) => readFileSync(path.join(SAMPLES, relative), 'utf8');

const R63_LINES = text('enedis-m023/ENEDIS_R63_P_CdC_M07VD2PL_00001_20250313093019_extract.csv')
  .split('\n')
  .slice(0, 40);
const R64_LINES = text('enedis-m023/fixtures/ENEDIS_R64_P_INDEX_FIXT0002_00001_20250101000000.csv').split(
  '\n',
);
const PORTAL_CURVE_LINES = text('enedis-customer-portal/Enedis_Conso_Heure.csv').split('\n').slice(0, 40);
const PORTAL_INDEX_LINES = [
  ...text('enedis-customer-portal/Enedis_Conso_Jour.csv').split('\n').slice(0, 20),
  ...text('enedis-customer-portal/Enedis_Conso_Jour.csv').split('\n').slice(-4),
];
const JSON_BODIES = [
  'enedis-dataconnect/v5_consumption_load_curve.json',
  'enedis-dataconnect/mesure_courbe_de_charge_consommation.json',
  'enedis-dataconnect/mesure_puissance_conso_max_quotidienne.json',
  'enedis-m023/fixtures/ENEDIS_R63_P_CdC_FIXT0001_00001_20250101000000.json',
  'enedis-m023/fixtures/ENEDIS_R64_P_INDEX_FIXT0003_00001_20250101000000.json',
  'enedis-m023/fixtures/ENEDIS_R65_P_Energie_FIXT0004_00001_20250101000000.json',
  'enedis-m023/fixtures/ENEDIS_R66_P_Pmax_FIXT0005_00001_20250101000000.json',
].map((relative) => JSON.parse(text(relative)) as unknown);

const JUNK = [
  '',
  'null',
  'NA',
  'abc',
  '1e999',
  '-0',
  '2023-10-29 02:30:00',
  '2023-03-26 02:30:00',
  'PT0M',
  'P1M',
  ';',
  '"',
  'R',
  'B',
];

const editArbitrary = fc.oneof(
  fc.record({ kind: fc.constant('truncate' as const), line: fc.nat(), at: fc.nat() }),
  fc.record({
    kind: fc.constant('junk' as const),
    line: fc.nat(),
    cell: fc.nat(),
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
    if (edit.kind === 'junk') {
      const cells = line.split(';');
      cells[edit.cell % cells.length] = edit.junk;
      result[index] = cells.join(';');
    }
    if (edit.kind === 'insert') result.splice(index, 0, edit.text);
    if (edit.kind === 'delete') result.splice(index, 1);
    if (edit.kind === 'duplicate') result.splice(index, 0, line);
  }
  return result.join('\n');
}

/** Replaces the node reached by `steps` (indexes into the keys of each object or array) with `value`. */
function replaceNode(root: unknown, steps: readonly number[], value: unknown): unknown {
  const copy = structuredClone(root);
  let parent: Record<string, unknown> | unknown[] | null = null;
  let key: string | number | null = null;
  let node: unknown = copy;
  for (const step of steps) {
    if (typeof node !== 'object' || node === null) break;
    const keys = Array.isArray(node) ? node.map((_, index) => index) : Object.keys(node);
    if (keys.length === 0) break;
    parent = node as Record<string, unknown> | unknown[];
    key = keys[step % keys.length] as string | number;
    node = (parent as Record<string | number, unknown>)[key];
  }
  if (parent === null || key === null) return value;
  (parent as Record<string | number, unknown>)[key] = value;
  return copy;
}

function checkResult(result: ParseResult): void {
  if (result.fatal) {
    expect(result.readings).toEqual([]);
    expect(result.maxPowers ?? []).toEqual([]);
    expect(result.fatal.message.length).toBeGreaterThan(0);
    return;
  }
  for (const reading of result.readings) {
    expect(reading.externalId).toMatch(/^\d{14}(?:#.+)?$/);
    expect(reading.start).toBeInstanceOf(Date);
    expect(Number.isNaN(reading.start.getTime())).toBe(false);
    if (reading.quality === 'missing') expect(reading.value).toBeNull();
    else expect(Number.isFinite(reading.value)).toBe(true);
    if (reading.stepSeconds !== null) expect(reading.stepSeconds).toBeGreaterThan(0);
    expect(reading.location.line !== null || reading.location.element !== null).toBe(true);
  }
  for (const record of result.maxPowers ?? []) {
    expect(Number.isFinite(record.value)).toBe(true);
    expect(record.date).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    if (record.at !== null) expect(Number.isNaN(record.at.getTime())).toBe(false);
  }
  for (const issue of result.issues) {
    expect(issue.message.length).toBeGreaterThan(0);
    if (issue.severity === 'error') expect(issue.line !== null || (issue.element ?? '') !== '').toBe(true);
  }
}

describe('Enedis parsers fuzzing', () => {
  it('survive random bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 400 }), (bytes) => {
        checkResult(parseEnedisM023({ fileName: 'ENEDIS_R63_P_CdC_X_00001_20250101000000.csv', bytes }));
        checkResult(parseEnedisDataConnect({ fileName: 'reponse.json', bytes }));
        checkResult(parseEnedisPortal({ fileName: 'Enedis_Conso_Heure.csv', bytes }));
      }),
      { numRuns: 200 },
    );
  });

  it('survive mangled CSV files', () => {
    let runsWithReadings = 0;
    fc.assert(
      fc.property(
        fc.constantFrom(R63_LINES, R64_LINES, PORTAL_CURVE_LINES, PORTAL_INDEX_LINES),
        fc.array(editArbitrary, { maxLength: 10 }),
        (lines, edits) => {
          const bytes = strToU8(applyEdits(lines, edits));
          const isPortal = lines === PORTAL_CURVE_LINES || lines === PORTAL_INDEX_LINES;
          const result = isPortal
            ? parseEnedisPortal({ fileName: 'Enedis_Conso.csv', bytes })
            : parseEnedisM023({ fileName: 'publication.csv', bytes });
          checkResult(result);
          if (result.readings.length > 0) runsWithReadings += 1;
        },
      ),
      { numRuns: 300 },
    );
    // Most edits leave the file readable, so the checks ran on real readings.
    expect(runsWithReadings).toBeGreaterThan(100);
  });

  it('survive mangled JSON bodies', () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...JSON_BODIES),
        fc.array(fc.nat(), { maxLength: 8 }),
        fc.jsonValue(),
        (body, steps, value) => {
          const bytes = strToU8(JSON.stringify(replaceNode(body, steps, value)));
          checkResult(parseEnedisDataConnect({ fileName: 'reponse.json', bytes }));
          checkResult(parseEnedisM023({ fileName: 'publication.json', bytes }));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('survive random workbook cells', () => {
    const cell: fc.Arbitrary<CellValue> = fc.oneof(
      fc.constantFrom<CellValue>(
        'NA',
        '0,984',
        '18/03/2024 00:30:00',
        '31/02/2024 00:00:00',
        '',
        null,
        'Début',
        'Fin',
      ),
      fc.double(),
      fc.date({ noInvalidDate: false }),
      fc.string({ maxLength: 8 }),
    );
    fc.assert(
      fc.property(fc.array(fc.array(cell, { maxLength: 6 }), { maxLength: 20 }), (rows) => {
        const workbook: WorkbookData = {
          date1904: false,
          sheets: [
            {
              name: 'Consommation Horaire',
              rows: [
                { number: 8, cells: [null, 'Point Référence Mesure (PRM) : ', '98800000000003'] },
                { number: 16, cells: [null, null, 'Début', 'Fin', 'Valeur (en kW)'] },
                ...rows.map((cells, index) => ({ number: 17 + index, cells })),
              ],
            },
          ],
        };
        checkResult(parseEnedisPortal({ fileName: 'fuzz.xlsx', bytes: new Uint8Array(), workbook }));
      }),
      { numRuns: 200 },
    );
  });
});
