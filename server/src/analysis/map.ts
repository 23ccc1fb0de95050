import { type DpeClass, type DpeTertiaryCategory, dpeEnergyClass } from '@openfluides/core';
import type { Scope } from '../access/scope.js';
import type { AggregationEngine } from './aggregation.js';
import { parisDateOf } from './calendar.js';
import { meanFloorArea } from './floor-area.js';
import { changePercent, twelveMonthWindows, type Window, windowTotals } from './key-figures.js';
import type { PerimeterRepository } from './perimeter-repository.js';
import { roundOrNull } from './series-values.js';

export const MAP_INDICATORS = ['kwh_m2', 'change_pct', 'completeness', 'energy_label'] as const;
export type MapIndicator = (typeof MAP_INDICATORS)[number];

const INDICATOR_UNITS: Record<MapIndicator, string> = {
  kwh_m2: 'kWh/m²',
  change_pct: '%',
  completeness: '%',
  energy_label: 'kWh EP/m²',
};

/** Definitions shown beside the map, in French. */
const INDICATOR_DEFINITIONS: Record<MapIndicator, string> = {
  kwh_m2:
    'Énergie finale de toutes les énergies sur les 12 derniers mois complets, divisée par la surface de plancher moyenne de ces 12 mois.',
  change_pct:
    'Variation de l’énergie finale des 12 derniers mois complets par rapport aux 12 mois précédents, en pourcentage.',
  completeness: 'Part des relevés attendus reçus sur les 12 derniers mois complets, en pourcentage.',
  energy_label:
    'Énergie primaire mesurée des 12 derniers mois complets par m², classée sur l’échelle du DPE tertiaire selon l’activité du bâtiment. Indicatif : le DPE réglementaire se calcule sur des consommations conventionnelles.',
};

/** DPE tertiary category of a building activity: housing is continuous occupation, sports the “autres” scale. */
function dpeCategoryOf(activity: string | null): DpeTertiaryCategory {
  if (activity === 'housing') return 'occupation-continue';
  if (activity === 'sports') return 'autres';
  return 'bureaux-enseignement';
}

export interface MapItem {
  buildingId: string;
  code: string;
  name: string;
  siteId: string;
  siteName: string;
  address: string | null;
  latitude: number | null;
  longitude: number | null;
  floorAreaM2: number | null;
  activity: string | null;
  value: number | null;
  /** DPE class letter, for the energy_label indicator only. */
  energyClass: DpeClass | null;
  /** Share (0–1) of owed points received over the current window. */
  completeness: number | null;
}

export interface MapResponse {
  indicator: MapIndicator;
  unit: string;
  definition: string;
  current: Window;
  previous: Window;
  items: MapItem[];
  /** Buildings of the response without coordinates, which a map cannot place. */
  withoutCoordinates: number;
}

/** Indicator of every building of the caller's scope, for a map. */
export class MapService {
  constructor(
    private readonly perimeters: PerimeterRepository,
    private readonly engine: AggregationEngine,
    private readonly clock: () => Date,
  ) {}

  async map(
    scope: Scope,
    query: { indicator: MapIndicator; min?: number; max?: number; search?: string; asOf?: string },
  ): Promise<MapResponse> {
    const buildings = await this.perimeters.findBuildings(scope, { search: query.search });
    const now = this.clock();
    const { current, previous } = twelveMonthWindows(query.asOf ?? parisDateOf(now.getTime()));
    const result = await this.engine.aggregate({
      perimeter: { mode: 'buildings', buildings, meters: [], registers: [], energies: null },
      from: previous.from,
      to: current.to,
      step: 'P1M',
      groupBy: ['building'],
      now,
    });
    const groups = new Map(result.groups.map((group) => [group.parts.building, group]));

    const items: MapItem[] = buildings.map((building) => {
      const group = groups.get(building.id);
      const last = windowTotals(group, 12, 12);
      const before = windowTotals(group, 0, 12);
      const area = meanFloorArea(building, current.from, current.to);
      let value: number | null = null;
      let energyClass: DpeClass | null = null;
      if (query.indicator === 'kwh_m2') value = last.kwh !== null && area ? last.kwh / area : null;
      if (query.indicator === 'change_pct') value = changePercent(last.kwh, before.kwh);
      if (query.indicator === 'completeness')
        value = last.expected > 0 ? (last.present / last.expected) * 100 : null;
      if (query.indicator === 'energy_label' && last.kwhEp !== null && area) {
        value = last.kwhEp / area;
        energyClass = dpeEnergyClass(value, dpeCategoryOf(building.activity));
      }
      return {
        buildingId: building.id,
        code: building.code,
        name: building.name,
        siteId: building.siteId,
        siteName: building.siteName,
        address: building.address,
        latitude: building.latitude,
        longitude: building.longitude,
        floorAreaM2: area === null ? null : Math.round(area * 100) / 100,
        activity: building.activity,
        value: roundOrNull(value),
        energyClass,
        completeness: last.expected > 0 ? roundOrNull(last.present / last.expected) : null,
      };
    });
    const filtered = items.filter(
      (item) =>
        (query.min === undefined || (item.value !== null && item.value >= query.min)) &&
        (query.max === undefined || (item.value !== null && item.value <= query.max)),
    );
    return {
      indicator: query.indicator,
      unit: INDICATOR_UNITS[query.indicator],
      definition: INDICATOR_DEFINITIONS[query.indicator],
      current,
      previous,
      items: filtered,
      withoutCoordinates: filtered.filter((item) => item.latitude === null || item.longitude === null).length,
    };
  }
}
