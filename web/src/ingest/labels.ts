import type { TFunction } from 'i18next';
import {
  AUTO_FORMAT,
  HISTORY_IMPORT_KINDS,
  IMPORT_ORIGINS,
  type ImportOrigin,
  type ImportRunStatus,
  type IngestFormat,
  type IngestSource,
  type RegisterStep,
  type SourceStatus,
} from '../api/types';
import { formatNumber } from '../format';
import type { Language } from '../i18n/languages';

// Colours and French labels shared by the ingestion pages.

export const SOURCE_STATUS_COLORS: Record<SourceStatus, string> = {
  ok: 'green',
  never: 'blue',
  late: 'orange',
  failing: 'red',
  disabled: 'gray',
};

export const RUN_STATUS_COLORS: Record<ImportRunStatus, string> = {
  succeeded: 'green',
  partial: 'orange',
  failed: 'red',
  running: 'blue',
  interrupted: 'gray',
};

const MILLISECONDS_PER_HOUR = 3_600_000;

/** Whole hours elapsed from an ISO instant to `now`, rounded down and never negative. */
export function hoursSince(iso: string, now: Date): number {
  const elapsed = now.getTime() - new Date(iso).getTime();
  return Math.max(0, Math.floor(elapsed / MILLISECONDS_PER_HOUR));
}

/**
 * Sentence that explains a source's status in its tooltip: « En échec (3 tentatives) »,
 * « En retard : aucun fichier depuis 26 h ».
 */
export function sourceStatusHelp(
  t: TFunction,
  source: Pick<IngestSource, 'status' | 'consecutiveFailures' | 'lastFileAt' | 'expectedPeriodHours'>,
  now: Date,
): string {
  switch (source.status) {
    case 'failing':
      return t('ingest.source-status-help.failing', { count: source.consecutiveFailures });
    case 'late':
      return source.lastFileAt === null
        ? t('ingest.source-status-help.late-no-file', { expected: source.expectedPeriodHours ?? 0 })
        : t('ingest.source-status-help.late', { hours: hoursSince(source.lastFileAt, now) });
    default:
      return t(`ingest.source-status-help.${source.status}`);
  }
}

function isImportOrigin(origin: string): origin is ImportOrigin {
  return (IMPORT_ORIGINS as readonly string[]).includes(origin);
}

/** French name of the way a file arrived, or the raw value for one this version does not know. */
export function originLabel(t: TFunction, origin: string): string {
  return isImportOrigin(origin) ? t(`ingest.origin.${origin}`) : origin;
}

type HistoryKind = (typeof HISTORY_IMPORT_KINDS)[number];

function isHistoryKind(format: string): format is HistoryKind {
  return (HISTORY_IMPORT_KINDS as readonly string[]).includes(format);
}

/**
 * French name of a format: the server's label, « Reconnaissance automatique » for `auto`, the
 * historical Excel import kinds that older journal entries carry, or the raw name otherwise.
 */
export function formatLabel(
  t: TFunction,
  format: string,
  formats: readonly IngestFormat[] | undefined,
): string {
  if (format === AUTO_FORMAT) return t('ingest.auto-format');
  const known = formats?.find((candidate) => candidate.format === format);
  if (known) return known.label;
  if (isHistoryKind(format)) return t(`history-import.kind.${format}`);
  return format;
}

const STEP_BY_SECONDS: Record<number, RegisterStep> = {
  600: 'PT10M',
  1800: 'PT30M',
  3600: 'PT1H',
  86400: 'P1D',
};

/** Register step of an interval length in seconds, or null when no register step has that length. */
export function registerStepOf(stepSeconds: number): RegisterStep | null {
  return STEP_BY_SECONDS[stepSeconds] ?? null;
}

/** Interval of an identifier's values in words: « 10 min », « Journalier », « Relevé ponctuel ». */
export function stepLabel(t: TFunction, stepSeconds: number | null, language: Language): string {
  if (stepSeconds === null) return t('ingest.step.instant');
  const step = registerStepOf(stepSeconds);
  if (step) return t(`registers.step.${step}`);
  return t('ingest.step.seconds', { value: formatNumber(stepSeconds, language) });
}

/** Duration of an import: « < 0,1 s » below 50 ms, « 0,4 s » under ten seconds, « 42 s » under a minute, « 2 min 05 s » above. */
export function durationLabel(t: TFunction, durationMs: number, language: Language): string {
  if (durationMs < 50) return t('ingest.duration.under-tenth', { value: formatNumber(0.1, language, 1) });
  if (durationMs < 9_950) {
    return t('ingest.duration.seconds', { value: formatNumber(durationMs / 1000, language, 1) });
  }
  const totalSeconds = Math.round(durationMs / 1000);
  if (totalSeconds < 60) return t('ingest.duration.seconds', { value: formatNumber(totalSeconds, language) });
  const minutes = Math.floor(totalSeconds / 60);
  const seconds = String(totalSeconds % 60).padStart(2, '0');
  return t('ingest.duration.minutes', { minutes: formatNumber(minutes, language), seconds });
}

/** File size with the unit that suits it: « 512 o », « 12,4 ko », « 3,2 Mo ». */
export function fileSizeLabel(t: TFunction, bytes: number, language: Language): string {
  if (bytes < 1024) return t('ingest.size.bytes', { value: formatNumber(bytes, language) });
  if (bytes < 1024 * 1024)
    return t('ingest.size.kilobytes', { value: formatNumber(bytes / 1024, language, 1) });
  return t('ingest.size.megabytes', { value: formatNumber(bytes / 1024 / 1024, language, 1) });
}
