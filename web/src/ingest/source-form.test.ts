import { validateBmsMapping } from '@openfluides/core';
import { describe, expect, it } from 'vitest';
import type { IngestFormat, IngestSource, IngestSourceInput } from '../api/types';
import {
  emptySourceForm,
  type FormProblems,
  formToInput,
  MAPPING_EXAMPLE,
  MAPPING_EXAMPLE_TEXT,
  type SourceFormValues,
  sourceToForm,
} from './source-form';

const FORMATS: IngestFormat[] = [
  { format: 'meteo-france-daily', label: 'Météo-France quotidien', needsMapping: false },
  { format: 'bms-csv', label: 'Export de GTB', needsMapping: true },
];

/** A fingerprint of the right shape: `SHA256:` and 43 base64 characters. */
const FINGERPRINT = `SHA256:${'A'.repeat(42)}0`;

type Checked = ReturnType<typeof formToInput>;

function problemsOf(result: Checked): FormProblems {
  if (!('problems' in result))
    throw new Error(`expected problems, got the body ${JSON.stringify(result.input)}`);
  return result.problems;
}

function inputOf(result: Checked): IngestSourceInput {
  if (!('input' in result))
    throw new Error(`expected a body, got the problems ${JSON.stringify(result.problems)}`);
  return result.input;
}

function sftpForm(changes: Partial<SourceFormValues> = {}): SourceFormValues {
  return {
    ...emptySourceForm(),
    name: '  Enedis SGE  ',
    host: 'sftp.example.org',
    username: 'depot',
    secret: 'mot de passe ',
    ...changes,
  };
}

function storedSource(changes: Partial<IngestSource> = {}): IngestSource {
  return {
    id: '7',
    name: 'GTB bâtiment B2',
    kind: 'sftp',
    format: 'bms-csv',
    mapping: MAPPING_EXAMPLE,
    enabled: true,
    host: 'gtb.example.org',
    port: 2222,
    username: 'export',
    authMethod: 'password',
    hasSecret: true,
    hostKeyFingerprint: FINGERPRINT,
    remoteFolder: '/exports',
    localFolder: null,
    filePattern: '*.csv',
    afterImport: 'move',
    moveFolder: '/exports/importes',
    pollIntervalMinutes: 15,
    expectedPeriodHours: 24,
    settleSeconds: 120,
    lastPollAt: null,
    lastSuccessAt: null,
    lastFileAt: null,
    lastError: null,
    lastErrorAt: null,
    consecutiveFailures: 0,
    status: 'never',
    ...changes,
  };
}

