/**
 * Exports of the GRDF customer portal: the JSON behind the consumption pages and the
 * "Données informatives et détaillées" workbook. One format for both, since users download
 * either from the same place.
 */

import { fatalResult } from '../results.js';
import { binarySignature, decodeText } from '../text.js';
import type { DetectInput, FileParser, ParseResult, ParserInput } from '../types.js';
import { parsePortalJson } from './portal-json.js';
import { type GrdfPortalOptions, parsePortalWorkbook } from './portal-workbook.js';
import { readZipMemberText } from './zip-head.js';

export const GRDF_PORTAL_FORMAT = 'grdf-portal';

function optionsOf(options: unknown): GrdfPortalOptions {
  if (typeof options !== 'object' || options === null) return {};
  const pce = (options as { pce?: unknown }).pce;
  return typeof pce === 'string' ? { pce } : {};
}

/**
 * Reads a portal export: the workbook cells when the caller read an .xlsx file, else the JSON
 * text. `options.pce` gives the PCE of a workbook whose `N° PCE :` cell is empty.
 */
export function parseGrdfPortal(input: ParserInput, options?: unknown): ParseResult {
  const format = GRDF_PORTAL_FORMAT;
  const file = input.fileName;
  if (input.workbook) return parsePortalWorkbook(format, file, input.workbook, optionsOf(options));
  const signature = binarySignature(input.bytes);
  if (signature !== null) {
    return fatalResult(
      format,
      file,
      signature === 'zip' ? 'not-a-workbook' : 'binary-file',
      signature === 'zip'
        ? `${file} : le classeur Excel n’a pas pu être lu. Vérifiez que le fichier porte l’extension .xlsx et qu’il s’ouvre dans Excel, puis importez-le de nouveau.`
        : `${file} : le fichier est compressé (${signature}). Décompressez-le et importez l’export JSON ou Excel de l’espace client GRDF.`,
    );
  }
  const decoded = decodeText(input.bytes);
  if (!decoded.ok) return fatalResult(format, file, 'unreadable-encoding', `${file} : ${decoded.reason}.`);
  if (decoded.text.trim() === '') {
    return fatalResult(
      format,
      file,
      'empty-file',
      `${file} : le fichier est vide. Téléchargez-le de nouveau depuis l’espace client GRDF.`,
    );
  }
  return parsePortalJson(format, file, decoded.text);
}

/** Labels that only a portal workbook carries, compared without accents. */
const WORKBOOK_MARKERS = ['donnees informatives et detaillees', 'date de releve'];

function withoutAccents(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}

function detectWorkbook(input: DetectInput): number {
  const strings = readZipMemberText(input.headBytes, 'xl/sharedStrings.xml');
  if (strings !== null) {
    const plain = withoutAccents(strings);
    if (WORKBOOK_MARKERS.every((marker) => plain.includes(marker)) && plain.includes('energie consommee'))
      return 1;
  }
  const workbook = readZipMemberText(input.headBytes, 'xl/workbook.xml');
  if (workbook !== null && /<sheet\b[^>]*\bname="Historique par mois"/.test(workbook)) return 0.9;
  if (/^donnees_informatives.*\.xlsx$/i.test(input.fileName)) return 0.8;
  return /grdf.*\.xlsx$/i.test(input.fileName) ? 0.6 : 0;
}

/**
 * Returns the confidence that a file is a portal export: certain for JSON with `releves` and
 * `idPce` keys and for a workbook whose strings hold the portal's title and column labels, likely
 * for a workbook with the portal's sheet name, and lower when only the file name matches.
 */
export function detectGrdfPortal(input: DetectInput): number {
  const signature = binarySignature(input.headBytes);
  if (signature === 'zip') return detectWorkbook(input);
  if (signature !== null) return 0;
  const head = input.head.replace(/^\uFEFF/, '');
  if (head.trimStart()[0] !== '{') return 0;
  const hasReleves = /"releves"\s*:/.test(head);
  if (hasReleves && /"(?:idPce|energieConsomme|qualificationReleve)"\s*:/.test(head)) return 1;
  return hasReleves ? 0.6 : 0;
}

export const grdfPortalParser: FileParser<GrdfPortalOptions | null> = {
  format: GRDF_PORTAL_FORMAT,
  label: 'GRDF, export de l’espace client (JSON ou Excel)',
  needsMapping: false,
  detect: detectGrdfPortal,
  parse: async (input, options) => parseGrdfPortal(input, options),
};
