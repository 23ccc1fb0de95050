/**
 * Enedis SGE flow R151: daily indexes and maximum power of C5 (Linky) delivery points. Each PRM
 * and consumption day (`Date_Releve`, read at the end of the day) gives the cumulative index of
 * each time class, in `Unite_Mesure_Index` (Wh). The classes come in two grids: the distributor
 * grid (`Classe_Temporelle_Distributeur`) and the supplier grid (`Classe_Temporelle`). The day's
 * maximum apparent power is in `Unite_Mesure_Puissance` (VA, or W before 2020).
 * Structure: Enedis guide SGE.GUI.0317 v2.3.1, XSD v1.2.0.
 */

import { emptyResult, errorIssue, fatalResult } from '../results.js';
import type { DetectInput, FileParser, MaxPowerRecord, ParseResult, ParserInput } from '../types.js';
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
} from './common.js';
import { detectSgeXml } from './detect.js';
import { childElement, childElements, childText, readSgeXml, type XmlElement } from './xml.js';

export const ENEDIS_R151_FORMAT = 'enedis-r151';

const REPEATED = new Set(['PRM', 'Donnees_Releve', 'Classe_Temporelle_Distributeur', 'Classe_Temporelle']);
/** Divisor from the index unit of the header to kWh. */
const INDEX_UNITS: Record<string, number> = { wh: 1000, kwh: 1 };
const POWER_UNITS: Record<string, MaxPowerRecord['unit']> = { va: 'VA', kva: 'kVA', w: 'W', kw: 'kW' };

export function detectEnedisR151(input: DetectInput): number {
  return detectSgeXml(input, 'R151', /_R151_/i);
}

interface R151Remarks {
  unavailable: RemarkCounter;
  questionable: RemarkCounter;
  gridConflict: RemarkCounter;
}

interface BlockContext {
  file: string;
  prm: string;
  path: string;
  date: string;
  indexDivisor: number;
  powerUnit: MaxPowerRecord['unit'];
  clock: ParisClock;
  tracker: RepublicationTracker;
  remarks: R151Remarks;
  result: ParseResult;
  maxPowers: MaxPowerRecord[];
}

/**
 * Reads the indexes of one day into `<PRM>#<class>` series. A class code can appear in both grids
 * (`BASE`, or `HP` and `HC` with a two-class distributor calendar). Then the distributor grid is
 * kept, because it is the TURPE grid that R171 and the network invoices use.
 */
