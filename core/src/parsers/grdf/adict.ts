/**
 * GRDF ADICT API payloads, the gas data GRDF serves to authorised third parties: responses of
 * `donnees_consos_informatives` (daily, `Informative Journalier`) and `donnees_consos_publiees`
 * (billing-grade periods, `Publiée`), saved as NDJSON (`application/nd-json`, one object per
 * line), as pretty-printed objects written one after another, or as a JSON array. Responses of
 * `donnees_contractuelles` give the PCE's tariff option. Status objects, access rights, technical
 * data and injections are recognised and skipped.
 *
 * ADICT writes gas-day boundaries with the Paris offset of the day (`+01:00` or `+02:00`). A
 * boundary at 06:00 with another offset is still read as 06:00 Paris time, as the customer portal
 * needs, and one warning counts such boundaries.
 */

import { emptyResult, errorIssue, fatalResult, warningIssue } from '../results.js';
import { binarySignature, decodeText } from '../text.js';
import type {
  DeliveryPointFacts,
  DetectInput,
  FileParser,
  ParseResult,
  ParserInput,
  SourceLocation,
} from '../types.js';
import { readGasPeriod } from './gas-day.js';
import { describePlace, type GasPeriodRecord, GasReadingCollector } from './gas-readings.js';
import { type JsonStreamFailure, type JsonStreamValue, readJsonStream } from './json-stream.js';
import { asObject, asText, describeJson, readDecimal, readPce } from './values.js';

export const GRDF_ADICT_FORMAT = 'grdf-adict';

/** Maximum length of the record text kept in an issue. A value that swallowed the rest of a file is cut there. */
const MAX_RAW_CHARS = 20_000;
/** Status code of a successful ADICT call. */
const SUCCESS_STATUS = '0000000000';
const ADICT_PERIOD_FIELDS = {
  start: 'consommation.date_debut_consommation',
  end: 'consommation.date_fin_consommation',
  gasDay: 'consommation.journee_gaziere',
};

function rawOf(text: string): string {
  return text.length > MAX_RAW_CHARS ? `${text.slice(0, MAX_RAW_CHARS)}…` : text;
}

/** Follows a path of keys through nested objects; undefined when a step is missing. */
function pick(object: Record<string, unknown>, ...keys: string[]): unknown {
  let current: unknown = object;
  for (const key of keys) {
    const next = asObject(current);
    if (next === null) return undefined;
    current = next[key];
  }
  return current;
}

type RecordOutcome =
  | { ok: true; record: GasPeriodRecord }
  | { ok: false; field: string | null; reason: string };

interface ParseContext {
  file: string;
  result: ParseResult;
  collector: GasReadingCollector;
  facts: DeliveryPointFacts[];
  /** Boundary timestamps whose offset named another instant than 06:00 in Paris. */
  offsetMismatches: string[];
  restoredPces: Set<string>;
  skipped: { accessRights: number; technical: number; injections: number };
}

function locationOf(file: string, chunk: JsonStreamValue, field: string | null): SourceLocation {
  return { file, line: chunk.line, element: chunk.element, field };
}

function readConsumption(
  object: Record<string, unknown>,
  conso: Record<string, unknown>,
  chunk: JsonStreamValue,
  context: ParseContext,
): RecordOutcome {
  const pce = readPce(pick(object, 'pce', 'id_pce'));
  if (!pce.ok) return { ok: false, field: 'pce.id_pce', reason: pce.reason };
  if (pce.value.restoredZeros) context.restoredPces.add(pce.value.pce);

  const period = readGasPeriod(
    {
      start: asText(conso.date_debut_consommation),
      end: asText(conso.date_fin_consommation),
      gasDay: asText(conso.journee_gaziere),
    },
    ADICT_PERIOD_FIELDS,
  );
  if (!period.ok) return period;
  context.offsetMismatches.push(...period.offsetMismatches);

  const numbers: Record<string, number | null> = {};
  const numberFields: Array<[string, string[]]> = [
    ['volume', ['consommation', 'volume_brut']],
    ['energy', ['consommation', 'energie']],
    ['coefficient', ['consommation', 'coeff_calcul', 'coeff_conversion']],
    ['pcs', ['consommation', 'coeff_calcul', 'valeur_pcs']],
    ['indexStart', ['releve_debut', 'index_brut_debut', 'valeur_index']],
    ['indexEnd', ['releve_fin', 'index_brut_fin', 'valeur_index']],
  ];
  for (const [name, path] of numberFields) {
    const read = readDecimal(pick(object, ...path));
    if (!read.ok) return { ok: false, field: path.join('.'), reason: read.reason };
    numbers[name] = read.value;
  }

  const rollover = conso.flag_retour_zero;
  const location = locationOf(context.file, chunk, null);
  return {
    ok: true,
    record: {
      pce: pce.value.pce,
      firstDay: period.firstDay,
      endDay: period.endDay,
      volumeM3: numbers.volume ?? null,
      energyKwh: numbers.energy ?? null,
      hasVolume: true,
      hasEnergy: true,
      coefficient: numbers.coefficient ?? null,
      pcsKwhPerM3: numbers.pcs ?? null,
      indexStart: numbers.indexStart ?? null,
      indexEnd: numbers.indexEnd ?? null,
      rollover: rollover === true || (typeof rollover === 'string' && rollover.toLowerCase() === 'vrai'),
      qualification: asText(conso.type_qualif_conso),
      // ADICT always qualifies its values; a block without a label is not trusted as measured.
      qualityWithoutLabel: 'estimated',
      location,
      volumeLocation: locationOf(context.file, chunk, 'consommation.volume_brut'),
      energyLocation: locationOf(context.file, chunk, 'consommation.energie'),
      raw: rawOf(chunk.text),
    },
  };
}

