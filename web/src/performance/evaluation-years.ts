import { anchorDay, defaultCalendarYear } from '../analysis/periods';

/**
 * Computes the last whole calendar year with readings. `reference` is the response of
 * `GET /api/analysis/reference-day`. Until it arrives, the year before `today` is used.
 */
export function lastWholeYearWithData(
  reference: { referenceDay: string; today: string } | undefined,
  today: string,
): number {
  if (!reference) return Number(today.slice(0, 4)) - 1;
  return defaultCalendarYear(anchorDay(reference.referenceDay, reference.today));
}

/** Lists `count` years counted back from `lastYear`, most recent first. */
export function evaluationYearChoices(lastYear: number, count: number): number[] {
  return Array.from({ length: count }, (_unused, index) => lastYear - index);
}
