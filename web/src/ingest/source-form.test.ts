import { validateBmsMapping } from '@openfluides/core';
import i18next from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import type { IngestFormat, IngestSource, IngestSourceInput } from '../api/types';
import fr from '../i18n/fr.json';
import {
  emptySourceForm,
  type FormProblem,
  type FormProblems,
  formFieldOfServerField,
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
    deliveryKeyCount: 0,
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

/** An AES-128 key: 16 bytes, so 32 hexadecimal characters. */
const KEY_128 = '00112233445566778899aabbccddeeff';
/** An AES-256 key: 32 bytes, so 64 hexadecimal characters. */
const KEY_256 = '000102030405060708090A0B0C0D0E0F101112131415161718191A1B1C1D1E1F';
/** An initialisation vector: one 16-byte AES block, so 32 hexadecimal characters. */
const IV = 'f0e0d0c0b0a090807060504030201000';

function uploadForm(changes: Partial<SourceFormValues> = {}): SourceFormValues {
  return { ...emptySourceForm(), name: 'Relevés Enedis', kind: 'upload', ...changes };
}

describe('formToInput with delivery keys', () => {
  it('sends no keys for a new source without pairs', () => {
    const input = inputOf(formToInput(uploadForm(), { formats: FORMATS, hasStoredSecret: false }));
    expect('deliveryKeys' in input).toBe(false);
  });

  it('sends the pairs of a new source', () => {
    const values = uploadForm({
      deliveryKeys: [
        // Copied out of the files with their spaces and line breaks, which are dropped.
        { keyHex: ' 00112233 44556677\n8899aabb ccddeeff\n', ivHex: `${IV}\r\n` },
        { keyHex: KEY_256, ivHex: '   ' },
      ],
    });
    const input = inputOf(formToInput(values, { formats: FORMATS, hasStoredSecret: false }));
    expect(input.deliveryKeys).toEqual([
      { keyHex: KEY_128, ivHex: IV },
      // An empty IV is sent as null: each file then starts with its own IV.
      { keyHex: KEY_256, ivHex: null },
    ]);
  });

  it('sends the pairs of a watched folder', () => {
    const values = sftpForm({
      kind: 'folder',
      localFolder: '/srv/depots/enedis',
      deliveryKeys: [{ keyHex: KEY_128, ivHex: IV }],
    });
    const input = inputOf(formToInput(values, { formats: FORMATS, hasStoredSecret: false }));
    expect(input.deliveryKeys).toEqual([{ keyHex: KEY_128, ivHex: IV }]);
  });

  it('leaves out stored keys that are kept', () => {
    const values = sourceToForm(storedSource({ deliveryKeyCount: 2 }));
    const input = inputOf(
      formToInput(values, { formats: FORMATS, hasStoredSecret: true, hasStoredDeliveryKeys: true }),
    );
    expect('deliveryKeys' in input).toBe(false);
    expect('secret' in input).toBe(false);
  });

  it('sends null to delete stored keys', () => {
    const values: SourceFormValues = {
      ...sourceToForm(storedSource({ deliveryKeyCount: 2 })),
      deliveryKeysAction: 'delete',
    };
    const input = inputOf(
      formToInput(values, { formats: FORMATS, hasStoredSecret: true, hasStoredDeliveryKeys: true }),
    );
    expect(input.deliveryKeys).toBeNull();
  });

  it('sends the pairs that replace stored keys', () => {
    const values: SourceFormValues = {
      ...sourceToForm(storedSource({ deliveryKeyCount: 2 })),
      deliveryKeysAction: 'replace',
      deliveryKeys: [{ keyHex: KEY_256, ivHex: '' }],
    };
    const input = inputOf(
      formToInput(values, { formats: FORMATS, hasStoredSecret: true, hasStoredDeliveryKeys: true }),
    );
    expect(input.deliveryKeys).toEqual([{ keyHex: KEY_256, ivHex: null }]);
  });

  it('rejects an empty list replacing stored keys', () => {
    const values: SourceFormValues = {
      ...sourceToForm(storedSource({ deliveryKeyCount: 1 })),
      deliveryKeysAction: 'replace',
      deliveryKeys: [],
    };
    const result = formToInput(values, {
      formats: FORMATS,
      hasStoredSecret: true,
      hasStoredDeliveryKeys: true,
    });
    expect(problemsOf(result).deliveryKeys).toEqual({ key: 'delivery-keys-empty' });
  });

  it('names the pair and field of each problem', () => {
    const cases: Array<{ keyHex: string; ivHex: string; keyProblem?: FormProblem; ivProblem?: FormProblem }> =
      [
        { keyHex: '', ivHex: IV, keyProblem: { key: 'delivery-key-required' } },
        { keyHex: '  \n', ivHex: '', keyProblem: { key: 'delivery-key-required' } },
        // « g » and « 0x » are not hexadecimal digits.
        { keyHex: `${KEY_128.slice(0, 31)}g`, ivHex: IV, keyProblem: { key: 'delivery-key-hex' } },
        { keyHex: `0x${KEY_128}`, ivHex: '', keyProblem: { key: 'delivery-key-hex' } },
        // 31 characters: one short of AES-128.
        {
          keyHex: KEY_128.slice(0, 31),
          ivHex: IV,
          keyProblem: { key: 'delivery-key-length', params: { count: 31 } },
        },
        // 48 characters is an AES-192 key, which the server does not accept.
        {
          keyHex: KEY_256.slice(0, 48),
          ivHex: '',
          keyProblem: { key: 'delivery-key-length', params: { count: 48 } },
        },
        { keyHex: KEY_128, ivHex: 'f0e0-d0c0', ivProblem: { key: 'delivery-key-hex' } },
        // 30 characters: one byte short of an AES block.
        {
          keyHex: KEY_128,
          ivHex: IV.slice(0, 30),
          ivProblem: { key: 'delivery-iv-length', params: { count: 30 } },
        },
        {
          keyHex: 'abc',
          ivHex: 'a',
          keyProblem: { key: 'delivery-key-length', params: { count: 3 } },
          ivProblem: { key: 'delivery-iv-length', params: { count: 1 } },
        },
      ];
    for (const [caseIndex, { keyHex, ivHex, keyProblem, ivProblem }] of cases.entries()) {
      // The checked pair comes second, after a valid one, so its problems carry the index 1.
      const values = uploadForm({
        deliveryKeys: [
          { keyHex: KEY_128, ivHex: IV },
          { keyHex, ivHex },
        ],
      });
      const problems = problemsOf(formToInput(values, { formats: FORMATS, hasStoredSecret: false }));
      const label = `case ${caseIndex}: ${JSON.stringify({ keyHex, ivHex })}`;
      expect(problems['deliveryKeys.1.keyHex'], label).toEqual(keyProblem);
      expect(problems['deliveryKeys.1.ivHex'], label).toEqual(ivProblem);
      expect(problems['deliveryKeys.0.keyHex'], label).toBeUndefined();
      expect(problems['deliveryKeys.0.ivHex'], label).toBeUndefined();
    }
  });

  it('rejects more than ten pairs', () => {
    const eleven = Array.from({ length: 11 }, () => ({ keyHex: KEY_128, ivHex: IV }));
    const tooMany = formToInput(uploadForm({ deliveryKeys: eleven }), {
      formats: FORMATS,
      hasStoredSecret: false,
    });
    expect(problemsOf(tooMany).deliveryKeys).toEqual({ key: 'delivery-keys-too-many', params: { max: 10 } });
    const ten = formToInput(uploadForm({ deliveryKeys: eleven.slice(1) }), {
      formats: FORMATS,
      hasStoredSecret: false,
    });
    expect(inputOf(ten).deliveryKeys).toHaveLength(10);
  });
});

describe('delivery key messages', () => {
  const french = i18next.createInstance();

  beforeAll(async () => {
    await french.init({
      lng: 'fr',
      resources: { fr: { translation: fr } },
      interpolation: { escapeValue: false },
      showSupportNotice: false,
    });
  });

  function message(problem: FormProblem): string {
    return french.t(`ingest.source-form.error.${problem.key}`, problem.params ?? {});
  }

  /** The French catalogue puts a no-break space before « : » and inside « ». */
  const NBSP = '\u00a0';

  it('words each pair problem in French', () => {
    expect(message({ key: 'delivery-key-required' })).toBe(
      'Saisissez la clé AES fournie par Enedis, ou retirez cette paire.',
    );
    expect(message({ key: 'delivery-key-hex' })).toBe(
      `Seuls les chiffres hexadécimaux sont admis (0 à 9 et a à f)${NBSP}: recopiez la valeur du fichier fourni par Enedis.`,
    );
    expect(message({ key: 'delivery-key-length', params: { count: 31 } })).toBe(
      `Cette clé compte 31 caractères${NBSP}: une clé AES en compte 32 (AES-128) ou 64 (AES-256).`,
    );
    expect(message({ key: 'delivery-key-length', params: { count: 1 } })).toBe(
      `Cette clé compte 1 caractère${NBSP}: une clé AES en compte 32 (AES-128) ou 64 (AES-256).`,
    );
    expect(message({ key: 'delivery-iv-length', params: { count: 30 } })).toBe(
      `Ce vecteur compte 30 caractères${NBSP}: il en faut 32, ou laissez le champ vide si chaque fichier commence par son vecteur.`,
    );
  });

  it('words each list problem in French', () => {
    expect(message({ key: 'delivery-keys-empty' })).toBe(
      `Ajoutez au moins une paire, ou cliquez sur «${NBSP}Garder les clés enregistrées${NBSP}».`,
    );
    expect(message({ key: 'delivery-keys-too-many', params: { max: 10 } })).toBe(
      `Une source garde 10 paires au plus${NBSP}: retirez celles en trop.`,
    );
  });

  it('counts stored keys with the French plural', () => {
    expect(french.t('ingest.source-form.delivery-keys-stored', { count: 1 })).toBe('1 clé enregistrée');
    expect(french.t('ingest.source-form.delivery-keys-stored', { count: 3 })).toBe('3 clés enregistrées');
  });
});

describe('formFieldOfServerField', () => {
  it('places pair errors under their input', () => {
    expect(formFieldOfServerField('deliveryKeys.0.keyHex')).toBe('deliveryKeys.0.keyHex');
    expect(formFieldOfServerField('deliveryKeys.9.ivHex')).toBe('deliveryKeys.9.ivHex');
    expect(formFieldOfServerField('deliveryKeys')).toBe('deliveryKeys');
  });

  it('maps other API fields to form fields', () => {
    expect(formFieldOfServerField('mapping')).toBe('mappingText');
    expect(formFieldOfServerField('deliveryKeys.0.other')).toBeUndefined();
    expect(formFieldOfServerField('toString')).toBeUndefined();
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

  it('keeps stored delivery keys without showing them', () => {
    const values = sourceToForm(storedSource({ deliveryKeyCount: 2 }));
    expect(values.deliveryKeysAction).toBe('keep');
    expect(values.deliveryKeys).toEqual([]);
  });

  it('lists new pairs when no delivery key is stored', () => {
    const values = sourceToForm(storedSource({ deliveryKeyCount: 0 }));
    expect(values.deliveryKeysAction).toBe('replace');
    expect(values.deliveryKeys).toEqual([]);
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
