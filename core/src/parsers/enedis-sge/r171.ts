/**
 * Enedis SGE flow R171: daily indexes of C1–C4 delivery points (and P1–P3 producers). Root
 * `<ns2:R171>`, camelCase children, one `serieMesuresDatees` per PRM, quantity and time class.
 * `dateFin` is the reading instant in Paris legal time WITHOUT offset (around 00:50, the day after
 * the consumption day). Only active-energy indexes (`EA` in Wh) become readings; the file also
 * carries reactive energies (VArh), maximum powers (VA) and durations (s), which are skipped.
 * Structure: Enedis guide SGE.GUI.0479 v1.3.0, XSD v1.2.0; real files write `INDEX`, `VArh`, `s`
 * where the guide writes `IDX`, `VARh`, `S`, so codes are compared without case.
 */

import { emptyResult, errorIssue, fatalResult } from '../results.js';
import type { DetectInput, FileParser, ParseResult, ParserInput } from '../types.js';
import {
  elementLocation,
  isPrm,
  ParisClock,
  pushWarning,
  RemarkCounter,
  RepublicationTracker,
  readInteger,
  readIsoTimestamp,
} from './common.js';
import { detectSgeXml } from './detect.js';
import { childElement, childElements, childText, readSgeXml, type XmlElement } from './xml.js';

export const ENEDIS_R171_FORMAT = 'enedis-r171';

const REPEATED = new Set(['serieMesuresDatees', 'mesureDatee']);
const INDEX_TYPES = new Set(['INDEX', 'IDX']);
/** Divisor from the unit of an active-energy index to kWh. */
const ENERGY_UNITS: Record<string, number> = { WH: 1000, KWH: 1 };

export function detectEnedisR171(input: DetectInput): number {
  return detectSgeXml(input, 'R171', /_R171_/i);
}

/** The series list; the guide's diagram spells it `seriesMesuresDateesListe`, real files `serieMesuresDateesListe`. */
function seriesOf(root: XmlElement): { listName: string; series: XmlElement[] } {
  for (const listName of ['serieMesuresDateesListe', 'seriesMesuresDateesListe']) {
    const list = childElement(root, listName);
    if (list !== null) return { listName, series: childElements(list, 'serieMesuresDatees') };
  }
  return { listName: 'serieMesuresDateesListe', series: [] };
}

