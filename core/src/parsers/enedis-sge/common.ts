/**
 * Pieces shared by the Enedis SGE parsers: file-name classification and publication counters,
 * exact readers for the timestamps and numbers of the flows, and warnings that summarise a
 * repeated remark in one issue instead of one issue per element.
 */

import { addLocalDays, instantOfLocalTime, PARIS } from '../../calendar/zoned.js';
import { warningIssue } from '../results.js';
import { ZoneResolver } from '../timestamps.js';
import type { ParseIssue, PublicationPart, SourceLocation } from '../types.js';

/** Flows recognised in SGE file names. */
export type SgeFlow = 'R50' | 'R151' | 'R171' | 'R4Q' | 'R4H' | 'R4M' | 'C68';

const FLOW_MARKERS: ReadonlyArray<[RegExp, SgeFlow]> = [
  [/_R4H_|_R4x_CDC_H_/i, 'R4H'],
  [/_R4M_|_R4x_CDC_M_/i, 'R4M'],
  [/_R4Q_|_R4x_CDC_Q_/i, 'R4Q'],
  [/_R171_/i, 'R171'],
  [/_R151_/i, 'R151'],
  [/_R50_/i, 'R50'],
  [/_C68_/i, 'C68'],
];

/**
 * Flow of an SGE file from its name. Names are matched by substring because the SFTP tooling of
 * some recipients shortens them (`ERDF_R50_23X--130624--EE1_GRD-F121.zip`).
 */
export function classifySgeFileName(fileName: string): SgeFlow | null {
  const name = `_${fileName}_`;
  for (const [marker, flow] of FLOW_MARKERS) if (marker.test(name)) return flow;
  return null;
}

/**
 * R50 and R151 names end with `<id_abonnement>_<num_seq>_<Q|M>_<XXXXX>_<YYYYY>_<AAAAMMJJhhmmss>`,
 * where XXXXX is the rank of the file and YYYYY the number of files of the sequence.
 */
const COUNTED_NAME =
  /_(R50|R151)_(?:[^_]*_)*?([^_]+)_(\d+)_([QM])_(\d{5})_(\d{5})(?:_\d{8,14})?(?:\.[A-Za-z0-9]+)*$/i;

/** Rank of an R50 or R151 file in its publication, read from the file name; null when absent. */
export function publicationOfFileName(fileName: string): PublicationPart | null {
  const match = COUNTED_NAME.exec(fileName);
  if (!match) return null;
  const flow = (match[1] as string).toUpperCase();
  const rank = Number(match[5]);
  const total = Number(match[6]);
  if (rank < 1 || total < rank) return null;
  return { flow, publicationKey: `${flow}_${match[2]}_${match[3]}`, rank, total };
}

/** Checks that a PRM is exactly 14 digits, kept as text. */
export function isPrm(text: string | undefined): text is string {
  return text !== undefined && /^\d{14}$/.test(text);
}

const INTEGER = /^[+-]?\d+$/;
const DECIMAL = /^[+-]?(?:\d+(?:\.\d*)?|\.\d+)$/;

/** Reads an integer written with digits only; null otherwise. */
export function readInteger(text: string): number | null {
  return INTEGER.test(text) ? Number(text) : null;
}

/** Reads a number with an optional decimal point (no exponent, no comma); null otherwise. */
export function readDecimal(text: string): number | null {
  return DECIMAL.test(text) ? Number(text) : null;
}

/** A date and time as written, with the UTC offset when one is given. */
export interface WrittenTimestamp {
  /** The wall-clock time as milliseconds of a UTC calendar. */
  wallMs: number;
  offsetMinutes: number | null;
}

function digitsAt(text: string, start: number, count: number): number {
  let value = 0;
  for (let index = start; index < start + count; index += 1) {
    const code = text.charCodeAt(index) - 48;
    if (code < 0 || code > 9) return -1;
    value = value * 10 + code;
  }
  return value;
}

/**
 * Reads `AAAA-MM-JJTHH:MM[:SS[.fff]][Z|±HH:MM]` by character positions: the flows hold millions of
 * such stamps, and `new Date(text)` would both be slower and accept other writings.
 */
export function readIsoTimestamp(text: string): WrittenTimestamp | null {
  if (text.length < 16 || text[4] !== '-' || text[7] !== '-' || text[13] !== ':') return null;
  const separator = text[10];
  if (separator !== 'T' && separator !== ' ') return null;
  const year = digitsAt(text, 0, 4);
  const month = digitsAt(text, 5, 2);
  const day = digitsAt(text, 8, 2);
  const hour = digitsAt(text, 11, 2);
  const minute = digitsAt(text, 14, 2);

  if (year < 0 || month < 1 || month > 12 || day < 1 || hour < 0 || hour > 23 || minute < 0 || minute > 59)
    return null;
  let index = 16;
  let second = 0;
  let millisecond = 0;
  if (text[index] === ':') {
    second = digitsAt(text, index + 1, 2);
    if (second < 0 || second > 59) return null;
    index += 3;
    if (text[index] === '.' || text[index] === ',') {
      const fractionStart = index + 1;
      index = fractionStart;
      while (index < text.length && text.charCodeAt(index) >= 48 && text.charCodeAt(index) <= 57) index += 1;
      if (index === fractionStart) return null;
      millisecond = Math.floor(Number(`0.${text.slice(fractionStart, index)}`) * 1000);
    }
  }

  let offsetMinutes: number | null = null;
  const zone = text.slice(index);
  if (zone === 'Z') offsetMinutes = 0;
  else if (zone !== '') {
    if (zone.length !== 6 || (zone[0] !== '+' && zone[0] !== '-') || zone[3] !== ':') return null;
    const offsetHours = digitsAt(zone, 1, 2);
    const offsetMinutePart = digitsAt(zone, 4, 2);
    if (offsetHours < 0 || offsetHours > 14 || offsetMinutePart < 0 || offsetMinutePart > 59) return null;
    offsetMinutes = (zone[0] === '-' ? -1 : 1) * (offsetHours * 60 + offsetMinutePart);
  }

  const wallMs = Date.UTC(year, month - 1, day, hour, minute, second, millisecond);
  // Date.UTC rolls 31 February over to March: compare the day back to reject it.
  if (new Date(wallMs).getUTCDate() !== day) return null;
  return { wallMs, offsetMinutes };
}

