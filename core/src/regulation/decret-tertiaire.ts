/**
 * Décret tertiaire (Dispositif Éco Énergie Tertiaire) targets of an EFA, in final energy per m²
 * (kWh EF/m²/year, all uses, climate-adjusted):
 *
 * - relative route: Crelat = (1 − 40 %) × Créf in 2030, (1 − 50 %) × Créf in 2040,
 *   (1 − 60 %) × Créf in 2050 (CCH art. L174-1; arrêté du 10 avril 2020, art. 3);
 * - absolute route: Cabs, a value per activity sub-category and decade set by the "valeurs
 *   absolues" arrêtés (art. 4), surface-weighted over the sub-categories of the EFA.
 *
 * The EFA meets a milestone through either route, so the applicable target is the higher (less
 * demanding) of Crelat and Cabs.
 */

/** Milestones and relative reductions of the consumption of reference. */
export const DECRET_TERTIAIRE_MILESTONES: readonly { year: 2030 | 2040 | 2050; reduction: number }[] = [
  { year: 2030, reduction: 0.4 },
  { year: 2040, reduction: 0.5 },
  { year: 2050, reduction: 0.6 },
];

/**
 * Years an EFA subject since 1 October 2019 may take as reference: 2010 to 2019 (12 consecutive
 * months of full operation, not before 2010). Since the arrêté du 20 février 2024, OPERAT also
 * considers 2020–2022 and keeps the most favourable year. Pass those years in `candidateYears` to
 * follow that rule.
 */
export const DEFAULT_REFERENCE_YEARS: readonly number[] = [
  2010, 2011, 2012, 2013, 2014, 2015, 2016, 2017, 2018, 2019,
];

/** Consumption of one full year of an EFA. */
export interface EfaYear {
  year: number;
  /** Climate-adjusted final energy, all uses, kWh. */
  adjustedKwh: number;
  /** Floor area of the EFA that year, m². */
  surfaceM2: number;
}

/** Consumption intensity of an EFA year, kWh/m²/year. */
export interface EfaIntensity {
  year: number;
  intensityKwhPerM2: number;
}

/** Compute the intensity of a year, kWh/m²/year; throws a RangeError when the surface is not positive. */
export function consumptionIntensity(year: EfaYear): EfaIntensity {
  if (!(year.surfaceM2 > 0))
    throw new RangeError(`Surface of year ${year.year} must be > 0 m²; got ${year.surfaceM2}`);
  return { year: year.year, intensityKwhPerM2: year.adjustedKwh / year.surfaceM2 };
}

/**
 * Choose the most favourable reference year: the candidate year with the maximum climate-adjusted
 * intensity, because every relative target is a fraction of it. Ties go to the earliest year.
 * Returns null when no candidate year is present. Pass only years with 12 months of full operation.
 */
export function chooseReferenceYear(
  years: readonly EfaYear[],
  options: { candidateYears?: readonly number[] } = {},
): { reference: EfaIntensity; candidates: EfaIntensity[] } | null {
  const allowed = new Set(options.candidateYears ?? DEFAULT_REFERENCE_YEARS);
  const candidates = years
    .filter((year) => allowed.has(year.year))
    .map(consumptionIntensity)
    .sort((left, right) => left.year - right.year);
  let reference: EfaIntensity | null = null;
  for (const candidate of candidates) {
    if (reference === null || candidate.intensityKwhPerM2 > reference.intensityKwhPerM2)
      reference = candidate;
  }
  return reference ? { reference, candidates } : null;
}

/** Compute the surface-weighted Cabs of an EFA with several activity sub-categories, kWh/m²/year. */
export function weightedAbsoluteTarget(
  parts: readonly { surfaceM2: number; cabsKwhPerM2: number }[],
): number {
  let surface = 0;
  let weighted = 0;
  for (const part of parts) {
    if (!(part.surfaceM2 >= 0))
      throw new RangeError(`Sub-category surface must be ≥ 0 m²; got ${part.surfaceM2}`);
    surface += part.surfaceM2;
    weighted += part.surfaceM2 * part.cabsKwhPerM2;
  }
  if (surface === 0) throw new RangeError('The sub-categories have no surface');
  return weighted / surface;
}

/** Cabs per milestone, kWh/m²/year, when the arrêtés give them for the EFA's sub-categories. */
export type AbsoluteTargets = Partial<Record<2030 | 2040 | 2050, number>>;

/** Targets of one milestone, kWh/m²/year. */
export interface MilestoneTarget {
  year: 2030 | 2040 | 2050;
  /** Relative reduction from the reference (0.4 for 2030). */
  reduction: number;
  relativeKwhPerM2: number;
  absoluteKwhPerM2: number | null;
  /** The higher of the two routes: the value the EFA must reach. */
  applicableKwhPerM2: number;
  route: 'relative' | 'absolute';
}

/** Compute the targets of the three milestones from the reference intensity and the optional Cabs values. */
export function milestoneTargets(
  referenceIntensityKwhPerM2: number,
  absolute: AbsoluteTargets = {},
): MilestoneTarget[] {
  if (!(referenceIntensityKwhPerM2 >= 0)) {
    throw new RangeError(`Reference intensity must be ≥ 0 kWh/m²; got ${referenceIntensityKwhPerM2}`);
  }
  return DECRET_TERTIAIRE_MILESTONES.map(({ year, reduction }) => {
    const relativeKwhPerM2 = (1 - reduction) * referenceIntensityKwhPerM2;
    const absoluteKwhPerM2 = absolute[year] ?? null;
    const useAbsolute = absoluteKwhPerM2 !== null && absoluteKwhPerM2 > relativeKwhPerM2;
    return {
      year,
      reduction,
      relativeKwhPerM2,
      absoluteKwhPerM2,
      applicableKwhPerM2: useAbsolute ? absoluteKwhPerM2 : relativeKwhPerM2,
      route: useAbsolute ? 'absolute' : 'relative',
    };
  });
}