/** Reports a restitution error: GRDF returned an error instead of data for this PCE or period. */
function reportRestitutionError(
  status: Record<string, unknown>,
  object: Record<string, unknown>,
  chunk: JsonStreamValue,
  context: ParseContext,
): void {
  const code = status.code;
  const message = asText(status.message) ?? '';
  const pce = asText(pick(object, 'pce', 'id_pce')) ?? describeJson(pick(object, 'pce', 'id_pce') ?? null);
  context.result.issues.push(
    errorIssue({
      file: context.file,
      line: chunk.line,
      element: chunk.element,
      field: 'statut_restitution',
      code: 'restitution-error',
      message: `${describePlace(locationOf(context.file, chunk, null))} : GRDF a répondu par l’erreur ${typeof code === 'string' ? code : describeJson(code)}${message === '' ? '' : ` (« ${message} »)`} pour le PCE ${pce} au lieu de données. Vérifiez le droit d’accès et la période demandée, puis interrogez de nouveau l’API.`,
      raw: rawOf(chunk.text),
    }),
  );
}

function restitutionError(object: Record<string, unknown>): Record<string, unknown> | null {
  const status = asObject(object.statut_restitution);
  if (status === null) return null;
  const code = status.code;
  return code === undefined || code === null || code === '' ? null : status;
}

function readContractualFacts(
  object: Record<string, unknown>,
  contract: Record<string, unknown>,
  chunk: JsonStreamValue,
  context: ParseContext,
): void {
  const pce = readPce(pick(object, 'pce', 'id_pce'));
  if (!pce.ok) {
    reportRecordError(context, chunk, 'pce.id_pce', pce.reason);
    return;
  }
  if (pce.value.restoredZeros) context.restoredPces.add(pce.value.pce);
  const tariff = asText(contract.tarif_acheminement)?.trim() ?? '';
  context.facts.push({
    identifier: pce.value.pce,
    segment: tariff === '' ? null : tariff.toUpperCase(),
    // `date_mes` is the commissioning date of the PCE, not the start of its current tariff option.
    validFrom: null,
    subscribedPowers: [],
    tariffCode: null,
    meterSerial: null,
    location: locationOf(context.file, chunk, 'donnees_contractuelles.tarif_acheminement'),
  });
}

function reportRecordError(
  context: ParseContext,
  chunk: JsonStreamValue,
  field: string | null,
  reason: string,
): void {
  const location = locationOf(context.file, chunk, field);
  context.result.issues.push(
    errorIssue({
      file: context.file,
      line: chunk.line,
      element: chunk.element,
      field,
      code: 'invalid-record',
      message: `${describePlace(location)}${field === null ? '' : `, champ « ${field} »`} : ${reason}. L’enregistrement est rejeté ; corrigez-le ou téléchargez de nouveau les données depuis l’API ADICT.`,
      raw: rawOf(chunk.text),
    }),
  );
}

function reportStatus(object: Record<string, unknown>, chunk: JsonStreamValue, context: ParseContext): void {
  const code = String(object.code_statut_traitement ?? '');
  if (code === SUCCESS_STATUS) return;
  const message = asText(object.message_retour_traitement) ?? '';
  context.result.issues.push(
    warningIssue({
      file: context.file,
      line: chunk.line,
      element: chunk.element,
      field: 'code_statut_traitement',
      code: 'processing-status',
      message: `${describePlace(locationOf(context.file, chunk, null))} : GRDF signale le statut de traitement ${code}${message === '' ? '' : ` (« ${message} »)`}. Les données reçues avant ce statut sont importées ; la réponse est peut-être incomplète, interrogez de nouveau l’API.`,
      raw: rawOf(chunk.text),
    }),
  );
}

