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
    expect(PARSERS.map((parser) => parser.format)).toEqual(
      expect.arrayContaining(['bms-csv', 'bms-xlsx', 'meteo-france-daily']),
    );
    expect(findParser('meteo-france-daily')?.needsMapping).toBe(false);
    expect(findParser('bms-csv')?.needsMapping).toBe(true);
    expect(findParser('enedis-r50')?.needsMapping).toBe(false);
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

describe('GRDF detection', () => {
  it('registers both GRDF formats', () => {
    expect(findParser('grdf-adict')?.needsMapping).toBe(false);
    expect(findParser('grdf-portal')?.needsMapping).toBe(false);
  });

  it.each([
    ['grdf', 'donnees_informatives_extract.json', 'grdf-portal'],
    ['grdf', 'donnees_publiees.json', 'grdf-portal'],
    ['grdf', 'Donnees_informatives_PCE_DAILY.xlsx', 'grdf-portal'],
    ['grdf', 'export_grdf.xlsx', 'grdf-portal'],
    ['grdf/fixtures', 'adict_informatives_with_error.ndjson', 'grdf-adict'],
    ['grdf/fixtures', 'adict_publiees.ndjson', 'grdf-adict'],
    ['grdf/fixtures', 'adict_staging_concatenated.ndjson', 'grdf-adict'],
    ['grdf/fixtures', 'adict_array.json', 'grdf-adict'],
    ['grdf/fixtures', 'adict_contract_and_access.ndjson', 'grdf-adict'],
  ])('picks %s/%s as %s', (folder, fileName, format) => {
    const { parser, confidence } = chosen(detectFormat(sampleInput(folder, fileName)));
    expect([parser.format, confidence]).toEqual([format, 1]);
  });

  it.each([
    ['meteo-france', 'Q_67_latest-2024-2025_RR-T-Vent_extract.csv'],
    ['bms', 'siemens_insight_trend_report_clean_csv_test.csv'],
    ['bms', 'DD03_extract.csv'],
    ['bms', 'ahu_test.csv'],
  ])('leaves %s/%s to other formats', (folder, fileName) => {
    const input = sampleInput(folder, fileName);
    expect(findParser('grdf-adict')?.detect(input)).toBe(0);
    expect(findParser('grdf-portal')?.detect(input)).toBe(0);
  });
});

describe('Enedis SGE detection', () => {
  it('registers the SGE formats', () => {
    expect(PARSERS.map((parser) => parser.format)).toEqual(
      expect.arrayContaining(['enedis-r50', 'enedis-r151', 'enedis-r171', 'enedis-r4x', 'enedis-c68']),
    );
  });

  it.each([
    ['ERDF_R50_17X100A100FXXXXX_GRD-F000_3363068_00042_M_00002_00003_20241105021500.xml', 'enedis-r50'],
    ['ERDF_R151_17X100A100FXXXXX_GRD-F000_3363069_00007_Q_00001_00001_20241219031500.xml', 'enedis-r151'],
    ['ENEDIS_R171_C_00000099895595_GRDF_17X100A100FXXXXX_20241218024107.xml', 'enedis-r171'],
    ['ENEDIS_17X100A100FXXXXX_R4x_CDC_H_C_30000000000019_R4H00001_20241104031500.xml', 'enedis-r4x'],
    ['ENEDIS_C68_P_ITC_A0000001_00001_20241120101500.json', 'enedis-c68'],
    ['ENEDIS_C68_P_ITC_A0000002_00001_20241120101500.csv', 'enedis-c68'],
  ])('picks %s as %s', (fileName, format) => {
    const { parser, confidence } = chosen(detectFormat(sampleInput('enedis-sge/fixtures', fileName)));
    expect([parser.format, confidence]).toEqual([format, 1]);
  });

  it('leaves an encrypted delivery undetected', () => {
    // The server opens encrypted deliveries before detection; the name alone stays below the threshold.
    const input = sampleInput(
      'enedis-sge/fixtures',
      'ERDF_R50_17X100A100FXXXXX_GRD-F000_3363068_00042_M_00002_00003_20241105021500.zip',
    );
    expect(findParser('enedis-r50')?.detect(input)).toBeLessThan(0.5);
    expect('candidates' in detectFormat(input)).toBe(true);
  });

  it.each([
    ['meteo-france', 'Q_67_latest-2024-2025_RR-T-Vent_extract.csv'],
    ['bms', 'siemens_insight_trend_report_clean_csv_test.csv'],
    ['bms', 'DD03_extract.csv'],
    ['bms', 'ahu_test.csv'],
  ])('leaves %s/%s to other formats', (folder, fileName) => {
    const input = sampleInput(folder, fileName);
    for (const format of ['enedis-r50', 'enedis-r151', 'enedis-r171', 'enedis-r4x', 'enedis-c68']) {
      expect([format, findParser(format)?.detect(input)]).toEqual([format, 0]);
    }
  });
});

