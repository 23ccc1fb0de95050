/**
 * Primary-energy conversion factors (kWh of primary energy per kWh of final energy) used by the DPE
 * and the energy audit. The Décret tertiaire works in final energy and does not use them for its
 * targets.
 */

import { type DatedFactor, factorAt } from './dated-factor.js';

export type PrimaryEnergyCarrier = 'electricity' | 'natural-gas' | 'fuel-oil' | 'wood' | 'heat-network';

const UNIT = 'kWhEP/kWhEF';

/** Factors by carrier, in date order. */
export const PRIMARY_ENERGY_FACTORS: Readonly<Record<PrimaryEnergyCarrier, readonly DatedFactor[]>> = {
  electricity: [
    {
      value: 2.58,
      unit: UNIT,
      validFrom: null,
      validTo: '2021-06-30',
      source: 'RT 2012 et DPE antérieurs à la réforme de juillet 2021',
      status: 'unverified',
    },
    {
      // NOTE: the start date is the July 2021 DPE reform; only the end date was checked.
      value: 2.3,
      unit: UNIT,
      validFrom: '2021-07-01',
      validTo: '2025-12-31',
      source: 'Arrêté du 31 mars 2021 (DPE), remplacé par l’arrêté du 13 août 2025',
      status: 'official',
    },
    {
      // NOTE: the arrêté targets the DPE and energy audits. Whether the tertiary DPE and RE2020 use
      // 1.9 was not checked.
      value: 1.9,
      unit: UNIT,
      validFrom: '2026-01-01',
      validTo: null,
      source:
        'Arrêté du 13 août 2025 (JO du 26 août 2025) : DPE et audit énergétique à partir du 1er janvier 2026',
      status: 'official',
    },
  ],
  'natural-gas': [
    {
      value: 1,
      unit: UNIT,
      validFrom: null,
      validTo: null,
      source: 'Arrêté du 13 août 2025 et règles antérieures du DPE',
      status: 'official',
    },
  ],
  'fuel-oil': [
    {
      value: 1,
      unit: UNIT,
      validFrom: null,
      validTo: null,
      source: 'Arrêté du 13 août 2025 et règles antérieures du DPE',
      status: 'official',
    },
  ],
  wood: [
    {
      value: 1,
      unit: UNIT,
      validFrom: null,
      validTo: null,
      source: 'Arrêté du 13 août 2025 et règles antérieures du DPE',
      status: 'official',
    },
  ],
  'heat-network': [
    {
      value: 1,
      unit: UNIT,
      validFrom: null,
      validTo: null,
      source: 'Valeur de la plupart des réseaux (coachcopro.com)',
      status: 'third-party',
    },
  ],
};

/** Find the primary-energy factor of a carrier on a date (`YYYY-MM-DD`), or null when none is known. */
export function primaryEnergyFactor(carrier: PrimaryEnergyCarrier, date: string): DatedFactor | null {
  return factorAt(PRIMARY_ENERGY_FACTORS[carrier], date);
}

/** Convert final energy consumed on `date` to primary energy, kWh EP; null when no factor covers the date. */
export function toPrimaryEnergy(
  finalKwh: number,
  carrier: PrimaryEnergyCarrier,
  date: string,
): number | null {
  const factor = primaryEnergyFactor(carrier, date);
  return factor ? finalKwh * factor.value : null;
}
