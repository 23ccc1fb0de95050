import type { Energy } from '@openfluides/core';

/** Colour of each energy in charts, kept the same on every page so an energy is recognised at a glance. */
export const ENERGY_COLORS: Record<Energy, string> = {
  electricity: '#f08c00',
  gas: '#1c7ed6',
  district_heating: '#e03131',
  district_cooling: '#1098ad',
  wood: '#8d5a2b',
  fuel_oil: '#495057',
  water: '#0ca678',
};

export function energyColor(energy: string): string {
  return ENERGY_COLORS[energy as Energy] ?? '#868e96';
}

/** Colour that marks incomplete periods: axis labels and the legend swatch. */
export const INCOMPLETE_COLOR = '#d9480f';

/** Escapes text placed in the HTML of a chart tooltip. */
export function escapeHtml(text: string): string {
  return text
    .replaceAll('&', '&amp;')
    .replaceAll('<', '&lt;')
    .replaceAll('>', '&gt;')
    .replaceAll('"', '&quot;')
    .replaceAll("'", '&#39;');
}
