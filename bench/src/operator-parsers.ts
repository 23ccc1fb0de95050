// Parse throughput of the network-operator parsers: one year (2024, a leap year) of data for 67
// delivery points, in the files each operator flow would deliver for it. Load curves are at
// 10 minutes, which makes 52 704 points per delivery point and 3 531 168 in all. Daily index and
// gas flows carry the 366 days of the same 67 points. Files are built in memory with the layout
// of the fixtures in datasets/samples/*/fixtures. Each one goes to the registered parser on its
// own, as the ingestion pipeline does after opening a delivery, and only the `parse` calls are timed.

import os from 'node:os';
import { detectFormat, findParser, makeDetectInput, type ParseResult } from '@openfluides/core';

const DELIVERY_POINTS = 67;
const STEP_MS = 600_000;
const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;
/** Paris midnight at the start of 2024 and of 2025 (CET, UTC+1). */
const YEAR_START_MS = Date.UTC(2023, 11, 31, 23);
const YEAR_END_MS = Date.UTC(2024, 11, 31, 23);
/** Reference throughput printed beside each result for scale. No customer target exists for it. */
const REFERENCE_POINTS_PER_SECOND = 100_000;
const SEED = 20_240_101;

function pad(value: number, width = 2): string {
  return String(value).padStart(width, '0');
}

function item<T>(list: readonly T[], index: number): T {
  const value = list[index];
  if (value === undefined) throw new Error(`index ${index} is outside a list of ${list.length}`);
  return value;
}

/** Last Sunday of a month at 01:00 UTC, the instant of the EU clock changes. */
function lastSundayAtOneUtc(year: number, month: number): number {
  const lastDay = new Date(Date.UTC(year, month + 1, 0));
  return Date.UTC(year, month, lastDay.getUTCDate() - lastDay.getUTCDay(), 1);
}

/** UTC offset of Paris legal time at an instant, in hours (EU rule since 1996). */
function parisOffsetHours(ms: number): number {
  const year = new Date(ms).getUTCFullYear();
  return ms >= lastSundayAtOneUtc(year, 2) && ms < lastSundayAtOneUtc(year, 9) ? 2 : 1;
}

/** Paris wall date and time of an instant, with the offset written as `+01:00` or `+02:00`. */
function parisParts(ms: number): { date: string; time: string; offset: string } {
  const offsetHours = parisOffsetHours(ms);
  const wall = new Date(ms + offsetHours * HOUR_MS);
  return {
    date: `${wall.getUTCFullYear()}-${pad(wall.getUTCMonth() + 1)}-${pad(wall.getUTCDate())}`,
    time: `${pad(wall.getUTCHours())}:${pad(wall.getUTCMinutes())}:${pad(wall.getUTCSeconds())}`,
    offset: `+${pad(offsetHours)}:00`,
  };
}

function parisIso(ms: number): string {
  const parts = parisParts(ms);
  return `${parts.date}T${parts.time}${parts.offset}`;
}

/** `AAAAMMJJhhmmss` in Paris time, as Enedis writes it in file names. */
function parisCompact(ms: number): string {
  const parts = parisParts(ms);
  return `${parts.date}${parts.time}`.replace(/[-:]/g, '');
}

/**
 * The 10-minute intervals of the year in Paris time. Boundary `k` is the start of interval `k`
 * and the end of interval `k - 1`, so a stamp list serves both start and end conventions.
 */
interface YearGrid {
  intervals: number;
  boundaryMs: number[];
  /** `2024-03-31T03:00:00+02:00` */
  iso: string[];
  /** `2024-03-31 03:00:00`, Paris wall time without offset. */
  wall: string[];
  /** Local dates of the 366 days, then 2025-01-01. */
  days: string[];
  /** Index of the first interval of each day, then `intervals` after the last day. */
  dayFirstInterval: number[];
}

function buildYearGrid(): YearGrid {
  const intervals = (YEAR_END_MS - YEAR_START_MS) / STEP_MS;
  const grid: YearGrid = { intervals, boundaryMs: [], iso: [], wall: [], days: [], dayFirstInterval: [] };
  for (let boundary = 0; boundary <= intervals; boundary += 1) {
    const ms = YEAR_START_MS + boundary * STEP_MS;
    const parts = parisParts(ms);
    grid.boundaryMs.push(ms);
    grid.iso.push(`${parts.date}T${parts.time}${parts.offset}`);
    grid.wall.push(`${parts.date} ${parts.time}`);
    if (grid.days[grid.days.length - 1] !== parts.date) {
      grid.days.push(parts.date);
      grid.dayFirstInterval.push(boundary);
    }
  }
  if (grid.days.length !== 367 || intervals !== 366 * 144) {
    throw new Error(`the 2024 grid has ${grid.days.length - 1} days and ${intervals} intervals`);
  }
  return grid;
}

/** Deterministic values: xorshift32 scaled to an integer range. */
class ValueGenerator {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0 || 1;
  }

  integer(min: number, max: number): number {
    let x = this.state;
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    this.state = x >>> 0;
    return min + (this.state % (max - min + 1));
  }
}