function readIndexes(block: XmlElement, context: BlockContext): number {
  const { file, prm, path, date, clock, tracker, remarks, result } = context;
  const readAtMs = clock.dayEndMs(date);
  const valuesByCode = new Map<string, number | null>();
  let count = 0;
  const grids: Array<[string, XmlElement[]]> = [
    ['Classe_Temporelle_Distributeur', childElements(block, 'Classe_Temporelle_Distributeur')],
    ['Classe_Temporelle', childElements(block, 'Classe_Temporelle')],
  ];
  for (const [gridName, classes] of grids) {
    classes.forEach((classElement, position) => {
      count += 1;
      result.recordsRead += 1;
      const element = `${path}/${gridName}[${position + 1}]`;
      const code = (childText(classElement, 'Id_Classe_Temporelle') ?? '').toUpperCase();
      if (code === '') {
        result.issues.push(
          errorIssue({
            file,
            element,
            field: 'Id_Classe_Temporelle',
            code: 'missing-time-class',
            message: `${file}, ${element} : la classe temporelle n’a pas de code. L’index est rejeté ; demandez à Enedis de republier le fichier.`,
          }),
        );
        return;
      }
      const valueText = childText(classElement, 'Valeur') ?? '';
      let value: number | null = null;
      if (valueText !== '') {
        const written = readInteger(valueText);
        if (written === null) {
          result.issues.push(
            errorIssue({
              file,
              element,
              field: 'Valeur',
              code: 'invalid-number',
              message: `${file}, ${element} : l’index « ${valueText} » n’est pas un nombre entier. L’index est rejeté ; demandez à Enedis de republier le fichier.`,
              raw: valueText,
            }),
          );
          return;
        }
        value = written / context.indexDivisor;
      }
      const location = elementLocation(file, element);
      if (valuesByCode.has(code)) {
        if (valuesByCode.get(code) !== value) remarks.gridConflict.add(location, valueText);
        return;
      }
      valuesByCode.set(code, value);
      if (childText(classElement, 'Indice_Vraisemblance') === '1')
        remarks.questionable.add(location, valueText);
      const externalId = `${prm}#${code}`;
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
  }
  return count;
}

function readMaxPower(block: XmlElement, context: BlockContext): number {
  const { file, prm, path, date, result } = context;
  const maxPower = childElement(block, 'Puissance_Maximale');
  if (maxPower === null) return 0;
  result.recordsRead += 1;
  const element = `${path}/Puissance_Maximale`;
  const valueText = childText(maxPower, 'Valeur') ?? '';
  if (valueText === '') return 1;
  const value = readInteger(valueText);
  if (value === null) {
    result.issues.push(
      errorIssue({
        file,
        element,
        field: 'Valeur',
        code: 'invalid-number',
        message: `${file}, ${element} : la puissance maximale « ${valueText} » n’est pas un nombre entier. Elle est rejetée ; demandez à Enedis de republier le fichier.`,
        raw: valueText,
      }),
    );
    return 1;
  }
  const location = elementLocation(file, element);
  context.tracker.record(`${prm}#MAX`, context.clock.dayStartMs(date), value, null, location, valueText);
  context.maxPowers.push({ externalId: prm, date, at: null, value, unit: context.powerUnit, location });
  return 1;
}

/** Reads an R151 file into INDEX readings in kWh per `<PRM>#<class>` and daily maximum powers. */
export function parseEnedisR151(input: ParserInput): ParseResult {
  const format = ENEDIS_R151_FORMAT;
  const file = input.fileName;
  const document = readSgeXml(input.bytes, REPEATED);
  if (!document.ok) {
    const where = document.line !== null ? `, ligne ${document.line}` : '';
    return fatalResult(
      format,
      file,
      'unreadable-xml',
      `${file}${where} : ${document.reason}. Le fichier R151 ne peut pas être lu ; s’il est chiffré ou compressé, déposez-le tel que reçu d’Enedis avec la clé configurée dans la source.`,
    );
  }
  if (document.rootName !== 'R151') {
    return fatalResult(
      format,
      file,
      'wrong-root',
      `${file} : l’élément racine est <${document.rootName}> au lieu de <R151>. Ce n’est pas un flux R151 ; choisissez le format correspondant au fichier.`,
    );
  }
  const header = childElement(document.root, 'En_Tete_Flux') ?? {};
  const indexUnit = childText(header, 'Unite_Mesure_Index') || 'Wh';
  const indexDivisor = INDEX_UNITS[indexUnit.toLowerCase()];
  if (indexDivisor === undefined) {
    return fatalResult(
      format,
      file,
      'unknown-unit',
      `${file}, /R151/En_Tete_Flux/Unite_Mesure_Index : l’unité d’index « ${indexUnit} » n’est pas prévue (attendu : Wh). Le fichier n’est pas importé ; signalez-le à l’équipe OpenFluides.`,
    );
  }
  const powerUnitText = childText(header, 'Unite_Mesure_Puissance') || 'VA';
  const powerUnit = POWER_UNITS[powerUnitText.toLowerCase()];
  if (powerUnit === undefined) {
    return fatalResult(
      format,
      file,
      'unknown-unit',
      `${file}, /R151/En_Tete_Flux/Unite_Mesure_Puissance : l’unité de puissance « ${powerUnitText} » n’est pas prévue (attendu : VA, ou W avant 2020). Le fichier n’est pas importé ; signalez-le à l’équipe OpenFluides.`,
    );
  }

  const result = emptyResult(format);
  result.publication = publicationOfFileName(file);
  const maxPowers: MaxPowerRecord[] = [];
  const clock = new ParisClock();
  const tracker = new RepublicationTracker();
  const remarks: R151Remarks = {
    unavailable: new RemarkCounter(),
    questionable: new RemarkCounter(),
    gridConflict: new RemarkCounter(),
  };

  childElements(document.root, 'PRM').forEach((prmElement, prmIndex) => {
    const prmPath = `/R151/PRM[${prmIndex + 1}]`;
    const prm = childText(prmElement, 'Id_PRM');
    const blocks = childElements(prmElement, 'Donnees_Releve');
    if (!isPrm(prm)) {
      result.recordsRead += blocks.length;
      result.issues.push(
        errorIssue({
          file,
          element: prmPath,
          field: 'Id_PRM',
          code: 'invalid-prm',
          message: `${file}, ${prmPath} : l’identifiant de PRM « ${prm ?? ''} » n’a pas 14 chiffres. Les ${blocks.length} relevé(s) de ce PRM sont rejetés ; demandez à Enedis de republier le fichier.`,
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
        result.recordsRead += 1;
        result.issues.push(
          errorIssue({
            file,
            element: path,
            field: 'Date_Releve',
            code: 'invalid-date',
            message: `${file}, ${path} : la date de relevé « ${dateText} » n’est pas une date AAAA-MM-JJ. Le relevé est rejeté ; demandez à Enedis de republier le fichier.`,
            raw: dateText,
          }),
        );
        return;
      }
      const context: BlockContext = {
        file,
        prm,
        path,
        date,
        indexDivisor,
        powerUnit,
        clock,
        tracker,
        remarks,
        result,
        maxPowers,
      };
      const found = readIndexes(block, context) + readMaxPower(block, context);
      if (found === 0) remarks.unavailable.add(elementLocation(file, path), date);
    });
  });

  result.maxPowers = maxPowers;
  pushWarning(result.issues, tracker.warning(file));
  pushWarning(
    result.issues,
    remarks.unavailable.warning(
      'day-unavailable',
      (count, first) =>
        `${file} : ${count} relevé(s) ne contiennent ni index ni puissance maximale (relevé indisponible chez Enedis), le premier en ${first}. Ces jours restent sans données ; Enedis les republie en général dans un fichier ultérieur.`,
    ),
  );
  pushWarning(
    result.issues,
    remarks.questionable.warning(
      'questionable-value',
      (count, first) =>
        `${file} : ${count} index portent l’indice de vraisemblance 1 (valeur sujette à caution selon Enedis), le premier en ${first}. Ils sont importés comme mesurés ; vérifiez-les si la consommation paraît anormale.`,
    ),
  );
  pushWarning(
    result.issues,
    remarks.gridConflict.warning(
      'grid-conflict',
      (count, first) =>
        `${file} : ${count} index de la grille fournisseur portent le même code de classe qu’un index de la grille distributeur du même jour avec une autre valeur, le premier en ${first}. Seul l’index de la grille distributeur est importé.`,
    ),
  );
  return result;
}

export const enedisR151Parser: FileParser<unknown> = {
  format: ENEDIS_R151_FORMAT,
  label: 'Enedis SGE R151, index et puissances maximales C5 (XML)',
  needsMapping: false,
  detect: detectEnedisR151,
  parse: async (input) => parseEnedisR151(input),
};
