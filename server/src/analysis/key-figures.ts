import { ENERGIES, type Energy } from '@openfluides/core';
import type { Scope } from '../access/scope.js';
import type { Db } from '../db/database.js';
import { AppError } from '../errors.js';
import type { AggregateGroup, AggregationEngine, BucketTotals } from './aggregation.js';
import {
  addDays,
  addMonths,
  daysBetween,
  laterDate,
  monthStart,
  parisDateOf,
  parisMidnight,
} from './calendar.js';
import { type AppliedFactor, appliedFactors } from './conversions.js';
import { meanFloorArea } from './floor-area.js';
import { type BuildingInvoice, type ImportRunLink, KeyFiguresRepository } from './key-figures-repository.js';
import { ENERGY_LABELS, frenchDate } from './labels.js';
import type { PerimeterService } from './perimeter.js';
import type { Warning } from './series.js';
import { type Completeness, completenessOf, roundOrNull } from './series-values.js';

export interface Window {
  from: string;
  to: string;
}

/**
 * Returns the last 12 whole months before the month of `asOf`, and the 12 months before them. On
 * 2025-03-10 they are [2024-03-01, 2025-03-01) and [2023-03-01, 2024-03-01).
 */
export function twelveMonthWindows(asOf: string): { current: Window; previous: Window } {
  const end = monthStart(asOf);
  const middle = addMonths(end, -12);
  return { current: { from: middle, to: end }, previous: { from: addMonths(end, -24), to: middle } };
}

/** Sums of one energy (or all) over one window, from the monthly buckets of the 24 months. */
export function windowTotals(group: AggregateGroup | undefined, first: number, count: number): BucketTotals {
  const totals: BucketTotals = {
    kwh: null,
    kwhEp: null,
    kgCo2e: null,
    present: 0,
    estimated: 0,
    expected: 0,
  };
  if (!group) return totals;
  for (const item of group.totals.slice(first, first + count)) {
    if (item.kwh !== null) totals.kwh = (totals.kwh ?? 0) + item.kwh;
    if (item.kwhEp !== null) totals.kwhEp = (totals.kwhEp ?? 0) + item.kwhEp;
    if (item.kgCo2e !== null) totals.kgCo2e = (totals.kgCo2e ?? 0) + item.kgCo2e;
    totals.present += item.present;
    totals.estimated += item.estimated;
    totals.expected += item.expected;
  }
  return totals;
}

export function changePercent(current: number | null, previous: number | null): number | null {
  if (current === null || previous === null || previous === 0) return null;
  return roundOrNull(((current - previous) / previous) * 100);
}

export interface Cost {
  /** Invoice amounts prorated by days over the window, times the building's key, €. */
  amountExclTaxEur: number | null;
  amountInclTaxEur: number | null;
  invoiceCount: number;
  /** Days of the window covered by at least one invoice of the energy. */
  coveredDays: number;
  windowDays: number;
  /** Why the amounts are null: no-invoices, submeter-allocation, amounts-missing, partial. */
  unavailable: { code: string; message: string } | null;
}

export interface WindowFigures {
  kWh: number | null;
  kWhPerM2: number | null;
  kWhEP: number | null;
  kgCO2e: number | null;
  cost: Cost;
  completeness: Completeness;
}

export interface KeyFiguresResponse {
  building: { id: string; code: string; name: string; siteName: string; floorAreaM2: number | null };
  current: Window & { floorAreaM2: number | null };
  previous: Window & { floorAreaM2: number | null };
  energies: {
    energy: Energy;
    label: string;
    current: WindowFigures;
    previous: WindowFigures;
    /** Change of final energy, %. */
    changePct: number | null;
  }[];
  total: { current: WindowFigures; previous: WindowFigures; changePct: number | null };
  importRuns: ImportRunLink[];
  factors: AppliedFactor[];
  warnings: Warning[];
}

const IMPORT_RUN_LIMIT = 50;