/** Invented PRMs (and PCEs for gas): 14 digits with the `988` prefix the M023 fixtures use for invented PRMs. */
const PRMS = Array.from({ length: DELIVERY_POINTS }, (_, index) => `988000000${pad(100 + index, 5)}`);

/** One generated file and the records its parser must return for it. */
interface GeneratedFile {
  fileName: string;
  text: string;
  readings: number;
  maxPowers: number;
  /** For a 10-minute curve: UTC start of its first interval, which the first reading must have. */
  firstStartMs: number | null;
}

interface FormatCase {
  format: string;
  label: string;
  /** Split of the year of 67 points into files, as the operator publishes it. */
  layout: string;
  files: (grid: YearGrid) => Iterable<GeneratedFile>;
}

/** Enedis R50: one daily (`Q`) file per day with every PRM, `<H>` = END of the interval. */
function* r50Files(grid: YearGrid): Generator<GeneratedFile> {
  const values = new ValueGenerator(SEED + 1);
  for (let day = 0; day < 366; day += 1) {
    const date = item(grid.days, day);
    const first = item(grid.dayFirstInterval, day);
    const last = item(grid.dayFirstInterval, day + 1);
    const created = item(grid.boundaryMs, first) + 2 * DAY_MS + 2.25 * HOUR_MS;
    const lines = [
      '<?xml version="1.0" encoding="UTF-8"?>',
      '<R50 xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">',
      '  <En_Tete_Flux>',
      '    <Identifiant_Flux>R50</Identifiant_Flux>',
      '    <Libelle_Flux>Courbes de charge des PRM du segment C5 sur abonnement</Libelle_Flux>',
      '    <Version_XSD>1.1.0</Version_XSD>',
      '    <Identifiant_Emetteur>ERDF</Identifiant_Emetteur>',
      '    <Identifiant_Destinataire>17X100A100FXXXXX</Identifiant_Destinataire>',
      `    <Date_Creation>${parisIso(created)}</Date_Creation>`,
      '    <Identifiant_Contrat>GRD-F000</Identifiant_Contrat>',
      '    <Numero_Abonnement>3363068</Numero_Abonnement>',
      '    <Pas_Publication>10</Pas_Publication>',
      '  </En_Tete_Flux>',
    ];
    PRMS.forEach((prm, prmIndex) => {
      lines.push(
        '  <PRM>',
        `    <Id_PRM>${prm}</Id_PRM>`,
        '    <Donnees_Releve>',
        `      <Date_Releve>${date}</Date_Releve>`,
        `      <Id_Affaire>M${(day * DELIVERY_POINTS + prmIndex).toString(36).toUpperCase().padStart(7, '0')}</Id_Affaire>`,
      );
      for (let interval = first; interval < last; interval += 1) {
        lines.push(
          '      <PDC>',
          `        <H>${item(grid.iso, interval + 1)}</H>`,
          `        <V>${values.integer(150, 9000)}</V>`,
          '        <IV>0</IV>',
          '      </PDC>',
        );
      }
      lines.push('    </Donnees_Releve>', '  </PRM>');
    });
    lines.push('</R50>', '');
    yield {
      fileName: `ERDF_R50_17X100A100FXXXXX_GRD-F000_3363068_${pad(day + 1, 5)}_Q_00001_00001_${parisCompact(created)}.xml`,
      text: lines.join('\n'),
      readings: DELIVERY_POINTS * (last - first),
      maxPowers: 0,
      firstStartMs: item(grid.boundaryMs, first),
    };
  }
}

/**
 * Enedis R4H: one XML per PRM and week (Saturday to Friday), one `Donnees_Courbe` per day,
 * `Horodatage` = START of the interval. The weeks that straddle New Year are cut to 2024.
 */