describe('Enedis M023, Data Connect and portal detection', () => {
  it('registers the three formats', () => {
    expect(PARSERS.map((parser) => parser.format)).toEqual(
      expect.arrayContaining(['enedis-m023', 'enedis-dataconnect', 'enedis-portal']),
    );
    expect(findParser('enedis-m023')?.needsMapping).toBe(false);
  });

  it.each([
    ['enedis-m023', 'ENEDIS_R63_P_CdC_M07VD2PL_00001_20250313093019_extract.csv', 'enedis-m023', 1],
    ['enedis-m023/fixtures', 'ENEDIS_R63_P_CdC_FIXT0001_00001_20250101000000.json', 'enedis-m023', 1],
    ['enedis-m023/fixtures', 'ENEDIS_R64_P_INDEX_FIXT0002_00001_20250101000000.csv', 'enedis-m023', 1],
    ['enedis-m023/fixtures', 'ENEDIS_R64_P_INDEX_FIXT0003_00001_20250101000000.json', 'enedis-m023', 1],
    ['enedis-m023/fixtures', 'ENEDIS_R65_P_Energie_FIXT0004_00001_20250101000000.json', 'enedis-m023', 1],
    ['enedis-m023/fixtures', 'ENEDIS_R66_P_Pmax_FIXT0005_00001_20250101000000.json', 'enedis-m023', 1],
    ['enedis-m023/fixtures', 'ENEDIS_R67_P_Mfact_FIXT0006_00001_20250101000000.json', 'enedis-m023', 1],
    ['enedis-dataconnect', 'v5_consumption_load_curve.json', 'enedis-dataconnect', 1],
    ['enedis-dataconnect', 'mesure_courbe_de_charge_consommation.json', 'enedis-dataconnect', 1],
    ['enedis-dataconnect', 'mesure_consommation_quotidienne.json', 'enedis-dataconnect', 1],
    ['enedis-dataconnect', 'mesure_puissance_conso_max_quotidienne.json', 'enedis-dataconnect', 1],
    ['enedis-dataconnect', 'erreur_comptage_non_souscrit.json', 'enedis-dataconnect', 0.9],
    ['enedis-dataconnect/fixtures', 'error_no_data_found.json', 'enedis-dataconnect', 0.8],
    ['enedis-dataconnect/fixtures', 'v5_daily_consumption_fixture.json', 'enedis-dataconnect', 1],
    ['enedis-dataconnect/fixtures', 'v5_daily_consumption_max_power_fixture.json', 'enedis-dataconnect', 1],
    ['enedis-dataconnect/fixtures', 'v5_consumption_load_curve_autumn_fixture.json', 'enedis-dataconnect', 1],
    ['enedis-customer-portal', 'Enedis_Conso_Heure.csv', 'enedis-portal', 1],
    ['enedis-customer-portal', 'Enedis_Conso_Jour.csv', 'enedis-portal', 1],
    ['enedis-customer-portal', 'mar.04.2024.xlsx', 'enedis-portal', 1],
    ['enedis-customer-portal', 'juiellet.03.2024.xlsx', 'enedis-portal', 1],
    ['enedis-customer-portal/fixtures', 'Enedis_Conso_Heure_autumn_fixture.csv', 'enedis-portal', 1],
  ])('picks %s/%s as %s', (folder, fileName, format, expected) => {
    const { parser, confidence } = chosen(detectFormat(sampleInput(folder, fileName)));
    expect([parser.format, confidence]).toEqual([format, expected]);
  });

  it.each([
    ['meteo-france', 'Q_67_latest-2024-2025_RR-T-Vent_extract.csv'],
    ['bms', 'siemens_insight_trend_report_clean_csv_test.csv'],
    ['bms', 'DD03_extract.csv'],
    ['bms', 'ahu_test.csv'],
  ])('leaves %s/%s to other formats', (folder, fileName) => {
    const input = sampleInput(folder, fileName);
    for (const format of ['enedis-m023', 'enedis-dataconnect', 'enedis-portal']) {
      expect([format, findParser(format)?.detect(input)]).toEqual([format, 0]);
    }
  });
});
