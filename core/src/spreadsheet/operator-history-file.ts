import { addLocalDays } from '../calendar/zoned.js';
import type { Energy } from '../metering/identifiers.js';
import type { CellValue, WorkbookData } from './cells.js';
import { END_DATE_SYNONYMS, energyColumn, identifierColumn, START_DATE_SYNONYMS } from './common-columns.js';
import { formatFrenchDate } from './french-values.js';
import type { TableSpec } from './headers.js';
import { choiceLabels, ENERGY_CHOICES, type ReadingStep, STEP_CHOICES } from './labels.js';
import { ParsedWorkbook } from './parsed-workbook.js';
import type { RowReader, SourcedRecord } from './rows.js';

const PERIOD_HELP =
  'Chaque ligne donne un jour ou un mois civil de l’heure de Paris. Remplissez « Mois » (une ligne par mois), ' +
  '« Jour » (une ligne par jour), ou « Date de début » et « Date de fin ».';

export const OPERATOR_HISTORY_TABLE: TableSpec = {
  key: 'operatorReadings',
  title: 'Relevés du gestionnaire de réseau',
  sheetNames: [
    'Relevés',
    'Relevés mensuels',
    'Relevés journaliers',
    'Consommations',
    'Courbe de charge',
    'Index',
  ],
  columns: [
    energyColumn(false, 'Nécessaire seulement quand un même identifiant existe pour deux énergies.'),
    identifierColumn('Le point de livraison doit déjà exister dans la plateforme (fichier du patrimoine).'),
    {
      key: 'month',
      header: 'Mois',
      synonyms: ['Mois de consommation', 'Mois de relève', 'Mois concerné'],
      required: false,
      format: 'month',
      help: `Mois de la consommation : « janvier 2023 », « 01/2023 » ou une date du mois. ${PERIOD_HELP}`,
      example: 'janvier 2023',
    },
    {
      key: 'day',
      header: 'Jour',
      synonyms: [
        'Date',
        'Date du relevé',
        'Date de relevé',
        'Date de mesure',
        'Date de la mesure',
        'Journée',
      ],
      required: false,
      format: 'date',
      help: `Jour de la consommation, au format jj/mm/aaaa. ${PERIOD_HELP}`,
      example: '15/01/2023',
    },
    {
      key: 'periodStart',
      header: 'Date de début',
      synonyms: START_DATE_SYNONYMS,
      required: false,
      format: 'date',
      help: 'Premier jour de la période, au format jj/mm/aaaa ; la période couvre un jour ou un mois civil entier.',
      example: '01/01/2023',
    },
    {
      key: 'periodEnd',
      header: 'Date de fin',
      synonyms: END_DATE_SYNONYMS,
      required: false,
      format: 'date',
      help: 'Dernier jour de la période (inclus) ou le lendemain, au format jj/mm/aaaa. Obligatoire avec « Date de début ».',
      example: '31/01/2023',
    },
    {
      key: 'step',
      header: 'Pas',
      synonyms: ['Pas de temps', 'Périodicité', 'Fréquence', 'Granularité'],
      required: false,
      format: 'choice',
      choices: STEP_CHOICES,
      help: `Facultatif : ${choiceLabels(STEP_CHOICES)}. Vide : déduit de la période (mois ou jour).`,
      example: 'mensuel',
    },
    {
      key: 'energyKwh',
      header: 'Consommation (kWh)',
      synonyms: [
        'Consommation',
        'Conso kWh',
        'Conso (kWh)',
        'Énergie kWh',
        'Énergie (kWh)',
        'Énergie active (kWh)',
        'Énergie consommée (kWh)',
        'Valeur (kWh)',
        { header: 'Consommation (MWh)', factor: 1000 },
        { header: 'Conso MWh', factor: 1000 },
        { header: 'Énergie (MWh)', factor: 1000 },
      ],
      required: false,
      format: 'number',
      help: 'Énergie consommée sur la période en kWh, positive ou nulle (une colonne en MWh est convertie).',
      example: '12 345',
    },
    {
      key: 'meanPowerKw',
      header: 'Puissance moyenne (kW)',
      synonyms: ['Puissance moyenne', 'Puissance moy. (kW)', 'P moyenne (kW)'],
      required: false,
      format: 'number',
      help: 'Puissance active moyenne sur la période en kW, positive ou nulle.',
      example: '16,6',
    },
    {
      key: 'maxPowerKw',
      header: 'Puissance maximale (kW)',
      synonyms: [
        'Puissance maximale',
        'Puissance max',
        'Puissance max (kW)',
        'Puissance maximale atteinte (kW)',
        'Puissance atteinte (kW)',
        'Pmax',
        'Pmax (kW)',
        'P max (kW)',
      ],
      required: false,
      format: 'number',
      help: 'Puissance active maximale atteinte sur la période en kW. Elle figure dans le compte rendu de l’import mais n’est pas enregistrée comme relevé.',
      example: '42,5',
    },
  ],
  requiredAnyOf: [
    ['month', 'day', 'periodStart'],
    ['energyKwh', 'meanPowerKw', 'maxPowerKw'],
  ],
};

export interface OperatorReadingRow {
  energy?: Energy;
  identifierCell: CellValue;
  step: ReadingStep;
  /** First Paris day of the interval: the day itself, or the 1st of the month. */
  localDate: string;
  /** Column that gave the period, for messages about the row. */
  periodKey: PeriodKey;
  energyKwh?: number;
  meanPowerKw?: number;
  maxPowerKw?: number;
}

export type PeriodKey = 'month' | 'day' | 'periodStart';

export interface OperatorHistoryFile {
  parsed: ParsedWorkbook;
  readings: SourcedRecord<OperatorReadingRow>[];
}