function* r4xFiles(grid: YearGrid): Generator<GeneratedFile> {
  const values = new ValueGenerator(SEED + 2);
  // 2024-01-01 is a Monday, so the first week starts on Saturday 2023-12-30, two days earlier.
  for (let weekStart = -2; weekStart < 366; weekStart += 7) {
    const firstDay = Math.max(0, weekStart);
    const endDay = Math.min(366, weekStart + 7);
    // Published on the Monday after the week, as the fixture was.
    const created = YEAR_START_MS + (weekStart + 9) * DAY_MS + 3.25 * HOUR_MS;
    for (const prm of PRMS) {
      const lines = [
        '<?xml version="1.0" encoding="UTF-8"?>',
        '<Courbe>',
        '  <Entete>',
        '    <Identifiant_Flux>R4x</Identifiant_Flux>',
        '    <Libelle_Flux>Courbe de charge des PRM C1-C4 et P1-P3</Libelle_Flux>',
        '    <Identifiant_Emetteur>ENEDIS</Identifiant_Emetteur>',
        '    <Identifiant_Destinataire>17X100A100FXXXXX</Identifiant_Destinataire>',
        `    <Date_Creation>${parisIso(created)}</Date_Creation>`,
        '    <Frequence_Publication>H</Frequence_Publication>',
        '    <Reference_Demande>R4H00001</Reference_Demande>',
        '    <Nature_De_Courbe_Demandee>Brute</Nature_De_Courbe_Demandee>',
        '  </Entete>',
        '  <Corps>',
        `    <Identifiant_PRM>${prm}</Identifiant_PRM>`,
      ];
      let readings = 0;
      for (let day = firstDay; day < endDay; day += 1) {
        const first = item(grid.dayFirstInterval, day);
        const last = item(grid.dayFirstInterval, day + 1);
        lines.push(
          '    <Donnees_Courbe>',
          `      <Horodatage_Debut>${item(grid.iso, first)}</Horodatage_Debut>`,
          `      <Horodatage_Fin>${item(grid.days, day)}T23:59:59${parisParts(item(grid.boundaryMs, last) - 1000).offset}</Horodatage_Fin>`,
          '      <Granularite>10</Granularite>',
          '      <Unite_Mesure>kW</Unite_Mesure>',
          '      <Grandeur_Metier>CONS</Grandeur_Metier>',
          '      <Grandeur_Physique>EA</Grandeur_Physique>',
        );
        for (let interval = first; interval < last; interval += 1) {
          lines.push(
            `      <Donnees_Point_Mesure Horodatage="${item(grid.iso, interval)}" Valeur_Point="${values.integer(20, 400)}" Statut_Point="R"/>`,
          );
        }
        lines.push('    </Donnees_Courbe>');
        readings += last - first;
      }
      lines.push('  </Corps>', '</Courbe>', '');
      yield {
        fileName: `ENEDIS_17X100A100FXXXXX_R4x_CDC_H_C_${prm}_R4H00001_${parisCompact(created)}.xml`,
        text: lines.join('\n'),
        readings,
        maxPowers: 0,
        firstStartMs: item(grid.boundaryMs, item(grid.dayFirstInterval, firstDay)),
      };
    }
  }
}

const R151_DISTRIBUTOR_CLASSES = [
  ['HPH', 'Heures Pleines Saison Haute'],
  ['HCH', 'Heures Creuses Saison Haute'],
  ['HPB', 'Heures Pleines Saison Basse'],
  ['HCB', 'Heures Creuses Saison Basse'],
] as const;
const R151_SUPPLIER_CLASSES = [
  ['HP', 'Heures Pleines'],
  ['HC', 'Heures Creuses'],
] as const;

function r151Class(element: string, code: string, label: string, rank: number, wattHours: number): string[] {
  return [
    `      <${element}>`,
    `        <Id_Classe_Temporelle>${code}</Id_Classe_Temporelle>`,
    `        <Libelle_Classe_Temporelle>${label}</Libelle_Classe_Temporelle>`,
    `        <Rang_Cadran>${rank}</Rang_Cadran>`,
    `        <Valeur>${wattHours}</Valeur>`,
    '        <Indice_Vraisemblance>0</Indice_Vraisemblance>',
    `      </${element}>`,
  ];
}