function handleValue(chunk: JsonStreamValue, context: ParseContext): void {
  const object = asObject(chunk.value);
  if (object === null) {
    context.result.recordsRead += 1;
    reportRecordError(
      context,
      chunk,
      null,
      `la valeur ${describeJson(chunk.value)} n’est pas un objet JSON de l’API ADICT`,
    );
    return;
  }
  if ('code_statut_traitement' in object && !('pce' in object)) {
    reportStatus(object, chunk, context);
    return;
  }
  context.result.recordsRead += 1;
  const status = restitutionError(object);
  if (status !== null) reportRestitutionError(status, object, chunk, context);

  const conso = asObject(object.consommation);
  if (conso !== null) {
    const read = readConsumption(object, conso, chunk, context);
    if (read.ok) context.collector.add(read.record);
    else reportRecordError(context, chunk, read.field, read.reason);
    return;
  }
  const contract = asObject(object.donnees_contractuelles);
  if (contract !== null) {
    readContractualFacts(object, contract, chunk, context);
    return;
  }
  if ('id_droit_acces' in object || 'etat_droit_acces' in object || 'liste_acces' in object) {
    context.skipped.accessRights += 1;
    return;
  }
  if ('donnees_techniques' in object) {
    context.skipped.technical += 1;
    return;
  }
  // NOTE: no injection response was available; its blocks are recognised by a key naming injection.
  if (Object.keys(object).some((key) => key.includes('injection'))) {
    context.skipped.injections += 1;
    return;
  }
  if (status !== null) return;
  reportRecordError(
    context,
    chunk,
    null,
    'l’objet n’a ni bloc « consommation » ni « donnees_contractuelles » : ce n’est pas une réponse de consommation ADICT connue',
  );
}

function reportFailure(failure: JsonStreamFailure, context: ParseContext): void {
  context.result.recordsRead += 1;
  const lines =
    failure.endLine > failure.line ? `lignes ${failure.line} à ${failure.endLine}` : `ligne ${failure.line}`;
  const place = `${context.file}, ${lines}${failure.element === null ? '' : `, élément ${failure.element}`}`;
  const reason =
    failure.kind === 'not-json'
      ? 'ce texte n’est pas un objet JSON'
      : failure.kind === 'truncated'
        ? 'l’objet JSON n’est pas refermé (accolade ou crochet manquant, fichier tronqué ?)'
        : 'l’objet JSON est mal formé (virgule, guillemet ou accolade manquant ou en trop)';
  context.result.issues.push(
    errorIssue({
      file: context.file,
      line: failure.line,
      element: failure.element,
      code: 'invalid-json',
      message: `${place} : ${reason}. Cet enregistrement est rejeté, les autres sont importés ; téléchargez de nouveau cette réponse de l’API ADICT.`,
      raw: rawOf(failure.text),
    }),
  );
}

function summarise(context: ParseContext): void {
  const { file, result } = context;
  if (context.offsetMismatches.length > 0) {
    result.issues.push(
      warningIssue({
        file,
        code: 'gas-day-offset',
        message: `${file} : ${context.offsetMismatches.length} horodatage(s) de début ou de fin de journée gazière portent un décalage horaire qui ne correspond pas à 06:00 heure de Paris (par exemple « ${context.offsetMismatches[0]} »). Une journée gazière commence à 06:00 heure de Paris : c’est l’heure retenue, le décalage indiqué est ignoré. Aucune action n’est nécessaire.`,
      }),
    );
  }
  for (const pce of context.restoredPces) {
    result.issues.push(
      warningIssue({
        file,
        code: 'pce-leading-zeros',
        message: `${file} : le PCE ${pce} était écrit comme un nombre, sans ses zéros initiaux ; ils ont été rétablis (14 chiffres). Vérifiez que ce PCE est le bon.`,
        raw: pce,
      }),
    );
  }
  const { accessRights, technical, injections } = context.skipped;
  const skippedParts: string[] = [];
  if (accessRights > 0) skippedParts.push(`${accessRights} droit(s) d’accès`);
  if (technical > 0) skippedParts.push(`${technical} bloc(s) de données techniques`);
  if (injections > 0) skippedParts.push(`${injections} bloc(s) d’injection de biométhane`);
  if (skippedParts.length > 0) {
    result.issues.push(
      warningIssue({
        file,
        code: 'skipped-objects',
        message: `${file} : ${skippedParts.join(', ')} ne contiennent pas de consommation et ne sont pas importés. Importez les réponses « donnees_consos_informatives » ou « donnees_consos_publiees » pour les consommations.`,
      }),
    );
  }
}

