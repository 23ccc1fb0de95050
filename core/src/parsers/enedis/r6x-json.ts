/**
 * Reading of the French-keyed JSON measure items that Enedis uses both in the SGE R6X publications
 * (an element of `mesures[]`) and in the 2026 Data Connect responses (the whole body). They carry
 * load curves (R63), daily energies (R65), daily maximum powers (R66) and indexes (R64).
 */

import type { SourceLocation } from '../types.js';
import {
  asArray,
  asObject,
  asText,
  checkPrm,
  energyDivisor,
  headerKey,
  maxPowerUnit,
  powerDivisor,
  rawJson,
  seriesIdOf,
} from './common.js';
import {
  type Collector,
  convertCurve,
  convertDaily,
  convertIndexes,
  convertMaxPowers,
  type RawPoint,
  type RawSeries,
  type StampConvention,
} from './series.js';
import { durationSeconds } from './time.js';

/** Kind of data a measure item carries, named after the R6X publication that carries it. */
export type MeasureKind = 'R63' | 'R65' | 'R66';

/** Chooses whether the stamps of a PRM's load curve are interval starts or ends. */
export type ConventionChooser = (prm: string, points: readonly RawPoint[]) => StampConvention;

const CURVE_QUANTITIES = new Set(['PA', 'PRI', 'PRC', 'E']);

function location(collector: Collector, element: string, field: string | null = null): SourceLocation {
  return { file: collector.file, line: null, element, field };
}

function countPoints(grandeurs: unknown[]): number {
  let total = 0;
  for (const grandeur of grandeurs) total += asArray(asObject(grandeur)?.points).length;
  return total;
}

/** Reads the points of a grandeur, keeping JSON nulls and absent values as missing. */
function readPoints(points: unknown[], path: string, collector: Collector): RawPoint[] {
  return points.map((entry, index) => {
    const point = asObject(entry);
    return {
      stamp: asText(point?.d) ?? '',
      value: point ? asText(point.v) : null,
      step: point ? asText(point.p) : null,
      nature: point ? asText(point.n) : null,
      correction: point ? asText(point.tc) : null,
      location: location(collector, `${path}/points[${index}]`),
      raw: null,
      source: entry,
    };
  });
}

function kindOfQuantity(quantity: string): MeasureKind | null {
  if (CURVE_QUANTITIES.has(quantity)) return 'R63';
  if (quantity === 'EA' || quantity === 'ER') return 'R65';
  if (quantity === 'PMA') return 'R66';
  return null;
}

/** One series of a grandeur, wherever it was read from. */
export interface GrandeurSeries {
  prm: string;
  externalId: string;
  /** Physical quantity code in upper case (`PA`, `EA`, `PMA`…). */
  quantity: string;
  unit: string | null;
  /** Step of the whole series (`pas` of R65/R66), checked for daily energies. */
  step: string | null;
  points: RawPoint[];
  /** Location of the grandeur's description: its JSON element or its first CSV row. */
  where: SourceLocation;
  /** Names of the unit, series step and point step fields in this source, for messages. */
  unitField: string;
  stepField: string;
  pointStepField: string;
}

/** Converts one grandeur's points according to the kind of data, or counts why it is skipped. */
export function readGrandeur(
  kind: MeasureKind | null,
  series: GrandeurSeries,
  collector: Collector,
  chooseConvention: ConventionChooser,
): void {
  const grandeurKind = kind ?? kindOfQuantity(series.quantity);
  if (grandeurKind === 'R63') {
    readCurve(series, collector, chooseConvention);
  } else if (grandeurKind === 'R65') {
    readDailyEnergy(series, collector);
  } else if (grandeurKind === 'R66') {
    const unit = maxPowerUnit(series.unit);
    if (!unit) {
      rejectGrandeur(series, collector, 'VA, kVA, W ou kW');
      return;
    }
    convertMaxPowers({ externalId: series.externalId, unit, points: series.points }, collector);
  } else {
    collector.result.recordsRead += series.points.length;
    collector.count(
      `unsupported-quantity-${series.quantity}`,
      (count) =>
        `${collector.file} : ${count} série(s) de grandeur physique « ${series.quantity} » ont été ignorées ; la plateforme lit les courbes de puissance active (PA), les énergies actives quotidiennes (EA) et les puissances maximales (PMA).`,
    );
  }
}

/**
 * Reads one measure item with `idPrm` and `grandeur[].points[]`. `kind` comes from the
 * publication code; null lets the physical quantity of each grandeur decide (Data Connect).
 */