/** Prorated cost of a building's invoices of one energy over a window. */
export function costOver(invoices: BuildingInvoice[], window: Window): Cost {
  const windowDays = daysBetween(window.from, window.to);
  const inWindow = invoices.filter(
    (invoice) => invoice.periodEnd >= window.from && invoice.periodStart < window.to,
  );
  const covered = new Set<number>();
  let excl: number | null = 0;
  let incl: number | null = 0;
  let unavailable: Cost['unavailable'] = null;
  for (const invoice of inWindow) {
    const invoiceDays = daysBetween(invoice.periodStart, invoice.periodEnd) + 1;
    const first = laterDate(invoice.periodStart, window.from);
    const endExclusive = daysBetween(window.from, invoice.periodEnd) + 1;
    const firstIndex = daysBetween(window.from, first);
    const lastIndex = Math.min(endExclusive, windowDays);
    for (let day = firstIndex; day < lastIndex; day += 1) covered.add(day);
    const share = (lastIndex - firstIndex) / invoiceDays;
    if (invoice.weight === null) {
      unavailable = {
        code: 'submeter-allocation',
        message:
          'Le point de livraison est réparti par sous-comptage : aucune clé fixe ne permet d’attribuer ses factures au bâtiment.',
      };
      continue;
    }
    excl =
      excl === null || invoice.amountExclTaxCents === null
        ? null
        : excl + (invoice.amountExclTaxCents / 100) * invoice.weight * share;
    incl =
      incl === null || invoice.amountInclTaxCents === null
        ? null
        : incl + (invoice.amountInclTaxCents / 100) * invoice.weight * share;
  }
  if (inWindow.length === 0) {
    unavailable = {
      code: 'no-invoices',
      message:
        'Aucune facture de ce bâtiment pour cette énergie sur la période : importez les factures pour obtenir les montants.',
    };
  } else if (!unavailable && (excl === null || incl === null)) {
    // A sum over only some invoices would pass for the whole window, so none is given.
    unavailable = {
      code: 'amounts-missing',
      message:
        excl === null && incl === null
          ? 'Les factures de la période n’ont pas de montant : complétez-les pour obtenir les montants.'
          : `Au moins une facture de la période n’a pas de montant ${excl === null ? 'HT' : 'TTC'} : complétez-la pour obtenir les montants.`,
    };
  }
  return {
    amountExclTaxEur: unavailable ? null : roundOrNull(excl),
    amountInclTaxEur: unavailable ? null : roundOrNull(incl),
    invoiceCount: inWindow.length,
    coveredDays: covered.size,
    windowDays,
    unavailable,
  };
}

function sumCosts(costs: Cost[], windowDays: number): Cost {
  const missing = costs.filter((cost) => cost.unavailable !== null);
  const add = (values: (number | null)[]) =>
    values.some((value) => value === null)
      ? null
      : values.reduce<number>((sum, value) => sum + (value ?? 0), 0);
  return {
    amountExclTaxEur:
      missing.length > 0 ? null : roundOrNull(add(costs.map((cost) => cost.amountExclTaxEur))),
    amountInclTaxEur:
      missing.length > 0 ? null : roundOrNull(add(costs.map((cost) => cost.amountInclTaxEur))),
    invoiceCount: costs.reduce((sum, cost) => sum + cost.invoiceCount, 0),
    coveredDays: Math.min(...costs.map((cost) => cost.coveredDays), windowDays),
    windowDays,
    unavailable:
      missing.length > 0
        ? {
            code: 'partial',
            message:
              'Le montant total manque parce qu’au moins une énergie n’a pas de montant de facture sur la période.',
          }
        : null,
  };
}

/** Floor area rounded to the cm², as the response gives it. */
function roundArea(area: number | null): number | null {
  return area === null ? null : Math.round(area * 100) / 100;
}

function figuresOf(totals: BucketTotals, floorAreaM2: number | null, cost: Cost): WindowFigures {
  return {
    kWh: roundOrNull(totals.kwh),
    kWhPerM2: totals.kwh !== null && floorAreaM2 ? roundOrNull(totals.kwh / floorAreaM2) : null,
    kWhEP: roundOrNull(totals.kwhEp),
    kgCO2e: roundOrNull(totals.kgCo2e),
    cost,
    completeness: completenessOf(totals.present, totals.estimated, totals.expected),
  };
}

/** Key figures of one building: the last 12 months against the 12 before, by energy. */
export class KeyFiguresService {
  private readonly repository: KeyFiguresRepository;

  constructor(
    db: Db,
    private readonly perimeters: PerimeterService,
    private readonly engine: AggregationEngine,
    private readonly clock: () => Date,
  ) {
    this.repository = new KeyFiguresRepository(db);
  }

