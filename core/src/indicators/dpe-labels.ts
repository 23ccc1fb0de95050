/**
 * Energy and climate label scales (étiquettes A–G) of the DPE for existing tertiary buildings, by
 * building category. Energy in kWh EP/m²/year, emissions in kg CO₂e/m²/year. Source: the "DPE
 * tertiaire" page of rt-re-batiment.developpement-durable.gouv.fr (bureaux row), with the other
 * columns cross-checked in secondary sources; `status` records how well each scale was checked.
 */

import type { SourceStatus } from './factors/dated-factor.js';

export type DpeClass = 'A' | 'B' | 'C' | 'D' | 'E' | 'F' | 'G';

/**
 * `bureaux-enseignement`: offices, administration, teaching (university buildings);
 * `occupation-continue`: hospitals, hotels, boarding, student residences;
 * `autres`: theatres, sports halls, gymnasiums; `centre-commercial`: shopping centres.
 */
export type DpeTertiaryCategory =
  | 'bureaux-enseignement'
  | 'occupation-continue'
  | 'autres'
  | 'centre-commercial';

/** Upper bounds of classes A to F (G is everything above F), with how well the scale was checked. */
export interface DpeScale {
  upperBounds: readonly [number, number, number, number, number, number];
  status: SourceStatus;
}

export const DPE_TERTIARY_ENERGY_SCALES: Readonly<Record<DpeTertiaryCategory, DpeScale>> = {
  'bureaux-enseignement': { upperBounds: [50, 110, 210, 350, 540, 750], status: 'official' },
  'occupation-continue': { upperBounds: [100, 210, 370, 580, 830, 1130], status: 'third-party' },
  autres: { upperBounds: [30, 90, 170, 270, 380, 510], status: 'third-party' },
  'centre-commercial': { upperBounds: [80, 120, 180, 230, 330, 450], status: 'third-party' },
};

export const DPE_TERTIARY_CLIMATE_SCALES: Readonly<Record<DpeTertiaryCategory, DpeScale>> = {
  'bureaux-enseignement': { upperBounds: [5, 15, 30, 60, 100, 145], status: 'official' },
  'occupation-continue': { upperBounds: [12, 30, 65, 110, 160, 220], status: 'third-party' },
  autres: { upperBounds: [3, 10, 25, 45, 70, 95], status: 'third-party' },
  'centre-commercial': { upperBounds: [10, 15, 25, 35, 55, 80], status: 'unverified' },
};

const CLASSES: readonly DpeClass[] = ['A', 'B', 'C', 'D', 'E', 'F', 'G'];

/**
 * Find the class of a value on a scale. The texts give whole-number ranges ("51 à 110"), so the value is
 * rounded to the nearest integer (halves up) and then compared with each upper bound: 110.4 is B,
 * 110.5 is C.
 */
export function classOnScale(value: number, scale: DpeScale): DpeClass {
  if (!Number.isFinite(value) || value < 0)
    throw new RangeError(`A DPE value must be a finite number ≥ 0; got ${value}`);
  const rounded = Math.round(value);
  const index = scale.upperBounds.findIndex((bound) => rounded <= bound);
  return CLASSES[index === -1 ? 6 : index] ?? 'G';
}

/** Find the energy class of a primary-energy intensity, kWh EP/m²/year. */
export function dpeEnergyClass(kwhEpPerM2: number, category: DpeTertiaryCategory): DpeClass {
  return classOnScale(kwhEpPerM2, DPE_TERTIARY_ENERGY_SCALES[category]);
}

/** Find the climate class of an emission intensity, kg CO₂e/m²/year. */
export function dpeClimateClass(kgCo2ePerM2: number, category: DpeTertiaryCategory): DpeClass {
  return classOnScale(kgCo2ePerM2, DPE_TERTIARY_CLIMATE_SCALES[category]);
}
