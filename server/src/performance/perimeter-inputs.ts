import type { FormulaInput } from '@openfluides/core';
import type { BuildingFacts } from './building-repository.js';
import { FORMULA_IDENTIFIER_NAMES } from './formula-inputs.js';

/**
 * Rule by which a perimeter of several buildings combines one formula identifier:
 *
 * - `sum`: energies, emissions and areas add up, so that a ratio such as chaleur / surface becomes
 *   Σ kWh / Σ m² and not a sum or mean of the buildings' ratios;
 * - `area-weighted-mean`: degree days and temperatures are climate figures, averaged over the
 *   buildings with their floor areas as weights, because several stations may serve them (a plain
 *   mean when a building has no floor area);
 * - `same`: the number of days of a period, equal for every building.
 */
export type PerimeterRule = 'sum' | 'area-weighted-mean' | 'same';

export const PERIMETER_RULES: Readonly<Record<string, PerimeterRule>> = {
  electricite: 'sum',
  gaz: 'sum',
  gaz_pci: 'sum',
  chaleur: 'sum',
  froid: 'sum',
  bois: 'sum',
  fioul: 'sum',
  total: 'sum',
  energie_primaire: 'sum',
  co2e: 'sum',
  surface: 'sum',
  surface_chauffee: 'sum',
  surface_utile: 'sum',
  dju: 'area-weighted-mean',
  dju_costic: 'area-weighted-mean',
  djc: 'area-weighted-mean',
  temperature_moyenne: 'area-weighted-mean',
  jours: 'same',
};

// Checked when the module loads, so that a new formula identifier cannot be evaluated without a rule.
for (const name of FORMULA_IDENTIFIER_NAMES) {
  if (!(name in PERIMETER_RULES)) throw new Error(`Formula identifier ${name} has no perimeter rule`);
}

/** Inputs of one building, as `buildFormulaInputs` returns them. */
export interface BuildingInputs {
  building: Pick<BuildingFacts, 'id' | 'floorAreaM2'>;
  inputs: Readonly<Record<string, FormulaInput>>;
  completeness: readonly (number | null)[];
}

/** Inputs of the whole perimeter over the evaluation periods, with what the user should know. */
export interface PerimeterInputs {
  inputs: Record<string, FormulaInput>;
  /** Per period, the lowest completeness among the buildings; null when none is metered. */
  completeness: (number | null)[];
  notes: string[];
}

function valueAt(input: FormulaInput | undefined, index: number): number | null {
  if (input === undefined) return null;
  return typeof input === 'number' ? input : (input[index] ?? null);
}

/**
 * Combines the inputs of the buildings of a perimeter, period by period, with `PERIMETER_RULES`. A
 * period where any building misses a value is missing for the perimeter, because a partial sum or
 * mean would pass for the whole perimeter.
 */
export function combinePerimeterInputs(
  buildings: readonly BuildingInputs[],
  used: readonly string[],
  periodCount: number,
): PerimeterInputs {
  const notes: string[] = [];
  const periods = Array.from({ length: periodCount }, (_, index) => index);
  const areas = buildings.map((entry) => entry.building.floorAreaM2);
  const weighted = areas.every((area) => area !== null && area > 0);
  const weights = buildings.map((_, index) => (weighted ? (areas[index] as number) : 1));
  const totalWeight = weights.reduce((sum, weight) => sum + weight, 0);

  const inputs: Record<string, FormulaInput> = {};
  for (const name of used) {
    const rule = PERIMETER_RULES[name];
    inputs[name] = periods.map((index) => {
      const values = buildings.map((entry) => valueAt(entry.inputs[name], index));
      if (values.length === 0 || values.some((value) => value === null)) return null;
      const present = values as number[];
      if (rule === 'same') return present[0] as number;
      if (rule === 'sum') return present.reduce((sum, value) => sum + value, 0);
      return (
        present.reduce((sum, value, building) => sum + value * (weights[building] ?? 0), 0) / totalWeight
      );
    });
  }

  const averaged = used.filter((name) => PERIMETER_RULES[name] === 'area-weighted-mean');
  if (averaged.length > 0 && !weighted && buildings.length > 1) {
    notes.push(
      `Au moins un bâtiment du périmètre n’a pas de surface de plancher : ${averaged.map((name) => `« ${name} »`).join(', ')} ${averaged.length > 1 ? 'sont des moyennes simples' : 'est une moyenne simple'} des bâtiments, sans pondération par la surface.`,
    );
  }

  const completeness = periods.map((index) => {
    const values = buildings
      .map((entry) => entry.completeness[index] ?? null)
      .filter((value): value is number => value !== null);
    return values.length === 0 ? null : Math.min(...values);
  });
  return { inputs, completeness, notes };
}
