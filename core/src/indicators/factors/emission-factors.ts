/**
 * Greenhouse-gas emission factors by energy carrier, kg CO₂e per kWh of final energy (PCI basis for
 * fuels). Two regulatory sets coexist: the DPE set of the arrêté du 31 mars 2021 and the older set
 * of the arrêté du 15 septembre 2006 on which the tertiary DPE is based. Heat and cold networks have
 * one factor per network (see `heat-networks.ts`).
 */

import { type DatedFactor, factorAt, type SourceStatus } from './dated-factor.js';

export type EmissionFactorSet = 'dpe-2021' | 'dpe-2006';

export type EmissionCarrier =
  | 'natural-gas'
  | 'fuel-oil'
  | 'coal'
  | 'lpg'
  | 'wood-logs'
  | 'wood-pellets'
  | 'wood-chips'
  | 'wood'
  | 'other-fossil'
  | 'electricity'
  | 'on-site-renewable-electricity';

/**
 * Use of electricity. The DPE 2021 set has one factor per use. The 2006 set separates calculated
 * consumption by use from metered consumption (`metered`, all uses).
 */
export type ElectricityUse = 'heating' | 'hot-water' | 'cooling' | 'lighting' | 'other' | 'metered';

export interface EmissionFactor extends DatedFactor {
  set: EmissionFactorSet;
  carrier: EmissionCarrier;
  /** Electricity use the factor applies to; null for other carriers. */
  use: ElectricityUse | null;
}

/** Units of the factors. Fuels are counted in kWh PCI, but electricity has no heating value. */
const FUEL_UNIT = 'kgCO2e/kWh PCI';
const ELECTRICITY_UNIT = 'kgCO2e/kWh';
const DPE_2021_FROM = '2021-07-01';
// NOTE: both sets were read in secondary tables that reproduce the arrêtés (the 2006 one its
// annex 4), not yet compared with the texts published on Légifrance.
const DPE_2021_SOURCE = 'Arrêté du 31 mars 2021 relatif au diagnostic de performance énergétique';
const DPE_2006_SOURCE =
  'Arrêté du 15 septembre 2006 modifié relatif au diagnostic de performance énergétique, annexe 4';

function factor(
  set: EmissionFactorSet,
  carrier: EmissionCarrier,
  use: ElectricityUse | null,
  value: number,
  status: SourceStatus,
): EmissionFactor {
  const isNew = set === 'dpe-2021';
  return {
    set,
    carrier,
    use,
    value,
    unit: carrier.endsWith('electricity') ? ELECTRICITY_UNIT : FUEL_UNIT,
    // NOTE: the 2006 set has no end date here because its use for the tertiary DPE today was not confirmed.
    validFrom: isNew ? DPE_2021_FROM : null,
    validTo: null,
    source: isNew ? DPE_2021_SOURCE : DPE_2006_SOURCE,
    status,
  };
}

export const EMISSION_FACTORS: readonly EmissionFactor[] = [
  factor('dpe-2021', 'natural-gas', null, 0.227, 'official'),
  factor('dpe-2021', 'fuel-oil', null, 0.324, 'official'),
  factor('dpe-2021', 'coal', null, 0.384, 'official'),
  factor('dpe-2021', 'lpg', null, 0.272, 'official'),
  factor('dpe-2021', 'wood-logs', null, 0.03, 'official'),
  factor('dpe-2021', 'wood-pellets', null, 0.03, 'official'),
  factor('dpe-2021', 'wood-chips', null, 0.024, 'official'),
  factor('dpe-2021', 'electricity', 'heating', 0.079, 'official'),
  factor('dpe-2021', 'electricity', 'hot-water', 0.065, 'official'),
  factor('dpe-2021', 'electricity', 'cooling', 0.064, 'third-party'),
  factor('dpe-2021', 'electricity', 'lighting', 0.069, 'unverified'),
  factor('dpe-2021', 'electricity', 'other', 0.064, 'unverified'),
  factor('dpe-2006', 'natural-gas', null, 0.234, 'official'),
  factor('dpe-2006', 'fuel-oil', null, 0.3, 'official'),
  factor('dpe-2006', 'coal', null, 0.384, 'official'),
  factor('dpe-2006', 'lpg', null, 0.274, 'official'),
  factor('dpe-2006', 'wood', null, 0.013, 'official'),
  factor('dpe-2006', 'other-fossil', null, 0.32, 'official'),
  factor('dpe-2006', 'electricity', 'heating', 0.18, 'official'),
  factor('dpe-2006', 'electricity', 'hot-water', 0.04, 'official'),
  factor('dpe-2006', 'electricity', 'cooling', 0.04, 'official'),
  factor('dpe-2006', 'electricity', 'metered', 0.084, 'official'),
  factor('dpe-2006', 'on-site-renewable-electricity', null, 0, 'official'),
];

/**
 * Find the emission factor of a carrier in a set on a date (`YYYY-MM-DD`), or null when the set has none.
 * Electricity needs a `use`; other carriers ignore it.
 */
export function emissionFactor(
  set: EmissionFactorSet,
  carrier: EmissionCarrier,
  date: string,
  use: ElectricityUse | null = null,
): EmissionFactor | null {
  const matching = EMISSION_FACTORS.filter(
    (entry) =>
      entry.set === set && entry.carrier === carrier && (carrier !== 'electricity' || entry.use === use),
  );
  return factorAt(matching, date);
}
