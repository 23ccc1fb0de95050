/**
 * Turns GRDF consumption periods (ADICT API, customer-portal JSON and workbooks) into readings and
 * gas conversions, with the rules every GRDF source shares.
 *
 * The readings store keeps steps of 10 min, 30 min, 1 h, 1 day and 1 month only. So a period
 * becomes VOLUME (m³) and ENERGY (kWh PCS) readings only when it is exactly one gas day
 * (stepSeconds 86 400, even on the 23- and 25-hour days of a clock change, as for every daily
 * reading) or exactly one calendar month of gas days, from the 1st at 06:00 to the next 1st at
 * 06:00 (stepSeconds = the month's real length, 2 674 800 s for March 2021). Periods of other
 * lengths (a published meter-reading round of 28 days, a 6-monthly reading, a portal week) are left
 * out of the readings, because spreading them over days would invent a profile. Their indexes
 * cannot stand in either, since they are in m³ while INDEX readings are in kWh. Their conversion
 * coefficients are still kept, and one warning counts them.
 *
 * NOTE: monthly readings carry the same PCE identifier as daily ones, and the store maps one
 * identifier and measure to one register. A daily register rejects the monthly readings (step
 * mismatch); a monthly register, whose step the store does not check, would take the daily ones too.
 */

import { errorIssue, warningIssue } from '../results.js';
import type {
  GasConversionRecord,
  ParseIssue,
  ReadingQuality,
  SeriesReading,
  SourceLocation,
} from '../types.js';
import { daysBetween, frenchDate, gasDayStart, isCalendarMonth, lastGasDay } from './gas-day.js';

/** One consumption period of one PCE as a GRDF source publishes it. */
export interface GasPeriodRecord {
  pce: string;
  /** First gas day, `YYYY-MM-DD`. */
  firstDay: string;
  /** Gas day at whose 06:00 start the period ends (excluded), `YYYY-MM-DD`. */
  endDay: string;
  volumeM3: number | null;
  energyKwh: number | null;
  /**
   * Whether the source has a volume or energy field at all: a workbook without a volume column
   * yields no VOLUME reading, while a null volume in a source that has the field is a gap.
   */
  hasVolume: boolean;
  hasEnergy: boolean;
  /** Conversion coefficient in kWh per m³. */
  coefficient: number | null;
  /** Higher heating value in kWh per m³ when published apart from the coefficient. */
  pcsKwhPerM3: number | null;
  /** Meter indexes in m³ at the start and end of the period, used only to check the volume. */
  indexStart: number | null;
  indexEnd: number | null;
  /** Meter rollover flag (ADICT `flag_retour_zero`): the index went through zero. */
  rollover: boolean;
  /** Qualification as published (`Mesuré`, `Absence de Données`…), null when the source has none. */
  qualification: string | null;
  /** Quality of a period whose source has no qualification at all (portal weekly/monthly sheets). */
  qualityWithoutLabel: ReadingQuality;
  /** Record, volume and energy locations. */
  location: SourceLocation;
  volumeLocation: SourceLocation;
  energyLocation: SourceLocation;
  /** The record as found in the file, for rejected-record reports. */
  raw: string | null;
}

/** Qualification read from a GRDF label; `absent` is the « Absence de Données » status. */
type Qualification = { kind: 'absent' } | { kind: 'quality'; quality: ReadingQuality; known: boolean };

function normaliseLabel(label: string): string {
  return label.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().replace(/\s+/g, ' ').trim();
}

const qualificationCache = new Map<string, Qualification>();

/**
 * Reads a GRDF qualification label. `Mesuré` is measured and « Absence de Données » a gap.
 * GRDF documents no other label, so estimated and corrected ones are recognised by their words,
 * and any other label counts as estimated: a value GRDF does not call measured is not trusted as one.
 */
export function readQualification(label: string | null, qualityWithoutLabel: ReadingQuality): Qualification {
  if (label === null || label.trim() === '')
    return { kind: 'quality', quality: qualityWithoutLabel, known: true };
  let qualification = qualificationCache.get(label);
  if (qualification === undefined) {
    qualification = qualificationOf(normaliseLabel(label));
    // Files repeat a handful of labels; the bound only guards against a file of random labels.
    if (qualificationCache.size > 1_000) qualificationCache.clear();
    qualificationCache.set(label, qualification);
  }
  return qualification;
}