describe('formToInput', () => {
  it('lists every missing field of an empty SFTP form', () => {
    const result = formToInput(emptySourceForm(), { formats: FORMATS, hasStoredSecret: false });
    const problems = problemsOf(result);
    expect(problems.name?.key).toBe('required');
    expect(problems.host?.key).toBe('required');
    expect(problems.username?.key).toBe('required');
    expect(problems.secret?.key).toBe('secret-required');
  });

  it('builds the body of a new SFTP source', () => {
    const result = formToInput(sftpForm(), { formats: FORMATS, hasStoredSecret: false });
    expect(result).toEqual({
      input: {
        name: 'Enedis SGE',
        kind: 'sftp',
        format: 'auto',
        enabled: true,
        host: 'sftp.example.org',
        port: 22,
        username: 'depot',
        authMethod: 'password',
        // The password is sent as typed, its trailing space included.
        secret: 'mot de passe ',
        hostKeyFingerprint: null,
        localFolder: null,
        afterImport: 'leave',
        moveFolder: null,
        pollIntervalMinutes: 60,
        expectedPeriodHours: null,
        settleSeconds: 60,
        remoteFolder: '/',
        filePattern: '*',
      },
    });
  });

  it('leaves out a stored secret that is kept', () => {
    const values = sourceToForm(storedSource());
    const result = formToInput(values, { formats: FORMATS, hasStoredSecret: true });
    const input = inputOf(result);
    expect('secret' in input).toBe(false);
    expect(input.port).toBe(2222);
    expect(input.moveFolder).toBe('/exports/importes');
  });

  it('requires the new secret when replacing the stored one', () => {
    const values = { ...sourceToForm(storedSource()), replaceSecret: true, secret: '   ' };
    const result = formToInput(values, { formats: FORMATS, hasStoredSecret: true });
    expect(problemsOf(result).secret?.key).toBe('secret-required');
  });

  it('sends a watched folder without SFTP settings', () => {
    const values: SourceFormValues = {
      ...sftpForm({ kind: 'folder', localFolder: ' /srv/depots/gtb ' }),
      hostKeyFingerprint: 'ignored',
    };
    const result = formToInput(values, { formats: FORMATS, hasStoredSecret: false });
    const input = inputOf(result);
    expect(input.localFolder).toBe('/srv/depots/gtb');
    expect(input.host).toBeNull();
    expect(input.authMethod).toBeNull();
    expect(input.hostKeyFingerprint).toBeNull();
    expect('secret' in input).toBe(false);
    expect('remoteFolder' in input).toBe(false);
  });

  it('requires the folder of a watched folder and the move folder', () => {
    const values = sftpForm({ kind: 'folder', afterImport: 'move' });
    const result = formToInput(values, { formats: FORMATS, hasStoredSecret: false });
    expect(problemsOf(result).localFolder?.key).toBe('required');
    expect(problemsOf(result).moveFolder?.key).toBe('required');
  });

  it('rejects a fingerprint of the wrong shape', () => {
    const bad = formToInput(sftpForm({ hostKeyFingerprint: 'SHA256:abc' }), {
      formats: FORMATS,
      hasStoredSecret: false,
    });
    expect(problemsOf(bad).hostKeyFingerprint?.key).toBe('fingerprint');
    const good = formToInput(sftpForm({ hostKeyFingerprint: ` ${FINGERPRINT} ` }), {
      formats: FORMATS,
      hasStoredSecret: false,
    });
    expect(inputOf(good).hostKeyFingerprint).toBe(FINGERPRINT);
  });

  it('checks the limits of the numeric settings', () => {
    for (const pollIntervalMinutes of ['0', '10081', '1.5', 'abc']) {
      const result = formToInput(sftpForm({ pollIntervalMinutes }), {
        formats: FORMATS,
        hasStoredSecret: false,
      });
      expect(problemsOf(result).pollIntervalMinutes, pollIntervalMinutes).toEqual({
        key: 'integer-range',
        params: { min: 1, max: 10_080 },
      });
    }
    const longest = formToInput(
      sftpForm({ pollIntervalMinutes: '10080', settleSeconds: '0', expectedPeriodHours: '8784' }),
      {
        formats: FORMATS,
        hasStoredSecret: false,
      },
    );
    expect(inputOf(longest).pollIntervalMinutes).toBe(10_080);
    expect(inputOf(longest).settleSeconds).toBe(0);
    expect(inputOf(longest).expectedPeriodHours).toBe(8784);
  });

  it('asks for a mapping only for formats that need one', () => {
    const withoutMapping = formToInput(sftpForm({ format: 'meteo-france-daily' }), {
      formats: FORMATS,
      hasStoredSecret: false,
    });
    expect('mapping' in inputOf(withoutMapping)).toBe(false);
    const missing = formToInput(sftpForm({ format: 'bms-csv' }), {
      formats: FORMATS,
      hasStoredSecret: false,
    });
    expect(problemsOf(missing).mappingText?.key).toBe('mapping-required');
  });

  it('rejects a mapping that is not a JSON object', () => {
    const invalid = formToInput(sftpForm({ format: 'bms-csv', mappingText: '{ "layout": "wide", }' }), {
      formats: FORMATS,
      hasStoredSecret: false,
    });
    expect(problemsOf(invalid).mappingText?.key).toBe('mapping-invalid-json');
    const list = formToInput(sftpForm({ format: 'bms-csv', mappingText: '[]' }), {
      formats: FORMATS,
      hasStoredSecret: false,
    });
    expect(problemsOf(list).mappingText?.key).toBe('mapping-not-object');
  });

  it('sends the parsed mapping', () => {
    const result = formToInput(sftpForm({ format: 'bms-csv', mappingText: MAPPING_EXAMPLE_TEXT }), {
      formats: FORMATS,
      hasStoredSecret: false,
    });
    expect(inputOf(result).mapping).toEqual(MAPPING_EXAMPLE);
  });
});

describe('sourceToForm', () => {
  it('starts with an empty secret and keeps the stored one', () => {
    const values = sourceToForm(storedSource());
    expect(values.secret).toBe('');
    expect(values.replaceSecret).toBe(false);
    expect(values.port).toBe('2222');
    expect(values.expectedPeriodHours).toBe('24');
    expect(JSON.parse(values.mappingText)).toEqual(MAPPING_EXAMPLE);
  });

  it('asks for a secret when none is stored', () => {
    const values = sourceToForm(storedSource({ hasSecret: false, expectedPeriodHours: null, mapping: null }));
    expect(values.replaceSecret).toBe(true);
    expect(values.expectedPeriodHours).toBe('');
    expect(values.mappingText).toBe('');
  });
});

describe('MAPPING_EXAMPLE', () => {
  it('passes the server check of BMS mappings', () => {
    const checked = validateBmsMapping(JSON.parse(MAPPING_EXAMPLE_TEXT));
    if (!('mapping' in checked)) throw new Error(`example rejected: ${checked.errors.join(' ')}`);
    expect(checked.mapping.points).toHaveLength(2);
    expect(checked.mapping.stepMinutes).toBe(10);
  });
});