/** Reads an R171 file into INDEX readings in kWh per `<PRM>#<class>` (`<PRM>#PROD#<class>` for injection). */
export function parseEnedisR171(input: ParserInput): ParseResult {
  const format = ENEDIS_R171_FORMAT;
  const file = input.fileName;
  const document = readSgeXml(input.bytes, REPEATED);
  if (!document.ok) {
    const where = document.line !== null ? `, ligne ${document.line}` : '';
    return fatalResult(
      format,
      file,
      'unreadable-xml',
      `${file}${where} : ${document.reason}. Le fichier R171 ne peut pas être lu ; s’il est chiffré ou compressé, déposez-le tel que reçu d’Enedis avec la clé configurée dans la source.`,
    );
  }
  if (document.rootName !== 'R171') {
    return fatalResult(
      format,
      file,
      'wrong-root',
      `${file} : l’élément racine est <${document.rootName}> au lieu de <ns2:R171>. Ce n’est pas un flux R171 ; choisissez le format correspondant au fichier.`,
    );
  }

  const result = emptyResult(format);
  result.publication = null;
  const clock = new ParisClock();
  const tracker = new RepublicationTracker();
  const skippedByKind = new Map<string, number>();
  const skipped = new RemarkCounter();
  const { listName, series } = seriesOf(document.root);

  series.forEach((serie, serieIndex) => {
    const path = `/R171/${listName}/serieMesuresDatees[${serieIndex + 1}]`;
    const measures = childElements(childElement(serie, 'mesuresDateesListe') ?? {}, 'mesureDatee');
    result.recordsRead += measures.length;
    const type = (childText(serie, 'type') ?? '').toUpperCase();
    const quantity = (childText(serie, 'grandeurPhysique') ?? '').toUpperCase();
    const unitText = childText(serie, 'unite') ?? '';
    const divisor = ENERGY_UNITS[unitText.toUpperCase()];
    if (!INDEX_TYPES.has(type) || quantity !== 'EA' || divisor === undefined) {
      const kind = `${quantity || '?'} en ${unitText || '?'}`;
      skippedByKind.set(kind, (skippedByKind.get(kind) ?? 0) + measures.length);
      skipped.add(elementLocation(file, path), null, measures.length);
      return;
    }
    const prm = childText(serie, 'prmId');
    if (!isPrm(prm)) {
      result.issues.push(
        errorIssue({
          file,
          element: path,
          field: 'prmId',
          code: 'invalid-prm',
          message: `${file}, ${path} : l’identifiant de PRM « ${prm ?? ''} » n’a pas 14 chiffres. Les ${measures.length} index de la série sont rejetés ; demandez à Enedis de republier le fichier.`,
          raw: prm ?? null,
        }),
      );
      return;
    }
    const timeClass = (childText(serie, 'codeClasseTemporelle') ?? '').toUpperCase();
    if (timeClass === '') {
      result.issues.push(
        errorIssue({
          file,
          element: path,
          field: 'codeClasseTemporelle',
          code: 'missing-time-class',
          message: `${file}, ${path} : la série n’a pas de code de classe temporelle. Ses ${measures.length} index sont rejetés ; demandez à Enedis de republier le fichier.`,
        }),
      );
      return;
    }
    const production = (childText(serie, 'grandeurMetier') ?? '').toUpperCase() === 'PROD';
    const externalId = production ? `${prm}#PROD#${timeClass}` : `${prm}#${timeClass}`;
    let previousMs: number | null = null;

    measures.forEach((measure, measureIndex) => {
      const element = `${path}/mesuresDateesListe/mesureDatee[${measureIndex + 1}]`;
      const stamp = childText(measure, 'dateFin') ?? '';
      const written = readIsoTimestamp(stamp);
      const readAtMs = written === null ? null : clock.instantOf(written, previousMs);
      if (written === null || readAtMs === null) {
        result.issues.push(
          errorIssue({
            file,
            element,
            field: 'dateFin',
            code: 'invalid-timestamp',
            message: `${file}, ${element} : la date de relevé « ${stamp} » n’est pas une date et heure valide à Paris (attendu : 2026-03-01T00:51:11). L’index est rejeté ; demandez à Enedis de republier le fichier.`,
            raw: stamp,
          }),
        );
        return;
      }
      previousMs = readAtMs;
      const valueText = childText(measure, 'valeur') ?? '';
      let value: number | null = null;
      if (valueText !== '') {
        const indexValue = readInteger(valueText);
        if (indexValue === null) {
          result.issues.push(
            errorIssue({
              file,
              element,
              field: 'valeur',
              code: 'invalid-number',
              message: `${file}, ${element} : l’index « ${valueText} » n’est pas un nombre entier. L’index est rejeté ; demandez à Enedis de republier le fichier.`,
              raw: valueText,
            }),
          );
          return;
        }
        value = indexValue / divisor;
      }
      const location = elementLocation(file, element);
      tracker.record(externalId, readAtMs, value, null, location, valueText);
      result.readings.push({
        externalId,
        measure: 'INDEX',
        start: new Date(readAtMs),
        stepSeconds: null,
        value,
        quality: value === null ? 'missing' : 'measured',
        location,
      });
    });
  });

  pushWarning(result.issues, tracker.warning(file));
  const kinds = [...skippedByKind.entries()].map(([kind, count]) => `${kind} × ${count}`).join(', ');
  pushWarning(
    result.issues,
    skipped.warning(
      'skipped-quantity',
      (count, first) =>
        `${file} : ${count} mesure(s) autres que des index d’énergie active en Wh ne sont pas importées (${kinds}), la première en ${first}. La plateforme n’importe que les index d’énergie active (EA) du R171 ; aucune action n’est nécessaire.`,
    ),
  );
  return result;
}

export const enedisR171Parser: FileParser<unknown> = {
  format: ENEDIS_R171_FORMAT,
  label: 'Enedis SGE R171, index quotidiens C1 à C4 (XML)',
  needsMapping: false,
  detect: detectEnedisR171,
  parse: async (input) => parseEnedisR171(input),
};
