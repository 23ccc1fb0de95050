/**
 * Downloads of the Enedis customer portal: the « Enedis_Conso_* » CSV files (load curve, daily
 * indexes) and the Excel exports (load curve, daily energies). Users rename these files freely,
 * so the layout is recognised by content, never by name.
 */

import { fatalResult } from '../results.js';
import { binarySignature, decodeText, splitLines } from '../text.js';
import type { DetectInput, FileParser, ParseResult, ParserInput } from '../types.js';
import { headerKey } from './common.js';
import { ENEDIS_PORTAL_FORMAT, parsePortalCsv } from './portal-csv.js';
import { parsePortalWorkbook } from './portal-xlsx.js';
import { readZipHeadMembers } from './zip-head.js';

export { ENEDIS_PORTAL_FORMAT } from './portal-csv.js';

const WORKBOOK_PARTS = new Set(['xl/workbook.xml', 'xl/sharedStrings.xml', 'docProps/app.xml']);
/** Sheet names of the portal exports (load curve, daily energy, cover sheet). */
const PORTAL_SHEETS =
  /Consommation Horaire|Production Horaire|Export (?:Consommation|Production) Quotidienne|Page d(?:'|&apos;|’)accueil/i;

/**
 * Returns the confidence that a file is a portal download: certain from the CSV metadata header
 * or from the workbook's PRM label, likely from the portal's sheet names.
 */
export function detectEnedisPortal(input: DetectInput): number {
  const signature = binarySignature(input.headBytes);
  if (signature === 'zip') {
    const parts = readZipHeadMembers(input.headBytes, WORKBOOK_PARTS);
    const strings = parts.get('xl/sharedStrings.xml') ?? '';
    const sheets = `${parts.get('xl/workbook.xml') ?? ''}${parts.get('docProps/app.xml') ?? ''}`;
    const hasPrmLabel = /Point R(?:é|&#233;|e)f(?:é|&#233;|e)rence Mesure/i.test(strings);
    if (hasPrmLabel && /Valeur \(en /i.test(strings)) return 1;
    return PORTAL_SHEETS.test(sheets) ? 0.9 : 0;
  }
  if (signature !== null) return 0;
  const firstLine = splitLines(input.head.replace(/^\uFEFF/, ''))[0]?.text ?? '';
  const keys = firstLine.split(';').map(headerKey);
  return keys[0] === 'identifiant prm' && keys[1] === 'type donnees' ? 1 : 0;
}

/** Reads a portal download, CSV or Excel. */
export function parseEnedisPortal(input: ParserInput): ParseResult {
  const file = input.fileName;
  if (input.workbook) return parsePortalWorkbook(file, input.workbook);
  if (binarySignature(input.bytes) !== null) {
    return fatalResult(
      ENEDIS_PORTAL_FORMAT,
      file,
      'workbook-not-read',
      `${file} : le fichier est une archive (classeur Excel ?) mais ses cellules n’ont pas été lues. Donnez-lui l’extension .xlsx et importez-le de nouveau.`,
    );
  }
  const decoded = decodeText(input.bytes);
  if (!decoded.ok)
    return fatalResult(ENEDIS_PORTAL_FORMAT, file, 'unreadable-encoding', `${file} : ${decoded.reason}.`);
  return parsePortalCsv(file, decoded.text);
}

export const enedisPortalParser: FileParser<unknown> = {
  format: ENEDIS_PORTAL_FORMAT,
  label: 'Enedis, téléchargement de l’espace client (CSV ou Excel)',
  needsMapping: false,
  detect: detectEnedisPortal,
  parse: async (input) => parseEnedisPortal(input),
};
