import {
  type DpeClass,
  type DpeTertiaryCategory,
  dpeClimateClass,
  dpeEnergyClass,
  GAS_PCI_PER_PCS,
} from '@openfluides/core';
import type { Scope } from '../access/scope.js';
import { meanFloorArea } from '../analysis/floor-area.js';
import type { Db } from '../db/database.js';
import { AppError } from '../errors.js';
import {
  addDays,
  addMonths,
  buildPeriods,
  daysBetween,
  type Period,
  shiftMonths,
} from '../weather/periods.js';
import { type BuildingFacts, findBuildingFacts } from './building-repository.js';
import { type AppliedFactor, type EnergyFigures, EnergyFiguresAccumulator } from './energy-figures.js';
import { completenessOf, loadEnergyByPeriod, type PeriodEnergies } from './energy-repository.js';

export const DPE_CATEGORIES = [
  'bureaux-enseignement',
  'occupation-continue',
  'autres',
  'centre-commercial',
] as const;

/** DPE tertiary scale of each building activity: student housing is continuously occupied, sports halls are « autres ». */
const DPE_CATEGORY_BY_ACTIVITY: Record<string, DpeTertiaryCategory> = {
  teaching: 'bureaux-enseignement',
  research: 'bureaux-enseignement',
  library: 'bureaux-enseignement',
  offices: 'bureaux-enseignement',
  mixed: 'bureaux-enseignement',
  technical: 'bureaux-enseignement',
  other: 'bureaux-enseignement',
  housing: 'occupation-continue',
  sports: 'autres',
  catering: 'autres',
};

export interface EnergyIndicator extends EnergyFigures {
  completeness: number | null;
  previousKwh: number | null;
  previousCompleteness: number | null;
  /** (kwh − previousKwh) / previousKwh × 100; null without a previous value. */
  evolutionPercent: number | null;
  /** kWh PCI when the energy is gas; null for the others. */
  kwhPci: number | null;
}

export interface IndicatorBlock {
  /** Day-weighted mean floor area over [from, to), m². A set of buildings gets the sum of their means. */
  floorAreaM2: number | null;
  heatedAreaM2: number | null;
  energies: EnergyIndicator[];
  /** Σ final energy as metered (gas in kWh PCS), kWh. */
  finalKwh: number | null;
  previousFinalKwh: number | null;
  evolutionPercent: number | null;
  /** Lowest completeness of the energies; null when no register owed points. */
  completeness: number | null;
  previousCompleteness: number | null;
  intensityKwhPerM2: number | null;
  heatedIntensityKwhPerM2: number | null;
  primaryKwh: number | null;
  primaryKwhPerM2: number | null;
  co2eKg: number | null;
  co2eKgPerM2: number | null;
  dpe: {
    category: DpeTertiaryCategory | null;
    categorySource: 'query' | 'activity' | 'default' | null;
    energyClass: DpeClass | null;
    climateClass: DpeClass | null;
    /** French reason when a class is null. */
    reason: string | null;
  };
  energiesWithoutPrimaryFactor: string[];
  energiesWithoutEmissionFactor: string[];
  factors: AppliedFactor[];
}

export interface BuiltInIndicators {
  from: string;
  to: string;
  previousFrom: string;
  previousTo: string;
  /** `month` when both dates are the 1st of a month (monthly rollups), else `day`. */
  source: 'day' | 'month';
  gasPciPerPcs: number;
  total: IndicatorBlock;
  buildings: ({ id: string; code: string; name: string; activity: string | null } & IndicatorBlock)[];
  notes: string[];
}

const changePercent = (current: number | null, previous: number | null) =>
  current === null || previous === null || previous === 0 ? null : ((current - previous) / previous) * 100;

const perArea = (value: number | null, area: number | null) =>
  value === null || area === null || area <= 0 ? null : value / area;

function minCompleteness(values: readonly (number | null)[]): number | null {
  const known = values.filter((value): value is number => value !== null);
  return known.length === 0 ? null : Math.min(...known);
}

function sumOrNull(values: readonly (number | null)[]): number | null {
  const known = values.filter((value): value is number => value !== null);
  return known.length === 0 ? null : known.reduce((sum, value) => sum + value, 0);
}

function isMonthStart(date: string): boolean {
  return date.endsWith('-01');
}

