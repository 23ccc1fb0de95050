import type { DatedFactor } from '@openfluides/core';
import type { Period } from '../weather/periods.js';
import { addTotal, emptyTotal, type PeriodEnergies } from './energy-repository.js';
import { emissionFactorAt, isEnergyCarrier, pciPerStoredKwh, primaryFactorAt } from './factors.js';

/** Energy of one carrier over some periods, with its conversions. */
export interface EnergyFigures {
  energy: string;
  /** kWh as stored (kWh PCS for gas); null when registers owe points but none arrived. */
  kwh: number | null;
  /**
   * Final energy as metered and billed, kWh PCS for gas, like the building's key figures. Null
   * when registers owe points but none arrived.
   */
  finalKwh: number | null;
  /** Final energy on a lower-heating-value basis (kWh PCI for gas), the basis of the DPE factors. */
  pciKwh: number | null;
  /** Primary energy, kWh EP; null when no factor covers a period with energy. */
  primaryKwh: number | null;
  /** Emissions, kg CO2e; null when no factor covers a period with energy. */
  co2eKg: number | null;
  pointsPresent: number;
  pointsExpected: number;
}

/** A dated factor applied to an energy, as the responses list it. */
export interface AppliedFactor {
  energy: string;
  kind: 'primary-energy' | 'emission';
  value: number;
  unit: string;
  validFrom: string | null;
  validTo: string | null;
  source: string;
  status: string;
}

/**
 * Sums of energies over periods with their dated conversions. Each period takes the factors in
 * force on its first day, so callers pass periods no longer than a month: factors change on the
 * 1st of a month (1 July 2021, 1 January 2026).
 */
export class EnergyFiguresAccumulator {
  private readonly figures = new Map<string, EnergyFigures>();
  private readonly factors = new Map<string, AppliedFactor>();
  /** Energies that had energy but no factor of a kind over at least one period. */
  readonly withoutPrimaryFactor = new Set<string>();
  readonly withoutEmissionFactor = new Set<string>();

  add(period: Period, energies: PeriodEnergies | undefined, weight = 1): void {
    for (const [energy, total] of energies ?? []) {
      if (!isEnergyCarrier(energy)) continue;
      const figures = this.figures.get(energy) ?? {
        energy,
        ...emptyTotal(),
        finalKwh: null,
        pciKwh: null,
        primaryKwh: null,
        co2eKg: null,
      };
      addTotal(figures, total, weight);
      this.figures.set(energy, figures);
      if (total.kwh === null) continue;
      const storedKwh = total.kwh * weight;
      figures.finalKwh = (figures.finalKwh ?? 0) + storedKwh;
      // Primary energy and emissions apply the DPE factors, which are per kWh PCI.
      const pciKwh = storedKwh * pciPerStoredKwh(energy);
      figures.pciKwh = (figures.pciKwh ?? 0) + pciKwh;
      const primary = primaryFactorAt(energy, period.firstDate);
      if (primary) {
        figures.primaryKwh = (figures.primaryKwh ?? 0) + pciKwh * primary.value;
        this.remember(energy, 'primary-energy', primary);
      } else if (pciKwh !== 0) {
        this.withoutPrimaryFactor.add(energy);
      }
      const emission = emissionFactorAt(energy, period.firstDate);
      if (emission) {
        figures.co2eKg = (figures.co2eKg ?? 0) + pciKwh * emission.value;
        this.remember(energy, 'emission', emission);
      } else if (pciKwh !== 0) {
        this.withoutEmissionFactor.add(energy);
      }
    }
  }

  private remember(energy: string, kind: AppliedFactor['kind'], factor: DatedFactor): void {
    const key = `${energy}|${kind}|${factor.validFrom}|${factor.value}`;
    if (this.factors.has(key)) return;
    this.factors.set(key, {
      energy,
      kind,
      value: factor.value,
      unit: factor.unit,
      validFrom: factor.validFrom,
      validTo: factor.validTo,
      source: factor.source,
      status: factor.status,
    });
  }

  energies(): EnergyFigures[] {
    return [...this.figures.values()].sort((left, right) => left.energy.localeCompare(right.energy));
  }

  get(energy: string): EnergyFigures | undefined {
    return this.figures.get(energy);
  }

  appliedFactors(): AppliedFactor[] {
    return [...this.factors.values()];
  }
}
