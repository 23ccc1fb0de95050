/**
 * Enedis SGE flow R50: load curves of C5 (Linky) delivery points. Each `<PDC>` gives in `<V>` the
 * mean active power in W over the interval that ENDS at `<H>`, a stamp with its UTC offset. A file
 * contains several PRMs, one `<Donnees_Releve>` per day, and extra `<Donnees_Releve>` blocks that
 * bring late data for an earlier day. Structure: Enedis guide SGE.GUI.0318 v2.2.0, XSD v1.1.0.
 */

import { emptyResult, errorIssue, fatalResult } from '../results.js';
import type { DetectInput, FileParser, ParseResult, ParserInput, SeriesReading } from '../types.js';
import {
  elementLocation,
  isPrm,
  ParisClock,
  publicationOfFileName,
  pushWarning,
  RemarkCounter,
  RepublicationTracker,
  readInteger,
  readIsoDate,
  readIsoTimestamp,
} from './common.js';
import { detectSgeXml } from './detect.js';
import { childElement, childElements, childText, readSgeXml, type XmlElement } from './xml.js';

export const ENEDIS_R50_FORMAT = 'enedis-r50';

const REPEATED = new Set(['PRM', 'Donnees_Releve', 'PDC']);
const MINUTE_MS = 60_000;
/** Steps a Linky load curve can have, in minutes. */
const KNOWN_STEPS_MS = new Set([5, 10, 15, 20, 30, 60].map((minutes) => minutes * MINUTE_MS));
/** Step of the guide's `Pas_Publication`, used when neither midnight nor the next point gives one. */
const DEFAULT_STEP_MS = 30 * MINUTE_MS;

export function detectEnedisR50(input: DetectInput): number {
  return detectSgeXml(input, 'R50', /_R50_/i);
}

/** One `<PDC>` once its stamp is read. */
interface Point {
  index: number;
  endMs: number;
  /** Mean power in W; null when `<V>` is absent or empty, undefined when it is invalid. */
  watts: number | null | undefined;
  valueText: string | undefined;
  validity: string | undefined;
}

/** Remarks that the parser summarises in one warning each. */
interface R50Remarks {
  emptyDays: RemarkCounter;
  questionable: RemarkCounter;
  irregular: RemarkCounter;
  noOffset: RemarkCounter;
}

/**
 * Returns the length of each point's interval. Stamps are interval ends, so a point covers the
 * time since the previous one. A longer spacing counts as a new step only when the next spacing
 * confirms it. Otherwise points are missing, and the step stays the same. The first point of a
 * day is measured from Paris midnight, or takes the step it had when first published.
 */
function stepsOf(
  points: readonly Point[],
  firstPointStep: (point: Point) => number | null,
  headerStepMs: number,
  dayStartMs: number,
  onIrregular: (point: Point) => void,
): number[] {
  const steps: number[] = [];
  for (let index = 0; index < points.length; index += 1) {
    const point = points[index] as Point;
    const next = points[index + 1];
    const nextSpacing = next !== undefined ? next.endMs - point.endMs : null;
    const nextIsStep = nextSpacing !== null && KNOWN_STEPS_MS.has(nextSpacing);
    if (index === 0) {
      const republished = firstPointStep(point);
      if (republished !== null) {
        steps.push(republished);
        continue;
      }
      const sinceMidnight = point.endMs - dayStartMs;
      if (KNOWN_STEPS_MS.has(sinceMidnight)) {
        steps.push(
          nextIsStep && (nextSpacing as number) < sinceMidnight ? (nextSpacing as number) : sinceMidnight,
        );
      } else {
        steps.push(nextIsStep ? (nextSpacing as number) : headerStepMs);
      }
      continue;
    }
    const previousStep = steps[index - 1] as number;
    const spacing = point.endMs - (points[index - 1] as Point).endMs;
    if (KNOWN_STEPS_MS.has(spacing) && (spacing <= previousStep || nextSpacing === spacing)) {
      steps.push(spacing);
    } else {
      steps.push(previousStep);
      onIrregular(point);
    }
  }
  return steps;
}

interface BlockContext {
  file: string;
  prm: string;
  path: string;
  date: string;
  headerStepMs: number;
  clock: ParisClock;
  tracker: RepublicationTracker;
  remarks: R50Remarks;
  result: ParseResult;
}