/** Computes the previous range of the same length: as many whole months before, or as many days. */
function previousRange(from: string, to: string, monthly: boolean): { from: string; to: string } {
  if (monthly) {
    const months =
      (Number(to.slice(0, 4)) - Number(from.slice(0, 4))) * 12 +
      Number(to.slice(5, 7)) -
      Number(from.slice(5, 7));
    return { from: addMonths(from, -months), to: from };
  }
  return { from: addDays(from, -daysBetween(from, to)), to: from };
}

function dpeOf(
  primaryPerM2: number | null,
  co2PerM2: number | null,
  yearly: boolean,
  category: { value: DpeTertiaryCategory | null; source: IndicatorBlock['dpe']['categorySource'] },
): IndicatorBlock['dpe'] {
  const base = {
    category: category.value,
    categorySource: category.source,
    energyClass: null,
    climateClass: null,
  };
  if (!yearly) {
    return {
      ...base,
      reason: 'Les étiquettes DPE portent sur une année : choisissez une période de 12 mois exactement.',
    };
  }
  if (!category.value) {
    return {
      ...base,
      reason:
        'Les bâtiments relèvent d’échelles DPE différentes : choisissez l’échelle DPE avec laquelle classer leur ensemble.',
    };
  }
  if (primaryPerM2 === null || co2PerM2 === null) {
    return {
      ...base,
      reason:
        'Surface inconnue ou énergie sans facteur de conversion : les étiquettes ne sont pas calculables.',
    };
  }
  return {
    ...base,
    energyClass: dpeEnergyClass(primaryPerM2, category.value),
    climateClass: dpeClimateClass(co2PerM2, category.value),
    reason: null,
  };
}

function buildBlock(
  current: EnergyFiguresAccumulator,
  previous: EnergyFiguresAccumulator,
  areas: { floor: number | null; heated: number | null },
  yearly: boolean,
  category: { value: DpeTertiaryCategory | null; source: IndicatorBlock['dpe']['categorySource'] },
): IndicatorBlock {
  const energies: EnergyIndicator[] = current.energies().map((figures) => {
    const before = previous.get(figures.energy);
    return {
      ...figures,
      completeness: completenessOf(figures),
      previousKwh: before?.kwh ?? null,
      previousCompleteness: before ? completenessOf(before) : null,
      evolutionPercent: changePercent(figures.kwh, before?.kwh ?? null),
      kwhPci: figures.energy === 'gas' ? figures.pciKwh : null,
    };
  });
  const finalKwh = sumOrNull(energies.map((energy) => energy.finalKwh));
  const previousFinalKwh = sumOrNull(previous.energies().map((energy) => energy.finalKwh));
  const primaryKwh = sumOrNull(energies.map((energy) => energy.primaryKwh));
  const co2eKg = sumOrNull(energies.map((energy) => energy.co2eKg));
  const primaryKwhPerM2 = perArea(primaryKwh, areas.floor);
  const co2eKgPerM2 = perArea(co2eKg, areas.floor);
  const withoutPrimary = [...current.withoutPrimaryFactor];
  const withoutEmission = [...current.withoutEmissionFactor];
  return {
    floorAreaM2: areas.floor,
    heatedAreaM2: areas.heated,
    energies,
    finalKwh,
    previousFinalKwh,
    evolutionPercent: changePercent(finalKwh, previousFinalKwh),
    completeness: minCompleteness(energies.map((energy) => energy.completeness)),
    previousCompleteness: minCompleteness(previous.energies().map((energy) => completenessOf(energy))),
    intensityKwhPerM2: perArea(finalKwh, areas.floor),
    heatedIntensityKwhPerM2: perArea(finalKwh, areas.heated),
    primaryKwh,
    primaryKwhPerM2,
    co2eKg,
    co2eKgPerM2,
    dpe: dpeOf(
      withoutPrimary.length > 0 ? null : primaryKwhPerM2,
      withoutEmission.length > 0 ? null : co2eKgPerM2,
      yearly,
      category,
    ),
    energiesWithoutPrimaryFactor: withoutPrimary,
    energiesWithoutEmissionFactor: withoutEmission,
    factors: current.appliedFactors(),
  };
}

function accumulate(
  periods: readonly Period[],
  range: { from: string; to: string },
  byPeriod: readonly (PeriodEnergies | undefined)[],
): EnergyFiguresAccumulator {
  const accumulator = new EnergyFiguresAccumulator();
  periods.forEach((period, index) => {
    if (period.firstDate >= range.from && period.firstDate < range.to)
      accumulator.add(period, byPeriod[index]);
  });
  return accumulator;
}

function sumAreas(buildings: readonly BuildingFacts[], pick: (building: BuildingFacts) => number | null) {
  let total = 0;
  for (const building of buildings) {
    const value = pick(building);
    if (value === null) return null;
    total += value;
  }
  return buildings.length === 0 ? null : total;
}