/** Reads an ADICT response into gas readings, conversion coefficients and contractual facts. */
export function parseGrdfAdict(input: ParserInput): ParseResult {
  const format = GRDF_ADICT_FORMAT;
  const file = input.fileName;
  const signature = binarySignature(input.bytes);
  if (signature !== null) {
    return fatalResult(
      format,
      file,
      'binary-file',
      `${file} : le fichier est compressé (${signature}) et non au format JSON. Décompressez-le, ou déposez la réponse NDJSON de l’API ADICT telle quelle.`,
    );
  }
  const decoded = decodeText(input.bytes);
  if (!decoded.ok) return fatalResult(format, file, 'unreadable-encoding', `${file} : ${decoded.reason}.`);
  if (decoded.text.trim() === '') {
    return fatalResult(
      format,
      file,
      'empty-file',
      `${file} : le fichier est vide. Interrogez de nouveau l’API ADICT.`,
    );
  }
  const content = readJsonStream(decoded.text);
  if (content.values.length === 0) {
    return fatalResult(
      format,
      file,
      'not-json',
      `${file} : aucun objet JSON lisible n’a été trouvé${content.failures[0] ? ` (ligne ${content.failures[0].line} : « ${content.failures[0].text.slice(0, 60)} »)` : ''}. Ce n’est pas une réponse de l’API ADICT de GRDF ; vérifiez le fichier choisi.`,
    );
  }

  const result = emptyResult(format);
  const context: ParseContext = {
    file,
    result,
    collector: new GasReadingCollector(file),
    facts: [],
    offsetMismatches: [],
    restoredPces: new Set(),
    skipped: { accessRights: 0, technical: 0, injections: 0 },
  };
  // Values and failures are handled in file order, so the issues follow the file.
  let failureIndex = 0;
  for (const chunk of content.values) {
    while (
      failureIndex < content.failures.length &&
      (content.failures[failureIndex]?.line ?? 0) < chunk.line
    ) {
      reportFailure(content.failures[failureIndex] as JsonStreamFailure, context);
      failureIndex += 1;
    }
    handleValue(chunk, context);
  }
  for (; failureIndex < content.failures.length; failureIndex += 1) {
    reportFailure(content.failures[failureIndex] as JsonStreamFailure, context);
  }
  if (content.unclosedArrayLine !== null) {
    result.issues.push(
      warningIssue({
        file,
        line: content.unclosedArrayLine,
        code: 'unclosed-array',
        message: `${file}, ligne ${content.unclosedArrayLine} : le tableau JSON n’est pas refermé (crochet « ] » manquant) ; le fichier est peut-être tronqué. Les objets complets sont importés ; vérifiez qu’il n’en manque pas.`,
      }),
    );
  }

  result.readings = context.collector.readings;
  result.gasConversions = context.collector.conversions;
  result.issues.push(...context.collector.summaryIssues());
  summarise(context);
  if (context.facts.length > 0) result.deliveryPointFacts = context.facts;
  return result;
}

/**
 * Returns the confidence that a file is an ADICT response: certain when its first object has the
 * ADICT keys (`id_pce` with a consumption or contract block), likely for status and access-right
 * responses, and low for a bare `.ndjson` name.
 */
export function detectGrdfAdict(input: DetectInput): number {
  if (binarySignature(input.headBytes) !== null) return 0;
  const head = input.head.replace(/^\uFEFF/, '');
  const first = head.trimStart()[0];
  if (first !== '{' && first !== '[') return 0;
  if (
    /"id_pce"\s*:/.test(head) &&
    /"(?:consommation|donnees_contractuelles|donnees_techniques)"\s*:/.test(head)
  ) {
    return 1;
  }
  if (/"code_statut_traitement"\s*:/.test(head) || /"id_droit_acces"\s*:/.test(head)) return 0.9;
  return /\.ndjson$/i.test(input.fileName) ? 0.3 : 0;
}

export const grdfAdictParser: FileParser<unknown> = {
  format: GRDF_ADICT_FORMAT,
  label: 'GRDF ADICT, consommations de gaz (API, NDJSON)',
  needsMapping: false,
  detect: detectGrdfAdict,
  parse: async (input) => parseGrdfAdict(input),
};
