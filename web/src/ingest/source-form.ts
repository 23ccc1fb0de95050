import {
  type AfterImportAction,
  AUTO_FORMAT,
  type DeliveryKeyPair,
  type IngestFormat,
  type IngestSource,
  type IngestSourceInput,
  type SourceAuthMethod,
  type SourceKind,
} from '../api/types';

// Form state of a source and its conversion to the API body, kept apart from the drawer so the
// checks can be tested without a browser.

/** Values of the source form, as typed: numbers stay text until the form is submitted. */
export interface SourceFormValues {
  name: string;
  kind: SourceKind;
  format: string;
  mappingText: string;
  enabled: boolean;
  host: string;
  port: string;
  username: string;
  authMethod: SourceAuthMethod;
  /** New password or private key; ignored while a stored secret is kept. */
  secret: string;
  /** True when the user asked to replace the stored secret, or when none is stored. */
  replaceSecret: boolean;
  hostKeyFingerprint: string;
  remoteFolder: string;
  localFolder: string;
  filePattern: string;
  afterImport: AfterImportAction;
  moveFolder: string;
  pollIntervalMinutes: string;
  expectedPeriodHours: string;
  settleSeconds: string;
  /** Enedis key and IV pairs as typed; sent only when `deliveryKeysAction` is `replace`. */
  deliveryKeys: DeliveryKeyPairValues[];
  /**
   * Action on the stored delivery keys when the form is saved: keep them, replace them with
   * `deliveryKeys`, or delete them. A source without stored keys starts in `replace` with no pair.
   */
  deliveryKeysAction: DeliveryKeysAction;
}

/**
 * One pair of the keys that Enedis hands over to open its encrypted SGE deliveries, as typed: the
 * AES key and the initialisation vector (IV), in hexadecimal. An empty IV means the IV is written
 * in the first 16 bytes of each file.
 */
export interface DeliveryKeyPairValues {
  keyHex: string;
  ivHex: string;
}

export type DeliveryKeysAction = 'keep' | 'replace' | 'delete';

/** Path of one field of a delivery key pair, spelled as the server's field errors name it. */
export type DeliveryKeyField = `deliveryKeys.${number}.${keyof DeliveryKeyPairValues}`;

/** A form field that can show a problem: a field of the values, or a field of one key pair. */
export type FormField = keyof SourceFormValues | DeliveryKeyField;

/** A problem found before sending: a catalogue key under `ingest.source-form.error` and its values. */
export interface FormProblem {
  key:
    | 'required'
    | 'secret-required'
    | 'mapping-required'
    | 'mapping-invalid-json'
    | 'mapping-not-object'
    | 'fingerprint'
    | 'integer-range'
    | 'delivery-key-required'
    | 'delivery-key-hex'
    | 'delivery-key-length'
    | 'delivery-iv-length'
    | 'delivery-keys-empty'
    | 'delivery-keys-too-many';
  params?: Record<string, number>;
}

export type FormProblems = Partial<Record<FormField, FormProblem>>;

/** Defaults of a new source, the same as the server's: poll hourly, wait 60 s for files to settle. */
export const DEFAULT_PORT = 22;
export const DEFAULT_POLL_MINUTES = 60;
export const DEFAULT_SETTLE_SECONDS = 60;

/** Limits of the numeric settings, as the server's `sourceBody` schema declares them. */
export const LIMITS = {
  port: { min: 1, max: 65_535 },
  pollIntervalMinutes: { min: 1, max: 10_080 },
  expectedPeriodHours: { min: 1, max: 8784 },
  settleSeconds: { min: 0, max: 86_400 },
} as const;

/** Most key pairs one source stores, as the server's `sourceBody` schema declares it. */
export const MAX_DELIVERY_KEYS = 10;
/** Hexadecimal lengths of an AES-128 and an AES-256 key (16 and 32 bytes). */
const DELIVERY_KEY_LENGTHS = [32, 64];
/** Hexadecimal length of an AES-CBC initialisation vector (one 16-byte block). */
const DELIVERY_IV_LENGTH = 32;
const HEX_PATTERN = /^[0-9a-fA-F]+$/;

/** SHA-256 host key fingerprint as `ssh-keygen -lf` prints it: `SHA256:` and 43 base64 characters. */
const FINGERPRINT_PATTERN = /^SHA256:[A-Za-z0-9+/]{43}$/;

