import type { DegreeDayMethod } from '@openfluides/core';
import { assertBuildingAccess } from '../access/guards.js';
import type { Scope } from '../access/scope.js';
import type { Db } from '../db/database.js';
import { AppError } from '../errors.js';
import { addDays, type Period } from '../weather/periods.js';
import { type StationSummary, WeatherRepository } from '../weather/repository.js';
import { weatherByPeriod } from '../weather/service.js';
import { type BuildingFacts, findBuildingFacts } from './building-repository.js';
import { completenessOf, loadEnergyByPeriod } from './energy-repository.js';

/** Consumption of one energy of a building and the weather of one period, ready for a regression. */
export interface PeriodSample extends Period {
  /** kWh as stored (gas in kWh PCS); null without any value. */
  energyKwh: number | null;
  /** Share of the owed points received, 0 to 1; null when no register owed any. */
  consumptionCompleteness: number | null;
  /** Heating degree days of the period, °C·day. */
  degreeDays: number | null;
  /** Cooling degree days of the period, °C·day. */
  coolingDegreeDays: number | null;
  weatherCompleteness: number;
  meanTemperatureC: number | null;
  /** Whether the period enters the fit. */
  included: boolean;
  /** French reason why it does not; null when it does. */
  excludedReason: string | null;
}

/** Settings of the degree days that go with the consumption. */
export interface SampleWeatherSettings {
  method: DegreeDayMethod;
  heatingBaseC: number;
  coolingBaseC: number;
}

/** Percentage with one decimal, rounded down and written with a decimal comma. */
const percent = (value: number) => String(Math.floor(value * 1000) / 10).replace('.', ',');

/** Finds why a period cannot enter a fit, or null when it can. */
function exclusionReason(sample: Omit<PeriodSample, 'included' | 'excludedReason'>, minCompleteness: number) {
  if (sample.consumptionCompleteness === null) {
    return 'Aucun point attendu à ce pas : le bâtiment n’a pas de compteur de cette énergie sur la période, ou ses relevés sont mensuels (choisissez alors le pas mensuel).';
  }
  if (sample.energyKwh === null) return 'Aucune consommation reçue sur cette période.';
  if (sample.consumptionCompleteness < minCompleteness) {
    return `Consommation incomplète : ${percent(sample.consumptionCompleteness)} % des points reçus, il en faut ${percent(minCompleteness)} %.`;
  }
  const weatherDays = Math.round(sample.weatherCompleteness * sample.days);
  if (sample.degreeDays === null || sample.weatherCompleteness < minCompleteness) {
    return `Températures incomplètes : ${weatherDays} jour(s) sur ${sample.days} ont une Tn et une Tx à la station.`;
  }
  return null;
}

/** A building checked for consumption reads, with the station and energy resolved. */
export interface SampleContext {
  building: BuildingFacts;
  station: StationSummary;
  energy: string;
}

/**
 * Checks the caller reads the building's consumption and resolves the station (the request's, else the
 * building's) and the energy (the request's, else the building's main heating energy). Raises a
 * French field error when either is missing.
 */
export async function resolveSampleContext(
  db: Db,
  scope: Scope,
  buildingId: string,
  request: { stationId?: string | undefined; energy?: string | undefined },
): Promise<SampleContext> {
  await assertBuildingAccess(db, scope, buildingId, 'consumption', 'read');
  const [building] = await findBuildingFacts(db, scope, [buildingId]);
  if (!building) throw new AppError('not-found');
  const stationId = request.stationId ?? building.weatherStationId;
  if (!stationId) {
    throw new AppError(
      'validation-failed',
      {},
      {
        stationId:
          'aucune station météo n’est rattachée à ce bâtiment : rattachez-en une au bâtiment, ou choisissez une station pour ce calcul',
      },
    );
  }
  const station = await new WeatherRepository(db).findStation(stationId);
  if (!station) throw new AppError('validation-failed', {}, { stationId: 'not-found' });
  const energy = request.energy ?? building.mainHeatingEnergy;
  if (!energy) {
    throw new AppError(
      'validation-failed',
      {},
      { energy: 'choisissez une énergie : le bâtiment n’a pas d’énergie de chauffage principale renseignée' },
    );
  }
  return { building, station, energy };
}

/**
 * Loads one energy of a building and the station's degree days for each period, and marks the
 * periods that may enter a fit: consumption and temperatures both at least `minCompleteness`.
 */
export async function loadSamples(
  db: Db,
  context: SampleContext,
  periods: readonly Period[],
  source: 'day' | 'month',
  weather: SampleWeatherSettings,
  minCompleteness: number,
): Promise<PeriodSample[]> {
  const first = periods[0];
  const last = periods[periods.length - 1];
  if (!first || !last) return [];
  const days = await new WeatherRepository(db).dailyTemperatures(
    context.station.id,
    first.firstDate,
    addDays(last.lastDate, 1),
  );
  const heating = weatherByPeriod(days, periods, {
    kind: 'heating',
    method: weather.method,
    baseC: weather.heatingBaseC,
  });
  const cooling = weatherByPeriod(days, periods, {
    kind: 'cooling',
    method: weather.method,
    baseC: weather.coolingBaseC,
  });
  const energies = (await loadEnergyByPeriod(db, [context.building.id], periods, source)).get(
    context.building.id,
  );
  return periods.map((period, index) => {
    const total = energies?.[index]?.get(context.energy);
    const heatingPeriod = heating[index];
    const sample = {
      ...period,
      energyKwh: total?.kwh ?? null,
      consumptionCompleteness: total ? completenessOf(total) : null,
      degreeDays: heatingPeriod?.degreeDays ?? null,
      coolingDegreeDays: cooling[index]?.degreeDays ?? null,
      weatherCompleteness: heatingPeriod?.completeness ?? 0,
      meanTemperatureC: heatingPeriod?.meanTemperatureC ?? null,
    };
    const excludedReason = exclusionReason(sample, minCompleteness);
    return { ...sample, included: excludedReason === null, excludedReason };
  });
}