function readBlock(block: XmlElement, context: BlockContext): void {
  const { file, prm, path, date, clock, tracker, remarks, result } = context;
  const pdcs = childElements(block, 'PDC');
  result.recordsRead += pdcs.length;
  if (pdcs.length === 0) {
    remarks.emptyDays.add(elementLocation(file, path, 'PDC'), date);
    return;
  }

  const points: Point[] = [];
  let previousMs: number | null = null;
  pdcs.forEach((pdc, index) => {
    const element = `${path}/PDC[${index + 1}]`;
    const stamp = childText(pdc, 'H') ?? '';
    const written = readIsoTimestamp(stamp);
    const endMs = written === null ? null : clock.instantOf(written, previousMs);
    if (written === null || endMs === null) {
      result.issues.push(
        errorIssue({
          file,
          element,
          field: 'H',
          code: 'invalid-timestamp',
          message: `${file}, ${element} : l’horodatage « ${stamp} » n’est pas une date et heure ISO 8601 valide (attendu : 2024-03-30T00:30:00+01:00). Le point est rejeté ; demandez à Enedis de republier le fichier.`,
          raw: stamp,
        }),
      );
      return;
    }
    if (written.offsetMinutes === null) remarks.noOffset.add(elementLocation(file, element, 'H'), stamp);
    if (previousMs !== null && endMs <= previousMs) {
      result.issues.push(
        errorIssue({
          file,
          element,
          field: 'H',
          code: 'timestamp-order',
          message: `${file}, ${element} : l’horodatage « ${stamp} » n’est pas postérieur à celui du point précédent du même jour. Le point est rejeté ; vérifiez le fichier.`,
          raw: stamp,
        }),
      );
      return;
    }
    previousMs = endMs;
    const valueText = childText(pdc, 'V');
    let watts: number | null | undefined = null;
    if (valueText !== undefined && valueText !== '') {
      watts = readInteger(valueText) ?? undefined;
      if (watts === undefined) {
        result.issues.push(
          errorIssue({
            file,
            element,
            field: 'V',
            code: 'invalid-number',
            message: `${file}, ${element} : la puissance « ${valueText} » n’est pas un nombre entier de watts. Le point est rejeté ; demandez à Enedis de republier le fichier.`,
            raw: valueText,
          }),
        );
      }
    }
    // A point with an invalid value still marks the end of an interval for the step of the next one.
    points.push({ index, endMs, watts, valueText, validity: childText(pdc, 'IV') });
  });

  const steps = stepsOf(
    points,
    (point) => tracker.earlierStep(prm, point.endMs),
    context.headerStepMs,
    clock.dayStartMs(date),
    (point) => remarks.irregular.add(elementLocation(file, `${path}/PDC[${point.index + 1}]`, 'H')),
  );

  points.forEach((point, position) => {
    const element = `${path}/PDC[${point.index + 1}]`;
    const stepMs = steps[position] as number;
    if (point.watts === undefined) return;
    const location = elementLocation(file, element);
    // W × ms → kWh: divide by 3 600 000 ms per hour and 1000 W per kW.
    const value = point.watts === null ? null : (point.watts * stepMs) / 3_600_000_000;
    if (point.validity === '1') remarks.questionable.add(location, point.valueText ?? null);
    const reading: SeriesReading = {
      externalId: prm,
      measure: 'ENERGY',
      start: new Date(point.endMs - stepMs),
      stepSeconds: stepMs / 1000,
      value,
      quality: value === null ? 'missing' : 'measured',
      location,
    };
    // The tracker is keyed on the end stamp, as written in the file.
    tracker.record(prm, point.endMs, value, stepMs, location, point.valueText ?? null);
    result.readings.push(reading);
  });
}

