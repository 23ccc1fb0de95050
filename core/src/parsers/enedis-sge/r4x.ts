/**
 * Enedis SGE flows R4Q, R4H and R4M (one format, `R4x`): load curves of C1–C4 delivery points.
 * Root `<Courbe>`, one PRM per XML, one `<Donnees_Courbe>` per quantity and day. Points carry
 * attributes only. `Horodatage` is the START of the interval, with its UTC offset. `Valeur_Point`
 * is the mean power over `Granularite` minutes in `Unite_Mesure` (kW for active power). On the
 * autumn change the local hour [02:00; 03:00[ appears twice, first `+02:00` then `+01:00`.
 * Structure: Enedis guide SGE.GUI.0408 v2.0.3, XSD v1.1.1.
 */

import { emptyResult, errorIssue, fatalResult } from '../results.js';
import type { DetectInput, FileParser, ParseResult, ParserInput, ReadingQuality } from '../types.js';
import {
  elementLocation,
  isPrm,
  ParisClock,
  pushWarning,
  RemarkCounter,
  RepublicationTracker,
  readDecimal,
  readInteger,
  readIsoTimestamp,
} from './common.js';
import { attributeText, childElement, childElements, childText, readSgeXml, xmlRootName } from './xml.js';

export const ENEDIS_R4X_FORMAT = 'enedis-r4x';

const REPEATED = new Set(['Donnees_Courbe', 'Donnees_Point_Mesure']);
/** Divisor from the power unit of a curve to kW. */
const POWER_UNITS: Record<string, number> = { KW: 1, W: 1000 };

/**
 * Quality of each `Statut_Point` code. R real; S, T, F, G mains cuts (a measured value); H and P
 * reconstituted, E estimated and K computed from other curves; C corrected and D imported by hand
 * by Enedis.
 */
const STATUS_QUALITY: Record<string, ReadingQuality> = {
  R: 'measured',
  S: 'measured',
  T: 'measured',
  F: 'measured',
  G: 'measured',
  H: 'estimated',
  P: 'estimated',
  E: 'estimated',
  K: 'estimated',
  C: 'corrected',
  D: 'corrected',
};

/**
 * Returns the confidence that a file is an R4x load curve. Root `<Courbe>` with `Identifiant_Flux`
 * R4x (or R4x points) is certain. Root `<Courbe>` alone is only likely, because the name is generic.
 */
export function detectEnedisR4x(input: DetectInput): number {
  const root = xmlRootName(input.head);
  if (root === 'Courbe') {
    return /<(?:\w+:)?Identifiant_Flux>\s*R4[xQHM]\s*</i.test(input.head) ||
      /<(?:\w+:)?Donnees_Point_Mesure[\s/>]/.test(input.head)
      ? 1
      : 0.7;
  }
  if (root !== null) return 0;
  return /_R4[HMQ]_|_R4x_CDC_/i.test(`_${input.fileName}_`) ? 0.3 : 0;
}

interface R4xRemarks {
  skipped: RemarkCounter;
  skippedKinds: Map<string, number>;
  unknownStatus: RemarkCounter;
  noOffset: RemarkCounter;
}

