// URL paths of the analysis pages, French because users read and share them.

import { isLocalDate } from '../dates';

export const ANALYSIS_PATH = '/analyse';
export const PORTFOLIO_MAP_PATH = '/carte-du-patrimoine';

/**
 * Search parameters that preset the analysis page. `perimetre` repeats once per perimeter item,
 * written `kind:id` as the perimeter selector stores it (`building:12`). `du` and `au` are the first
 * and the last day shown, both included, as in the page's custom dates.
 */
export const ANALYSIS_PARAMS = { item: 'perimetre', from: 'du', to: 'au' } as const;

const PERIMETER_ITEM = /^(site|building|unit|deliveryPoint|meter):[1-9]\d{0,17}$/;

/** Perimeter and custom period that a link preselects on the analysis page. */
export interface AnalysisPreset {
  /** Perimeter selector values, `kind:id`. */
  items: string[];
  /** First and last day shown (both included), or null to keep the page's default period. */
  period: { from: string; to: string } | null;
}

/** Builds the URL of the analysis page preset to a perimeter and, optionally, a period. */
export function analysisPresetPath(preset: AnalysisPreset): string {
  const search = new URLSearchParams();
  for (const item of preset.items) search.append(ANALYSIS_PARAMS.item, item);
  if (preset.period) {
    search.set(ANALYSIS_PARAMS.from, preset.period.from);
    search.set(ANALYSIS_PARAMS.to, preset.period.to);
  }
  const query = search.toString();
  return query ? `${ANALYSIS_PATH}?${query}` : ANALYSIS_PATH;
}

/** Checks that a text is a valid day of the years the API accepts (1900–2199), so a hand-edited year cannot break the page. */
export function isAnalysisDate(text: string): boolean {
  const year = Number(text.slice(0, 4));
  return isLocalDate(text) && year >= 1900 && year <= 2199;
}

/**
 * Reads the preset of an analysis URL. Malformed items are dropped, and the period is null unless
 * both days are valid dates in order, so a hand-edited link falls back to the page's defaults.
 */
export function analysisPresetOf(search: URLSearchParams): AnalysisPreset {
  const items = [...new Set(search.getAll(ANALYSIS_PARAMS.item))].filter((item) => PERIMETER_ITEM.test(item));
  const from = search.get(ANALYSIS_PARAMS.from) ?? '';
  const to = search.get(ANALYSIS_PARAMS.to) ?? '';
  const period = isAnalysisDate(from) && isAnalysisDate(to) && from <= to ? { from, to } : null;
  return { items, period };
}
