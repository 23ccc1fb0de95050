import { readFileSync } from 'node:fs';
import path from 'node:path';
import fc from 'fast-check';
import { zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import type { ParseResult, ParserInput } from '../types.js';
import { parseEnedisC68 } from './c68.js';
import { unwrapDelivery } from './delivery.js';
import { parseEnedisR4x } from './r4x.js';
import { parseEnedisR50 } from './r50.js';
import { parseEnedisR151 } from './r151.js';
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

function fixtureText(name: string, maxLength = 40_000): string {
  return new TextDecoder('latin1').decode(readFileSync(path.join(FIXTURES, name))).slice(0, maxLength);
}

const CASES: Array<{ name: string; text: string; parse: (input: ParserInput) => ParseResult }> = [
  {
    name: 'R50',
    text: fixtureText('ERDF_R50_17X100A100FXXXXX_GRD-F000_3363068_00042_M_00002_00003_20241105021500.xml'),
    parse: parseEnedisR50,
  },
  {
    name: 'R151',
    text: fixtureText('ERDF_R151_17X100A100FXXXXX_GRD-F000_3363069_00007_Q_00001_00001_20241219031500.xml'),
    parse: parseEnedisR151,
  },
  {
    name: 'R171',
    text: fixtureText('ENEDIS_R171_C_00000099895595_GRDF_17X100A100FXXXXX_20241218024107.xml'),
    parse: parseEnedisR171,
  },
  {
    name: 'R4x',
    text: fixtureText('ENEDIS_17X100A100FXXXXX_R4x_CDC_H_C_30000000000019_R4H00001_20241104031500.xml'),
    parse: parseEnedisR4x,
  },
  {
    name: 'C68 JSON',
    text: fixtureText('ENEDIS_C68_P_ITC_A0000001_00001_20241120101500.json'),
    parse: parseEnedisC68,
  },
  {
    name: 'C68 CSV',
    text: fixtureText('ENEDIS_C68_P_ITC_A0000002_00001_20241120101500.csv'),
    parse: parseEnedisC68,
  },
];

const JUNK = [
  '',
  '<',
  '>',
  '</PDC>',
  '<V>x</V>',
  '&',
  '"',
  ';',
  '{',
  ']',
  '-1',
  '99999999999999999999',
  '2024-02-30',
  'NaN',
  '\u0000',
];

const editArbitrary = fc.oneof(
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), junk: fc.constantFrom(...JUNK) }),
  fc.record({ kind: fc.constant('text' as const), at: fc.nat(), junk: fc.string({ maxLength: 12 }) }),
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 40 }) }),
  fc.record({ kind: fc.constant('digit' as const), at: fc.nat(), digit: fc.integer({ min: 0, max: 9 }) }),
);

type Edit = typeof editArbitrary extends fc.Arbitrary<infer T> ? T : never;

function applyEdit(text: string, edit: Edit): string {
  const at = text.length === 0 ? 0 : edit.at % text.length;
  switch (edit.kind) {
    case 'truncate':
      return text.slice(0, at);
    case 'insert':
    case 'text':
      return text.slice(0, at) + edit.junk + text.slice(at);
    case 'delete':
      return text.slice(0, at) + text.slice(at + edit.length);
    case 'digit': {
      const next = text.slice(at).search(/\d/);
      if (next < 0) return text;
      return text.slice(0, at + next) + String(edit.digit) + text.slice(at + next + 1);
    }
  }
}

function checkResult(result: ParseResult): void {
  if (result.fatal !== null) {
    expect(result.readings).toEqual([]);
    expect(result.fatal.message.length).toBeGreaterThan(0);
    return;
  }
  for (const reading of result.readings) {
    expect(reading.externalId.length).toBeGreaterThan(0);
    expect(Number.isFinite(reading.start.getTime())).toBe(true);
    if (reading.quality === 'missing') expect(reading.value).toBeNull();
    else expect(Number.isFinite(reading.value)).toBe(true);
  }
  for (const issue of result.issues) {
    if (issue.severity === 'error') expect(issue.element !== null || issue.line !== null).toBe(true);
  }
  for (const record of result.maxPowers ?? []) expect(Number.isFinite(record.value)).toBe(true);
  for (const facts of result.deliveryPointFacts ?? []) {
    expect(facts.identifier).toMatch(/^\d{14}$/);
    for (const power of facts.subscribedPowers) expect(Number.isFinite(power.kva)).toBe(true);
  }
}

describe('Enedis SGE parsers on mangled files', () => {
  for (const testCase of CASES) {
    it(`never throw on a mangled ${testCase.name}`, () => {
      fc.assert(
        fc.property(fc.array(editArbitrary, { minLength: 1, maxLength: 4 }), (edits) => {
          const text = edits.reduce(applyEdit, testCase.text);
          const result = testCase.parse({
            fileName: `fuzz_${testCase.name}.xml`,
            bytes: new TextEncoder().encode(text),
          });
          checkResult(result);
        }),
        { numRuns: 60 },
      );
    });
  }
});

describe('unwrapDelivery on mangled archives', () => {
  it('never throws', async () => {
    const zip = zipSync({
      'inner.zip': zipSync({ 'a.xml': new TextEncoder().encode('<R50/>'.repeat(50)) }),
    });
    await fc.assert(
      fc.asyncProperty(
        fc.nat(),
        fc.integer({ min: 0, max: 255 }),
        fc.boolean(),
        async (position, byte, truncate) => {
          const bytes = new Uint8Array(zip);
          const at = position % bytes.length;
          if (!truncate) bytes[at] = byte;
          const mangled = truncate ? bytes.subarray(0, at) : bytes;
          const unwrapped = await unwrapDelivery(
            { fileName: 'mangled.zip', bytes: mangled },
            {
              aesKeys: [
                { keyHex: '00112233445566778899aabbccddeeff', ivHex: '00112233445566778899aabbccddeeff' },
              ],
            },
          );
          expect(unwrapped.fatal === null || unwrapped.files.length === 0).toBe(true);
        },
      ),
      { numRuns: 80 },
    );
  });
});
