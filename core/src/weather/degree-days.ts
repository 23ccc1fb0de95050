/**
 * Daily degree days (degrés-jours unifiés, DJU) from the daily minimum Tn and maximum Tx, in
 * °C·day (equivalently K·day). Two French methods:
 *
 * - "méthode météo" (Météo-France): heating `max(0, S − (Tn + Tx)/2)`, cooling
 *   `max(0, (Tn + Tx)/2 − S)`;
 * - "méthode COSTIC" ("méthode des professionnels de l'énergie", the one OPERAT uses for the
 *   Décret tertiaire), which also counts mild days whose night was cold. For heating:
 *   `S ≥ Tx → S − (Tn + Tx)/2`, `Tn < S < Tx → (S − Tn)·(0.08 + 0.42·(S − Tn)/(Tx − Tn))`,
 *   `S ≤ Tn → 0`. For cooling: `S > Tx → 0`, `S ≤ Tn → (Tn + Tx)/2 − S`,
 *   `Tn < S ≤ Tx → (Tx − S)·(0.08 + 0.42·(Tx − S)/(Tx − Tn))`.
 *
 * Source of both formulas: Météo-France, "Fiche méthode Degrés Jours" (DJC-methode, 2005), as
 * restated identically by several public implementations. Both branches of the COSTIC formula
 * meet at S = Tn and S = Tx, so the daily value is continuous in S.
 */

/** Heating degree days (chauffage) or cooling degree days (climatisation). */
export type DegreeDayKind = 'heating' | 'cooling';

/** `meteo` = Météo-France method on (Tn + Tx)/2; `costic` = "professionnels de l'énergie". */
export type DegreeDayMethod = 'meteo' | 'costic';

/**
 * Default base temperature S, °C. Météo-France publishes heating and cooling DJU with S = 18 °C.
 * Building practice often takes 22–26 °C for cooling, so callers should set `baseC` for cooling.
 */
export const DEFAULT_DEGREE_DAY_BASE_C = 18;

/** Kind, method and base of the degree days to compute. */
export interface DegreeDayOptions {
  kind: DegreeDayKind;
  method: DegreeDayMethod;
  /** Base temperature S, °C; 18 °C when omitted. */
  baseC?: number;
}

/** One day of a station's temperatures; `WeatherDailyRecord` from the parsers fits this shape. */
export interface DailyTemperature {
  /**
   * Climatological day of the station, `YYYY-MM-DD`. Météo-France takes Tn over D−1 18:00 → D 18:00
   * UTC and Tx over D 06:00 → D+1 06:00 UTC.
   */
  date: string;
  /** Daily minimum Tn, °C; null when missing or rejected (quality code 2). */
  tnC: number | null;
  /** Daily maximum Tx, °C; null when missing or rejected. */
  txC: number | null;
}

/** Degree days of one day, °C·day; null when Tn or Tx is missing. */
export interface DailyDegreeDay {
  date: string;
  value: number | null;
}

/** Heating DJU of one day by the Météo-France method, °C·day. */
export function heatingDegreeDayMeteo(tnC: number, txC: number, baseC = DEFAULT_DEGREE_DAY_BASE_C): number {
  return Math.max(0, baseC - (tnC + txC) / 2);
}

/** Cooling DJU of one day by the Météo-France method, °C·day. */
export function coolingDegreeDayMeteo(tnC: number, txC: number, baseC = DEFAULT_DEGREE_DAY_BASE_C): number {
  return Math.max(0, (tnC + txC) / 2 - baseC);
}

/**
 * Heating DJU of one day by the COSTIC method, °C·day. The formula assumes Tn ≤ Tx. Because
 * Météo-France takes Tn and Tx over different windows, a day can have Tn > Tx. In that case the two
 * values are swapped, which keeps the daily mean and treats them as the low and high of the day.
 */
export function heatingDegreeDayCostic(tnC: number, txC: number, baseC = DEFAULT_DEGREE_DAY_BASE_C): number {
  const low = Math.min(tnC, txC);
  const high = Math.max(tnC, txC);
  if (baseC >= high) return baseC - (low + high) / 2;
  if (baseC <= low) return 0;
  const belowBase = baseC - low;
  return belowBase * (0.08 + (0.42 * belowBase) / (high - low));
}

/** Cooling DJU of one day by the COSTIC method, °C·day; Tn > Tx is handled as in the heating case. */
export function coolingDegreeDayCostic(tnC: number, txC: number, baseC = DEFAULT_DEGREE_DAY_BASE_C): number {
  const low = Math.min(tnC, txC);
  const high = Math.max(tnC, txC);
  if (baseC > high) return 0;
  if (baseC <= low) return (low + high) / 2 - baseC;
  const aboveBase = high - baseC;
  return aboveBase * (0.08 + (0.42 * aboveBase) / (high - low));
}

/** Compute the degree days of one day by the chosen kind and method, °C·day. */
export function dailyDegreeDay(tnC: number, txC: number, options: DegreeDayOptions): number {
  const baseC = options.baseC ?? DEFAULT_DEGREE_DAY_BASE_C;
  if (!Number.isFinite(tnC) || !Number.isFinite(txC) || !Number.isFinite(baseC)) {
    throw new RangeError(`Degree days need finite temperatures; got Tn=${tnC}, Tx=${txC}, S=${baseC}`);
  }
  if (options.kind === 'heating') {
    return options.method === 'meteo'
      ? heatingDegreeDayMeteo(tnC, txC, baseC)
      : heatingDegreeDayCostic(tnC, txC, baseC);
  }
  return options.method === 'meteo'
    ? coolingDegreeDayMeteo(tnC, txC, baseC)
    : coolingDegreeDayCostic(tnC, txC, baseC);
}

/**
 * Compute the degree days of every day of a temperature series, in input order. A day with Tn or Tx missing
 * gets `null`, never 0, so sums can report their completeness.
 *
 * The Météo-France method is computed from Tn and Tx, not from the published TNTXM column: TNTXM
 * is rounded to 0.1 °C, so a day can differ by 0.05 °C·day from a value computed on TNTXM.
 */
export function degreeDaySeries(
  days: readonly DailyTemperature[],
  options: DegreeDayOptions,
): DailyDegreeDay[] {
  return days.map((day) => ({
    date: day.date,
    value: day.tnC === null || day.txC === null ? null : dailyDegreeDay(day.tnC, day.txC, options),
  }));
}