/** Enedis R151: one daily (`Q`) file per day with every PRM: 4 + 2 cumulative indexes and the maximum power. */
function* r151Files(grid: YearGrid): Generator<GeneratedFile> {
  const values = new ValueGenerator(SEED + 3);
  const distributorIndexes = PRMS.map(() => R151_DISTRIBUTOR_CLASSES.map(() => values.integer(1e6, 5e7)));
  const supplierIndexes = PRMS.map(() => R151_SUPPLIER_CLASSES.map(() => values.integer(1e6, 5e7)));
  for (let day = 0; day < 366; day += 1) {
    const created = item(grid.boundaryMs, item(grid.dayFirstInterval, day)) + 2 * DAY_MS + 3.25 * HOUR_MS;
    const lines = [
      '<?xml version="1.0" encoding="UTF-8"?>',
      '<R151 xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">',
      '  <En_Tete_Flux>',
      '    <Identifiant_Flux>R151</Identifiant_Flux>',
      '    <Libelle_Flux>Puissances maximales et index des PRM du segment C5 sur abonnement</Libelle_Flux>',
      '    <Version_XSD>V1</Version_XSD>',
      '    <Identifiant_Emetteur>ERDF</Identifiant_Emetteur>',
      '    <Identifiant_Destinataire>17X100A100FXXXXX</Identifiant_Destinataire>',
      `    <Date_Creation>${parisIso(created)}</Date_Creation>`,
      '    <Identifiant_Contrat>GRD-F000</Identifiant_Contrat>',
      '    <Numero_Abonnement>3363069</Numero_Abonnement>',
      '    <Unite_Mesure_Index>Wh</Unite_Mesure_Index>',
      '    <Unite_Mesure_Puissance>VA</Unite_Mesure_Puissance>',
      '  </En_Tete_Flux>',
    ];
    PRMS.forEach((prm, prmIndex) => {
      lines.push(
        '  <PRM>',
        `    <Id_PRM>${prm}</Id_PRM>`,
        '    <Donnees_Releve>',
        `      <Date_Releve>${item(grid.days, day)}</Date_Releve>`,
        '      <Id_Calendrier_Fournisseur>FC020831</Id_Calendrier_Fournisseur>',
        '      <Libelle_Calendrier_Fournisseur>Heures Pleines / Heures Creuses</Libelle_Calendrier_Fournisseur>',
        '      <Id_Calendrier_Distributeur>DI000003</Id_Calendrier_Distributeur>',
        '      <Libelle_Calendrier_Distributeur>4 postes</Libelle_Calendrier_Distributeur>',
        `      <Id_Affaire>M${(day * DELIVERY_POINTS + prmIndex).toString(36).toUpperCase().padStart(7, '0')}</Id_Affaire>`,
      );
      const distributor = item(distributorIndexes, prmIndex);
      R151_DISTRIBUTOR_CLASSES.forEach(([code, label], classIndex) => {
        distributor[classIndex] = item(distributor, classIndex) + values.integer(0, 15_000);
        lines.push(
          ...r151Class(
            'Classe_Temporelle_Distributeur',
            code,
            label,
            classIndex + 1,
            item(distributor, classIndex),
          ),
        );
      });
      const supplier = item(supplierIndexes, prmIndex);
      R151_SUPPLIER_CLASSES.forEach(([code, label], classIndex) => {
        supplier[classIndex] = item(supplier, classIndex) + values.integer(0, 30_000);
        lines.push(
          ...r151Class('Classe_Temporelle', code, label, classIndex + 1, item(supplier, classIndex)),
        );
      });
      lines.push(
        '      <Puissance_Maximale>',
        `        <Valeur>${values.integer(500, 12_000)}</Valeur>`,
        '      </Puissance_Maximale>',
        '    </Donnees_Releve>',
        '  </PRM>',
      );
    });
    lines.push('</R151>', '');
    yield {
      fileName: `ERDF_R151_17X100A100FXXXXX_GRD-F000_3363069_${pad(day + 1, 5)}_Q_00001_00001_${parisCompact(created)}.xml`,
      text: lines.join('\n'),
      readings: DELIVERY_POINTS * (R151_DISTRIBUTOR_CLASSES.length + R151_SUPPLIER_CLASSES.length),
      maxPowers: DELIVERY_POINTS,
      firstStartMs: null,
    };
  }
}

/** Series of one PRM in an R171 file, as in the fixture's C4 PRM: four EA indexes, then ERI, PMA and TF. */
const R171_SERIES = [
  ['EA', 'HPH', 'Heures Pleines Hiver / Saison Haute', 'Wh'],
  ['EA', 'HCH', 'Heures Creuses Hiver / Saison Haute', 'Wh'],
  ['EA', 'HPB', 'Heures Pleines Ete / Saison Basse', 'Wh'],
  ['EA', 'HCB', 'Heures Creuses Ete / Saison Basse', 'Wh'],
  ['ERI', 'HPH', 'Heures Pleines Hiver / Saison Haute', 'VArh'],
  ['PMA', 'HPH', 'Heures Pleines Hiver / Saison Haute', 'VA'],
  ['TF', 'HPH', 'Heures Pleines Hiver / Saison Haute', 's'],
] as const;
const R171_ENERGY_SERIES = R171_SERIES.filter(([quantity]) => quantity === 'EA').length;

/**
 * Enedis R171: one file per day with every PRM (a file holds up to 1000). `dateFin` is the
 * reading instant in Paris time without offset, shortly after midnight on the next day.
 */