function firstOfMonth(localDate: string): string {
  return `${localDate.slice(0, 7)}-01`;
}

function firstOfNextMonth(localDate: string): string {
  const year = Number(localDate.slice(0, 4));
  const month = Number(localDate.slice(5, 7));
  return month === 12 ? `${year + 1}-01-01` : `${year}-${String(month + 1).padStart(2, '0')}-01`;
}

/**
 * Returns the step of a period given by its first and last day. One day ends on the start day or
 * the next day. One calendar month runs from the 1st to its last day or to the 1st of the next
 * month. Any other span gives null.
 */
export function inferStep(start: string, end: string): ReadingStep | null {
  if (end === start || end === addLocalDays(start, 1)) return 'P1D';
  const nextMonth = firstOfNextMonth(start);
  if (start.endsWith('-01') && (end === nextMonth || end === addLocalDays(nextMonth, -1))) return 'P1M';
  return null;
}

const STEP_NAMES: Record<ReadingStep, string> = { P1M: 'mensuel', P1D: 'journalier' };
const SPAN_NAMES: Record<ReadingStep, string> = { P1M: 'un mois', P1D: 'un jour' };

function checkGivenStep(
  reader: RowReader,
  given: ReadingStep | undefined,
  actual: ReadingStep,
  period: string,
): ReadingStep | undefined {
  if (given === undefined || given === actual) return actual;
  return reader.fail(
    'step',
    `le pas « ${STEP_NAMES[given]} » ne correspond pas à ${period}, qui couvre ${SPAN_NAMES[actual]}`,
    'Corrigez le pas ou la période puis réimportez le fichier.',
  );
}

function parsePeriod(
  reader: RowReader,
): { step: ReadingStep; localDate: string; periodKey: PeriodKey } | undefined {
  const given = reader.choice('step', STEP_CHOICES);
  if (reader.has('month') && !reader.isBlank('month')) {
    const month = reader.month('month');
    if (month === undefined) return undefined;
    const step = checkGivenStep(
      reader,
      given,
      'P1M',
      `la ligne du mois de ${formatFrenchDate(month).slice(3)}`,
    );
    return step && { step, localDate: month, periodKey: 'month' };
  }
  if (reader.has('day') && !reader.isBlank('day')) {
    const day = reader.dayOrMonth('day');
    if (day === undefined) return undefined;
    if (day.isMonth) {
      const step = checkGivenStep(
        reader,
        given,
        'P1M',
        `la ligne du mois de ${formatFrenchDate(day.date).slice(3)}`,
      );
      return step && { step, localDate: day.date, periodKey: 'day' };
    }
    // A date under a monthly step stands for its month.
    const step = given ?? 'P1D';
    return { step, localDate: step === 'P1M' ? firstOfMonth(day.date) : day.date, periodKey: 'day' };
  }
  if (reader.has('periodStart') && !reader.isBlank('periodStart')) {
    const start = reader.date('periodStart');
    const end = reader.date('periodEnd', { required: true });
    if (start === undefined || end === undefined) return undefined;
    const span = `la période du ${formatFrenchDate(start)} au ${formatFrenchDate(end)}`;
    const inferred = inferStep(start, end);
    if (inferred === null) {
      return reader.fail(
        'periodEnd',
        `${span} ne couvre ni un jour ni un mois civil`,
        'Découpez les relevés par jour ou par mois civil puis réimportez le fichier.',
      );
    }
    const step = checkGivenStep(reader, given, inferred, span);
    return step && { step, localDate: start, periodKey: 'periodStart' };
  }
  const periodKey = ['month', 'day', 'periodStart'].find((key) => reader.has(key)) ?? null;
  return reader.fail(
    periodKey,
    'la cellule est vide alors que chaque relevé a besoin de sa période',
    `Remplissez « ${reader.ref.headerOf(periodKey ?? 'day')} » puis réimportez le fichier.`,
  );
}

function parseReading(reader: RowReader): OperatorReadingRow | undefined {
  const energy = reader.choice('energy', ENERGY_CHOICES);
  const identifierCell = reader.requiredCell('identifier');
  if (identifierCell !== undefined && energy !== undefined) reader.identifier('identifier', energy);
  const period = parsePeriod(reader);
  const energyKwh = reader.number('energyKwh', { min: 0, suffixes: ['kWh'] })?.value;
  const meanPowerKw = reader.number('meanPowerKw', { min: 0, suffixes: ['kW'] })?.value;
  const maxPowerKw = reader.number('maxPowerKw', { min: 0, suffixes: ['kW'] })?.value;
  if (reader.failed || identifierCell === undefined || period === undefined) return undefined;
  if (energyKwh === undefined && meanPowerKw === undefined && maxPowerKw === undefined) {
    const valueKey = ['energyKwh', 'meanPowerKw', 'maxPowerKw'].find((key) => reader.has(key)) ?? null;
    return reader.fail(
      valueKey,
      'la ligne ne donne aucune valeur',
      `Remplissez « ${reader.ref.headerOf(valueKey ?? 'energyKwh')} » ou supprimez la ligne, puis réimportez le fichier.`,
    );
  }
  return { energy, identifierCell, ...period, energyKwh, meanPowerKw, maxPowerKw };
}

/**
 * Reads the network operator's history. Repeated periods are rejected later, once each row's
 * delivery point is known.
 */
export function parseOperatorHistoryWorkbook(workbook: WorkbookData): OperatorHistoryFile {
  const parsed = new ParsedWorkbook(workbook, [OPERATOR_HISTORY_TABLE]);
  return { parsed, readings: parsed.read(OPERATOR_HISTORY_TABLE, parseReading) };
}
