import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readWorkbook } from '../../../../server/src/history-import/workbook.js';
import type { CellValue, WorkbookData } from '../../spreadsheet/cells.js';
import { detectFormat, makeDetectInput } from '../index.js';
import type { ParseResult, SeriesReading } from '../types.js';
import { detectGrdfPortal, parseGrdfPortal } from './portal.js';

const SAMPLES = path.resolve(import.meta.dirname, '..', '..', '..', '..', 'datasets', 'samples', 'grdf');

function sampleBytes(name: string): Uint8Array {
  return new Uint8Array(readFileSync(path.join(SAMPLES, name)));
}

function parseJsonSample(name: string): ParseResult {
  return parseGrdfPortal({ fileName: name, bytes: sampleBytes(name) });
}

async function parseWorkbookSample(name: string, options?: unknown, fileName = name): Promise<ParseResult> {
  const bytes = readFileSync(path.join(SAMPLES, name));
  const workbook = await readWorkbook(bytes, name);
  return parseGrdfPortal({ fileName, bytes: new Uint8Array(bytes), workbook }, options);
}

function parseWorkbook(workbook: WorkbookData, fileName = 'export.xlsx', options?: unknown): ParseResult {
  return parseGrdfPortal({ fileName, bytes: new Uint8Array([0x50, 0x4b, 0x03, 0x04]), workbook }, options);
}

function byStart(
  readings: SeriesReading[],
  measure: 'VOLUME' | 'ENERGY',
  start: string,
): SeriesReading | undefined {
  return readings.find((reading) => reading.measure === measure && reading.start.toISOString() === start);
}

function energySum(readings: SeriesReading[], from: string, to: string): number {
  return readings
    .filter(
      (reading) =>
        reading.measure === 'ENERGY' &&
        reading.start.toISOString() >= from &&
        reading.start.toISOString() < to,
    )
    .reduce((sum, reading) => sum + (reading.value ?? 0), 0);
}

describe('portal JSON, informative days', () => {
  const result = parseJsonSample('donnees_informatives_extract.json');

  it('reads every day without issue', () => {
    expect(result.fatal).toBeNull();
    expect(result.issues).toEqual([]);
    expect(result.recordsRead).toBe(50);
    expect(result.readings).toHaveLength(100);
    expect(new Set(result.readings.map((reading) => reading.externalId))).toEqual(
      new Set(['99000000000001']),
    );
  });

  it('starts winter days at 05:00 UTC despite +00:00', () => {
    // dateDebutReleve "2019-11-30T06:00:00+00:00": 06:00 in Paris (UTC+1) is 05:00 UTC.
    const volume = byStart(result.readings, 'VOLUME', '2019-11-30T05:00:00.000Z');
    const energy = byStart(result.readings, 'ENERGY', '2019-11-30T05:00:00.000Z');
    expect([volume?.value, volume?.stepSeconds, volume?.quality]).toEqual([7, 86_400, 'measured']);
    expect([energy?.value, energy?.stepSeconds, energy?.location.element, energy?.location.field]).toEqual([
      75,
      86_400,
      '/99000000000001/releves[1]',
      'energieConsomme',
    ]);
  });

  it('starts summer days at 04:00 UTC despite +00:00', () => {
    // "2021-07-22T06:00:00+00:00" in summer: 06:00 in Paris (UTC+2) is 04:00 UTC.
    expect(byStart(result.readings, 'VOLUME', '2021-07-22T04:00:00.000Z')?.value).toBe(0);
    expect(byStart(result.readings, 'ENERGY', '2021-07-22T04:00:00.000Z')?.value).toBe(3);
  });

  it('turns « Absence de Données » into gaps', () => {
    const missing = result.readings.filter((reading) => reading.quality === 'missing');
    expect(
      missing.map((reading) => [
        reading.measure,
        reading.start.toISOString(),
        reading.value,
        reading.location.element,
      ]),
    ).toEqual([
      ['VOLUME', '2021-08-10T04:00:00.000Z', null, '/99000000000001/releves[30]'],
      ['ENERGY', '2021-08-10T04:00:00.000Z', null, '/99000000000001/releves[30]'],
    ]);
  });

  it('keeps the measured zero after the gap', () => {
    // 2021-08-11 has no start index but a measured 0 m³ and 0 kWh.
    const energy = byStart(result.readings, 'ENERGY', '2021-08-11T04:00:00.000Z');
    expect([energy?.value, energy?.quality]).toEqual([0, 'measured']);
  });

  it('sums the energy of each stretch', () => {
    expect(energySum(result.readings, '2019-11-30', '2019-12-10')).toBe(
      75 + 146 + 174 + 151 + 139 + 134 + 175 + 79 + 140 + 108,
    );
    expect(energySum(result.readings, '2021-07-22', '2021-08-31')).toBe(
      3 +
        18 +
        13 +
        15 +
        10 +
        18 +
        11 +
        16 +
        15 +
        13 +
        8 +
        21 +
        17 +
        17 +
        16 +
        18 +
        23 +
        3 +
        0 +
        0 +
        0 +
        0 +
        0 +
        19 +
        9,
    );
  });

  it('keeps one conversion per day with a coefficient', () => {
    const conversions = result.gasConversions ?? [];
    // 50 days, one of them « Absence de Données » without a coefficient.
    expect(conversions).toHaveLength(49);
    expect(
      conversions.slice(0, 3).map((conversion) => [conversion.from, conversion.to, conversion.coefficient]),
    ).toEqual([
      ['2019-11-30', '2019-11-30', 11.12],
      ['2019-12-01', '2019-12-01', 11.12],
      ['2019-12-02', '2019-12-02', 11.17],
    ]);
    expect(conversions.find((conversion) => conversion.from === '2021-08-03')?.coefficient).toBe(11.27);
  });
});

