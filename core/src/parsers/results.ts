/** Builders of parse results and located issues shared by the parsers. */

import type { ParseIssue, ParseResult } from './types.js';

export function emptyResult(format: string): ParseResult {
  return {
    format,
    readings: [],
    weatherDaily: [],
    weatherHourly: [],
    issues: [],
    fatal: null,
    recordsRead: 0,
  };
}

/** Builds the result of a file that cannot be read at all: no record, only the fatal issue. */
export function fatalResult(format: string, fileName: string, code: string, message: string): ParseResult {
  return {
    ...emptyResult(format),
    fatal: {
      file: fileName,
      line: null,
      element: null,
      field: null,
      severity: 'error',
      code,
      message,
      raw: null,
    },
  };
}

export interface IssueDetails {
  file: string;
  line?: number | null;
  element?: string | null;
  field?: string | null;
  code: string;
  message: string;
  raw?: string | null;
}

export function errorIssue(details: IssueDetails): ParseIssue {
  return {
    file: details.file,
    line: details.line ?? null,
    element: details.element ?? null,
    field: details.field ?? null,
    severity: 'error',
    code: details.code,
    message: details.message,
    raw: details.raw ?? null,
  };
}

export function warningIssue(details: IssueDetails): ParseIssue {
  return { ...errorIssue(details), severity: 'warning' };
}

/** `fichier.csv, ligne 12, colonne « Valeur »`: the start of every located message. */
export function placeOf(file: string, line: number | null, column: string | null): string {
  let place = file;
  if (line !== null) place += `, ligne ${line}`;
  if (column !== null) place += `, colonne « ${column} »`;
  return place;
}

/** Writes sorted line numbers as ranges (`5-7, 12`), at most `limit` ranges then an ellipsis. */
export function formatLineRanges(lines: readonly number[], limit = 20): string {
  const ranges: string[] = [];
  let index = 0;
  while (index < lines.length && ranges.length < limit) {
    const first = lines[index] as number;
    let last = first;
    while (index + 1 < lines.length && lines[index + 1] === last + 1) {
      index += 1;
      last = lines[index] as number;
    }
    ranges.push(first === last ? String(first) : `${first}-${last}`);
    index += 1;
  }
  return index < lines.length ? `${ranges.join(', ')}…` : ranges.join(', ');
}
