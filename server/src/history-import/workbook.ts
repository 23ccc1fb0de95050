import type { CellValue, SheetData, SheetRow, WorkbookData } from '@openfluides/core';
import ExcelJS from 'exceljs';

/** Largest upload accepted, compressed. */
export const MAX_FILE_BYTES = 20 * 1024 * 1024;

/**
 * Largest total of the sizes that the zip directory declares once decompressed. A 20 MB xlsx of
 * plain rows unpacks to a few hundred MB; more points to a zip bomb.
 * NOTE: the declared sizes are not verified while inflating, so a forged directory can exceed this.
 */
export const MAX_UNCOMPRESSED_BYTES = 400 * 1024 * 1024;

/** A file that cannot be read as a workbook. Its message is in French and explains what to do. */
export class HistoryFileError extends Error {
  override readonly name = 'HistoryFileError';
}

const SAVE_AS_XLSX =
  'Ouvrez-le dans Excel ou LibreOffice, enregistrez-le au format « Classeur Excel (.xlsx) » puis réimportez-le.';

function quoted(fileName: string | null): string {
  return fileName ? `Le fichier « ${fileName} »` : 'Le fichier envoyé';
}

const ZIP_END_SIGNATURE = 0x06054b50;
const ZIP_ENTRY_SIGNATURE = 0x02014b50;
const ZIP64_MARKER = 0xffffffff;
const OLE2_SIGNATURE = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);

/**
 * Sums the uncompressed sizes declared by the zip central directory, or returns null when the
 * bytes are not a zip archive. Zip64 sizes count as infinite.
 */
export function declaredUncompressedBytes(bytes: Buffer): number | null {
  const endRecordLength = 22;
  const lowest = Math.max(0, bytes.length - endRecordLength - 0xffff);
  for (let offset = bytes.length - endRecordLength; offset >= lowest; offset -= 1) {
    if (bytes.readUInt32LE(offset) !== ZIP_END_SIGNATURE) continue;
    const entries = bytes.readUInt16LE(offset + 10);
    const directoryOffset = bytes.readUInt32LE(offset + 16);
    let position = directoryOffset;
    let total = 0;
    for (let entry = 0; entry < entries; entry += 1) {
      if (position + 46 > bytes.length || bytes.readUInt32LE(position) !== ZIP_ENTRY_SIGNATURE) return null;
      const size = bytes.readUInt32LE(position + 24);
      if (size === ZIP64_MARKER) return Number.POSITIVE_INFINITY;
      total += size;
      position +=
        46 +
        bytes.readUInt16LE(position + 28) +
        bytes.readUInt16LE(position + 30) +
        bytes.readUInt16LE(position + 32);
    }
    return total;
  }
  return null;
}

function isPercentFormat(numberFormat: string | undefined): boolean {
  // Literal text in quotes may hold a % sign without making the cell a percentage.
  return (numberFormat ?? '').replace(/"[^"]*"/g, '').includes('%');
}

/**
 * Converts an ExcelJS cell value. Percent-formatted numbers become text such as `50 %`, because
 * Excel stores 50 % as 0.5 while the import reads percentages as written.
 */
function toCellValue(value: ExcelJS.CellValue, numberFormat: string | undefined): CellValue {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number') {
    return isPercentFormat(numberFormat) ? `${Number((value * 100).toPrecision(15))} %` : value;
  }
  if (typeof value === 'string' || typeof value === 'boolean' || value instanceof Date) return value;
  if ('richText' in value) return value.richText.map((run) => run.text).join('');
  if ('error' in value) return { excelError: String(value.error) };
  if ('formula' in value || 'sharedFormula' in value) {
    const result = (value as ExcelJS.CellFormulaValue).result;
    return result === undefined ? null : toCellValue(result as ExcelJS.CellValue, numberFormat);
  }
  if ('hyperlink' in value) {
    const text = (value as ExcelJS.CellHyperlinkValue).text as unknown;
    return typeof text === 'string' ? text : toCellValue(text as ExcelJS.CellValue, numberFormat);
  }
  return null;
}

function readSheet(worksheet: ExcelJS.Worksheet): SheetData {
  const rows: SheetRow[] = [];
  worksheet.eachRow({ includeEmpty: false }, (row, rowNumber) => {
    const cells: CellValue[] = [];
    row.eachCell({ includeEmpty: false }, (cell, columnNumber) => {
      // The cells covered by a merge repeat the first cell's value; only the first one counts.
      if (cell.type === ExcelJS.ValueType.Merge) return;
      cells[columnNumber - 1] = toCellValue(cell.value, cell.numFmt);
    });
    const filled = Array.from(cells, (cell) => cell ?? null);
    if (filled.some((cell) => cell !== null && !(typeof cell === 'string' && cell.trim() === ''))) {
      rows.push({ number: rowNumber, cells: filled });
    }
  });
  return { name: worksheet.name, rows };
}

/**
 * Reads every worksheet of an xlsx file into plain rows. Throws a {@link HistoryFileError} for an
 * empty file, an old .xls or encrypted file, anything that is not a zip, a declared size past
 * {@link MAX_UNCOMPRESSED_BYTES}, or an archive that ExcelJS cannot read.
 */
export async function readWorkbook(bytes: Buffer, fileName: string | null): Promise<WorkbookData> {
  if (bytes.length === 0) {
    throw new HistoryFileError(
      `${quoted(fileName)} est vide. Choisissez le classeur .xlsx à importer puis réessayez.`,
    );
  }
  if (bytes.length > MAX_FILE_BYTES) {
    throw new HistoryFileError(
      `${quoted(fileName)} dépasse ${MAX_FILE_BYTES / 1024 / 1024} Mo. Découpez-le en plusieurs classeurs puis importez-les un par un.`,
    );
  }
  if (bytes.subarray(0, OLE2_SIGNATURE.length).equals(OLE2_SIGNATURE)) {
    throw new HistoryFileError(
      `${quoted(fileName)} est un classeur .xls (ancien format) ou un classeur protégé par mot de passe. Retirez la protection, ${SAVE_AS_XLSX.charAt(0).toLowerCase()}${SAVE_AS_XLSX.slice(1)}`,
    );
  }
  const uncompressed = declaredUncompressedBytes(bytes);
  if (uncompressed === null) {
    throw new HistoryFileError(
      `${quoted(fileName)} n’est pas un classeur Excel .xlsx lisible. ${SAVE_AS_XLSX}`,
    );
  }
  if (uncompressed > MAX_UNCOMPRESSED_BYTES) {
    throw new HistoryFileError(
      `${quoted(fileName)} occuperait plus de ${MAX_UNCOMPRESSED_BYTES / 1024 / 1024} Mo une fois décompressé. Découpez-le en plusieurs classeurs puis importez-les un par un.`,
    );
  }

  const workbook = new ExcelJS.Workbook();
  try {
    await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  } catch {
    throw new HistoryFileError(
      `${quoted(fileName)} n’est pas un classeur Excel .xlsx lisible. ${SAVE_AS_XLSX}`,
    );
  }
  return {
    sheets: workbook.worksheets.map(readSheet),
    date1904: workbook.properties?.date1904 === true,
  };
}