/**
 * Example mapping of a BMS trend export: one CSV column of timestamps (end of each 10-minute
 * interval, Paris time) and two points, an energy meter and a flow temperature.
 */
export const MAPPING_EXAMPLE = {
  layout: 'wide',
  timestamp: { column: 'Horodatage' },
  timeZone: 'Europe/Paris',
  timestampMeaning: 'end',
  stepMinutes: 10,
  separator: ';',
  decimalMark: ',',
  points: [
    { source: 'CTA1_Energie_kWh', externalId: 'GTB-B2-CTA1-ENERGIE', measure: 'ENERGY', unit: 'kWh' },
    { source: 'Temp_Depart_C', externalId: 'GTB-B2-TDEP', measure: 'TEMPERATURE', unit: 'degC' },
  ],
};

export const MAPPING_EXAMPLE_TEXT = JSON.stringify(MAPPING_EXAMPLE, null, 2);

export function emptySourceForm(): SourceFormValues {
  return {
    name: '',
    kind: 'sftp',
    format: AUTO_FORMAT,
    mappingText: '',
    enabled: true,
    host: '',
    port: String(DEFAULT_PORT),
    username: '',
    authMethod: 'password',
    secret: '',
    replaceSecret: true,
    hostKeyFingerprint: '',
    remoteFolder: '/',
    localFolder: '',
    filePattern: '*',
    afterImport: 'leave',
    moveFolder: '',
    pollIntervalMinutes: String(DEFAULT_POLL_MINUTES),
    expectedPeriodHours: '',
    settleSeconds: String(DEFAULT_SETTLE_SECONDS),
    deliveryKeys: [],
    deliveryKeysAction: 'replace',
  };
}

/**
 * Form values of an existing source. The secret and the delivery keys start empty because the API
 * never returns them, and stored ones are kept until the user replaces or deletes them.
 */
export function sourceToForm(source: IngestSource): SourceFormValues {
  return {
    name: source.name,
    kind: source.kind,
    format: source.format,
    mappingText:
      source.mapping === null || source.mapping === undefined ? '' : JSON.stringify(source.mapping, null, 2),
    enabled: source.enabled,
    host: source.host ?? '',
    port: String(source.port ?? DEFAULT_PORT),
    username: source.username ?? '',
    authMethod: source.authMethod ?? 'password',
    secret: '',
    replaceSecret: !source.hasSecret,
    hostKeyFingerprint: source.hostKeyFingerprint ?? '',
    remoteFolder: source.remoteFolder,
    localFolder: source.localFolder ?? '',
    filePattern: source.filePattern,
    afterImport: source.afterImport,
    moveFolder: source.moveFolder ?? '',
    pollIntervalMinutes: String(source.pollIntervalMinutes),
    expectedPeriodHours: source.expectedPeriodHours === null ? '' : String(source.expectedPeriodHours),
    settleSeconds: String(source.settleSeconds),
    deliveryKeys: [],
    deliveryKeysAction: source.deliveryKeyCount > 0 ? 'keep' : 'replace',
  };
}

/** Checks whether the chosen format needs a column mapping. */
export function formatNeedsMapping(format: string, formats: readonly IngestFormat[]): boolean {
  return formats.find((candidate) => candidate.format === format)?.needsMapping === true;
}

/** Parses a whole number within limits; null for text that is not one. */
function parseInteger(text: string, limits: { min: number; max: number }): number | null {
  const trimmed = text.trim();
  if (!/^\d+$/.test(trimmed)) return null;
  const value = Number(trimmed);
  return value >= limits.min && value <= limits.max ? value : null;
}

function checkInteger(
  values: SourceFormValues,
  field: keyof typeof LIMITS,
  problems: FormProblems,
): number | null {
  const value = parseInteger(values[field], LIMITS[field]);
  if (value === null) problems[field] = { key: 'integer-range', params: { ...LIMITS[field] } };
  return value;
}

function required(text: string, field: keyof SourceFormValues, problems: FormProblems): string | null {
  const trimmed = text.trim();
  if (trimmed === '') {
    problems[field] = { key: 'required' };
    return null;
  }
  return trimmed;
}

/** Removes the spaces and line breaks that copying a key out of a file may bring along. */
function compactHex(text: string): string {
  return text.replace(/\s+/g, '');
}

