import {
  type DatedFactor,
  type EmissionCarrier,
  emissionFactor,
  GAS_PCI_PER_PCS,
  OPERAT_COLD_NETWORK_COEFFICIENT,
  OPERAT_HEAT_NETWORK_COEFFICIENT,
  type PrimaryEnergyCarrier,
  primaryEnergyFactor,
} from '@openfluides/core';

/**
 * Conversions of stored energy for indicators and the Décret tertiaire, with the dated factors of
 * `core/src/indicators`:
 *
 * - gas is stored in kWh PCS as billed; final energy, the DPE factors and OPERAT use kWh PCI, so gas
 *   is multiplied by `GAS_PCI_PER_PCS` (0.90) first;
 * - emissions use the 2006 DPE set, the basis of the tertiary DPE, whose all-use factor for metered
 *   electricity fits a meter that reads every use together (the 2021 set has per-use factors only);
 * - a delivery point records no heat-network identifier, so district heating and cooling get no
 *   emission factor, and district cooling no primary-energy factor; the response lists them.
 */

/** Energies that count in energy totals; water is metered but is not an energy. */
export const ENERGY_CARRIERS = [
  'electricity',
  'gas',
  'district_heating',
  'district_cooling',
  'wood',
  'fuel_oil',
] as const;

export function isEnergyCarrier(energy: string): boolean {
  return (ENERGY_CARRIERS as readonly string[]).includes(energy);
}

/** kWh of final energy (PCI) per stored kWh: 0.9 for gas (stored in PCS), 1 otherwise. */
export function pciPerStoredKwh(energy: string): number {
  return energy === 'gas' ? GAS_PCI_PER_PCS : 1;
}

/** OPERAT weight of delivered network energy: 0.77 for heat networks, 0.25 for cold ones, else 1. */
export function operatCoefficient(energy: string): number {
  if (energy === 'district_heating') return OPERAT_HEAT_NETWORK_COEFFICIENT;
  if (energy === 'district_cooling') return OPERAT_COLD_NETWORK_COEFFICIENT;
  return 1;
}

const PRIMARY_CARRIER: Record<string, PrimaryEnergyCarrier> = {
  electricity: 'electricity',
  gas: 'natural-gas',
  fuel_oil: 'fuel-oil',
  wood: 'wood',
  district_heating: 'heat-network',
};

const EMISSION_CARRIER: Record<string, EmissionCarrier> = {
  electricity: 'electricity',
  gas: 'natural-gas',
  fuel_oil: 'fuel-oil',
  wood: 'wood',
};

/** Primary-energy factor (kWh EP per kWh PCI) of an energy on a date, or null when none applies. */
export function primaryFactorAt(energy: string, date: string): DatedFactor | null {
  const carrier = PRIMARY_CARRIER[energy];
  return carrier ? primaryEnergyFactor(carrier, date) : null;
}

/** Emission factor (kg CO2e per kWh PCI) of an energy on a date, 2006 DPE set, or null. */
export function emissionFactorAt(energy: string, date: string): DatedFactor | null {
  const carrier = EMISSION_CARRIER[energy];
  if (!carrier) return null;
  return emissionFactor('dpe-2006', carrier, date, carrier === 'electricity' ? 'metered' : null);
}
