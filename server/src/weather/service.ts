import {
  computeDegreeDayNormals,
  type DailyDegreeDay,
  type DailyTemperature,
  type DegreeDayKind,
  type DegreeDayMethod,
  type DegreeDayNormal,
  degreeDaySeries,
  sumDegreeDays,
} from '@openfluides/core';
import { assertBuildingAccess } from '../access/guards.js';
import type { Scope } from '../access/scope.js';
import type { Actor, AuditRepository } from '../audit/repository.js';
import type { Db } from '../db/database.js';
import { AppError } from '../errors.js';
import {
  addDays,
  buildPeriods,
  daysBetween,
  type Period,
  type PeriodStep,
  periodIndexOf,
} from './periods.js';
import { type StationSummary, WeatherRepository } from './repository.js';

/** Kind, method and base of degree days, as the routes receive them. */
export interface DegreeDaySettings {
  kind: DegreeDayKind;
  method: DegreeDayMethod;
  baseC: number;
}

/** Degree days and mean temperature of one period. */
export interface PeriodWeather extends Period {
  /** Sum of the days present, °C·day; null when no day of the period has Tn and Tx. */
  degreeDays: number | null;
  daysPresent: number;
  /** daysPresent / days, 0 to 1. */
  completeness: number;
  /** Mean of (Tn + Tx) / 2 over the days present, °C; null when none. */
  meanTemperatureC: number | null;
}

/**
 * Climatologists want 27 or more of the 30 years of a normal; fewer years make a value that the
 * response flags.
 */
export const NORMAL_MIN_YEARS = 27;

/**
 * Computes degree days and mean temperatures for each period from a station's daily Tn and Tx, with the
 * sums and completeness of `core/src/weather`: a missing day is never counted as zero.
 */
export function weatherByPeriod(
  days: readonly DailyTemperature[],
  periods: readonly Period[],
  settings: DegreeDaySettings,
): PeriodWeather[] {
  const series = degreeDaySeries(days, settings);
  const seriesByPeriod: DailyDegreeDay[][] = periods.map(() => []);
  const temperatures = periods.map(() => ({ sum: 0, count: 0 }));
  days.forEach((day, index) => {
    const periodIndex = periodIndexOf(periods, day.date);
    if (periodIndex < 0) return;
    seriesByPeriod[periodIndex]?.push(series[index] as DailyDegreeDay);
    if (day.tnC !== null && day.txC !== null) {
      const accumulator = temperatures[periodIndex] as { sum: number; count: number };
      accumulator.sum += (day.tnC + day.txC) / 2;
      accumulator.count += 1;
    }
  });
  return periods.map((period, index) => {
    const sum = sumDegreeDays(seriesByPeriod[index] ?? [], period.firstDate, period.lastDate, {
      label: period.label,
    });
    const temperature = temperatures[index] ?? { sum: 0, count: 0 };
    return {
      ...period,
      degreeDays: sum.sum,
      daysPresent: sum.daysPresent,
      completeness: sum.completeness,
      meanTemperatureC: temperature.count === 0 ? null : temperature.sum / temperature.count,
    };
  });
}

export interface DegreeDayNormalsResult {
  firstYear: number;
  lastYear: number;
  yearsInPeriod: number;
  annual: DegreeDayNormal;
  monthly: (DegreeDayNormal & { month: number })[];
  warnings: string[];
}

/** Weather rules: station lists, degree days per period, normals, and each building's station. */
export class WeatherService {
  readonly repository: WeatherRepository;

  constructor(
    private readonly db: Db,
    private readonly audit: AuditRepository,
  ) {
    this.repository = new WeatherRepository(db);
  }

  listStations(scope: Scope) {
    return this.repository.listStations(scope);
  }

  async getStation(id: string): Promise<StationSummary> {
    const station = await this.repository.findStation(id);
    if (!station) throw new AppError('not-found');
    return station;
  }