/**
 * Computes the built-in indicators of buildings over [from, to) and the previous period of the same
 * length: energy per carrier, final energy (gas in kWh PCS, as billed), evolution, kWh/m², primary
 * energy and CO2e (gas in kWh PCI) with the factors in force on each day or month, and the DPE
 * labels for a 12-month period.
 * Raises not-found when an id is outside the caller's scope.
 */
export async function computeBuiltInIndicators(
  db: Db,
  scope: Scope,
  buildingIds: readonly string[],
  range: { from: string; to: string },
  dpeCategory: DpeTertiaryCategory | undefined,
): Promise<BuiltInIndicators> {
  const buildings = await findBuildingFacts(db, scope, buildingIds);
  if (buildings.length !== new Set(buildingIds).size) throw new AppError('not-found');
  const monthly = isMonthStart(range.from) && isMonthStart(range.to);
  const previous = previousRange(range.from, range.to, monthly);
  const periods = buildPeriods(previous.from, range.to, monthly ? 'month' : 'day');
  const energy = await loadEnergyByPeriod(
    db,
    buildings.map((building) => building.id),
    periods,
    monthly ? 'month' : 'day',
  );
  const yearly = shiftMonths(range.from, 12) === range.to;

  // kWh/m² divides by the area the building had on average over the period, as the key figures do.
  const floorAreas = new Map(
    buildings.map((building) => [building.id, meanFloorArea(building, range.from, range.to)]),
  );
  const blocks = buildings.map((building) => {
    const byPeriod = energy.get(building.id) ?? [];
    const category = dpeCategory
      ? { value: dpeCategory, source: 'query' as const }
      : building.activity
        ? {
            value: DPE_CATEGORY_BY_ACTIVITY[building.activity] ?? 'bureaux-enseignement',
            source: 'activity' as const,
          }
        : { value: 'bureaux-enseignement' as const, source: 'default' as const };
    return {
      id: building.id,
      code: building.code,
      name: building.name,
      activity: building.activity,
      ...buildBlock(
        accumulate(periods, range, byPeriod),
        accumulate(periods, previous, byPeriod),
        { floor: floorAreas.get(building.id) ?? null, heated: building.heatedAreaM2 },
        yearly,
        category,
      ),
    };
  });

  const currentTotal = new EnergyFiguresAccumulator();
  const previousTotal = new EnergyFiguresAccumulator();
  for (const building of buildings) {
    const byPeriod = energy.get(building.id) ?? [];
    periods.forEach((period, index) => {
      const target = period.firstDate >= range.from ? currentTotal : previousTotal;
      target.add(period, byPeriod[index]);
    });
  }
  const categories = new Set(blocks.map((block) => block.dpe.category));
  const sharedCategory = categories.size === 1 ? ([...categories][0] ?? null) : null;
  const total = buildBlock(
    currentTotal,
    previousTotal,
    {
      floor: sumAreas(buildings, (building) => floorAreas.get(building.id) ?? null),
      heated: sumAreas(buildings, (building) => building.heatedAreaM2),
    },
    yearly,
    dpeCategory
      ? { value: dpeCategory, source: 'query' }
      : { value: sharedCategory, source: sharedCategory ? (blocks[0]?.dpe.categorySource ?? null) : null },
  );

  const notes = [
    `L’énergie finale et les kWh/m² comptent le gaz en kWh PCS, comme les factures, les compteurs et les chiffres clés du bâtiment ; l’énergie primaire, les émissions et les étiquettes DPE le comptent en kWh PCI (× ${String(GAS_PCI_PER_PCS).replace('.', ',')}), comme l’exige la réglementation.`,
    'Les émissions suivent les facteurs du DPE tertiaire (arrêté du 15 septembre 2006), avec le facteur de l’électricité relevée tous usages confondus.',
  ];
  if (total.energiesWithoutEmissionFactor.length > 0 || total.energiesWithoutPrimaryFactor.length > 0) {
    notes.push(
      'Les réseaux de chaleur et de froid ont un facteur par réseau, inconnu ici : leurs émissions (et l’énergie primaire du froid) ne sont pas comptées.',
    );
  }
  return {
    from: range.from,
    to: range.to,
    previousFrom: previous.from,
    previousTo: previous.to,
    source: monthly ? 'month' : 'day',
    gasPciPerPcs: GAS_PCI_PER_PCS,
    total,
    buildings: blocks,
    notes,
  };
}