function* r171Files(grid: YearGrid): Generator<GeneratedFile> {
  const values = new ValueGenerator(SEED + 4);
  const indexes = PRMS.map(() => R171_SERIES.map(() => values.integer(1e7, 9e8)));
  for (let day = 0; day < 366; day += 1) {
    const nextDate = item(grid.days, day + 1);
    const created =
      item(grid.boundaryMs, item(grid.dayFirstInterval, day)) + DAY_MS + 2 * HOUR_MS + 41 * 60_000 + 7000;
    const createdParts = parisParts(created);
    const lines = [
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>',
      '<ns2:R171 xmlns:ns2="http://www.enedis.fr/stm/R171">',
      '  <entete>',
      '    <emetteur>Enedis</emetteur>',
      '    <destinataire>17X100A100FXXXXX</destinataire>',
      `    <dateHeureCreation>${createdParts.date}T${createdParts.time}</dateHeureCreation>`,
      '    <flux>R171</flux>',
      '    <version>1.0</version>',
      '  </entete>',
      '  <serieMesuresDateesListe>',
    ];
    PRMS.forEach((prm, prmIndex) => {
      const readAt = `${nextDate}T00:${pad(40 + (prmIndex % 20))}:${pad((prmIndex * 7) % 60)}`;
      const prmIndexes = item(indexes, prmIndex);
      R171_SERIES.forEach(([quantity, timeClass, label, unit], seriesIndex) => {
        const value =
          quantity === 'PMA' || quantity === 'TF'
            ? values.integer(0, quantity === 'PMA' ? 250_000 : 86_400)
            : item(prmIndexes, seriesIndex) + values.integer(0, 400_000);
        prmIndexes[seriesIndex] = value;
        lines.push(
          '    <serieMesuresDatees>',
          `      <prmId>${prm}</prmId>`,
          '      <type>INDEX</type>',
          '      <grandeurMetier>CONS</grandeurMetier>',
          `      <grandeurPhysique>${quantity}</grandeurPhysique>`,
          '      <typeCalendrier>D</typeCalendrier>',
          `      <codeClasseTemporelle>${timeClass}</codeClasseTemporelle>`,
          `      <libelleClasseTemporelle>${label}</libelleClasseTemporelle>`,
          `      <unite>${unit}</unite>`,
          '      <mesuresDateesListe>',
          '        <mesureDatee>',
          `          <dateFin>${readAt}</dateFin>`,
          `          <valeur>${value}</valeur>`,
          '        </mesureDatee>',
          '      </mesuresDateesListe>',
          '    </serieMesuresDatees>',
        );
      });
    });
    lines.push('  </serieMesuresDateesListe>', '</ns2:R171>', '');
    yield {
      fileName: `ENEDIS_R171_C_00000099895595_GRDF_17X100A100FXXXXX_${parisCompact(created)}.xml`,
      text: lines.join('\n'),
      readings: DELIVERY_POINTS * R171_ENERGY_SERIES,
      maxPowers: 0,
      firstStartMs: null,
    };
  }
}

/**
 * Months of the year as M023 request periods. One request for the year and 67 PRMs would give a
 * CSV of about 400 MB, above the pipeline's 200 MB file limit, so the benchmark requests a month
 * at a time.
 */
function months(grid: YearGrid): Array<{ firstDay: number; endDay: number; label: string }> {
  const periods: Array<{ firstDay: number; endDay: number; label: string }> = [];
  grid.days.forEach((date, day) => {
    if (date.endsWith('-01')) {
      const previous = periods[periods.length - 1];
      if (previous) previous.endDay = day;
      if (day < 366) periods.push({ firstDay: day, endDay: 366, label: date.slice(0, 7) });
    }
  });
  return periods;
}

/**
 * M023 R63 CSV, with the columns of the real portal file. The meters are C4 (nature `R`), whose
 * curves are natively at 10 minutes and whose `Horodate` is the START of the interval.
 */
function* m023CsvFiles(grid: YearGrid): Generator<GeneratedFile> {
  const values = new ValueGenerator(SEED + 5);
  for (const [monthIndex, month] of months(grid).entries()) {
    const first = item(grid.dayFirstInterval, month.firstDay);
    const last = item(grid.dayFirstInterval, month.endDay);
    const periodStart = `${item(grid.days, month.firstDay)} 00:00:00`;
    const periodEnd = `${item(grid.days, month.endDay)} 00:00:00`;
    const lines = [
      'Identifiant PRM;Date de début;Date de fin;Grandeur physique;Grandeur métier;Etape métier;Unité;Horodate;Valeur;Nature;Pas;Indice de vraisemblance;Etat complémentaire',
    ];
    for (const prm of PRMS) {
      const prefix = `${prm};${periodStart};${periodEnd};PA;CONS;BRUT;W;`;
      for (let interval = first; interval < last; interval += 1) {
        lines.push(`${prefix}${item(grid.wall, interval)};${values.integer(20_000, 400_000)};R;PT10M;;`);
      }
    }
    lines.push('');
    const published = item(grid.boundaryMs, last) + DAY_MS + 9.5 * HOUR_MS;
    yield {
      fileName: `ENEDIS_R63_P_CdC_BNCH${pad(monthIndex + 1, 4)}_00001_${parisCompact(published)}.csv`,
      text: lines.join('\n'),
      readings: DELIVERY_POINTS * (last - first),
      maxPowers: 0,
      firstStartMs: item(grid.boundaryMs, first),
    };
  }
}