  /**
   * Computes the key figures of a building. `asOfFromData` means that `asOf` follows the building's
   * last readings rather than the caller's choice, so a window ending before this month gets a warning.
   */
  async keyFigures(
    scope: Scope,
    buildingId: string,
    asOf: string | undefined,
    asOfFromData = false,
  ): Promise<KeyFiguresResponse> {
    const perimeter = await this.perimeters.resolve(scope, { buildingIds: [buildingId] });
    const building = perimeter.buildings[0];
    if (!building) throw new AppError('not-found');
    const now = this.clock();
    const windows = twelveMonthWindows(asOf ?? parisDateOf(now.getTime()));
    // kWh/m² divide by the exact day-weighted mean areas; the response rounds them to the cm².
    const currentArea = meanFloorArea(building, windows.current.from, windows.current.to);
    const previousArea = meanFloorArea(building, windows.previous.from, windows.previous.to);
    const current = { ...windows.current, floorAreaM2: roundArea(currentArea) };
    const previous = { ...windows.previous, floorAreaM2: roundArea(previousArea) };
    const result = await this.engine.aggregate({
      perimeter,
      from: previous.from,
      to: current.to,
      step: 'P1M',
      groupBy: ['energy'],
      now,
    });
    const invoices = await this.repository.invoices(building.id, previous.from, current.to);

    const energies = ENERGIES.filter(
      (energy) =>
        result.groups.some((group) => group.parts.energy === energy) ||
        invoices.some((invoice) => invoice.energy === energy),
    );
    const rows = energies.map((energy) => {
      const group = result.groups.find((candidate) => candidate.parts.energy === energy);
      const energyInvoices = invoices.filter((invoice) => invoice.energy === energy);
      const currentFigures = figuresOf(
        windowTotals(group, 12, 12),
        currentArea,
        costOver(energyInvoices, current),
      );
      const previousFigures = figuresOf(
        windowTotals(group, 0, 12),
        previousArea,
        costOver(energyInvoices, previous),
      );
      return {
        energy,
        label: ENERGY_LABELS[energy],
        current: currentFigures,
        previous: previousFigures,
        changePct: changePercent(currentFigures.kWh, previousFigures.kWh),
      };
    });

    const allEnergies: AggregateGroup = {
      key: 'total',
      parts: {},
      totals: result.buckets.map((_, index) => {
        const sum: BucketTotals = {
          kwh: null,
          kwhEp: null,
          kgCo2e: null,
          present: 0,
          estimated: 0,
          expected: 0,
        };
        for (const group of result.groups) {
          const item = group.totals[index] as BucketTotals;
          if (item.kwh !== null) sum.kwh = (sum.kwh ?? 0) + item.kwh;
          if (item.kwhEp !== null) sum.kwhEp = (sum.kwhEp ?? 0) + item.kwhEp;
          if (item.kgCo2e !== null) sum.kgCo2e = (sum.kgCo2e ?? 0) + item.kgCo2e;
          sum.present += item.present;
          sum.estimated += item.estimated;
          sum.expected += item.expected;
        }
        return sum;
      }),
    };
    const totalCurrent = figuresOf(
      windowTotals(allEnergies, 12, 12),
      currentArea,
      sumCosts(
        rows.map((row) => row.current.cost),
        daysBetween(current.from, current.to),
      ),
    );
    const totalPrevious = figuresOf(
      windowTotals(allEnergies, 0, 12),
      previousArea,
      sumCosts(
        rows.map((row) => row.previous.cost),
        daysBetween(previous.from, previous.to),
      ),
    );

    const contributions = await this.engine.contributions(perimeter);
    const importRuns = await this.repository.importRuns(
      [...new Set(contributions.map((item) => item.registerId))],
      new Date(parisMidnight(previous.from)),
      new Date(parisMidnight(current.to)),
      invoices.map((invoice) => invoice.id),
      IMPORT_RUN_LIMIT,
    );

    const primary = appliedFactors(result.energies, 'primary-energy', previous.from, current.to);
    const emission = appliedFactors(result.energies, 'emission', previous.from, current.to);
    const warnings: Warning[] = [];
    const withoutFactor = [...new Set([...primary.energiesWithoutFactor, ...emission.energiesWithoutFactor])];
    if (withoutFactor.length > 0)
      warnings.push({
        code: 'energies-without-factor',
        message: `Pas de facteur d’énergie primaire ou d’émission pour : ${withoutFactor.map((energy) => ENERGY_LABELS[energy]).join(', ')}. Elles ne comptent pas dans les kWh EP ou les kg CO2e.`,
        ids: withoutFactor,
      });
    const today = parisDateOf(now.getTime());
    if (asOfFromData && current.to < monthStart(today))
      warnings.push({
        code: 'readings-stopped',
        message: `Les relevés de ce bâtiment s’arrêtent le ${frenchDate(addDays(asOf as string, -1))} : les chiffres portent sur les 12 mois complets qui précèdent.`,
      });
    if (building.floorAreaM2 === null)
      warnings.push({
        code: 'building-without-area',
        message: 'Le bâtiment n’a pas de surface de plancher : renseignez-la pour obtenir les kWh/m².',
      });

    return {
      building: {
        id: building.id,
        code: building.code,
        name: building.name,
        siteName: building.siteName,
        floorAreaM2: building.floorAreaM2,
      },
      current,
      previous,
      energies: rows,
      total: {
        current: totalCurrent,
        previous: totalPrevious,
        changePct: changePercent(totalCurrent.kWh, totalPrevious.kWh),
      },
      importRuns,
      factors: [...primary.factors, ...emission.factors],
      warnings,
    };
  }
}