describe('portal JSON, published periods', () => {
  const result = parseJsonSample('donnees_publiees.json');

  it('stores no reading for irregular periods', () => {
    expect(result.fatal).toBeNull();
    expect(result.recordsRead).toBe(87);
    // Every period runs from a 1st to a 3rd or from a 3rd to a 1st, or over months: none is a day or a calendar month.
    expect(result.readings).toEqual([]);
    expect(result.issues.map((issue) => [issue.severity, issue.code])).toEqual([
      ['warning', 'period-not-stored'],
    ]);
    expect(result.issues[0]?.message).toBe(
      'donnees_publiees.json : 87 période(s) ne couvrent ni une journée gazière ni un mois civil entier (du 1er à 6 h au 1er du mois suivant à 6 h) : du 10/10/2017 au 08/04/2018, du 09/04/2018 au 09/10/2018, du 10/10/2018 au 20/02/2019, du 21/02/2019 au 04/04/2019, du 05/04/2019 au 08/05/2019 et 82 autre(s). Leurs volumes et énergies ne sont pas enregistrés, car les relevés ne se stockent qu’au pas de 10 min, 30 min, 1 h, 1 jour ou 1 mois ; leurs coefficients de conversion sont conservés. Pour suivre ces consommations, importez les données informatives journalières du même PCE.',
    );
  });

  it('keeps the coefficient of every period', () => {
    const conversions = result.gasConversions ?? [];
    expect(conversions).toHaveLength(87);
    expect([conversions[0]?.from, conversions[0]?.to, conversions[0]?.coefficient]).toEqual([
      '2017-10-10',
      '2018-04-08',
      11.07,
    ]);
    expect([conversions[15]?.from, conversions[15]?.to, conversions[15]?.coefficient]).toEqual([
      '2019-11-03',
      '2019-11-30',
      11.12,
    ]);
    expect([conversions[86]?.from, conversions[86]?.to, conversions[86]?.coefficient]).toEqual([
      '2022-11-01',
      '2022-11-02',
      11.16,
    ]);
  });

  it('stores a period of one calendar month', () => {
    const file = {
      '99000000000001': {
        idPce: '99000000000001',
        releves: [
          {
            dateDebutReleve: '2022-10-01T06:00:00+00:00',
            dateFinReleve: '2022-11-01T06:00:00+00:00',
            journeeGaziere: null,
            indexDebut: 15706,
            indexFin: 15750,
            volumeBrutConsomme: 44,
            energieConsomme: 491,
            coeffConversion: 11.16,
            natureReleve: 'Publiée',
            qualificationReleve: 'Mesuré',
          },
        ],
      },
    };
    const parsed = parseGrdfPortal({
      fileName: 'mois.json',
      bytes: new TextEncoder().encode(JSON.stringify(file)),
    });
    // 1 October 2022 06:00 CEST = 04:00 UTC; 1 November 06:00 CET = 05:00 UTC, after the clocks went back:
    // 31 days and one extra hour.
    expect(
      parsed.readings.map((reading) => [
        reading.measure,
        reading.start.toISOString(),
        reading.stepSeconds,
        reading.value,
      ]),
    ).toEqual([
      ['VOLUME', '2022-10-01T04:00:00.000Z', 31 * 86_400 + 3_600, 44],
      ['ENERGY', '2022-10-01T04:00:00.000Z', 31 * 86_400 + 3_600, 491],
    ]);
    expect(parsed.issues).toEqual([]);
  });
});