/** Reads an R50 file into energies per interval, in kWh, one series per PRM. */
export function parseEnedisR50(input: ParserInput): ParseResult {
  const format = ENEDIS_R50_FORMAT;
  const file = input.fileName;
  const document = readSgeXml(input.bytes, REPEATED);
  if (!document.ok) {
    const where = document.line !== null ? `, ligne ${document.line}` : '';
    return fatalResult(
      format,
      file,
      'unreadable-xml',
      `${file}${where} : ${document.reason}. Le fichier R50 ne peut pas être lu ; s’il est chiffré ou compressé, déposez-le tel que reçu d’Enedis avec la clé configurée dans la source.`,
    );
  }
  if (document.rootName !== 'R50') {
    return fatalResult(
      format,
      file,
      'wrong-root',
      `${file} : l’élément racine est <${document.rootName}> au lieu de <R50>. Ce n’est pas un flux R50 ; choisissez le format correspondant au fichier.`,
    );
  }

  const result = emptyResult(format);
  result.publication = publicationOfFileName(file);
  const header = childElement(document.root, 'En_Tete_Flux');
  const headerStep = readInteger(header ? (childText(header, 'Pas_Publication') ?? '') : '');
  const headerStepMs =
    headerStep !== null && KNOWN_STEPS_MS.has(headerStep * MINUTE_MS)
      ? headerStep * MINUTE_MS
      : DEFAULT_STEP_MS;
  const clock = new ParisClock();
  const tracker = new RepublicationTracker();
  const remarks: R50Remarks = {
    emptyDays: new RemarkCounter(),
    questionable: new RemarkCounter(),
    irregular: new RemarkCounter(),
    noOffset: new RemarkCounter(),
  };

  childElements(document.root, 'PRM').forEach((prmElement, prmIndex) => {
    const prmPath = `/R50/PRM[${prmIndex + 1}]`;
    const prm = childText(prmElement, 'Id_PRM');
    const blocks = childElements(prmElement, 'Donnees_Releve');
    if (!isPrm(prm)) {
      const pointCount = blocks.reduce((count, block) => count + childElements(block, 'PDC').length, 0);
      result.recordsRead += pointCount;
      result.issues.push(
        errorIssue({
          file,
          element: prmPath,
          field: 'Id_PRM',
          code: 'invalid-prm',
          message: `${file}, ${prmPath} : l’identifiant de PRM « ${prm ?? ''} » n’a pas 14 chiffres. Les ${pointCount} point(s) de ce PRM sont rejetés ; demandez à Enedis de republier le fichier.`,
          raw: prm ?? null,
        }),
      );
      return;
    }
    blocks.forEach((block, blockIndex) => {
      const path = `${prmPath}/Donnees_Releve[${blockIndex + 1}]`;
      const dateText = childText(block, 'Date_Releve') ?? '';
      const date = readIsoDate(dateText);
      if (date === null) {
        const pointCount = childElements(block, 'PDC').length;
        result.recordsRead += pointCount;
        result.issues.push(
          errorIssue({
            file,
            element: path,
            field: 'Date_Releve',
            code: 'invalid-date',
            message: `${file}, ${path} : la date de relevé « ${dateText} » n’est pas une date AAAA-MM-JJ. Les ${pointCount} point(s) du relevé sont rejetés ; demandez à Enedis de republier le fichier.`,
            raw: dateText,
          }),
        );
        return;
      }
      readBlock(block, { file, prm, path, date, headerStepMs, clock, tracker, remarks, result });
    });
  });

  pushWarning(result.issues, tracker.warning(file));
  pushWarning(
    result.issues,
    remarks.emptyDays.warning(
      'day-unavailable',
      (count, first) =>
        `${file} : ${count} relevé(s) journalier(s) ne contiennent aucun point (courbe indisponible chez Enedis), le premier en ${first}. Ces jours restent sans données ; Enedis les republie en général dans un fichier ultérieur.`,
    ),
  );
  pushWarning(
    result.issues,
    remarks.questionable.warning(
      'questionable-value',
      (count, first) =>
        `${file} : ${count} point(s) portent l’indice de vraisemblance 1 (valeur sujette à caution selon Enedis), le premier en ${first}. Ils sont importés comme mesurés ; vérifiez-les si la courbe paraît anormale.`,
    ),
  );
  pushWarning(
    result.issues,
    remarks.irregular.warning(
      'irregular-spacing',
      (count, first) =>
        `${file} : ${count} point(s) suivent un écart plus long que le pas de la courbe, le premier en ${first}. Les points intermédiaires manquent dans le fichier ; chaque point garde le pas précédent.`,
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

export const enedisR50Parser: FileParser<unknown> = {
  format: ENEDIS_R50_FORMAT,
  label: 'Enedis SGE R50, courbes de charge C5 (XML)',
  needsMapping: false,
  detect: detectEnedisR50,
  parse: async (input) => parseEnedisR50(input),
};
