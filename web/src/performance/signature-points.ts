import type { SignaturePoint } from '../api/types';

/** Horizontal axis of the signature: degree days per day, or the mean outdoor temperature. */
export type SignatureAxis = 'degree-days' | 'temperature';

/** A period drawn on the scatter, with its position in the API's list for the tooltip. */
export interface PlottedPoint {
  index: number;
  x: number;
  y: number;
}

/**
 * Splits the periods into the points that entered the fit, the ones left out of it, and the count
 * of periods that cannot be drawn because their energy or their weather is unknown.
 */
export function splitSignaturePoints(
  points: SignaturePoint[],
  axis: SignatureAxis,
): { included: PlottedPoint[]; excluded: PlottedPoint[]; unplotted: number } {
  const included: PlottedPoint[] = [];
  const excluded: PlottedPoint[] = [];
  let unplotted = 0;
  points.forEach((point, index) => {
    const x = axis === 'degree-days' ? point.degreeDaysPerDay : point.meanTemperatureC;
    const y = point.energyKwhPerDay;
    if (x === null || y === null) {
      unplotted += 1;
      return;
    }
    (point.included ? included : excluded).push({ index, x, y });
  });
  return { included, excluded, unplotted };
}