describe('portal workbook Donnees_informatives_PCE_DAILY.xlsx', () => {
  it('needs a PCE when the cell is empty', async () => {
    const result = await parseWorkbookSample('Donnees_informatives_PCE_DAILY.xlsx');
    expect(result.readings).toEqual([]);
    expect(result.fatal?.code).toBe('missing-pce');
    expect(result.fatal?.message).toBe(
      'Donnees_informatives_PCE_DAILY.xlsx : la cellule Historique par mois!C4 (« N° PCE : ») est vide, et ni le nom du fichier ni le paramétrage de la source ne donnent le PCE. Indiquez le PCE (14 chiffres) dans le paramétrage de la source, champ « pce », puis relancez l’import.',
    );
  });

  it('takes the PCE from the file name', async () => {
    const result = await parseWorkbookSample(
      'Donnees_informatives_PCE_DAILY.xlsx',
      undefined,
      'Donnees_informatives_21546000000000_20201124_20211121.xlsx',
    );
    expect(result.fatal).toBeNull();
    expect(result.readings[0]?.externalId).toBe('21546000000000');
    expect(result.issues.map((issue) => [issue.severity, issue.code, issue.message])).toEqual([
      [
        'warning',
        'pce-from-file-name',
        'Donnees_informatives_21546000000000_20201124_20211121.xlsx : le classeur ne donne pas de N° PCE ; le PCE 21546000000000 a été lu dans le nom du fichier. Vérifiez qu’il est le bon, ou indiquez le PCE dans le paramétrage de la source (champ « pce »).',
      ],
    ]);
  });

  it('reads every day with the configured PCE', async () => {
    const result = await parseWorkbookSample('Donnees_informatives_PCE_DAILY.xlsx', {
      pce: '99000000000003',
    });
    expect(result.fatal).toBeNull();
    expect(result.issues).toEqual([]);
    // Rows 10 to 372: 24/11/2020 to 21/11/2021, 363 gas days.
    expect(result.recordsRead).toBe(363);
    expect(result.readings).toHaveLength(2 * 363);
    const first = result.readings[1];
    expect([
      first?.externalId,
      first?.measure,
      first?.start.toISOString(),
      first?.stepSeconds,
      first?.value,
    ]).toEqual(['99000000000003', 'ENERGY', '2020-11-24T05:00:00.000Z', 86_400, 133]);
    expect(first?.location).toEqual({
      file: 'Donnees_informatives_PCE_DAILY.xlsx',
      line: 10,
      element: 'Historique par mois!F10',
      field: 'Energie consommée (kWh)',
    });
    // No coefficient column is filled in this export.
    expect(result.gasConversions).toEqual([]);
  });

  it('turns the zeros of missing days into gaps', async () => {
    const result = await parseWorkbookSample('Donnees_informatives_PCE_DAILY.xlsx', {
      pce: '99000000000003',
    });
    // Rows 269, 362 and 367 are « Absence de Données » rows with 0 m³ and 0 kWh.
    const missing = result.readings.filter((reading) => reading.quality === 'missing');
    expect(
      missing.map((reading) => [reading.location.line, reading.start.toISOString(), reading.value]),
    ).toEqual([
      [269, '2021-08-10T04:00:00.000Z', null],
      [269, '2021-08-10T04:00:00.000Z', null],
      [362, '2021-11-11T05:00:00.000Z', null],
      [362, '2021-11-11T05:00:00.000Z', null],
      [367, '2021-11-16T05:00:00.000Z', null],
      [367, '2021-11-16T05:00:00.000Z', null],
    ]);
  });

  it('starts gas days around the clock changes', async () => {
    const result = await parseWorkbookSample('Donnees_informatives_PCE_DAILY.xlsx', {
      pce: '99000000000003',
    });
    const energyOn = (start: string) => byStart(result.readings, 'ENERGY', start)?.value;
    expect(energyOn('2021-03-27T05:00:00.000Z')).toBe(84);
    expect(energyOn('2021-03-28T04:00:00.000Z')).toBe(55);
    expect(energyOn('2021-10-30T04:00:00.000Z')).toBe(45);
    expect(energyOn('2021-10-31T05:00:00.000Z')).toBe(45);
  });

  it('sums December 2020', async () => {
    const result = await parseWorkbookSample('Donnees_informatives_PCE_DAILY.xlsx', {
      pce: '99000000000003',
    });
    expect(energySum(result.readings, '2020-12-01', '2021-01-01')).toBe(
      113 +
        121 +
        131 +
        153 +
        137 +
        162 +
        163 +
        169 +
        162 +
        140 +
        104 +
        96 +
        150 +
        78 +
        75 +
        113 +
        103 +
        103 +
        73 +
        63 +
        70 +
        55 +
        62 +
        103 +
        145 +
        214 +
        116 +
        159 +
        156 +
        147 +
        172,
    );
    const volume = result.readings
      .filter((reading) => reading.measure === 'VOLUME' && reading.start.toISOString().startsWith('2020-12'))
      .reduce((sum, reading) => sum + (reading.value ?? 0), 0);
    expect(volume).toBe(
      10 +
        11 +
        12 +
        14 +
        12 +
        15 +
        15 +
        15 +
        15 +
        13 +
        9 +
        9 +
        14 +
        7 +
        7 +
        10 +
        9 +
        9 +
        7 +
        6 +
        6 +
        5 +
        6 +
        9 +
        13 +
        19 +
        11 +
        14 +
        14 +
        13 +
        16,
    );
  });

  it('matches the portal JSON of the same days', async () => {
    // Both samples come from the same PyGazpar test account: the workbook's days must carry the JSON's energies.
    const workbook = await parseWorkbookSample('Donnees_informatives_PCE_DAILY.xlsx', {
      pce: '99000000000001',
    });
    const json = parseJsonSample('donnees_informatives_extract.json');
    const stretch = (readings: SeriesReading[]) =>
      readings
        .filter(
          (reading) =>
            reading.start.toISOString() >= '2021-07-22' && reading.start.toISOString() < '2021-08-31',
        )
        .map((reading) => [reading.measure, reading.start.toISOString(), reading.value, reading.quality]);
    expect(stretch(workbook.readings)).toEqual(stretch(json.readings));
  });
});

