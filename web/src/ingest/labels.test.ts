import i18next, { type TFunction } from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import type { IngestFormat } from '../api/types';
import fr from '../i18n/fr.json';
import {
  durationLabel,
  fileSizeLabel,
  formatLabel,
  hoursSince,
  originLabel,
  registerStepOf,
  sourceStatusHelp,
  stepLabel,
} from './labels';

const NBSP = '\u00a0';

let t: TFunction;

beforeAll(async () => {
  const instance = i18next.createInstance();
  await instance.init({
    lng: 'fr',
    resources: { fr: { translation: fr } },
    interpolation: { escapeValue: false },
    showSupportNotice: false,
  });
  t = instance.t;
});

describe('hoursSince', () => {
  it('counts whole hours, rounded down', () => {
    // 1 January 00:00 to 2 January 02:30 UTC is 26.5 hours.
    expect(hoursSince('2025-01-01T00:00:00Z', new Date('2025-01-02T02:30:00Z'))).toBe(26);
  });

  it('returns zero for an instant in the future', () => {
    expect(hoursSince('2025-01-02T00:00:00Z', new Date('2025-01-01T00:00:00Z'))).toBe(0);
  });
});

describe('sourceStatusHelp', () => {
  const base = { consecutiveFailures: 0, lastFileAt: null, expectedPeriodHours: null };
  const now = new Date('2025-03-10T12:00:00Z');

  it('counts the failed attempts', () => {
    const text = sourceStatusHelp(t, { ...base, status: 'failing', consecutiveFailures: 3 }, now);
    expect(text.startsWith('En échec (3 tentatives)')).toBe(true);
  });

  it('uses the singular for one failed attempt', () => {
    const text = sourceStatusHelp(t, { ...base, status: 'failing', consecutiveFailures: 1 }, now);
    expect(text.startsWith('En échec (1 tentative)')).toBe(true);
  });

  it('gives the hours since the last file of a late source', () => {
    // 9 March 10:00 to 10 March 12:00 is 26 hours.
    const text = sourceStatusHelp(t, { ...base, status: 'late', lastFileAt: '2025-03-09T10:00:00Z' }, now);
    expect(text).toBe(`En retard${NBSP}: aucun fichier depuis 26${NBSP}h.`);
  });

  it('names the expected period of a late source without files', () => {
    const text = sourceStatusHelp(t, { ...base, status: 'late', expectedPeriodHours: 24 }, now);
    expect(text).toContain(`toutes les 24${NBSP}h`);
  });

  it('explains a source never polled', () => {
    expect(sourceStatusHelp(t, { ...base, status: 'never' }, now).startsWith('Jamais interrogée')).toBe(true);
  });
});

describe('formatLabel', () => {
  const formats: IngestFormat[] = [
    { format: 'meteo-france-daily', label: 'Météo-France quotidien', needsMapping: false },
  ];

  it('names the automatic detection', () => {
    expect(formatLabel(t, 'auto', formats)).toBe('Reconnaissance automatique');
  });

  it('uses the label the server gives', () => {
    expect(formatLabel(t, 'meteo-france-daily', formats)).toBe('Météo-France quotidien');
  });

  it('names a historical Excel import kind', () => {
    expect(formatLabel(t, 'estate', formats)).toBe(fr['history-import'].kind.estate);
  });

  it('keeps an unknown format as it is', () => {
    expect(formatLabel(t, 'nouveau-format', undefined)).toBe('nouveau-format');
  });
});

describe('originLabel', () => {
  it('translates the known origins and keeps the others', () => {
    expect(originLabel(t, 'upload')).toBe('Dépôt manuel');
    expect(originLabel(t, 'reprocess')).toBe('Retraitement');
    expect(originLabel(t, 'api')).toBe('api');
  });
});

describe('stepLabel', () => {
  it('maps interval lengths to register steps', () => {
    expect(registerStepOf(600)).toBe('PT10M');
    expect(registerStepOf(1800)).toBe('PT30M');
    expect(registerStepOf(3600)).toBe('PT1H');
    expect(registerStepOf(86_400)).toBe('P1D');
    expect(registerStepOf(900)).toBeNull();
  });

  it('writes each kind of step in French', () => {
    expect(stepLabel(t, 600, 'fr')).toBe('10 min');
    expect(stepLabel(t, 86_400, 'fr')).toBe('Journalier');
    expect(stepLabel(t, null, 'fr')).toBe('Relevé ponctuel');
    expect(stepLabel(t, 900, 'fr')).toBe(`900${NBSP}s`);
  });
});

describe('durationLabel', () => {
  it('writes a bound below 50 ms instead of zero', () => {
    expect(durationLabel(t, 20, 'fr')).toBe(`< 0,1${NBSP}s`);
  });

  it('keeps one decimal under ten seconds', () => {
    expect(durationLabel(t, 400, 'fr')).toBe(`0,4${NBSP}s`);
  });

  it('rounds to whole seconds under a minute', () => {
    expect(durationLabel(t, 42_400, 'fr')).toBe(`42${NBSP}s`);
  });

  it('writes minutes and two-digit seconds above a minute', () => {
    // 125 s is 2 min 5 s.
    expect(durationLabel(t, 125_000, 'fr')).toBe(`2${NBSP}min 05${NBSP}s`);
  });

  it('turns 59.6 s into one minute', () => {
    expect(durationLabel(t, 59_600, 'fr')).toBe(`1${NBSP}min 00${NBSP}s`);
  });
});

describe('fileSizeLabel', () => {
  it('picks bytes, kilobytes or megabytes', () => {
    expect(fileSizeLabel(t, 512, 'fr')).toBe(`512${NBSP}o`);
    // 12 697 / 1024 = 12.399 ko.
    expect(fileSizeLabel(t, 12_697, 'fr')).toBe(`12,4${NBSP}ko`);
    // 3 355 443 / 1 048 576 = 3.19999 Mo.
    expect(fileSizeLabel(t, 3_355_443, 'fr')).toBe(`3,2${NBSP}Mo`);
  });
});
