import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  DETECT_HEAD_BYTES,
  type DetectionOutcome,
  detectFormat,
  findParser,
  makeDetectInput,
  PARSERS,
} from './index.js';
import type { FileParser } from './types.js';

const SAMPLES = path.resolve(import.meta.dirname, '..', '..', '..', 'datasets', 'samples');

function chosen(outcome: DetectionOutcome) {
  if (!('parser' in outcome)) throw new Error(`no format chosen: ${outcome.message}`);
  return outcome;
}

function undecided(outcome: DetectionOutcome) {
  if (!('candidates' in outcome)) throw new Error(`format ${outcome.parser.format} chosen`);
  return outcome;
}

function sampleInput(folder: string, fileName: string) {
  return makeDetectInput(fileName, new Uint8Array(readFileSync(path.join(SAMPLES, folder, fileName))));
}

describe('parser registry', () => {
  it('finds parsers by format', () => {
    expect(PARSERS.map((parser) => parser.format)).toEqual(['bms-csv', 'bms-xlsx', 'meteo-france-daily']);
    expect(findParser('meteo-france-daily')?.needsMapping).toBe(false);
    expect(findParser('bms-csv')?.needsMapping).toBe(true);
    expect(findParser('enedis-r50')).toBeUndefined();
  });
});

describe('detectFormat', () => {
  it('picks Météo-France from its header', () => {
    const outcome = detectFormat(sampleInput('meteo-france', 'Q_67_latest-2024-2025_RR-T-Vent_extract.csv'));
    const { parser, confidence } = chosen(outcome);
    expect(parser.format).toBe('meteo-france-daily');
    expect(confidence).toBe(1);
  });

  it('picks the BMS parser for an Insight report', () => {
    const outcome = detectFormat(sampleInput('bms', 'siemens_insight_trend_report_clean_csv_test.csv'));
    const { parser, confidence } = chosen(outcome);
    expect(parser.format).toBe('bms-csv');
    expect(confidence).toBe(0.7);
  });

  it('asks the user for a plain date and time table', () => {
    const outcome = detectFormat(sampleInput('bms', 'DD03_extract.csv'));
    const { candidates, message } = undecided(outcome);
    expect(candidates.map((candidate) => [candidate.parser.format, candidate.confidence])).toEqual([
      ['bms-csv', 0.4],
    ]);
    expect(message).toBe(
      'Le format du fichier « DD03_extract.csv » n’a pas été reconnu. Format le plus proche : « Export de tendances de GTB (CSV) » (bms-csv). Choisissez le format de la source au lieu de « auto », ou vérifiez que le fichier est bien un export pris en charge.',
    );
  });

  it('says when two formats tie', () => {
    const fake = (format: string): FileParser => ({
      format,
      label: `Format ${format}`,
      needsMapping: false,
      detect: () => 0.8,
      parse: async () => {
        throw new Error('not called');
      },
    });
    const outcome = detectFormat(makeDetectInput('x.csv', new Uint8Array()), [fake('a'), fake('b')]);
    expect(undecided(outcome).message).toBe(
      'Le format du fichier « x.csv » est ambigu : il ressemble autant à « Format a » qu’à « Format b ». Choisissez le format de la source au lieu de « auto ».',
    );
  });

  it('survives a detector that throws', () => {
    const broken: FileParser = {
      format: 'broken',
      label: 'Cassé',
      needsMapping: false,
      detect: () => {
        throw new Error('boom');
      },
      parse: async () => {
        throw new Error('not called');
      },
    };
    const outcome = detectFormat(makeDetectInput('x.csv', new Uint8Array()), [broken]);
    expect(undecided(outcome).candidates).toEqual([]);
  });
});

describe('makeDetectInput', () => {
  it('keeps the first 64 KB', () => {
    const bytes = new Uint8Array(DETECT_HEAD_BYTES + 10).fill(0x41);
    const input = makeDetectInput('big.csv', bytes);
    expect(input.headBytes.length).toBe(65_536);
    expect(input.head.length).toBe(65_536);
  });
});