/** M023 R63 JSON laid out as the fixture (one point per line), for the same C4 meters and months. */
function* m023JsonFiles(grid: YearGrid): Generator<GeneratedFile> {
  const values = new ValueGenerator(SEED + 6);
  for (const [monthIndex, month] of months(grid).entries()) {
    const first = item(grid.dayFirstInterval, month.firstDay);
    const last = item(grid.dayFirstInterval, month.endDay);
    const requestId = `BNCH${pad(monthIndex + 1, 4)}`;
    const measures = PRMS.map((prm) => {
      const points: string[] = [];
      for (let interval = first; interval < last; interval += 1) {
        points.push(
          `            { "v": "${values.integer(20_000, 400_000)}", "d": "${item(grid.wall, interval)}", "p": "PT10M", "n": "R" }`,
        );
      }
      return [
        '    {',
        `      "idPrm": "${prm}",`,
        '      "etapeMetier": "BRUT",',
        `      "periode": { "dateDebut": "${item(grid.days, month.firstDay)}", "dateFin": "${item(grid.days, month.endDay)}" },`,
        '      "modeCalcul": "MESURE",',
        '      "grandeur": [',
        '        {',
        '          "grandeurMetier": "CONS",',
        '          "grandeurPhysique": "PA",',
        '          "unite": "W",',
        '          "points": [',
        points.join(',\n'),
        '          ]',
        '        }',
        '      ]',
        '    }',
      ].join('\n');
    });
    const text = [
      '{',
      '  "header": {',
      '    "siDemandeur": "SGE",',
      '    "typeDestinataire": "ACM",',
      '    "idDestinataire": "23X--FIXTURE---001",',
      '    "codeFlux": "R63",',
      `    "idDemande": "${requestId}",`,
      '    "modePublication": "P",',
      '    "idCanalContact": "Interne",',
      '    "format": "JSON",',
      '    "publicationCrp": "non"',
      '  },',
      '  "mesures": [',
      measures.join(',\n'),
      '  ]',
      '}',
      '',
    ].join('\n');
    const published = item(grid.boundaryMs, last) + DAY_MS + 9.5 * HOUR_MS;
    yield {
      fileName: `ENEDIS_R63_P_CdC_${requestId}_00001_${parisCompact(published)}.json`,
      text,
      readings: DELIVERY_POINTS * (last - first),
      maxPowers: 0,
      firstStartMs: item(grid.boundaryMs, first),
    };
  }
}

/**
 * Data Connect v5 `consumption_load_curve`: the API serves at most 7 days per call, so one body
 * per PRM and week (53 per PRM, the last one 2 days). Dates are Linky interval ENDS without offset.
 */
function* dataConnectFiles(grid: YearGrid): Generator<GeneratedFile> {
  const values = new ValueGenerator(SEED + 7);
  for (const prm of PRMS) {
    for (let firstDay = 0; firstDay < 366; firstDay += 7) {
      const endDay = Math.min(366, firstDay + 7);
      const first = item(grid.dayFirstInterval, firstDay);
      const last = item(grid.dayFirstInterval, endDay);
      const intervalReading: Array<Record<string, string>> = [];
      for (let interval = first; interval < last; interval += 1) {
        intervalReading.push({
          value: String(values.integer(150, 9000)),
          date: item(grid.wall, interval + 1),
          interval_length: 'PT10M',
          measure_type: 'B',
        });
      }
      const body = {
        meter_reading: {
          usage_point_id: prm,
          start: item(grid.days, firstDay),
          end: item(grid.days, endDay),
          quality: 'BRUT',
          reading_type: { unit: 'W', measurement_kind: 'power', aggregate: 'average' },
          interval_reading: intervalReading,
        },
      };
      yield {
        fileName: `consumption_load_curve_${prm}_${item(grid.days, firstDay)}_${item(grid.days, endDay)}.json`,
        text: `${JSON.stringify(body, null, 2)}\n`,
        readings: last - first,
        maxPowers: 0,
        firstStartMs: item(grid.boundaryMs, first),
      };
    }
  }
}

/**
 * Enedis customer portal « Enedis_Conso_Heure » CSV: one download per PRM for the year, with the
 * byte order mark, the metadata table and the trailing `;` of the real file. `Horodate` is the
 * Linky interval END with its offset.
 */
function* portalFiles(grid: YearGrid): Generator<GeneratedFile> {
  const values = new ValueGenerator(SEED + 8);
  for (const prm of PRMS) {
    const lines = [
      '\uFEFFIdentifiant PRM;Type de donnees;Date de debut;Date de fin;Grandeur physique;Grandeur metier;Etape metier;Unite;Pas en minutes',
      `${prm};Courbe de charge;01/01/2024;01/01/2025;Energie active;Consommation;Comptage Brut;W;`,
      'Horodate;Valeur',
    ];
    for (let interval = 0; interval < grid.intervals; interval += 1) {
      const trailing = interval === 0 ? ';' : '';
      lines.push(`${item(grid.iso, interval + 1)};${values.integer(150, 9000)}${trailing}`);
    }
    lines.push('');
    yield {
      fileName: `Enedis_Conso_Heure_${prm}_2024.csv`,
      text: lines.join('\n'),
      readings: grid.intervals,
      maxPowers: 0,
      firstStartMs: item(grid.boundaryMs, 0),
    };
  }
}

/**
 * GRDF ADICT `donnees_consos_informatives`: one NDJSON response per PCE for the year, one line per
 * gas day (06:00 to 06:00 Paris time), then the status object. Each day gives a volume and an
 * energy reading.
 */