function qualificationOf(normalised: string): Qualification {
  if (normalised.startsWith('absence de donnee')) return { kind: 'absent' };
  if (normalised.startsWith('mesur')) return { kind: 'quality', quality: 'measured', known: true };
  if (normalised.includes('estim')) return { kind: 'quality', quality: 'estimated', known: true };
  if (/corrig|rectif|modifi|recalcul/.test(normalised))
    return { kind: 'quality', quality: 'corrected', known: true };
  return { kind: 'quality', quality: 'estimated', known: false };
}

const DAY_SECONDS = 86_400;
/** Periods listed by name in the warning about periods left out of the readings. */
const LISTED_PERIODS = 5;
/** Tolerance between the index difference and the volume: GRDF rounds a fractional index to 1 m³. */
const INDEX_TOLERANCE_M3 = 1;

interface SeenPeriod {
  signature: string;
  place: string;
}

/** Describes where a record sits, for messages: line, element or cell. */
export function describePlace(location: SourceLocation): string {
  let place = location.file;
  if (location.line !== null) place += `, ligne ${location.line}`;
  if (location.element !== null) place += `, élément ${location.element}`;
  return place;
}

/** Collects the readings and conversions of a file's periods, then the warnings that sum them up. */
export class GasReadingCollector {
  readonly readings: SeriesReading[] = [];
  readonly conversions: GasConversionRecord[] = [];
  readonly issues: ParseIssue[] = [];
  private readonly seen = new Map<string, SeenPeriod>();
  private identicalDuplicates = 0;
  private readonly unstoredPeriods: GasPeriodRecord[] = [];
  private readonly unknownLabels = new Map<string, number>();
  private readonly indexMismatches: string[] = [];

  constructor(private readonly file: string) {}

  /** Adds one period. Returns false when it is rejected, with an error issue that explains why. */
  add(record: GasPeriodRecord): boolean {
    const days = daysBetween(record.firstDay, record.endDay);
    if (days <= 0) {
      this.issues.push(
        errorIssue({
          file: this.file,
          line: record.location.line,
          element: record.location.element,
          field: record.location.field,
          code: 'invalid-period',
          message: `${describePlace(record.location)} : la période du PCE ${record.pce} se termine (${frenchDate(record.endDay)}) avant de commencer (${frenchDate(record.firstDay)}). L’enregistrement est rejeté ; téléchargez de nouveau les données auprès de GRDF.`,
          raw: record.raw,
        }),
      );
      return false;
    }

    const qualification = readQualification(record.qualification, record.qualityWithoutLabel);
    if (qualification.kind === 'quality' && !qualification.known && record.qualification !== null) {
      this.unknownLabels.set(record.qualification, (this.unknownLabels.get(record.qualification) ?? 0) + 1);
    }
    const absent = qualification.kind === 'absent';
    const volume = absent ? null : record.volumeM3;
    const energy = absent ? null : record.energyKwh;
    const quality = qualification.kind === 'quality' ? qualification.quality : 'missing';

    const key = `${record.pce}|${record.firstDay}|${record.endDay}`;
    const signature = `${volume}|${energy}|${quality}|${record.coefficient}|${record.pcsKwhPerM3}`;
    const earlier = this.seen.get(key);
    if (earlier) {
      if (earlier.signature === signature) {
        this.identicalDuplicates += 1;
        return true;
      }
      this.issues.push(
        errorIssue({
          file: this.file,
          line: record.location.line,
          element: record.location.element,
          field: record.location.field,
          code: 'duplicate-period',
          message: `${describePlace(record.location)} : le PCE ${record.pce} a déjà d’autres valeurs pour la période du ${frenchDate(record.firstDay)} au ${frenchDate(lastGasDay(record.endDay))} (${earlier.place}). Le second enregistrement est rejeté ; vérifiez le fichier.`,
          raw: record.raw,
        }),
      );
      return false;
    }
    this.seen.set(key, { signature, place: describePlace(record.location) });

    if (record.coefficient !== null || record.pcsKwhPerM3 !== null) {
      this.conversions.push({
        externalId: record.pce,
        from: record.firstDay,
        to: lastGasDay(record.endDay),
        coefficient: record.coefficient,
        pcsKwhPerM3: record.pcsKwhPerM3,
        location: record.location,
      });
    }
    this.checkIndexes(record, volume);

    let stepSeconds: number;
    const start = gasDayStart(record.firstDay);
    if (days === 1) stepSeconds = DAY_SECONDS;
    else if (isCalendarMonth(record.firstDay, record.endDay)) {
      stepSeconds = (gasDayStart(record.endDay).getTime() - start.getTime()) / 1000;
    } else {
      this.unstoredPeriods.push(record);
      return true;
    }
    if (record.hasVolume) {
      this.readings.push({
        externalId: record.pce,
        measure: 'VOLUME',
        start,
        stepSeconds,
        value: volume,
        quality: volume === null ? 'missing' : quality,
        location: record.volumeLocation,
      });
    }
    if (record.hasEnergy) {
      this.readings.push({
        externalId: record.pce,
        measure: 'ENERGY',
        start: new Date(start.getTime()),
        stepSeconds,
        value: energy,
        quality: energy === null ? 'missing' : quality,
        location: record.energyLocation,
      });
    }
    return true;
  }

