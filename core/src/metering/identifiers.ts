/** Energies a delivery point or a meter can carry. */
export const ENERGIES = [
  'electricity',
  'gas',
  'district_heating',
  'district_cooling',
  'wood',
  'fuel_oil',
  'water',
] as const;
export type Energy = (typeof ENERGIES)[number];

export type IdentifierProblem = 'prm-format' | 'pce-format' | 'empty' | 'too-long';

/**
 * Checks a delivery point identifier for its energy: an electricity PRM has 14 digits; a gas PCE
 * has 14 digits or `GI` followed by 6 digits; other energies take any text of 1 to 40 characters.
 * Returns null when valid.
 */
export function checkDeliveryPointIdentifier(energy: Energy, identifier: string): IdentifierProblem | null {
  if (identifier.length === 0) return 'empty';
  if (energy === 'electricity') return /^\d{14}$/.test(identifier) ? null : 'prm-format';
  if (energy === 'gas') return /^(\d{14}|GI\d{6})$/.test(identifier) ? null : 'pce-format';
  return identifier.length <= 40 ? null : 'too-long';
}

/** Cleans an identifier typed by a person: trims, removes inner spaces, upper-cases `gi` prefixes. */
export function cleanDeliveryPointIdentifier(raw: string): string {
  return raw.trim().replace(/\s+/g, '').toUpperCase();
}

/**
 * Normalises an identifier read from a file: trims, removes inner spaces, and restores the leading
 * zeros that Excel drops when it stores a 14-digit PRM or PCE as a number.
 */
export function normaliseDeliveryPointIdentifier(energy: Energy, raw: string | number): string {
  const text = (typeof raw === 'number' ? raw.toFixed(0) : raw).trim().replace(/\s+/g, '').toUpperCase();
  if ((energy === 'electricity' || energy === 'gas') && /^\d{1,13}$/.test(text))
    return text.padStart(14, '0');
  return text;
}

/** Tariff segments of each energy: Enedis segments for electricity, GRDF distribution options for gas. */
export const SEGMENTS_BY_ENERGY: Partial<Record<Energy, readonly string[]>> = {
  electricity: ['C5', 'C4', 'C3', 'C2', 'C1', 'HTA'],
  gas: ['T1', 'T2', 'T3', 'T4', 'TP'],
};

/** Returns whether a delivery point of this energy may carry this tariff segment; other energies take none. */
export function isSegmentAllowed(energy: Energy, segment: string): boolean {
  return SEGMENTS_BY_ENERGY[energy]?.includes(segment) ?? false;
}