function* adictFiles(grid: YearGrid): Generator<GeneratedFile> {
  const values = new ValueGenerator(SEED + 9);
  for (const pce of PRMS) {
    let index = values.integer(1000, 90_000);
    const lines: string[] = [];
    for (let day = 0; day < 366; day += 1) {
      const gasDay = item(grid.days, day);
      const nextDay = item(grid.days, day + 1);
      // 06:00 Paris is after the 02:00/03:00 clock change, so midnight + 6 h carries the right offset.
      const start = `${gasDay}T06:00:00${parisParts(item(grid.boundaryMs, item(grid.dayFirstInterval, day)) + 6 * HOUR_MS).offset}`;
      const end = `${nextDay}T06:00:00${parisParts(item(grid.boundaryMs, item(grid.dayFirstInterval, day + 1)) + 6 * HOUR_MS).offset}`;
      const volume = values.integer(0, 40);
      const coefficient = values.integer(1120, 1140) / 100;
      const record = {
        pce: { id_pce: pce },
        periode: { valeur: null, date_debut: gasDay, date_fin: nextDay },
        releve_debut: {
          date_releve: null,
          index_brut_debut: { valeur_index: index, horodate_Index: start },
          index_converti_debut: { valeur_index: null, horodate_Index: null },
        },
        releve_fin: {
          date_releve: end,
          index_brut_fin: { valeur_index: index + volume, horodate_Index: end },
          index_converti_fin: { valeur_index: null, horodate_Index: null },
        },
        consommation: {
          date_debut_consommation: start,
          date_fin_consommation: end,
          flag_retour_zero: null,
          volume_brut: volume,
          coeff_calcul: { coeff_pta: null, valeur_pcs: null, coeff_conversion: coefficient },
          volume_converti: null,
          energie: Math.round(volume * coefficient),
          type_qualif_conso: 'Mesuré',
          sens_flux_gaz: 'Consommation',
          statut_conso: 'Provisoire',
          journee_gaziere: gasDay,
          type_conso: 'Informative Journalier',
        },
        statut_restitution: null,
      };
      lines.push(JSON.stringify(record));
      index += volume;
    }
    lines.push(
      '{"code_statut_traitement":"0000000000","message_retour_traitement":"Traitement effectué."}',
      '',
    );
    yield {
      fileName: `donnees_consos_informatives_${pce}_2024.ndjson`,
      text: lines.join('\n'),
      readings: 2 * 366,
      maxPowers: 0,
      firstStartMs: null,
    };
  }
}

const CASES: FormatCase[] = [
  {
    format: 'enedis-r50',
    label: 'Enedis R50 (XML)',
    layout: 'daily file (Q), 67 PRMs each',
    files: r50Files,
  },
  {
    format: 'enedis-r4x',
    label: 'Enedis R4H (XML)',
    layout: 'one XML per PRM and week, as unzipped',
    files: r4xFiles,
  },
  {
    format: 'enedis-m023',
    label: 'Enedis M023 R63 CSV',
    layout: 'monthly request, 67 PRMs',
    files: m023CsvFiles,
  },
  {
    format: 'enedis-m023',
    label: 'Enedis M023 R63 JSON',
    layout: 'monthly request, 67 PRMs',
    files: m023JsonFiles,
  },
  {
    format: 'enedis-dataconnect',
    label: 'Data Connect v5 load curve',
    layout: 'one API body per PRM and 7 days',
    files: dataConnectFiles,
  },
  {
    format: 'enedis-portal',
    label: 'Enedis portal CSV',
    layout: 'one download per PRM and year',
    files: portalFiles,
  },
  {
    format: 'enedis-r151',
    label: 'Enedis R151 (XML), daily indexes',
    layout: 'daily file (Q), 67 PRMs each',
    files: r151Files,
  },
  {
    format: 'enedis-r171',
    label: 'Enedis R171 (XML), daily indexes',
    layout: 'daily file, 67 PRMs each',
    files: r171Files,
  },
  {
    format: 'grdf-adict',
    label: 'GRDF ADICT (NDJSON), gas days',
    layout: 'one API response per PCE and year',
    files: adictFiles,
  },
];

interface CaseOutcome {
  files: number;
  points: number;
  megabytes: number;
  parseMs: number;
  /** User and system CPU time of the process during the parse calls, garbage-collector threads included. */
  cpuMs: number;
  /** Largest growth of heapUsed across one parse call, in bytes. */
  peakHeapDelta: number;
  warnings: Map<string, number>;
}

/** Throws unless the file parsed without errors into exactly the records it was generated with. */
function checkResult(result: ParseResult, file: GeneratedFile, format: string): void {
  if (result.fatal) throw new Error(`${format} rejected ${file.fileName}: ${result.fatal.message}`);
  const firstError = result.issues.find((issue) => issue.severity === 'error');
  if (firstError) throw new Error(`${format} reported an error in ${file.fileName}: ${firstError.message}`);
  const maxPowers = result.maxPowers?.length ?? 0;
  if (result.readings.length !== file.readings || maxPowers !== file.maxPowers) {
    throw new Error(
      `${format} parsed ${result.readings.length} readings and ${maxPowers} maximum powers from ${file.fileName}, expected ${file.readings} and ${file.maxPowers}`,
    );
  }
  if (file.firstStartMs === null) return;
  const firstStart = result.readings[0]?.start.getTime();
  const wrongStep = result.readings.find((reading) => reading.stepSeconds !== STEP_MS / 1000);
  if (firstStart !== file.firstStartMs || wrongStep) {
    throw new Error(
      `${format} read ${file.fileName} as a curve starting at ${new Date(firstStart ?? 0).toISOString()} (expected ${new Date(file.firstStartMs).toISOString()})${wrongStep ? ` with a ${wrongStep.stepSeconds} s step at ${wrongStep.start.toISOString()}` : ''}`,
    );
  }
}

