import { buildExcelCsv, type CsvCell } from '@openfluides/core';
import ExcelJS from 'exceljs';
import { isFineStep, parisOffsetMinutes, parisWallClock } from './calendar.js';
import { ENERGY_LABELS, frenchDate, SOURCE_LABELS, STEP_LABELS, UNIT_LABELS } from './labels.js';
import type { Series, SeriesResponse } from './series.js';
import type { SeriesPoint } from './series-values.js';

/** One exported row: a point of a series that has a period (comparison points facing none are left out). */
interface ExportRow {
  series: Series;
  point: SeriesPoint & { start: string };
}

function exportRows(response: SeriesResponse): ExportRow[] {
  const rows: ExportRow[] = [];
  for (const series of response.series) {
    const points = [...series.points, ...series.unalignedPoints]
      .filter((point): point is ExportRow['point'] => point.start !== null)
      .sort((a, b) => a.start.localeCompare(b.start));
    for (const point of points) rows.push({ series, point });
  }
  return rows;
}

function timeOfDay(instant: string): string {
  const clock = parisWallClock(Date.parse(instant));
  return `${String(clock.hour).padStart(2, '0')}:${String(clock.minute).padStart(2, '0')}`;
}

function percent(share: number): number {
  return Math.round(share * 100_000) / 1000;
}

/**
 * Series as CSV for French Excel (core `buildExcelCsv`): one row per point and series, the date in
 * dd/mm/yyyy (Paris), the local time for 10-minute and hourly steps, completeness in %.
 */
export function seriesCsv(response: SeriesResponse): string {
  const fine = isFineStep(response.step);
  const unit = UNIT_LABELS[response.unit];
  const header = [
    'Série',
    'Date',
    ...(fine ? ['Heure'] : []),
    'Période',
    `Valeur (${unit})`,
    ...(response.downsampled ? [`Minimum (${unit})`, `Maximum (${unit})`] : []),
    'Mesuré (%)',
    'Estimé (%)',
    'Manquant (%)',
  ];
  const rows: CsvCell[][] = exportRows(response).map(({ series, point }) => [
    series.label,
    new Date(point.start),
    ...(fine ? [timeOfDay(point.start)] : []),
    point.label,
    point.value,
    ...(response.downsampled ? [point.min, point.max] : []),
    percent(point.completeness.measured),
    percent(point.completeness.estimated),
    percent(point.completeness.missing),
  ]);
  return buildExcelCsv(header, rows);
}

/**
 * Excel stores wall-clock date-times without a zone, and ExcelJS writes a Date by its UTC fields,
 * so the Paris wall-clock time is moved into the UTC fields.
 */
function excelParisDate(instant: string): Date {
  const time = Date.parse(instant);
  return new Date(time + parisOffsetMinutes(time) * 60_000);
}

// Format codes are locale-neutral: French Excel shows them as « 1 234,57 » and « 95,0 % ».
const NUMBER_FORMAT = '#,##0.00';
const PERCENT_FORMAT = '0.0%';

