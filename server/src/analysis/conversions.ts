import {
  type DatedFactor,
  EMISSION_FACTORS,
  type EmissionCarrier,
  type Energy,
  emissionFactor,
  GAS_PCI_PER_PCS,
  PRIMARY_ENERGY_FACTORS,
  type PrimaryEnergyCarrier,
  primaryEnergyFactor,
} from '@openfluides/core';
import { addDays } from './calendar.js';

/**
 * Conversion of final energy (kWh as stored) to primary energy (kWh EP) and to emissions (kg CO2e)
 * with the dated factors of `core/src/indicators`.
 *
 * - Gas is stored in kWh PCS, as billed; both factors apply to kWh PCI, so gas is first multiplied
 *   by `GAS_PCI_PER_PCS` (0.90). Other energies are taken as stored.
 * - Emissions use the 2006 DPE set (arrêté du 15 septembre 2006), the basis of the tertiary DPE. A
 *   meter reads every use of electricity together, and only that set has an all-use factor for
 *   metered electricity, because the 2021 set has one factor per use.
 * - District heating and cooling have one emission factor per network, and a delivery point records
 *   no network identifier, so they get no emission factor. District cooling gets no primary-energy
 *   factor either. Water is not an energy. The response lists every energy left out.
 */

const PRIMARY_CARRIER: Partial<Record<Energy, PrimaryEnergyCarrier>> = {
  electricity: 'electricity',
  gas: 'natural-gas',
  fuel_oil: 'fuel-oil',
  wood: 'wood',
  district_heating: 'heat-network',
};

const EMISSION_CARRIER: Partial<Record<Energy, EmissionCarrier>> = {
  electricity: 'electricity',
  gas: 'natural-gas',
  fuel_oil: 'fuel-oil',
  wood: 'wood',
};

const EMISSION_SET = 'dpe-2006';
const EARLIEST = '0001-01-01';
const LATEST = '9999-12-31';

/** kWh PCI per stored kWh. */
function pciRatio(energy: Energy): number {
  return energy === 'gas' ? GAS_PCI_PER_PCS : 1;
}

function emissionFactorAt(energy: Energy, date: string): DatedFactor | null {
  const carrier = EMISSION_CARRIER[energy];
  if (!carrier) return null;
  return emissionFactor(EMISSION_SET, carrier, date, carrier === 'electricity' ? 'metered' : null);
}

function primaryFactorAt(energy: Energy, date: string): DatedFactor | null {
  const carrier = PRIMARY_CARRIER[energy];
  return carrier ? primaryEnergyFactor(carrier, date) : null;
}

/** Multipliers of stored kWh valid over the local dates [fromDate, toDate). */
export interface FactorSegment {
  energy: Energy;
  fromDate: string;
  toDate: string;
  /** kWh EP per stored kWh; null when no factor covers these dates. */
  primaryPerKWh: number | null;
  /** kg CO2e per stored kWh; null when no factor covers these dates. */
  co2ePerKWh: number | null;
}

function factorBounds(factors: readonly DatedFactor[]): string[] {
  const bounds: string[] = [];
  for (const factor of factors) {
    if (factor.validFrom) bounds.push(factor.validFrom);
    if (factor.validTo) bounds.push(addDays(factor.validTo, 1));
  }
  return bounds;
}

/** Splits time at every date where a factor of the energy changes, with the multipliers of each part. */
export function factorSegments(energies: readonly Energy[]): FactorSegment[] {
  const segments: FactorSegment[] = [];
  for (const energy of energies) {
    const primaryCarrier = PRIMARY_CARRIER[energy];
    const emissionCarrier = EMISSION_CARRIER[energy];
    const bounds = new Set([EARLIEST, LATEST]);
    if (primaryCarrier)
      for (const bound of factorBounds(PRIMARY_ENERGY_FACTORS[primaryCarrier])) bounds.add(bound);
    if (emissionCarrier)
      for (const bound of factorBounds(
        EMISSION_FACTORS.filter(
          (factor) => factor.set === EMISSION_SET && factor.carrier === emissionCarrier,
        ),
      ))
        bounds.add(bound);
    const sorted = [...bounds].sort();
    for (let index = 0; index + 1 < sorted.length; index += 1) {
      const fromDate = sorted[index] as string;
      const primary = primaryFactorAt(energy, fromDate);
      const emission = emissionFactorAt(energy, fromDate);
      segments.push({
        energy,
        fromDate,
        toDate: sorted[index + 1] as string,
        primaryPerKWh: primary ? primary.value * pciRatio(energy) : null,
        co2ePerKWh: emission ? emission.value * pciRatio(energy) : null,
      });
    }
  }
  return segments;
}

/** A factor applied to an energy over part of the requested range, as the response shows it. */
export interface AppliedFactor {
  energy: Energy;
  kind: 'primary-energy' | 'emission';
  value: number;
  unit: string;
  /** kWh PCI per stored kWh applied before the factor: 0.9 for gas (stored in kWh PCS), 1 otherwise. */
  pciPerStoredKWh: number;
  validFrom: string | null;
  validTo: string | null;
  source: string;
  status: string;
}

/** Factors of one kind used for the energies over the local dates [from, to), and the energies with none. */
export function appliedFactors(
  energies: readonly Energy[],
  kind: 'primary-energy' | 'emission',
  from: string,
  to: string,
): { factors: AppliedFactor[]; energiesWithoutFactor: Energy[] } {
  const factors: AppliedFactor[] = [];
  const energiesWithoutFactor: Energy[] = [];
  for (const energy of energies) {
    const seen = new Set<DatedFactor>();
    let missing = false;
    for (const segment of factorSegments([energy])) {
      if (segment.toDate <= from || segment.fromDate >= to) continue;
      const factor =
        kind === 'primary-energy'
          ? primaryFactorAt(energy, segment.fromDate)
          : emissionFactorAt(energy, segment.fromDate);
      if (!factor) {
        missing = true;
        continue;
      }
      if (seen.has(factor)) continue;
      seen.add(factor);
      factors.push({
        energy,
        kind,
        value: factor.value,
        unit: factor.unit,
        pciPerStoredKWh: pciRatio(energy),
        validFrom: factor.validFrom,
        validTo: factor.validTo,
        source: factor.source,
        status: factor.status,
      });
    }
    if (missing) energiesWithoutFactor.push(energy);
  }
  return { factors, energiesWithoutFactor };
}