async function runCase(spec: FormatCase, grid: YearGrid): Promise<CaseOutcome> {
  const parser = findParser(spec.format);
  if (!parser) throw new Error(`no parser is registered under ${spec.format}`);
  const outcome: CaseOutcome = {
    files: 0,
    points: 0,
    megabytes: 0,
    parseMs: 0,
    cpuMs: 0,
    peakHeapDelta: 0,
    warnings: new Map(),
  };
  for (const file of spec.files(grid)) {
    const bytes = Buffer.from(file.text, 'utf8');
    if (outcome.files === 0) {
      // The generated layout must be the one detection recognises, as for a real file.
      const detected = detectFormat(makeDetectInput(file.fileName, bytes));
      if (!('parser' in detected) || detected.parser.format !== spec.format) {
        const found = 'parser' in detected ? detected.parser.format : detected.message;
        throw new Error(
          `${file.fileName} is detected as ${found}, not ${spec.format}: compare its generator with the fixture`,
        );
      }
    }
    const heapBefore = process.memoryUsage().heapUsed;
    const cpuBefore = process.cpuUsage();
    const startedAt = performance.now();
    const result = await parser.parse({ fileName: file.fileName, bytes }, null);
    outcome.parseMs += performance.now() - startedAt;
    const cpu = process.cpuUsage(cpuBefore);
    outcome.cpuMs += (cpu.user + cpu.system) / 1000;
    outcome.peakHeapDelta = Math.max(outcome.peakHeapDelta, process.memoryUsage().heapUsed - heapBefore);

    checkResult(result, file, spec.format);
    for (const issue of result.issues)
      outcome.warnings.set(issue.code, (outcome.warnings.get(issue.code) ?? 0) + 1);
    outcome.files += 1;
    outcome.points += file.readings + file.maxPowers;
    outcome.megabytes += bytes.length / 1024 / 1024;
  }
  return outcome;
}

export async function runOperatorParsersBenchmark(): Promise<string[]> {
  const grid = buildYearGrid();
  const lines = [
    `Operator parsers: parse time of one year (2024, leap) for ${DELIVERY_POINTS} delivery points, 10-minute curves = ${grid.intervals.toLocaleString('en')} points per point (Node ${process.version}, ${os.cpus().length} cores, files built in memory, parse calls alone timed)`,
    `  ${'format'.padEnd(34)} ${'files'.padStart(6)} ${'points'.padStart(10)} ${'MB'.padStart(6)} ${'year of 67'.padStart(10)} ${'CPU'.padStart(8)} ${'points/s'.padStart(10)} ${'ratio to ref'.padStart(12)} ${'heap Δ'.padStart(8)}  files as delivered`,
  ];
  for (const spec of CASES) {
    const outcome = await runCase(spec, grid);
    const seconds = outcome.parseMs / 1000;
    const rate = outcome.points / seconds;
    lines.push(
      `  ${spec.label.padEnd(34)} ${String(outcome.files).padStart(6)} ${outcome.points.toLocaleString('en').padStart(10)} ${outcome.megabytes.toFixed(0).padStart(6)} ${`${seconds.toFixed(2)} s`.padStart(10)} ${`${(outcome.cpuMs / 1000).toFixed(2)} s`.padStart(8)} ${Math.round(rate).toLocaleString('en').padStart(10)} ${(rate / REFERENCE_POINTS_PER_SECOND).toFixed(2).padStart(12)} ${`${(outcome.peakHeapDelta / 1024 / 1024).toFixed(0)} MB`.padStart(8)}  ${spec.layout}`,
    );
    if (outcome.warnings.size > 0) {
      const codes = [...outcome.warnings.entries()].map(([code, count]) => `${code} × ${count}`).join(', ');
      lines.push(`  ${''.padEnd(34)} warnings: ${codes}`);
    }
  }
  lines.push(
    `  reference: ${REFERENCE_POINTS_PER_SECOND.toLocaleString('en')} points/s, a scale chosen for this benchmark and not a customer target ("ratio to ref" = points/s ÷ reference).`,
    '  points = records returned: R151 gives 6 indexes and 1 maximum power per PRM and day, R171 its 4 EA indexes (the parser skips ERI, PMA and TF), ADICT a volume and an energy per gas day.',
    '  year of 67 = wall-clock time of the parse calls, from which points/s is computed; CPU = process CPU time during those calls (all threads), less sensitive to other load on the machine.',
    '  heap Δ = largest growth of heapUsed across one parse call (approximate: garbage collection may run during the call); it includes the result the call returns.',
  );
  return lines;
}