/** Reads an `AAAA-MM-JJ` calendar date; null when it is not a date of the calendar. */
export function readIsoDate(text: string): string | null {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return null;
  const parsed = readIsoTimestamp(`${text}T00:00`);
  return parsed === null ? null : text;
}

/**
 * Converts Paris wall-clock times to UTC. A time written without offset that occurs twice on the
 * autumn change is taken as its first occurrence, unless an earlier point of the same series is
 * already past it: then it is the second one (row order, first = summer time).
 */
export class ParisClock {
  private readonly resolver = new ZoneResolver(PARIS);
  private readonly dayStarts = new Map<string, number>();

  /** UTC instant of a written timestamp: its own offset when given, else Paris time. Null inside the spring gap. */
  instantOf(written: WrittenTimestamp, previousMs: number | null): number | null {
    if (written.offsetMinutes !== null) return written.wallMs - written.offsetMinutes * 60_000;
    const instants = this.resolver.instantsOf(written.wallMs);
    if (instants.length === 0) return null;
    if (instants.length > 1 && previousMs !== null) {
      const later = instants.find((instant) => instant > previousMs);
      if (later !== undefined) return later;
    }
    return instants[0] as number;
  }

  /** UTC instant of Paris midnight at the start of a local day, cached per day. */
  dayStartMs(localDate: string): number {
    let start = this.dayStarts.get(localDate);
    if (start === undefined) {
      start = instantOfLocalTime(localDate, 0, 0, PARIS).getTime();
      this.dayStarts.set(localDate, start);
    }
    return start;
  }

  /** UTC instant of Paris midnight at the end of a local day. */
  dayEndMs(localDate: string): number {
    return this.dayStartMs(addLocalDays(localDate, 1));
  }
}

/**
 * Counts occurrences of one remark and turns them into a single warning that names how many
 * elements it concerns and where the first one is.
 */
export class RemarkCounter {
  count = 0;
  private first: SourceLocation | null = null;
  private firstRaw: string | null = null;

  add(location: SourceLocation, raw: string | null = null, times = 1): void {
    if (this.count === 0) {
      this.first = location;
      this.firstRaw = raw;
    }
    this.count += times;
  }

  /** Returns the summary warning, or null when nothing was counted. */
  warning(code: string, message: (count: number, firstElement: string) => string): ParseIssue | null {
    if (this.count === 0 || this.first === null) return null;
    const first = this.first;
    return warningIssue({
      file: first.file,
      line: first.line,
      element: first.element,
      field: first.field,
      code,
      message: message(
        this.count,
        first.element ?? (first.line !== null ? `ligne ${first.line}` : first.file),
      ),
      raw: this.firstRaw,
    });
  }
}

/**
 * Notes values published twice for the same series and instant inside one file: late data and
 * republications. Both values are kept in file order, because the store keeps the last one.
 */
export class RepublicationTracker {
  private readonly seen = new Map<
    string,
    Map<number, { value: number | null; stepSeconds: number | null }>
  >();
  readonly changed = new RemarkCounter();

  /** Records a value and returns what the same series had at this instant earlier in the file. */
  record(
    externalId: string,
    instantMs: number,
    value: number | null,
    stepSeconds: number | null,
    location: SourceLocation,
    raw: string | null,
  ): void {
    let series = this.seen.get(externalId);
    if (!series) {
      series = new Map();
      this.seen.set(externalId, series);
    }
    const earlier = series.get(instantMs);
    if (earlier !== undefined && earlier.value !== value) this.changed.add(location, raw);
    series.set(instantMs, { value, stepSeconds });
  }

  /** Step of the value published earlier in the file for this series and instant, if any. */
  earlierStep(externalId: string, instantMs: number): number | null {
    return this.seen.get(externalId)?.get(instantMs)?.stepSeconds ?? null;
  }

  warning(file: string): ParseIssue | null {
    return this.changed.warning(
      'republished-value',
      (count, first) =>
        `${file} : ${count} valeur(s) sont publiées une seconde fois dans le fichier avec une autre valeur (données arrivées en retard ou corrigées par Enedis), la première en ${first}. Les deux versions sont transmises dans l’ordre du fichier et la dernière remplace la précédente ; aucune action n’est nécessaire.`,
    );
  }
}

/** Pushes a summary warning when there is one. */
export function pushWarning(issues: ParseIssue[], warning: ParseIssue | null): void {
  if (warning !== null) issues.push(warning);
}

/** Location of an XML element of a file. */
export function elementLocation(file: string, element: string, field: string | null = null): SourceLocation {
  return { file, line: null, element, field };
}
