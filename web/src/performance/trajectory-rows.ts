import { MILESTONE_YEARS, type Trajectory } from '../api/types';

/** Last year the Décret tertiaire sets a target for. */
export const LAST_MILESTONE_YEAR = MILESTONE_YEARS[MILESTONE_YEARS.length - 1] ?? 2050;

/**
 * One year of the trajectory chart: measured intensities up to the last data year, targets after the
 * reference.
 */
export interface TrajectoryRow {
  year: number;
  /** Raw intensity, kWh/m²; null for a year without data. */
  rawKwhPerM2: number | null;
  /** Intensity the targets are measured against (climate-adjusted unless asked otherwise). */
  countedKwhPerM2: number | null;
  complete: boolean;
  /** Share of the expected points received, 0 to 1; null when nothing was owed. */
  completeness: number | null;
  /** Target of the year on the way to the milestones; null before the reference year. */
  targetKwhPerM2: number | null;
  isReference: boolean;
  isMilestone: boolean;
}

/**
 * Lays out every year from the first one with data (or the reference year, when earlier) to 2050,
 * with the measured intensities and the target trajectory.
 */
export function trajectoryRows(trajectory: Trajectory): TrajectoryRow[] {
  const byYear = new Map(trajectory.years.map((year) => [year.year, year]));
  const targetByYear = new Map(trajectory.trajectory.map((point) => [point.year, point.applicableKwhPerM2]));
  const starts = [
    ...trajectory.years.map((year) => year.year),
    ...(trajectory.reference ? [trajectory.reference.year] : []),
  ];
  if (starts.length === 0) return [];
  const first = Math.min(...starts);
  const rows: TrajectoryRow[] = [];
  for (let year = first; year <= LAST_MILESTONE_YEAR; year += 1) {
    const measured = byYear.get(year);
    rows.push({
      year,
      rawKwhPerM2: measured?.intensityKwhPerM2 ?? null,
      countedKwhPerM2: measured?.adjustedIntensityKwhPerM2 ?? null,
      complete: measured?.complete ?? false,
      completeness: measured?.completeness ?? null,
      targetKwhPerM2: targetByYear.get(year) ?? null,
      isReference: trajectory.reference?.year === year,
      isMilestone: (MILESTONE_YEARS as readonly number[]).includes(year),
    });
  }
  return rows;
}

/** Years with some consumption but not enough to count, for the completeness warning. */
export function incompleteYears(trajectory: Trajectory): { year: number; completeness: number }[] {
  return trajectory.years
    .filter((year) => !year.complete && year.totalKwh !== null)
    .map((year) => ({ year: year.year, completeness: year.completeness ?? 0 }));
}

/** Years after the first data year that hold no consumption at all. */
export function yearsWithoutData(trajectory: Trajectory): number[] {
  return trajectory.years.filter((year) => year.totalKwh === null).map((year) => year.year);
}
