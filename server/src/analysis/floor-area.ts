import { daysBetween } from './calendar.js';

/** A recorded change of a building's floor area: before `changedOn`, the area was `areaBeforeM2`. */
export interface FloorAreaChange {
  changedOn: string;
  areaBeforeM2: number;
}

/** Current floor area of a building and its earlier areas, changes sorted by date. */
export interface FloorAreaHistory {
  floorAreaM2: number | null;
  floorAreaChanges: FloorAreaChange[];
}

/**
 * Floor area on a Paris day: the area before the first change after that day, else the current
 * one. A building without a current area has none on any day, as its energy is left out of kWh/m².
 */
export function floorAreaOn(history: FloorAreaHistory, day: string): number | null {
  if (history.floorAreaM2 === null) return null;
  for (const change of history.floorAreaChanges) {
    if (change.changedOn > day) return change.areaBeforeM2;
  }
  return history.floorAreaM2;
}

/**
 * Day-weighted mean floor area over the Paris days [from, to), so that the kWh of a year in which a
 * building grew are divided by the area it had on average. A range shorter than a day (an hour, ten
 * minutes) takes the area of its day. Null when the building has no area on one of the days.
 */
export function meanFloorArea(history: FloorAreaHistory, from: string, to: string): number | null {
  if (history.floorAreaChanges.length === 0 || history.floorAreaM2 === null) return history.floorAreaM2;
  if (to <= from) return floorAreaOn(history, from);
  let weighted = 0;
  let start = from;
  const bounds = history.floorAreaChanges
    .map((change) => change.changedOn)
    .filter((day) => day > from && day < to);
  for (const end of [...bounds, to]) {
    const area = floorAreaOn(history, start);
    if (area === null) return null;
    weighted += area * daysBetween(start, end);
    start = end;
  }
  return weighted / daysBetween(from, to);
}
