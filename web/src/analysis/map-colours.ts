import type { MapIndicator, MapItem } from './api';

/** Colour of buildings without a value for the indicator. */
export const NO_VALUE_COLOUR = '#adb5bd';

/** Colours of the DPE energy classes, A (best) to G. */
export const CLASS_COLOURS: Record<NonNullable<MapItem['energyClass']>, string> = {
  A: '#009c6d',
  B: '#52b153',
  C: '#a5cc74',
  D: '#f4e70f',
  E: '#f0b40f',
  F: '#eb8235',
  G: '#d7221f',
};

/** Legend steps of an indicator: values from `from` (included) up to the next step's `from`. */
export interface LegendStep {
  from: number;
  colour: string;
}

/**
 * Colour steps of the numeric indicators. The kWh/m² steps are an estimate of usual tertiary
 * levels, for reading the map, not a regulatory scale.
 */
export const LEGEND_STEPS: Record<Exclude<MapIndicator, 'energy_label'>, LegendStep[]> = {
  kwh_m2: [
    { from: Number.NEGATIVE_INFINITY, colour: '#2f9e44' },
    { from: 100, colour: '#94d82d' },
    { from: 150, colour: '#fcc419' },
    { from: 250, colour: '#f76707' },
    { from: 400, colour: '#e03131' },
  ],
  change_pct: [
    { from: Number.NEGATIVE_INFINITY, colour: '#2f9e44' },
    { from: -5, colour: '#94d82d' },
    { from: 0, colour: '#fcc419' },
    { from: 5, colour: '#f76707' },
    { from: 15, colour: '#e03131' },
  ],
  completeness: [
    { from: Number.NEGATIVE_INFINITY, colour: '#e03131' },
    { from: 80, colour: '#f76707' },
    { from: 95, colour: '#fcc419' },
    { from: 100, colour: '#2f9e44' },
  ],
};

/** Colour of a building's marker for the indicator. */
export function markerColour(indicator: MapIndicator, item: Pick<MapItem, 'value' | 'energyClass'>): string {
  if (indicator === 'energy_label')
    return item.energyClass ? CLASS_COLOURS[item.energyClass] : NO_VALUE_COLOUR;
  if (item.value === null) return NO_VALUE_COLOUR;
  let colour = NO_VALUE_COLOUR;
  for (const step of LEGEND_STEPS[indicator]) if (item.value >= step.from) colour = step.colour;
  return colour;
}