/**
 * Checks the typed key pairs and returns them as the API takes them, with an empty IV sent as null.
 * The server accepts an IV with either key length, because it tries each key with its IV and then
 * with the IV read from the head of the file.
 */
function checkDeliveryKeyPairs(
  pairs: readonly DeliveryKeyPairValues[],
  problems: FormProblems,
): DeliveryKeyPair[] {
  if (pairs.length > MAX_DELIVERY_KEYS) {
    problems.deliveryKeys = { key: 'delivery-keys-too-many', params: { max: MAX_DELIVERY_KEYS } };
  }
  return pairs.map((pair, index) => {
    const keyHex = compactHex(pair.keyHex);
    const ivHex = compactHex(pair.ivHex);
    if (keyHex === '') {
      problems[`deliveryKeys.${index}.keyHex`] = { key: 'delivery-key-required' };
    } else if (!HEX_PATTERN.test(keyHex)) {
      problems[`deliveryKeys.${index}.keyHex`] = { key: 'delivery-key-hex' };
    } else if (!DELIVERY_KEY_LENGTHS.includes(keyHex.length)) {
      problems[`deliveryKeys.${index}.keyHex`] = {
        key: 'delivery-key-length',
        params: { count: keyHex.length },
      };
    }
    if (ivHex !== '' && !HEX_PATTERN.test(ivHex)) {
      problems[`deliveryKeys.${index}.ivHex`] = { key: 'delivery-key-hex' };
    } else if (ivHex !== '' && ivHex.length !== DELIVERY_IV_LENGTH) {
      problems[`deliveryKeys.${index}.ivHex`] = {
        key: 'delivery-iv-length',
        params: { count: ivHex.length },
      };
    }
    return { keyHex, ivHex: ivHex === '' ? null : ivHex };
  });
}

/**
 * Checks the delivery key section and builds the `deliveryKeys` of the body: undefined keeps what
 * the server stores, null deletes it, and a list replaces it. An empty list is left out when no key
 * is stored, and is a problem when it would replace stored keys, because deleting has its own button.
 */
function deliveryKeysInput(
  values: SourceFormValues,
  hasStoredDeliveryKeys: boolean,
  problems: FormProblems,
): DeliveryKeyPair[] | null | undefined {
  if (values.deliveryKeysAction === 'delete') return hasStoredDeliveryKeys ? null : undefined;
  if (values.deliveryKeysAction === 'keep' && hasStoredDeliveryKeys) return undefined;
  if (values.deliveryKeys.length === 0) {
    if (hasStoredDeliveryKeys) problems.deliveryKeys = { key: 'delivery-keys-empty' };
    return undefined;
  }
  return checkDeliveryKeyPairs(values.deliveryKeys, problems);
}

/**
 * Checks the form and builds the body of `POST` or `PATCH /api/ingest/sources`. The secret and the
 * delivery keys are left out while stored ones are kept, so the server keeps them. Settings that do
 * not apply to the kind (SFTP fields of a folder, the move folder when files are left in place) are
 * sent as null. `hasStoredDeliveryKeys` defaults to false, as for a new source.
 */
