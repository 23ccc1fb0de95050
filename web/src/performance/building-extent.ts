import { useMemo } from 'react';
import { ApiError } from '../api/client';
import { useBuildingConsumption } from '../api/queries';
import { ENERGY_CARRIERS, type EnergyCarrier } from '../api/types';
import { hasFeatureLevel } from '../auth/access';
import { useSession } from '../auth/session';
import { latestTwelveMonths, yearsWithData } from '../consumption/periods';
import { addDays, todayInParis } from '../dates';

/**
 * Start of the monthly consumption that sets the default periods. The consumption section reads the
 * same range, so both share one cached query.
 */
const EXTENT_START = '2000-01-01';

/**
 * Reads the months of a building that hold consumption: the latest twelve months with data, the
 * civil years with data and the energies metered. `noAccess` is true when the caller may not read
 * the building's consumption, which every analysis needs.
 */
export function useBuildingExtent(buildingId: string) {
  const me = useSession();
  const canRead = hasFeatureLevel(me, 'consumption', 'read');
  const today = todayInParis();
  const range = useMemo(() => ({ from: EXTENT_START, to: addDays(today, 1) }), [today]);
  const query = useBuildingConsumption(buildingId, canRead ? range : null, 'month');
  return useMemo(() => {
    const items = query.data ?? [];
    const metered = new Set(
      items.filter((item) => item.energyKWh !== null || item.pointsPresent > 0).map((item) => item.energy),
    );
    const energies: EnergyCarrier[] = ENERGY_CARRIERS.filter((energy) => metered.has(energy));
    // The building itself is readable, so a 404 here means the consumption feature is not granted on it.
    const notGranted = query.error instanceof ApiError && query.error.status === 404;
    return {
      noAccess: !canRead || notGranted,
      isPending: canRead && query.isPending,
      error: notGranted ? null : query.error,
      latest: query.data ? latestTwelveMonths(query.data) : null,
      years: query.data ? yearsWithData(query.data) : [],
      energies,
    };
  }, [query.data, query.isPending, query.error, canRead]);
}