export function readMeasureItem(
  item: unknown,
  path: string,
  kind: MeasureKind | null,
  collector: Collector,
  chooseConvention: ConventionChooser,
): void {
  const measure = asObject(item);
  if (!measure) {
    collector.reject(
      location(collector, path),
      'invalid-element',
      'l’élément n’est pas un objet JSON',
      'Il est ignoré ; vérifiez que le fichier est complet.',
      rawJson(item),
    );
    return;
  }
  const grandeurs = asArray(measure.grandeur);
  const prm = checkPrm(asText(measure.idPrm) ?? '');
  if (!prm.ok) {
    collector.result.recordsRead += countPoints(grandeurs);
    collector.reject(
      location(collector, `${path}/idPrm`),
      'invalid-prm',
      prm.reason,
      'Les mesures de cet élément sont rejetées.',
      asText(measure.idPrm),
    );
    return;
  }
  grandeurs.forEach((entry, index) => {
    const grandeurPath = `${path}/grandeur[${index}]`;
    const grandeur = asObject(entry) ?? {};
    readGrandeur(
      kind,
      {
        prm: prm.value,
        externalId: seriesIdOf(prm.value, asText(grandeur.grandeurMetier)),
        quantity: (asText(grandeur.grandeurPhysique) ?? '').trim().toUpperCase(),
        unit: asText(grandeur.unite),
        step: asText(measure.pas),
        points: readPoints(asArray(grandeur.points), grandeurPath, collector),
        where: location(collector, grandeurPath),
        unitField: 'unite',
        stepField: 'pas',
        pointStepField: 'p',
      },
      collector,
      chooseConvention,
    );
  });
}

function rejectGrandeur(series: GrandeurSeries, collector: Collector, expected: string): void {
  const count = series.points.length;
  collector.result.recordsRead += count;
  collector.reject(
    { ...series.where, field: series.unitField },
    'unsupported-unit',
    `l’unité « ${series.unit ?? ''} » n’est pas prise en charge (attendu : ${expected})`,
    `Les ${count} point(s) de cette série sont rejetés ; vérifiez le fichier.`,
    series.unit,
  );
}

function readCurve(series: GrandeurSeries, collector: Collector, chooseConvention: ConventionChooser): void {
  if (series.quantity !== 'PA') {
    collector.result.recordsRead += series.points.length;
    const curveName = series.quantity === 'E' ? 'tension (E)' : `puissance réactive (${series.quantity})`;
    collector.count(
      `skipped-curve-${series.quantity}`,
      (count) =>
        `${collector.file} : ${count} courbe(s) de ${curveName} ont été ignorées ; la plateforme ne stocke que la puissance active (PA). Aucune action n’est nécessaire.`,
    );
    return;
  }
  const divisor = powerDivisor(series.unit);
  if (divisor === null) {
    rejectGrandeur(series, collector, 'W ou kW');
    return;
  }
  convertCurve(
    { externalId: series.externalId, divisor, points: series.points },
    {
      convention: chooseConvention(series.prm, series.points),
      defaultStepSeconds: null,
      stepField: series.pointStepField,
    },
    collector,
  );
}

function readDailyEnergy(series: GrandeurSeries, collector: Collector): void {
  if (series.quantity !== 'EA') {
    collector.result.recordsRead += series.points.length;
    collector.count(
      `skipped-energy-${series.quantity}`,
      (count) =>
        `${collector.file} : ${count} série(s) d’énergie « ${series.quantity} » ont été ignorées ; la plateforme ne stocke que l’énergie active (EA). Aucune action n’est nécessaire.`,
    );
    return;
  }
  if (series.step !== null && series.step.trim() !== '' && durationSeconds(series.step) !== 86_400) {
    collector.result.recordsRead += series.points.length;
    collector.reject(
      { ...series.where, field: series.stepField },
      'unsupported-step',
      `le pas « ${series.step} » n’est pas journalier (P1D attendu)`,
      'Les énergies de cette série sont rejetées ; demandez des énergies quotidiennes.',
      series.step,
    );
    return;
  }
  const divisor = energyDivisor(series.unit);
  if (divisor === null) {
    rejectGrandeur(series, collector, 'Wh ou kWh');
    return;
  }
  convertDaily({ externalId: series.externalId, divisor, points: series.points }, collector);
}

/**
 * Returns whether a calendar is the distributor's grid (TURPE classes) rather than the supplier's,
 * from its grid label, then from the calendar code (`DI…` distributor, `FC…` supplier, as in
 * portal files).
 */
export function isDistributorGrid(calendarId: string | null, gridLabel: string | null): boolean {
  const label = headerKey(gridLabel ?? '');
  if (label.includes('distribut') || label === 'd' || label === 'grd') return true;
  if (label.includes('fournisseur') || label === 'f') return false;
  return /^DI/i.test((calendarId ?? '').trim());
}

/**
 * External identifier of a tariff-class index: `<PRM>#<class>` for the supplier grid and
 * `<PRM>#GRD-<class>` for the distributor grid, because both grids may use the same class code
 * (`BASE`, `HP`, `HC`) for different registers. Injection indexes get `PROD-` before the class.
 */
