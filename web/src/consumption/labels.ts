import { ENERGIES, type Energy } from '@openfluides/core';
import type { TFunction } from 'i18next';

export function isEnergy(value: string): value is Energy {
  return (ENERGIES as readonly string[]).includes(value);
}

/** French name of an energy code, or the code itself for an energy this version does not know. */
export function energyLabel(t: TFunction, energy: string): string {
  return isEnergy(energy) ? t(`energy.${energy}`) : energy;
}
