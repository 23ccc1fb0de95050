/**
 * Per-network CO₂ content of heat and cold bought from a network, from the 2026 values of the
 * arrêté DPE on heat and cold networks.
 */

import { HEAT_NETWORK_ROWS_2026 } from '../data/heat-networks-2026.js';

/** Regulatory values of one network. */
export interface HeatNetworkFactor {
  /** National network identifier; suffix `C` = heat, `F` = cold (e.g. `3802C`). */
  id: string;
  name: string;
  town: string;
  kind: 'heat' | 'cold';
  /** Direct emissions of the delivered energy, kg CO₂/kWh delivered. */
  co2KgPerKwh: number;
  /** Life-cycle emissions, kg CO₂e/kWh delivered. */
  lifeCycleCo2KgPerKwh: number;
  /** Share of renewable and recovered energy, %; null for cold networks. */
  renewableSharePercent: number | null;
  /** `2024` when computed from 2024 operating data, `Moyenne` when the arrêté uses a multi-year average. */
  basis: string;
  /** Edition of the arrêté values. */
  edition: 2026;
}

// NOTE: the date from which the 2026 values apply is not recorded in the source extract.
export const HEAT_NETWORK_FACTORS_2026: readonly HeatNetworkFactor[] = HEAT_NETWORK_ROWS_2026.map(
  ([id, name, town, co2, lifeCycle, renewable, basis]) => ({
    id,
    name,
    town,
    kind: id.endsWith('F') ? 'cold' : 'heat',
    co2KgPerKwh: co2,
    lifeCycleCo2KgPerKwh: lifeCycle,
    renewableSharePercent: renewable,
    basis,
    edition: 2026,
  }),
);

/**
 * Find a network's values by identifier (case-insensitive), or null when it is not in the table. The
 * table is an extract: Drôme and Isère networks plus some campus networks elsewhere. Regulation gives
 * an unlisted network the coal value by default.
 */
export function heatNetworkFactor(id: string): HeatNetworkFactor | null {
  const wanted = id.trim().toUpperCase();
  return HEAT_NETWORK_FACTORS_2026.find((network) => network.id === wanted) ?? null;
}