describe('portal workbook export_grdf.xlsx', () => {
  it('reads the PCE from its numeric cell', async () => {
    const result = await parseWorkbookSample('export_grdf.xlsx');
    expect(result.fatal).toBeNull();
    // 99000000000002 has 14 digits: no zero was lost, so no warning.
    expect(result.issues).toEqual([]);
    expect(new Set(result.readings.map((reading) => reading.externalId))).toEqual(
      new Set(['99000000000002']),
    );
  });

  it('keeps decimal volumes and energies as given', async () => {
    const result = await parseWorkbookSample('export_grdf.xlsx');
    expect(result.recordsRead).toBe(26);
    const volume = result.readings[0];
    expect([
      volume?.measure,
      volume?.start.toISOString(),
      volume?.value,
      volume?.location.element,
      volume?.location.field,
    ]).toEqual([
      'VOLUME',
      '2021-01-10T05:00:00.000Z',
      9.2,
      'Historique par mois!E10',
      'Volume consommé (m3)',
    ]);
    expect(energySum(result.readings, '2021-01-10', '2021-02-05')).toBe(
      105 +
        101 +
        75 +
        62 +
        66 +
        83 +
        77 +
        82 +
        103 +
        67 +
        52 +
        76 +
        80 +
        62 +
        82 +
        108 +
        108 +
        60 +
        47 +
        56 +
        39 +
        46 +
        50 +
        46 +
        51 +
        57,
    );
    const volumes = result.readings
      .filter((reading) => reading.measure === 'VOLUME')
      .reduce((sum, reading) => sum + (reading.value ?? 0), 0);
    expect(volumes).toBeCloseTo(
      9.2 +
        8.8 +
        6.57 +
        5.44 +
        5.79 +
        7.25 +
        6.7 +
        7.16 +
        9.03 +
        5.86 +
        4.51 +
        6.65 +
        7.03 +
        5.43 +
        7.17 +
        9.46 +
        9.42 +
        5.23 +
        4.13 +
        4.86 +
        3.45 +
        3.98 +
        4.41 +
        4.06 +
        4.48 +
        4.96,
      9,
    );
  });

  it('keeps the conversion coefficients', async () => {
    const result = await parseWorkbookSample('export_grdf.xlsx');
    const conversions = result.gasConversions ?? [];
    expect(conversions).toHaveLength(26);
    expect(
      conversions.slice(3, 5).map((conversion) => [conversion.from, conversion.to, conversion.coefficient]),
    ).toEqual([
      ['2021-01-13', '2021-01-13', 11.42781],
      ['2021-01-14', '2021-01-14', 11.44156],
    ]);
  });
});

