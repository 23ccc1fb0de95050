import { ApiError } from '../api/client';
import { useBuildingWeatherStation } from '../api/queries';
import type { StationSummary } from '../api/types';

/** Checks whether an analysis failed because the building has no weather station. */
export function isMissingStationError(error: unknown): boolean {
  return error instanceof ApiError && error.code === 'validation-failed' && 'stationId' in error.fields;
}

/**
 * Station of a building as an analysis reveals it: the station it used, null when it failed for
 * want of one, undefined while that is unknown.
 */
export function stationOf(
  data: { station: StationSummary } | undefined,
  error: unknown,
): StationSummary | null | undefined {
  if (data) return data.station;
  if (isMissingStationError(error)) return null;
  return undefined;
}

/**
 * Reads a building's station from the API while no analysis has returned it: null when none is
 * attached, undefined while loading or when the request failed.
 */
export function useBuildingStation(buildingId: string, enabled: boolean): StationSummary | null | undefined {
  return useBuildingWeatherStation(buildingId, enabled).data;
}
