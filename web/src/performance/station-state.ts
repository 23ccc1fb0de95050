import { useMemo } from 'react';
import { ApiError } from '../api/client';
import { useSignature } from '../api/queries';
import type { SignatureQuery, StationSummary } from '../api/types';
import { addDays, todayInParis } from '../dates';

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
 * Reads a building's station when no analysis has revealed it yet, with the signature of its last
 * week: the route checks the station before anything else and returns it with any result.
 * NOTE: the API exposes a building's station only in its analyses; a field on the building would
 * spare this request.
 */
export function useStationProbe(buildingId: string, enabled: boolean): StationSummary | null | undefined {
  const today = todayInParis();
  const query = useMemo<SignatureQuery>(
    () => ({
      from: addDays(today, -7),
      to: today,
      step: 'day',
      energy: 'electricity',
      model: '2P',
      method: 'meteo',
      base: 18,
    }),
    [today],
  );
  const probe = useSignature(buildingId, enabled ? query : null);
  return stationOf(probe.data, probe.error);
}