  private checkIndexes(record: GasPeriodRecord, volume: number | null): void {
    if (record.rollover || volume === null || record.indexStart === null || record.indexEnd === null) return;
    if (Math.abs(record.indexEnd - record.indexStart - volume) > INDEX_TOLERANCE_M3 + 1e-9) {
      this.indexMismatches.push(
        `${describePlace(record.location)} (index ${record.indexStart} → ${record.indexEnd}, volume ${volume} m³)`,
      );
    }
  }

  /** Warnings that sum up the file: duplicates, periods left out, unknown labels, index gaps. */
  summaryIssues(): ParseIssue[] {
    const file = this.file;
    const issues = [...this.issues];
    if (this.identicalDuplicates > 0) {
      issues.push(
        warningIssue({
          file,
          code: 'duplicate-values',
          message: `${file} : ${this.identicalDuplicates} période(s) répétée(s) à l’identique (même PCE, mêmes dates, mêmes valeurs) n’ont été gardées qu’une fois. Aucune action n’est nécessaire.`,
        }),
      );
    }
    if (this.unstoredPeriods.length > 0) {
      const listed = this.unstoredPeriods
        .slice(0, LISTED_PERIODS)
        .map((record) => `du ${frenchDate(record.firstDay)} au ${frenchDate(lastGasDay(record.endDay))}`)
        .join(', ');
      const others = this.unstoredPeriods.length - LISTED_PERIODS;
      const more = others > 0 ? ` et ${others} autre(s)` : '';
      issues.push(
        warningIssue({
          file,
          code: 'period-not-stored',
          message: `${file} : ${this.unstoredPeriods.length} période(s) ne couvrent ni une journée gazière ni un mois civil entier (du 1er à 6 h au 1er du mois suivant à 6 h) : ${listed}${more}. Leurs volumes et énergies ne sont pas enregistrés, car les relevés ne se stockent qu’au pas de 10 min, 30 min, 1 h, 1 jour ou 1 mois ; leurs coefficients de conversion sont conservés. Pour suivre ces consommations, importez les données informatives journalières du même PCE.`,
        }),
      );
    }
    for (const [label, count] of this.unknownLabels) {
      issues.push(
        warningIssue({
          file,
          code: 'unknown-qualification',
          message: `${file} : la qualification « ${label} » (${count} période(s)) n’est pas connue ; ces valeurs sont enregistrées comme estimées. Vérifiez auprès de GRDF ce que signifie cette qualification.`,
          raw: label,
        }),
      );
    }
    if (this.indexMismatches.length > 0) {
      const listed = this.indexMismatches.slice(0, LISTED_PERIODS).join(' ; ');
      const others = this.indexMismatches.length - LISTED_PERIODS;
      const more = others > 0 ? ` ; et ${others} autre(s)` : '';
      issues.push(
        warningIssue({
          file,
          code: 'index-volume-mismatch',
          message: `${file} : pour ${this.indexMismatches.length} période(s), l’écart entre les index de début et de fin diffère du volume publié de plus de 1 m³ : ${listed}${more}. Les volumes publiés sont enregistrés tels quels ; vérifiez s’il y a eu un changement de compteur.`,
        }),
      );
    }
    return issues;
  }
}