/** Reads an R4x file into energies per interval, in kWh (`<PRM>` for consumption, `<PRM>#PROD` for injection). */
export function parseEnedisR4x(input: ParserInput): ParseResult {
  const format = ENEDIS_R4X_FORMAT;
  const file = input.fileName;
  const document = readSgeXml(input.bytes, REPEATED);
  if (!document.ok) {
    const where = document.line !== null ? `, ligne ${document.line}` : '';
    return fatalResult(
      format,
      file,
      'unreadable-xml',
      `${file}${where} : ${document.reason}. Le fichier R4x ne peut pas être lu ; s’il est chiffré ou compressé, déposez-le tel que reçu d’Enedis avec la clé configurée dans la source.`,
    );
  }
  if (document.rootName !== 'Courbe') {
    return fatalResult(
      format,
      file,
      'wrong-root',
      `${file} : l’élément racine est <${document.rootName}> au lieu de <Courbe>. Ce n’est pas un flux R4Q, R4H ou R4M ; choisissez le format correspondant au fichier.`,
    );
  }
  const body = childElement(document.root, 'Corps') ?? {};
  const prm = childText(body, 'Identifiant_PRM');
  const curves = childElements(body, 'Donnees_Courbe');
  if (!isPrm(prm)) {
    return fatalResult(
      format,
      file,
      'invalid-prm',
      `${file}, /Courbe/Corps/Identifiant_PRM : l’identifiant de PRM « ${prm ?? ''} » n’a pas 14 chiffres. Le fichier n’est pas importé ; demandez à Enedis de le republier.`,
    );
  }

  const result = emptyResult(format);
  result.publication = null;
  const clock = new ParisClock();
  const tracker = new RepublicationTracker();
  const remarks: R4xRemarks = {
    skipped: new RemarkCounter(),
    skippedKinds: new Map(),
    unknownStatus: new RemarkCounter(),
    noOffset: new RemarkCounter(),
  };

  curves.forEach((curve, curveIndex) => {
    const path = `/Courbe/Corps/Donnees_Courbe[${curveIndex + 1}]`;
    const points = childElements(curve, 'Donnees_Point_Mesure');
    result.recordsRead += points.length;
    const quantity = (childText(curve, 'Grandeur_Physique') ?? '').toUpperCase();
    const unitText = childText(curve, 'Unite_Mesure') ?? '';
    if (quantity !== 'EA') {
      const kind = `${quantity || '?'} en ${unitText || '?'}`;
      remarks.skippedKinds.set(kind, (remarks.skippedKinds.get(kind) ?? 0) + points.length);
      remarks.skipped.add(elementLocation(file, path), null, points.length);
      return;
    }
    const divisor = POWER_UNITS[unitText.toUpperCase()];
    if (divisor === undefined) {
      result.issues.push(
        errorIssue({
          file,
          element: path,
          field: 'Unite_Mesure',
          code: 'unknown-unit',
          message: `${file}, ${path} : l’unité « ${unitText} » n’est pas une unité de puissance active (attendu : kW). Les ${points.length} point(s) de la courbe sont rejetés ; signalez le fichier à l’équipe OpenFluides.`,
          raw: unitText,
        }),
      );
      return;
    }
    const granularityText = childText(curve, 'Granularite') ?? '';
    const granularity = readInteger(granularityText);
    if (granularity === null || granularity <= 0 || granularity > 1440) {
      result.issues.push(
        errorIssue({
          file,
          element: path,
          field: 'Granularite',
          code: 'invalid-step',
          message: `${file}, ${path} : la granularité « ${granularityText} » n’est pas un nombre de minutes valide (attendu : 5 ou 10). Les ${points.length} point(s) de la courbe sont rejetés ; demandez à Enedis de republier le fichier.`,
          raw: granularityText,
        }),
      );
      return;
    }
    const stepSeconds = granularity * 60;
    const production = (childText(curve, 'Grandeur_Metier') ?? '').toUpperCase() === 'PROD';
    const externalId = production ? `${prm}#PROD` : prm;
    let previousMs: number | null = null;

    points.forEach((point, pointIndex) => {
      const element = `${path}/Donnees_Point_Mesure[${pointIndex + 1}]`;
      const stamp = attributeText(point, 'Horodatage') ?? '';
      const written = readIsoTimestamp(stamp);
      const startMs = written === null ? null : clock.instantOf(written, previousMs);
      if (written === null || startMs === null) {
        result.issues.push(
          errorIssue({
            file,
            element,
            field: 'Horodatage',
            code: 'invalid-timestamp',
            message: `${file}, ${element} : l’horodatage « ${stamp} » n’est pas une date et heure ISO 8601 valide (attendu : 2024-10-27T02:00:00+02:00). Le point est rejeté ; demandez à Enedis de republier le fichier.`,
            raw: stamp,
          }),
        );
        return;
      }
      if (written.offsetMinutes === null)
        remarks.noOffset.add(elementLocation(file, element, 'Horodatage'), stamp);
      previousMs = startMs;
      const valueText = attributeText(point, 'Valeur_Point') ?? '';
      const status = (attributeText(point, 'Statut_Point') ?? '').toUpperCase();
      const location = elementLocation(file, element);
      let value: number | null = null;
      if (valueText !== '') {
        const power = readDecimal(valueText);
        if (power === null) {
          result.issues.push(
            errorIssue({
              file,
              element,
              field: 'Valeur_Point',
              code: 'invalid-number',
              message: `${file}, ${element} : la puissance « ${valueText} » n’est pas un nombre. Le point est rejeté ; demandez à Enedis de republier le fichier.`,
              raw: valueText,
            }),
          );
          return;
        }
        value = ((power / divisor) * stepSeconds) / 3600;
      }
      let quality: ReadingQuality = 'missing';
      if (value !== null) {
        const mapped = STATUS_QUALITY[status];
        if (mapped === undefined && status !== '') remarks.unknownStatus.add(location, status);
        quality = mapped ?? 'measured';
      }
      tracker.record(externalId, startMs, value, stepSeconds, location, valueText);
      result.readings.push({
        externalId,
        measure: 'ENERGY',
        start: new Date(startMs),
        stepSeconds,
        value,
        quality,
        location,
      });
    });
  });

  pushWarning(result.issues, tracker.warning(file));
  const kinds = [...remarks.skippedKinds.entries()].map(([kind, count]) => `${kind} × ${count}`).join(', ');
  pushWarning(
    result.issues,
    remarks.skipped.warning(
      'skipped-quantity',
      (count, first) =>
        `${file} : ${count} point(s) de courbes autres que la puissance active ne sont pas importés (${kinds}), le premier en ${first}. La plateforme n’importe que la puissance active (EA) ; aucune action n’est nécessaire.`,
    ),
  );
  pushWarning(
    result.issues,
    remarks.unknownStatus.warning(
      'unknown-status',
      (count, first) =>
        `${file} : ${count} point(s) portent un statut inconnu du guide Enedis, le premier en ${first}. Ils sont importés comme mesurés.`,
    ),
  );
  pushWarning(
    result.issues,
    remarks.noOffset.warning(
      'missing-offset',
      (count, first) =>
        `${file} : ${count} horodatage(s) n’ont pas de décalage UTC, le premier en ${first}. Ils sont lus à l’heure de Paris ; une heure répétée en octobre est attribuée dans l’ordre du fichier.`,
    ),
  );
  return result;
}

export const enedisR4xParser: FileParser<unknown> = {
  format: ENEDIS_R4X_FORMAT,
  label: 'Enedis SGE R4Q, R4H, R4M, courbes de charge C1 à C4 (XML)',
  needsMapping: false,
  detect: detectEnedisR4x,
  parse: async (input) => parseEnedisR4x(input),
};