/** Distance of a year's intensity to the next milestone. */
export interface MilestoneGap {
  milestoneYear: 2030 | 2040 | 2050;
  targetKwhPerM2: number;
  /** Current intensity − target, kWh/m²; ≤ 0 when the target is already met. */
  gapKwhPerM2: number;
  /** Gap as a share of the current intensity, 0–1 (0.2 = 20 % still to cut); 0 when met. */
  gapShare: number;
  yearsRemaining: number;
  /** Gap spread evenly over the remaining years, kWh/m² per year; 0 when met. */
  requiredYearlyReductionKwhPerM2: number;
  targetMet: boolean;
}

/**
 * Measure the gap between the intensity of `current.year` and the first milestone in that year or later.
 * Returns null after 2050.
 */
export function gapToNextMilestone(
  current: EfaIntensity,
  targets: readonly MilestoneTarget[],
): MilestoneGap | null {
  const next = [...targets]
    .sort((left, right) => left.year - right.year)
    .find((target) => target.year >= current.year);
  if (!next) return null;
  const gapKwhPerM2 = current.intensityKwhPerM2 - next.applicableKwhPerM2;
  const targetMet = gapKwhPerM2 <= 0;
  const yearsRemaining = next.year - current.year;
  return {
    milestoneYear: next.year,
    targetKwhPerM2: next.applicableKwhPerM2,
    gapKwhPerM2,
    gapShare: targetMet || current.intensityKwhPerM2 === 0 ? 0 : gapKwhPerM2 / current.intensityKwhPerM2,
    yearsRemaining,
    requiredYearlyReductionKwhPerM2: targetMet ? 0 : gapKwhPerM2 / Math.max(1, yearsRemaining),
    targetMet,
  };
}

/** One year of the target trajectory, kWh/m²/year. */
export interface TrajectoryPoint {
  year: number;
  /** Relative route: the reference, then straight lines through the milestones. */
  relativeKwhPerM2: number;
  /** Absolute route, between milestones whose Cabs are both known; null elsewhere. */
  absoluteKwhPerM2: number | null;
  /**
   * Target of the year: the binding target of each milestone (the higher of Crelat and Cabs), joined
   * by straight lines from the reference. It is not the higher of the two lines above between
   * milestones, because that line would rise again after a milestone met through Cabs.
   */
  applicableKwhPerM2: number;
}

function interpolate(x: number, x0: number, y0: number, x1: number, y1: number): number {
  return x1 === x0 ? y1 : y0 + ((y1 - y0) * (x - x0)) / (x1 - x0);
}

/**
 * Interpolates linearly between the nodes (sorted by year) that surround `year`. When two nodes share
 * a year (a reference year of 2030), the later one, the milestone, wins.
 */
function interpolateNodes(year: number, nodes: readonly { year: number; value: number }[]): number {
  const same = nodes.filter((node) => node.year === year).at(-1);
  if (same) return same.value;
  const upper = nodes.findIndex((node) => node.year > year);
  const right = nodes[upper < 0 ? nodes.length - 1 : upper];
  const left = nodes[Math.max(0, upper - 1)] ?? right;
  if (!left || !right) throw new RangeError('Interpolation needs at least one node');
  return interpolate(year, left.year, left.value, right.year, right.value);
}

/**
 * Build the yearly target trajectory from the reference year to 2050, for charts. The décret only fixes the
 * milestone values; the straight lines between them (reference → 2030 → 2040 → 2050) are a display
 * convention. A binding target above the previous node (a Cabs higher than the reference intensity)
 * makes the line rise, because the milestone values are kept as the regulation sets them.
 */
export function targetTrajectory(reference: EfaIntensity, absolute: AbsoluteTargets = {}): TrajectoryPoint[] {
  if (reference.year > 2030)
    throw new RangeError(`Reference year ${reference.year} is after the 2030 milestone`);
  const targets = milestoneTargets(reference.intensityKwhPerM2, absolute);
  const referenceNode = { year: reference.year, value: reference.intensityKwhPerM2 };
  const relativeNodes = [
    referenceNode,
    ...targets.map((target) => ({ year: target.year, value: target.relativeKwhPerM2 })),
  ];
  const applicableNodes = [
    referenceNode,
    ...targets.map((target) => ({ year: target.year, value: target.applicableKwhPerM2 })),
  ];

  const points: TrajectoryPoint[] = [];
  for (let year = reference.year; year <= 2050; year += 1) {
    let absoluteKwhPerM2: number | null = null;
    const exact = absolute[year as 2030 | 2040 | 2050];
    if (exact !== undefined) {
      absoluteKwhPerM2 = exact;
    } else if (year > 2030) {
      const from = year < 2040 ? 2030 : 2040;
      const to = year < 2040 ? 2040 : 2050;
      const fromValue = absolute[from as 2030 | 2040];
      const toValue = absolute[to as 2040 | 2050];
      if (fromValue !== undefined && toValue !== undefined)
        absoluteKwhPerM2 = interpolate(year, from, fromValue, to, toValue);
    }

    points.push({
      year,
      relativeKwhPerM2: interpolateNodes(year, relativeNodes),
      absoluteKwhPerM2,
      applicableKwhPerM2: interpolateNodes(year, applicableNodes),
    });
  }
  return points;
}
