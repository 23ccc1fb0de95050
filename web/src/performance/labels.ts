import type { TFunction } from 'i18next';
import { type DpeClass, ENERGY_CARRIERS, type EnergyCarrier } from '../api/types';
import type { useFormat } from '../use-format';

type Formatters = ReturnType<typeof useFormat>;

export function isEnergyCarrier(value: string | null | undefined): value is EnergyCarrier {
  return value !== null && value !== undefined && (ENERGY_CARRIERS as readonly string[]).includes(value);
}

/**
 * Colours of the energy label (« étiquette énergie »), modelled on the 2021 DPE: dark green A to
 * red G, with a text colour that stays readable on each.
 */
export const DPE_ENERGY_COLORS: Record<DpeClass, { background: string; text: string }> = {
  A: { background: '#009c6d', text: '#ffffff' },
  B: { background: '#52b153', text: '#ffffff' },
  C: { background: '#a5cc74', text: '#1a1b1e' },
  D: { background: '#f4e70f', text: '#1a1b1e' },
  E: { background: '#f0b50f', text: '#1a1b1e' },
  F: { background: '#eb8235', text: '#1a1b1e' },
  G: { background: '#d7221f', text: '#ffffff' },
};

/**
 * Colours of the climate label (« étiquette climat »), modelled on the 2021 DPE: light blue A to dark purple
 * G.
 */
export const DPE_CLIMATE_COLORS: Record<DpeClass, { background: string; text: string }> = {
  A: { background: '#a4dbf8', text: '#1a1b1e' },
  B: { background: '#8cb4d3', text: '#1a1b1e' },
  C: { background: '#7792b1', text: '#ffffff' },
  D: { background: '#5d6f8f', text: '#ffffff' },
  E: { background: '#4d5271', text: '#ffffff' },
  F: { background: '#393551', text: '#ffffff' },
  G: { background: '#281b35', text: '#ffffff' },
};

/** Colour of the points and bars that a fit or a total leaves out. */
export const EXCLUDED_COLOR = '#adb5bd';

/** Colour of fitted lines and models. */
export const MODEL_COLOR = '#212529';

/** Colour of targets: the Décret tertiaire trajectory and indicator targets. */
export const TARGET_COLOR = '#2f9e44';

/**
 * Title of a sample period: « 04/01/2021 » for a day, « semaine du 04/01/2021 au 10/01/2021 » for
 * a week, « Janvier 2021 » for a month. A period cut by the range shows its own first and last days.
 */
export function periodTitle(
  t: TFunction,
  format: Formatters,
  step: 'day' | 'week' | 'month',
  period: { firstDate: string; lastDate: string },
): string {
  if (step === 'day') return format.localDate(period.firstDate);
  if (step === 'week')
    return t('performance.period.week', {
      from: format.localDate(period.firstDate),
      to: format.localDate(period.lastDate),
    });
  return format.capitalize(format.month(period.firstDate));
}

/** Short axis label of a period: « 04/01 » for a day or a week, « janv. 21 » for a month. */
export function periodAxisLabel(
  format: Formatters,
  step: 'day' | 'week' | 'month',
  period: { firstDate: string },
): string {
  return step === 'month'
    ? format.month(period.firstDate, true)
    : format.localDate(period.firstDate).slice(0, 5);
}