describe('portal detection', () => {
  it.each([
    'donnees_informatives_extract.json',
    'donnees_publiees.json',
    'Donnees_informatives_PCE_DAILY.xlsx',
    'export_grdf.xlsx',
  ])('recognises %s with certainty', (name) => {
    const outcome = detectFormat(makeDetectInput(name, sampleBytes(name)));
    expect('parser' in outcome ? [outcome.parser.format, outcome.confidence] : outcome.message).toEqual([
      'grdf-portal',
      1,
    ]);
  });

  it('falls back on the sheet name and file name', () => {
    const bytes = sampleBytes('export_grdf.xlsx');
    // Cut before the end of xl/sharedStrings.xml, the head still contains xl/workbook.xml and its sheet name.
    expect(detectGrdfPortal(makeDetectInput('export.xlsx', bytes.subarray(0, 2_300)))).toBe(0.9);
    // Cut before any whole member, only the file name is left.
    expect(
      detectGrdfPortal(makeDetectInput('Donnees_informatives_PCE_DAILY.xlsx', bytes.subarray(0, 200))),
    ).toBe(0.8);
    expect(detectGrdfPortal(makeDetectInput('export_grdf.xlsx', bytes.subarray(0, 200)))).toBe(0.6);
    expect(detectGrdfPortal(makeDetectInput('export.xlsx', bytes.subarray(0, 200)))).toBe(0);
  });
});

/** Builds a portal workbook as the server reads it: title block, header row 9, data from row 10, column A empty. */
function portalWorkbook(options: {
  pce: CellValue;
  header: string[];
  rows: CellValue[][];
  sheetName?: string;
}): WorkbookData {
  return {
    date1904: false,
    sheets: [
      {
        name: options.sheetName ?? 'Historique par mois',
        rows: [
          {
            number: 1,
            cells: [null, 'Données informatives et détaillées', null, null, 'Export du 24/11/2021'],
          },
          { number: 4, cells: [null, null, 'N° PCE :', null, options.pce] },
          { number: 9, cells: [null, ...options.header] },
          ...options.rows.map((cells, index) => ({ number: 10 + index, cells: [null, ...cells] })),
        ],
      },
    ],
  };
}