  /** Degree days of a station over [from, to) by period. */
  async degreeDays(
    stationId: string,
    range: { from: string; to: string },
    step: PeriodStep,
    settings: DegreeDaySettings,
  ): Promise<{ station: StationSummary; items: PeriodWeather[]; total: PeriodWeather }> {
    const station = await this.getStation(stationId);
    const days = await this.repository.dailyTemperatures(stationId, range.from, range.to);
    const items = weatherByPeriod(days, buildPeriods(range.from, range.to, step), settings);
    const [total] = weatherByPeriod(
      days,
      [{ label: `${range.from}/${range.to}`, ...wholeRange(range) }],
      settings,
    );
    return { station, items, total: total as PeriodWeather };
  }

  /** Monthly and yearly degree-day normals of a station over whole calendar years. */
  async normals(
    stationId: string,
    period: { firstYear: number; lastYear: number },
    settings: DegreeDaySettings,
  ): Promise<{ station: StationSummary } & DegreeDayNormalsResult> {
    const station = await this.getStation(stationId);
    const days = await this.repository.dailyTemperatures(
      stationId,
      `${period.firstYear}-01-01`,
      `${period.lastYear + 1}-01-01`,
    );
    return { station, ...normalsOf(days, period, settings) };
  }

  /** Reads the station of a building, null when none is attached; needs the read level on the building. */
  async getBuildingStation(
    scope: Scope,
    buildingId: string,
  ): Promise<{ buildingId: string; station: StationSummary | null }> {
    await assertBuildingAccess(this.db, scope, buildingId, 'estate', 'read');
    const stationId = await this.repository.buildingStationId(buildingId);
    const station = stationId === null ? null : await this.repository.findStation(stationId);
    return { buildingId, station };
  }

  /** Sets or clears the station of a building; needs the configure level on the building. */
  async setBuildingStation(scope: Scope, buildingId: string, stationId: string | null, actor: Actor) {
    await assertBuildingAccess(this.db, scope, buildingId, 'estate', 'configure');
    const station = stationId === null ? null : await this.repository.findStation(stationId);
    if (stationId !== null && !station) {
      throw new AppError('validation-failed', {}, { stationId: 'not-found' });
    }
    const previousStationId = await this.repository.buildingStationId(buildingId);
    await this.db.transaction().execute(async (trx) => {
      await this.repository.setBuildingStation(buildingId, stationId, trx);
      await this.audit.record(
        actor,
        {
          action: 'building.weather-station-changed',
          entityType: 'building',
          entityId: buildingId,
          details: { previousStationId, stationId },
        },
        trx,
      );
    });
    return { buildingId, station };
  }
}

function wholeRange(range: { from: string; to: string }): Omit<Period, 'label'> {
  return { firstDate: range.from, lastDate: addDays(range.to, -1), days: daysBetween(range.from, range.to) };
}

/** Computes normals with core's rule (complete months and years only) and French warnings. */
export function normalsOf(
  days: readonly DailyTemperature[],
  period: { firstYear: number; lastYear: number },
  settings: DegreeDaySettings,
): DegreeDayNormalsResult {
  const normals = computeDegreeDayNormals(degreeDaySeries(days, settings), period);
  const warnings: string[] = [];
  const used = normals.annual.yearsUsed.length;
  if (used === 0) {
    warnings.push(
      `Aucune année complète entre ${period.firstYear} et ${period.lastYear} à cette station : la normale annuelle n’est pas calculable. Importez les températures quotidiennes de la période ou choisissez une autre station.`,
    );
  } else if (used < Math.min(NORMAL_MIN_YEARS, normals.yearsInPeriod)) {
    warnings.push(
      `La normale annuelle repose sur ${used} année(s) complète(s) sur ${normals.yearsInPeriod} (${normals.annual.yearsUsed.join(', ')}) : une normale climatologique demande au moins ${NORMAL_MIN_YEARS} années sur 30. Utilisez-la comme une moyenne de ces années seulement.`,
    );
  }
  return {
    firstYear: normals.firstYear,
    lastYear: normals.lastYear,
    yearsInPeriod: normals.yearsInPeriod,
    annual: normals.annual,
    monthly: normals.monthly.map((normal, index) => ({ month: index + 1, ...normal })),
    warnings,
  };
}