/** Series as an xlsx workbook: points, totals per series, and how the figures were computed. */
export async function seriesWorkbook(response: SeriesResponse): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.creator = 'OpenFluides';
  const unit = UNIT_LABELS[response.unit];
  const dateFormat = isFineStep(response.step) ? 'dd/mm/yyyy hh:mm' : 'dd/mm/yyyy';

  const points = workbook.addWorksheet('Séries');
  points.columns = [
    { header: 'Série', key: 'series', width: 36 },
    { header: 'Début (heure de Paris)', key: 'start', width: 20, style: { numFmt: dateFormat } },
    { header: 'Période', key: 'label', width: 24 },
    { header: `Valeur (${unit})`, key: 'value', width: 16, style: { numFmt: NUMBER_FORMAT } },
    ...(response.downsampled
      ? [
          { header: `Minimum (${unit})`, key: 'min', width: 16, style: { numFmt: NUMBER_FORMAT } },
          { header: `Maximum (${unit})`, key: 'max', width: 16, style: { numFmt: NUMBER_FORMAT } },
        ]
      : []),
    { header: 'Mesuré', key: 'measured', width: 10, style: { numFmt: PERCENT_FORMAT } },
    { header: 'Estimé', key: 'estimated', width: 10, style: { numFmt: PERCENT_FORMAT } },
    { header: 'Manquant', key: 'missing', width: 10, style: { numFmt: PERCENT_FORMAT } },
  ];
  for (const { series, point } of exportRows(response)) {
    points.addRow({
      series: series.label,
      start: excelParisDate(point.start),
      label: point.label,
      value: point.value,
      min: point.min,
      max: point.max,
      measured: point.completeness.measured,
      estimated: point.completeness.estimated,
      missing: point.completeness.missing,
    });
  }
  points.getRow(1).font = { bold: true };
  points.views = [{ state: 'frozen', ySplit: 1 }];

  const totals = workbook.addWorksheet('Totaux');
  totals.columns = [
    { header: 'Série', key: 'series', width: 36 },
    {
      header: response.unit === 'kW' ? `Puissance moyenne (${unit})` : `Total (${unit})`,
      key: 'value',
      width: 18,
      style: { numFmt: NUMBER_FORMAT },
    },
    { header: 'Énergie finale (kWh)', key: 'kwh', width: 18, style: { numFmt: NUMBER_FORMAT } },
    { header: `Maximum (${unit})`, key: 'max', width: 16, style: { numFmt: NUMBER_FORMAT } },
    { header: 'Date du maximum', key: 'maxAt', width: 20, style: { numFmt: dateFormat } },
    { header: 'Mesuré', key: 'measured', width: 10, style: { numFmt: PERCENT_FORMAT } },
    { header: 'Estimé', key: 'estimated', width: 10, style: { numFmt: PERCENT_FORMAT } },
    { header: 'Manquant', key: 'missing', width: 10, style: { numFmt: PERCENT_FORMAT } },
  ];
  for (const series of response.series) {
    totals.addRow({
      series: series.label,
      value: series.totals.value,
      kwh: series.totals.kWh,
      max: series.totals.max?.value ?? null,
      maxAt: series.totals.max ? excelParisDate(series.totals.max.start) : null,
      measured: series.totals.completeness.measured,
      estimated: series.totals.completeness.estimated,
      missing: series.totals.completeness.missing,
    });
  }
  totals.getRow(1).font = { bold: true };

  addComparisonSheet(workbook, response, unit);

  const notes = workbook.addWorksheet('Informations');
  notes.columns = [
    { header: 'Rubrique', key: 'name', width: 28 },
    { header: 'Valeur', key: 'value', width: 100 },
  ];
  const noteRows: [string, string][] = [
    ['Période', `du ${frenchDate(response.from)} au ${frenchDate(response.to)} exclu (heure de Paris)`],
    ['Pas de temps', STEP_LABELS[response.step]],
    ['Unité', unit],
    ['Données lues', SOURCE_LABELS[response.source]],
    [
      'Sous-échantillonnage',
      response.downsampled
        ? `oui : chaque point couvre ${response.bucketSeconds} s ; valeur = moyenne, minimum et maximum des pas`
        : 'non',
    ],
    ...response.factors.map((factor): [string, string] => [
      `Facteur ${factor.kind === 'primary-energy' ? 'd’énergie primaire' : 'd’émission'} (${ENERGY_LABELS[factor.energy]})`,
      `${factor.value} ${factor.unit}, ${factor.validFrom ? `du ${frenchDate(factor.validFrom)}` : 'sans date de début'} ${factor.validTo ? `au ${frenchDate(factor.validTo)}` : 'sans date de fin'} ; ${factor.source}`,
    ]),
    ...response.warnings.map((warning): [string, string] => ['Avertissement', warning.message]),
  ];
  for (const [name, value] of noteRows) notes.addRow({ name, value });
  notes.getRow(1).font = { bold: true };

  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/**
 * Adds the sheet « Comparaison » when the response compares periods: one row per base series with
 * its total, the total of each compared period (matched by key) and the change against the first,
 * in %. It is the table « Comparaison des totaux » of the analysis page.
 */
function addComparisonSheet(workbook: ExcelJS.Workbook, response: SeriesResponse, unit: string): void {
  const compared = response.series.filter((series) => series.role === 'comparison');
  if (compared.length === 0) return;
  const suffixes = [...new Set(compared.map((series) => series.id.slice(series.key.length)))];
  const headers = suffixes.map((suffix) => {
    const first = compared.find((series) => series.id.slice(series.key.length) === suffix);
    const range = first?.comparison;
    return range
      ? `${suffix.slice(1)} du ${frenchDate(range.from)} au ${frenchDate(range.to)} exclu (${unit})`
      : `${suffix.slice(1)} (${unit})`;
  });
  const sheet = workbook.addWorksheet('Comparaison');
  sheet.columns = [
    { header: 'Série', key: 'series', width: 36 },
    {
      header: `Période du ${frenchDate(response.from)} au ${frenchDate(response.to)} exclu (${unit})`,
      key: 'base',
      width: 24,
      style: { numFmt: NUMBER_FORMAT },
    },
    ...headers.map((header, index) => ({
      header,
      key: `compared${index}`,
      width: 24,
      style: { numFmt: NUMBER_FORMAT },
    })),
    { header: 'Évolution (%)', key: 'change', width: 14, style: { numFmt: NUMBER_FORMAT } },
  ];
  for (const base of response.series.filter((series) => series.role === 'base')) {
    const values = suffixes.map(
      (suffix) => compared.find((series) => series.id === `${base.key}${suffix}`)?.totals.value ?? null,
    );
    const before = values[0] ?? null;
    const now = base.totals.value;
    sheet.addRow({
      series: base.label,
      base: now,
      ...Object.fromEntries(values.map((value, index) => [`compared${index}`, value])),
      change:
        now === null || before === null || before === 0 ? null : ((now - before) / Math.abs(before)) * 100,
    });
  }
  sheet.getRow(1).font = { bold: true };
}