describe('portal workbooks built in the test', () => {
  it('reads monthly rows as calendar months', () => {
    const workbook = portalWorkbook({
      pce: 'GI999055',
      header: ['Date de relevé', 'Volume consommé (m3)', 'Energie consommée (kWh)'],
      rows: [
        ['Novembre 2020 ', 263, 2958],
        ['Décembre 2020 ', '345,5', '3 808'],
        ['Mars 2021 ', 271, 3030],
        ['Octobre 2021 ', 98, 1101],
      ],
    });
    const result = parseWorkbook(workbook);
    expect(result.issues).toEqual([]);
    expect(
      result.readings.map((reading) => [
        reading.externalId,
        reading.measure,
        reading.start.toISOString(),
        reading.stepSeconds,
        reading.value,
        reading.quality,
      ]),
    ).toEqual([
      // November 2020: 30 days of winter time.
      ['GI999055', 'VOLUME', '2020-11-01T05:00:00.000Z', 30 * 86_400, 263, 'measured'],
      ['GI999055', 'ENERGY', '2020-11-01T05:00:00.000Z', 30 * 86_400, 2958, 'measured'],
      ['GI999055', 'VOLUME', '2020-12-01T05:00:00.000Z', 31 * 86_400, 345.5, 'measured'],
      ['GI999055', 'ENERGY', '2020-12-01T05:00:00.000Z', 31 * 86_400, 3808, 'measured'],
      // March 2021 loses an hour, October 2021 gains one.
      ['GI999055', 'VOLUME', '2021-03-01T05:00:00.000Z', 31 * 86_400 - 3_600, 271, 'measured'],
      ['GI999055', 'ENERGY', '2021-03-01T05:00:00.000Z', 31 * 86_400 - 3_600, 3030, 'measured'],
      ['GI999055', 'VOLUME', '2021-10-01T04:00:00.000Z', 31 * 86_400 + 3_600, 98, 'measured'],
      ['GI999055', 'ENERGY', '2021-10-01T04:00:00.000Z', 31 * 86_400 + 3_600, 1101, 'measured'],
    ]);
  });

  it('leaves weekly rows out with a warning', () => {
    const workbook = portalWorkbook({
      pce: '99000000000004',
      header: ['Date de relevé', 'Volume consommé (m3)', 'Energie consommée (kWh)'],
      rows: [
        ['Du 23/11/2020 au 29/11/2020', 75, 845],
        ['Du 30/11/2020 au 06/12/2020', 80, 902],
      ],
    });
    const result = parseWorkbook(workbook);
    expect(result.readings).toEqual([]);
    expect(result.recordsRead).toBe(2);
    expect(result.issues.map((issue) => [issue.severity, issue.code])).toEqual([
      ['warning', 'period-not-stored'],
    ]);
    expect(result.issues[0]?.message).toContain(
      ': du 23/11/2020 au 29/11/2020, du 30/11/2020 au 06/12/2020.',
    );
  });

  it('restores the zeros of a numeric PCE', () => {
    const workbook = portalWorkbook({
      pce: 9999999900617,
      header: [
        'Date de relevé',
        'Volume consommé (m3)',
        'Energie consommée (kWh)',
        'Qualification du relevé',
      ],
      rows: [['24/11/2020', 12, 133, 'Mesuré']],
    });
    const result = parseWorkbook(workbook, 'export.xlsx');
    expect(result.readings.map((reading) => reading.externalId)).toEqual([
      '09999999900617',
      '09999999900617',
    ]);
    expect(result.issues.map((issue) => [issue.code, issue.element, issue.message])).toEqual([
      [
        'pce-leading-zeros',
        'Historique par mois!E4',
        'export.xlsx, cellule Historique par mois!E4 : le PCE était enregistré comme un nombre, sans ses zéros initiaux ; il a été lu comme 09999999900617. Vérifiez que ce PCE est le bon.',
      ],
    ]);
  });

  it('finds the header without title rows', () => {
    const workbook: WorkbookData = {
      date1904: false,
      sheets: [
        { name: 'Notes', rows: [{ number: 1, cells: ['Export retravaillé'] }] },
        {
          name: 'Données',
          rows: [
            { number: 1, cells: ['N° PCE', '01234567890123'] },
            { number: 2, cells: ['Qualification du relevé', 'Energie consommée (kWh)', 'Date de relevé'] },
            { number: 3, cells: ['Mesuré', '101,5', new Date(Date.UTC(2021, 0, 11))] },
            { number: 4, cells: ['Mesuré', 'beaucoup', '12/01/2021'] },
            { number: 5, cells: ['Mesuré', 75, '31/02/2021'] },
            { number: 6, cells: ['Mesuré', { excelError: '#N/A' }, '13/01/2021'] },
          ],
        },
      ],
    };
    const result = parseWorkbook(workbook, 'retravaille.xlsx');
    // No volume column: energy readings only.
    expect(
      result.readings.map((reading) => [
        reading.externalId,
        reading.measure,
        reading.start.toISOString(),
        reading.value,
      ]),
    ).toEqual([['01234567890123', 'ENERGY', '2021-01-11T05:00:00.000Z', 101.5]]);
    expect(result.issues.map((issue) => [issue.code, issue.line, issue.element, issue.field])).toEqual([
      ['invalid-number', 4, 'Données!B4', 'Energie consommée (kWh)'],
      ['invalid-date', 5, 'Données!C5', 'Date de relevé'],
      ['invalid-number', 6, 'Données!B6', 'Energie consommée (kWh)'],
    ]);
    expect(result.issues[0]?.message).toBe(
      'retravaille.xlsx, ligne 4, élément Données!B4, colonne « Energie consommée (kWh) » : « beaucoup » n’est pas un nombre. La ligne est rejetée ; corrigez la cellule ou téléchargez de nouveau l’export depuis l’espace client GRDF.',
    );
  });

  it('fails without a header row', () => {
    const workbook: WorkbookData = {
      date1904: false,
      sheets: [{ name: 'Feuil1', rows: [{ number: 1, cells: ['Date', 'Valeur'] }] }],
    };
    const result = parseWorkbook(workbook, 'autre.xlsx');
    expect(result.fatal?.code).toBe('header-not-found');
    expect(result.readings).toEqual([]);
  });
});