export function formToInput(
  values: SourceFormValues,
  options: { formats: readonly IngestFormat[]; hasStoredSecret: boolean; hasStoredDeliveryKeys?: boolean },
): { input: IngestSourceInput } | { problems: FormProblems } {
  const problems: FormProblems = {};
  const name = required(values.name, 'name', problems);
  const sftp = values.kind === 'sftp';
  const polled = values.kind !== 'upload';

  let mapping: unknown;
  if (formatNeedsMapping(values.format, options.formats)) {
    if (values.mappingText.trim() === '') {
      problems.mappingText = { key: 'mapping-required' };
    } else {
      try {
        mapping = JSON.parse(values.mappingText) as unknown;
        if (typeof mapping !== 'object' || mapping === null || Array.isArray(mapping)) {
          problems.mappingText = { key: 'mapping-not-object' };
        }
      } catch {
        problems.mappingText = { key: 'mapping-invalid-json' };
      }
    }
  }

  let host: string | null = null;
  let port: number | null = null;
  let username: string | null = null;
  let fingerprint: string | null = null;
  let secret: string | null | undefined;
  if (sftp) {
    host = required(values.host, 'host', problems);
    port = checkInteger(values, 'port', problems);
    username = required(values.username, 'username', problems);
    const fingerprintText = values.hostKeyFingerprint.trim();
    if (fingerprintText !== '' && !FINGERPRINT_PATTERN.test(fingerprintText)) {
      problems.hostKeyFingerprint = { key: 'fingerprint' };
    }
    fingerprint = fingerprintText === '' ? null : fingerprintText;
    if (values.replaceSecret || !options.hasStoredSecret) {
      // Sent as typed: a password may hold spaces and a private key needs its line breaks.
      if (values.secret.trim() === '') problems.secret = { key: 'secret-required' };
      secret = values.secret;
    }
  }

  const localFolder = values.kind === 'folder' ? required(values.localFolder, 'localFolder', problems) : null;
  const moveFolder =
    polled && values.afterImport === 'move' ? required(values.moveFolder, 'moveFolder', problems) : null;
  const pollIntervalMinutes = polled
    ? checkInteger(values, 'pollIntervalMinutes', problems)
    : DEFAULT_POLL_MINUTES;
  const settleSeconds = polled ? checkInteger(values, 'settleSeconds', problems) : DEFAULT_SETTLE_SECONDS;
  const expectedPeriodHours =
    values.expectedPeriodHours.trim() === '' ? null : checkInteger(values, 'expectedPeriodHours', problems);
  const deliveryKeys = deliveryKeysInput(values, options.hasStoredDeliveryKeys === true, problems);

  if (Object.keys(problems).length > 0 || name === null) return { problems };

  const input: IngestSourceInput = {
    name,
    kind: values.kind,
    format: values.format,
    enabled: values.enabled,
    host,
    port,
    username,
    authMethod: sftp ? values.authMethod : null,
    hostKeyFingerprint: fingerprint,
    localFolder,
    afterImport: polled ? values.afterImport : 'leave',
    moveFolder,
    pollIntervalMinutes: pollIntervalMinutes ?? DEFAULT_POLL_MINUTES,
    expectedPeriodHours,
    settleSeconds: settleSeconds ?? DEFAULT_SETTLE_SECONDS,
  };
  if (mapping !== undefined) input.mapping = mapping;
  if (secret !== undefined) input.secret = secret;
  if (deliveryKeys !== undefined) input.deliveryKeys = deliveryKeys;
  if (sftp && values.remoteFolder.trim() !== '') input.remoteFolder = values.remoteFolder.trim();
  if (polled && values.filePattern.trim() !== '') input.filePattern = values.filePattern.trim();
  return { input };
}

/** Form fields that the server's field errors name, keyed by the API field. */
export const SERVER_FIELD_OF: Record<string, keyof SourceFormValues> = {
  name: 'name',
  kind: 'kind',
  format: 'format',
  mapping: 'mappingText',
  enabled: 'enabled',
  host: 'host',
  port: 'port',
  username: 'username',
  authMethod: 'authMethod',
  secret: 'secret',
  hostKeyFingerprint: 'hostKeyFingerprint',
  remoteFolder: 'remoteFolder',
  localFolder: 'localFolder',
  filePattern: 'filePattern',
  afterImport: 'afterImport',
  moveFolder: 'moveFolder',
  pollIntervalMinutes: 'pollIntervalMinutes',
  expectedPeriodHours: 'expectedPeriodHours',
  settleSeconds: 'settleSeconds',
  deliveryKeys: 'deliveryKeys',
};

const DELIVERY_KEY_FIELD_PATTERN = /^deliveryKeys\.(\d+)\.(keyHex|ivHex)$/;

/** Returns the form field under which a server field error shows, or undefined for none. */
export function formFieldOfServerField(field: string): FormField | undefined {
  const pairField = DELIVERY_KEY_FIELD_PATTERN.exec(field);
  if (pairField)
    return `deliveryKeys.${Number(pairField[1])}.${pairField[2] === 'keyHex' ? 'keyHex' : 'ivHex'}`;
  return Object.hasOwn(SERVER_FIELD_OF, field) ? SERVER_FIELD_OF[field] : undefined;
}

/** Checks whether a form field belongs to the delivery key section, list or pair. */
export function isDeliveryKeyField(field: FormField): boolean {
  return field === 'deliveryKeys' || field === 'deliveryKeysAction' || field.startsWith('deliveryKeys.');
}
