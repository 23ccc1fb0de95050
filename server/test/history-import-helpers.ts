import type { HistoryImportKind, HistoryImportReport } from '@openfluides/core';
import ExcelJS from 'exceljs';
import { sql } from 'kysely';
import { expect } from 'vitest';
import type { Db } from '../src/db/database.js';
import type { Client, TestApp } from './app.js';

export const XLSX_MEDIA_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

export type CellInput = string | number | Date | null;

/** Posts raw bytes to an upload route, signed in as `client` or anonymously. */
export function upload(
  testApp: TestApp,
  client: Client | null,
  url: string,
  bytes: Buffer,
  fileName?: string,
) {
  return testApp.app.inject({
    method: 'POST',
    url: fileName ? `${url}?fileName=${encodeURIComponent(fileName)}` : url,
    headers: {
      'content-type': XLSX_MEDIA_TYPE,
      ...(client ? { cookie: client.cookie, 'x-csrf-token': client.csrfToken } : {}),
    },
    payload: bytes,
  });
}

/** Previews or imports a file and returns the report, failing the test on any other status. */
export async function importFile(
  testApp: TestApp,
  client: Client,
  kind: HistoryImportKind,
  bytes: Buffer,
  options: { preview?: boolean; fileName?: string } = {},
): Promise<HistoryImportReport> {
  const url = `/api/history-import/${kind}${options.preview ? '/preview' : ''}`;
  const response = await upload(testApp, client, url, bytes, options.fileName ?? `${kind}.xlsx`);
  if (response.statusCode !== 200)
    throw new Error(`${url} answered ${response.statusCode}: ${response.body}`);
  return response.json() as HistoryImportReport;
}

/**
 * Downloads a template through the API and fills its sheets: each row maps a template header to
 * a cell value, written from the second line on.
 */
export async function fillTemplate(
  client: Client,
  kind: HistoryImportKind,
  sheets: Record<string, Record<string, CellInput>[]>,
): Promise<Buffer> {
  const response = await client.request('GET', `/api/history-import/templates/${kind}.xlsx`);
  expect(response.statusCode).toBe(200);
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(response.rawPayload as unknown as ArrayBuffer);
  for (const [sheetName, rows] of Object.entries(sheets)) {
    const sheet = workbook.getWorksheet(sheetName);
    if (!sheet) throw new Error(`The ${kind} template has no sheet ${sheetName}`);
    const columns = new Map<string, number>();
    sheet.getRow(1).eachCell((cell, column) => {
      columns.set(String(cell.value), column);
    });
    rows.forEach((row, index) => {
      for (const [header, value] of Object.entries(row)) {
        const column = columns.get(header);
        if (column === undefined) throw new Error(`Template sheet ${sheetName} has no column ${header}`);
        sheet.getRow(index + 2).getCell(column).value = value;
      }
    });
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/** Builds a workbook from rows of cells; a row given as null stays empty. */
export async function buildWorkbook(sheets: Record<string, (CellInput[] | null)[]>): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  for (const [name, rows] of Object.entries(sheets)) {
    const sheet = workbook.addWorksheet(name);
    rows.forEach((cells, index) => {
      cells?.forEach((value, column) => {
        if (value !== null) sheet.getRow(index + 1).getCell(column + 1).value = value;
      });
    });
  }
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

const COUNTED_TABLES = [
  'sites',
  'buildings',
  'functional_units',
  'building_unit_shares',
  'delivery_points',
  'delivery_point_allocations',
  'meters',
  'registers',
  'invoices',
  'readings',
  'readings_history',
  'readings_daily',
  'readings_monthly',
] as const;

/** Row count of every table an import writes, to compare before and after. */
export async function rowCounts(db: Db): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const table of COUNTED_TABLES) {
    const result = await sql<{ count: string }>`select count(*) as count from ${sql.table(table)}`.execute(
      db,
    );
    counts[table] = Number(result.rows[0]?.count);
  }
  return counts;
}