export function classIndexId(
  prm: string,
  direction: string | null,
  classId: string,
  distributor: boolean,
): string {
  const production = seriesIdOf(prm, direction) !== prm ? 'PROD-' : '';
  return `${prm}#${production}${distributor ? 'GRD-' : ''}${classId.trim().toUpperCase()}`;
}

/** Reads the `valeur[]` array of an index class or totaliser as raw points. */
function readIndexValues(values: unknown[], path: string, collector: Collector): RawPoint[] {
  return values.map((entry, index) => {
    const value = asObject(entry);
    return {
      stamp: asText(value?.d) ?? '',
      value: value ? asText(value.v) : null,
      step: null,
      nature: null,
      correction: null,
      location: location(collector, `${path}/valeur[${index}]`),
      raw: null,
      source: entry,
    };
  });
}

/**
 * Reads one R64 measure item: indexes per tariff class of each calendar, and the totaliser, in
 * Wh. The totaliser is the PRM's main index (`<PRM>`); other quantities are counted and skipped.
 */
export function readIndexItem(item: unknown, path: string, collector: Collector): void {
  const measure = asObject(item);
  const prm = checkPrm(asText(measure?.idPrm) ?? '');
  if (!measure || !prm.ok) {
    collector.reject(
      location(collector, measure ? `${path}/idPrm` : path),
      measure ? 'invalid-prm' : 'invalid-element',
      measure && !prm.ok ? prm.reason : 'l’élément n’est pas un objet JSON',
      'Les index de cet élément sont rejetés.',
      rawJson(measure?.idPrm ?? item),
    );
    return;
  }
  const seriesById = new Map<string, RawSeries>();
  const add = (externalId: string, divisor: number, points: RawPoint[]): void => {
    const key = `${externalId}|${divisor}`;
    const existing = seriesById.get(key);
    if (existing) existing.points.push(...points);
    else seriesById.set(key, { externalId, divisor, points });
  };
  asArray(measure.contexte).forEach((contextEntry, contextIndex) => {
    const contextPath = `${path}/contexte[${contextIndex}]`;
    asArray(asObject(contextEntry)?.grandeur).forEach((grandeurEntry, grandeurIndex) => {
      const grandeurPath = `${contextPath}/grandeur[${grandeurIndex}]`;
      const grandeur = asObject(grandeurEntry) ?? {};
      const quantity = (asText(grandeur.grandeurPhysique) ?? '').trim().toUpperCase();
      const unit = asText(grandeur.unite);
      const calendars = asArray(grandeur.calendrier);
      const totaliser = asObject(grandeur.cadranTotalisateur);
      if (quantity !== 'EA' || energyDivisor(unit) === null) {
        let skipped = asArray(totaliser?.valeur).length;
        for (const calendar of calendars) {
          for (const timeClass of asArray(asObject(calendar)?.classeTemporelle)) {
            skipped += asArray(asObject(timeClass)?.valeur).length;
          }
        }
        collector.result.recordsRead += skipped;
        collector.count(
          `skipped-index-${quantity}-${unit ?? ''}`,
          (count) =>
            `${collector.file} : ${count} série(s) de grandeur « ${quantity} » (${unit ?? 'sans unité'}) ont été ignorées ; la plateforme ne stocke que les index d’énergie active (EA, en Wh). Aucune action n’est nécessaire.`,
        );
        return;
      }
      const direction = asText(grandeur.grandeurMetier);
      const divisor = energyDivisor(unit) as number;
      calendars.forEach((calendarEntry, calendarIndex) => {
        const calendarPath = `${grandeurPath}/calendrier[${calendarIndex}]`;
        const calendar = asObject(calendarEntry) ?? {};
        const distributor = isDistributorGrid(asText(calendar.idCalendrier), asText(calendar.libelleGrille));
        asArray(calendar.classeTemporelle).forEach((classEntry, classIndex) => {
          const classPath = `${calendarPath}/classeTemporelle[${classIndex}]`;
          const timeClass = asObject(classEntry) ?? {};
          const values = readIndexValues(asArray(timeClass.valeur), classPath, collector);
          const classId = (asText(timeClass.idClasseTemporelle) ?? '').trim();
          if (classId === '') {
            collector.result.recordsRead += values.length;
            collector.reject(
              location(collector, classPath, 'idClasseTemporelle'),
              'missing-class',
              'la classe temporelle n’a pas d’identifiant',
              `Ses ${values.length} index sont rejetés ; vérifiez le fichier.`,
              null,
            );
            return;
          }
          add(classIndexId(prm.value, direction, classId, distributor), divisor, values);
        });
      });
      if (totaliser) {
        const totaliserPath = `${grandeurPath}/cadranTotalisateur`;
        add(
          seriesIdOf(prm.value, direction),
          divisor,
          readIndexValues(asArray(totaliser.valeur), totaliserPath, collector),
        );
      }
    });
  });
  for (const series of seriesById.values()) convertIndexes(series, collector);
}
