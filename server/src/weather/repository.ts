import type { DailyTemperature } from '@openfluides/core';
import { sql } from 'kysely';
import { type Scope, visibleBuildingIds } from '../access/scope.js';
import type { Db } from '../db/database.js';

export interface StationSummary {
  id: string;
  code: string;
  name: string;
  source: string;
  latitude: number | null;
  longitude: number | null;
  altitudeM: number | null;
}

/** Coverage of a station: its usable daily temperatures and its hourly observations. */
export interface StationCoverage {
  /** First and last day with a usable Tn and Tx; null when there is none. */
  firstDay: string | null;
  lastDay: string | null;
  /** Days with a usable Tn and Tx. */
  daysPresent: number;
  /** Calendar days from `firstDay` to `lastDay`, both included. */
  daysInRange: number;
  hourlyFirst: string | null;
  hourlyLast: string | null;
  /** Hourly observations with a temperature. */
  hourlyCount: number;
}

/**
 * SQL condition of a usable daily Tn and Tx. Météo-France quality code 2 marks a doubtful value
 * under checking, which degree days must treat as missing.
 */
const USABLE_DAY = sql`d.tn_c is not null and d.tx_c is not null
  and coalesce(d.tn_quality, '') <> '2' and coalesce(d.tx_quality, '') <> '2'`;

export class WeatherRepository {
  constructor(private readonly db: Db) {}

  /**
   * Lists every station with its coverage. Stations are public weather data shared by the whole
   * estate, so every signed-in user sees them all; `buildingCount` counts only the buildings the
   * caller reads.
   */
  async listStations(
    scope: Scope,
  ): Promise<(StationSummary & StationCoverage & { buildingCount: number })[]> {
    const result = await sql<{
      id: string;
      code: string;
      name: string;
      source: string;
      latitude: number | null;
      longitude: number | null;
      altitude_m: number | null;
      first_day: string | null;
      last_day: string | null;
      days_present: string;
      hourly_first: Date | null;
      hourly_last: Date | null;
      hourly_count: string;
      building_count: string;
    }>`
      select s.id, s.code, s.name, s.source, s.latitude, s.longitude, s.altitude_m,
        daily.first_day::text as first_day, daily.last_day::text as last_day, daily.days_present,
        hourly.hourly_first, hourly.hourly_last, hourly.hourly_count,
        (select count(*) from buildings b
          where b.weather_station_id = s.id and b.id in ${visibleBuildingIds(scope, 'estate', 'read')}) as building_count
      from weather_stations s
      left join lateral (
        select min(d.local_date) as first_day, max(d.local_date) as last_day, count(*) as days_present
        from weather_daily d where d.station_id = s.id and ${USABLE_DAY}
      ) daily on true
      left join lateral (
        select min(h.observed_at) as hourly_first, max(h.observed_at) as hourly_last, count(h.temperature_c) as hourly_count
        from weather_hourly h where h.station_id = s.id
      ) hourly on true
      order by s.name, s.id`.execute(this.db);
    return result.rows.map((row) => ({
      id: row.id,
      code: row.code,
      name: row.name,
      source: row.source,
      latitude: row.latitude,
      longitude: row.longitude,
      altitudeM: row.altitude_m,
      firstDay: row.first_day,
      lastDay: row.last_day,
      daysPresent: Number(row.days_present),
      daysInRange:
        row.first_day && row.last_day
          ? Math.round((Date.parse(row.last_day) - Date.parse(row.first_day)) / 86_400_000) + 1
          : 0,
      hourlyFirst: row.hourly_first?.toISOString() ?? null,
      hourlyLast: row.hourly_last?.toISOString() ?? null,
      hourlyCount: Number(row.hourly_count),
      buildingCount: Number(row.building_count),
    }));
  }

  async findStation(id: string): Promise<StationSummary | null> {
    const row = await this.db
      .selectFrom('weather_stations')
      .select(['id', 'code', 'name', 'source', 'latitude', 'longitude', 'altitude_m'])
      .where('id', '=', id)
      .executeTakeFirst();
    if (!row) return null;
    return {
      id: row.id,
      code: row.code,
      name: row.name,
      source: row.source,
      latitude: row.latitude,
      longitude: row.longitude,
      altitudeM: row.altitude_m,
    };
  }

  /**
   * Reads the daily Tn and Tx of a station from `from` (included) to `to` (excluded), in date order. Days
   * without a row are absent; a doubtful value (quality 2) comes back as null.
   */
  async dailyTemperatures(stationId: string, from: string, to: string): Promise<DailyTemperature[]> {
    const result = await sql<{ date: string; tn_c: number | null; tx_c: number | null }>`
      select d.local_date::text as date,
        case when coalesce(d.tn_quality, '') = '2' then null else d.tn_c end as tn_c,
        case when coalesce(d.tx_quality, '') = '2' then null else d.tx_c end as tx_c
      from weather_daily d
      where d.station_id = ${stationId} and d.local_date >= ${from}::date and d.local_date < ${to}::date
      order by d.local_date`.execute(this.db);
    return result.rows.map((row) => ({ date: row.date, tnC: row.tn_c, txC: row.tx_c }));
  }

  /** Sets or clears the station of a building; returns false when the building does not exist. */
  async setBuildingStation(buildingId: string, stationId: string | null, db: Db = this.db): Promise<boolean> {
    const result = await db
      .updateTable('buildings')
      .set({ weather_station_id: stationId, updated_at: new Date() })
      .where('id', '=', buildingId)
      .executeTakeFirst();
    return Number(result.numUpdatedRows) > 0;
  }

  async buildingStationId(buildingId: string): Promise<string | null> {
    const row = await this.db
      .selectFrom('buildings')
      .select('weather_station_id')
      .where('id', '=', buildingId)
      .executeTakeFirst();
    return row?.weather_station_id ?? null;
  }
}
