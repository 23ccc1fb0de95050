import {
  type AbsoluteTargets,
  adjustConsumptionForClimate,
  chooseReferenceYear,
  DEFAULT_REFERENCE_YEARS,
  type EfaYear,
  gapToNextMilestone,
  type MilestoneGap,
  type MilestoneTarget,
  milestoneTargets,
  targetTrajectory,
} from '@openfluides/core';
import type { Scope } from '../access/scope.js';
import type { Db } from '../db/database.js';
import { AppError } from '../errors.js';
import { buildPeriods } from '../weather/periods.js';
import { type StationSummary, WeatherRepository } from '../weather/repository.js';
import { normalsOf, weatherByPeriod } from '../weather/service.js';
import { assertEfaAccess, type EfaFacts, findEfa } from './efa-repository.js';
import {
  addTotal,
  completenessOf,
  type EnergyTotal,
  emptyTotal,
  loadEnergyByPeriod,
} from './energy-repository.js';
import { ENERGY_CARRIERS, isEnergyCarrier, operatCoefficient, pciPerStoredKwh } from './factors.js';

/**
 * Reference years OPERAT considers: 2010–2019, and since the arrêté du 20 février 2024 also
 * 2020–2022, keeping the most favourable.
 */
export const TRAJECTORY_REFERENCE_YEARS: readonly number[] = [...DEFAULT_REFERENCE_YEARS, 2020, 2021, 2022];

/** Climate reference of the Décret tertiaire: mean COSTIC heating degree days, base 18 °C, 2001–2020. */
export const CLIMATE_REFERENCE = { firstYear: 2001, lastYear: 2020, method: 'costic', baseC: 18 } as const;

export interface TrajectoryRequest {
  efaId: string;
  fromYear: number;
  toYear: number;
  referenceYear?: number | undefined;
  adjust: boolean;
  minCompleteness: number;
}

export interface CarrierYear {
  energy: string;
  /** kWh as stored: kWh PCS for gas. */
  kwh: number | null;
  /** Final energy, kWh PCI for gas: kwh × pciPerStoredKwh. */
  finalKwh: number | null;
  pciPerStoredKwh: number;
  /** OPERAT weight of network energy (0.77 heat, 0.25 cold, else 1). */
  operatCoefficient: number;
  /** finalKwh × operatCoefficient: the kWh that count for the décret. */
  countedKwh: number | null;
  /** countedKwh per m² of the EFA surface. */
  countedKwhPerM2: number | null;
  completeness: number | null;
}

export interface TrajectoryYear {
  year: number;
  energies: CarrierYear[];
  /** Σ countedKwh of the energies with a value. */
  totalKwh: number | null;
  /** Lowest completeness of the energies: a year is complete only when each energy is. */
  completeness: number | null;
  complete: boolean;
  intensityKwhPerM2: number | null;
  /** Part of totalKwh taken as space heating, kWh. */
  heatingKwh: number | null;
  /** COSTIC heating degree days of the year at the station, base 18 °C. */
  degreeDays: number | null;
  degreeDaysCompleteness: number;
  /** Reference DJU / year DJU applied to the heating part; null when not adjusted. */
  heatingRatio: number | null;
  /** Climate-adjusted consumption, kWh; null when it cannot be adjusted. */
  adjustedKwh: number | null;
  adjustedIntensityKwhPerM2: number | null;
  warnings: string[];
}

export interface TrajectoryResult {
  efa: { id: string; code: string; name: string; operatId: string | null };
  surfaceM2: number;
  surfaceSource: 'settings' | 'buildings';
  buildings: {
    id: string;
    name: string;
    sharePercent: number;
    floorAreaM2: number | null;
    mainHeatingEnergy: string | null;
    weatherStationId: string | null;
  }[];
  climate: {
    adjusted: boolean;
    method: 'ratio-estimate';
    degreeDayMethod: 'costic';
    baseC: number;
    station: StationSummary | null;
    referenceFirstYear: number;
    referenceLastYear: number;
    referenceDegreeDays: number | null;
    referenceYearsUsed: number[];
    heatingPart: 'settings-share' | 'heating-energies';
    heatingShare: number | null;
  };
  years: TrajectoryYear[];
  reference: {
    year: number;
    source: 'query' | 'efa' | 'automatic';
    intensityKwhPerM2: number;
    candidates: { year: number; intensityKwhPerM2: number }[];
  } | null;
  absoluteTargets: { 2030: number | null; 2040: number | null; 2050: number | null };
  targets: MilestoneTarget[];
  currentYear: number | null;
  gap: MilestoneGap | null;
  trajectory: {
    year: number;
    relativeKwhPerM2: number;
    absoluteKwhPerM2: number | null;
    applicableKwhPerM2: number;
    actualKwhPerM2: number | null;
  }[];
  warnings: string[];
}

function surfaceOf(efa: EfaFacts): { surfaceM2: number; source: 'settings' | 'buildings' } | null {
  if (efa.settings.surfaceM2 !== null) return { surfaceM2: efa.settings.surfaceM2, source: 'settings' };
  let surface = 0;
  for (const building of efa.buildings) {
    if (building.floorAreaM2 === null) return null;
    surface += building.floorAreaM2 * building.share;
  }
  return surface > 0 ? { surfaceM2: surface, source: 'buildings' } : null;
}

/** Finds the station of the EFA building with the largest surface inside the EFA, among those with one. */
function stationIdOf(efa: EfaFacts): string | null {
  const withStation = efa.buildings
    .filter((building) => building.weatherStationId !== null)
    .sort((left, right) => (right.floorAreaM2 ?? 0) * right.share - (left.floorAreaM2 ?? 0) * left.share);
  return withStation[0]?.weatherStationId ?? null;
}

function counted(energy: string, total: EnergyTotal): number | null {
  return total.kwh === null ? null : total.kwh * pciPerStoredKwh(energy) * operatCoefficient(energy);
}

/**
 * Builds the Décret tertiaire view of an EFA. It sums the yearly final energy per carrier of its
 * buildings, each times its share in the EFA, and adjusts it to the reference climate with the
 * platform's ratio estimate (not OPERAT's own figure). It then chooses the reference year and
 * returns the 2030/2040/2050 targets, the gap to the next milestone and the trajectory for a chart.
 */
export async function computeTrajectory(
  db: Db,
  scope: Scope,
  request: TrajectoryRequest,
): Promise<TrajectoryResult> {
  await assertEfaAccess(db, scope, request.efaId, 'consumption', 'read');
  const efa = await findEfa(db, scope, request.efaId);
  if (!efa) throw new AppError('not-found');
  const surface = surfaceOf(efa);
  if (!surface) {
    throw new AppError(
      'validation-failed',
      {},
      {
        surfaceM2:
          'la surface de l’EFA est inconnue : renseignez la surface de plancher de chaque bâtiment, ou la surface de l’EFA dans les paramètres de la trajectoire',
      },
    );
  }
  const warnings: string[] = [];

  // The candidates of the reference year are read whatever years the caller shows, so that the
  // automatic reference does not move with `fromYear`.
  const firstYear = Math.min(request.fromYear, ...TRAJECTORY_REFERENCE_YEARS);
  const periods = buildPeriods(`${firstYear}-01-01`, `${request.toYear + 1}-01-01`, 'year');
  const energyByBuilding = await loadEnergyByPeriod(
    db,
    efa.buildings.map((building) => building.id),
    periods,
    'month',
  );

  const stationId = stationIdOf(efa);
  const weatherRepository = new WeatherRepository(db);
  const station = stationId ? await weatherRepository.findStation(stationId) : null;
  const settings = {
    kind: 'heating',
    method: CLIMATE_REFERENCE.method,
    baseC: CLIMATE_REFERENCE.baseC,
  } as const;
  const yearWeather = station
    ? weatherByPeriod(
        await weatherRepository.dailyTemperatures(
          station.id,
          periods[0]?.firstDate ?? '',
          `${request.toYear + 1}-01-01`,
        ),
        periods,
        settings,
      )
    : [];
  const normals = station
    ? normalsOf(
        await weatherRepository.dailyTemperatures(
          station.id,
          `${CLIMATE_REFERENCE.firstYear}-01-01`,
          `${CLIMATE_REFERENCE.lastYear + 1}-01-01`,
        ),
        CLIMATE_REFERENCE,
        settings,
      )
    : null;
  const referenceDegreeDays = normals?.annual.value ?? null;
  if (request.adjust) {
    if (!station) {
      warnings.push(
        'Aucun bâtiment de l’EFA n’a de station météo : les consommations ne sont pas ajustées au climat. Rattachez une station aux bâtiments.',
      );
    } else if (normals) {
      for (const message of normals.warnings)
        warnings.push(
          `Climat de référence ${CLIMATE_REFERENCE.firstYear}–${CLIMATE_REFERENCE.lastYear} : ${message}`,
        );
    }
  }

  const years: TrajectoryYear[] = periods.map((period, index) => {
    const totals = new Map<string, EnergyTotal>();
    let heating: number | null = null;
    for (const building of efa.buildings) {
      const energies = energyByBuilding.get(building.id)?.[index];
      for (const [energy, total] of energies ?? []) {
        if (!isEnergyCarrier(energy)) continue;
        const sum = totals.get(energy) ?? emptyTotal();
        addTotal(sum, total, building.share);
        totals.set(energy, sum);
        const heatingEnergy = building.mainHeatingEnergy;
        if (energy === heatingEnergy && heatingEnergy !== 'electricity' && total.kwh !== null) {
          heating = (heating ?? 0) + building.share * (counted(energy, total) ?? 0);
        }
      }
    }
    const energies: CarrierYear[] = ENERGY_CARRIERS.filter((energy) => totals.has(energy)).map((energy) => {
      const total = totals.get(energy) as EnergyTotal;
      return {
        energy,
        kwh: total.kwh,
        finalKwh: total.kwh === null ? null : total.kwh * pciPerStoredKwh(energy),
        pciPerStoredKwh: pciPerStoredKwh(energy),
        operatCoefficient: operatCoefficient(energy),
        countedKwh: counted(energy, total),
        countedKwhPerM2: total.kwh === null ? null : (counted(energy, total) ?? 0) / surface.surfaceM2,
        completeness: completenessOf(total),
      };
    });
    const values = energies.filter((energy) => energy.countedKwh !== null);
    const totalKwh =
      values.length === 0 ? null : values.reduce((sum, energy) => sum + (energy.countedKwh ?? 0), 0);
    const completenessValues = energies.map((energy) => energy.completeness ?? 0);
    const completeness = completenessValues.length === 0 ? null : Math.min(...completenessValues);
    const weather = yearWeather[index];
    const year: TrajectoryYear = {
      year: Number(period.label),
      energies,
      totalKwh,
      completeness,
      complete: completeness !== null && completeness >= request.minCompleteness && totalKwh !== null,
      intensityKwhPerM2: totalKwh === null ? null : totalKwh / surface.surfaceM2,
      heatingKwh: null,
      degreeDays: weather?.degreeDays ?? null,
      degreeDaysCompleteness: weather?.completeness ?? 0,
      heatingRatio: null,
      adjustedKwh: null,
      adjustedIntensityKwhPerM2: null,
      warnings: [],
    };
    if (totalKwh === null) return year;
    // NOTE: when heating is not metered apart, OPERAT derives its share from the declared heated
    // surfaces with default shares that are not known here. Without a configured share, the main
    // heating energy of each building counts whole as heating, domestic hot water included.
    const heatingKwh =
      efa.settings.heatingShare !== null
        ? efa.settings.heatingShare * totalKwh
        : Math.min(heating ?? 0, totalKwh);
    year.heatingKwh = heatingKwh;
    if (!request.adjust) {
      year.adjustedKwh = totalKwh;
    } else if (heatingKwh === 0) {
      year.adjustedKwh = totalKwh;
      year.heatingRatio = 1;
    } else if (year.degreeDays === null || year.degreeDaysCompleteness < 1 || referenceDegreeDays === null) {
      year.warnings.push(
        referenceDegreeDays === null
          ? 'Pas d’ajustement climatique : le climat de référence de la station est inconnu.'
          : `Pas d’ajustement climatique : la station n’a des températures que pour ${Math.round(year.degreeDaysCompleteness * period.days)} jour(s) sur ${period.days}.`,
      );
    } else {
      const adjustment = adjustConsumptionForClimate({
        totalKwh,
        heatingKwh,
        heatingDegreeDays: year.degreeDays,
        referenceHeatingDegreeDays: referenceDegreeDays,
      });
      year.adjustedKwh = adjustment.adjustedKwh;
      year.heatingRatio = adjustment.heatingRatio;
      year.warnings.push(...adjustment.warnings);
    }
    year.adjustedIntensityKwhPerM2 = year.adjustedKwh === null ? null : year.adjustedKwh / surface.surfaceM2;
    if (!year.complete) {
      year.warnings.push(
        `Année incomplète : ${String(Math.floor((completeness ?? 0) * 1000) / 10).replace('.', ',')} % des points attendus ont été reçus pour l’énergie la moins couverte.`,
      );
    }
    return year;
  });

  const usable = years.filter((year) => year.complete && year.adjustedKwh !== null);
  const efaYears: EfaYear[] = usable.map((year) => ({
    year: year.year,
    adjustedKwh: year.adjustedKwh as number,
    surfaceM2: surface.surfaceM2,
  }));
  const reference = chooseReference(request, efa, efaYears, warnings);
  const absolute: AbsoluteTargets = {};
  if (efa.settings.absolute2030KwhPerM2 !== null) absolute[2030] = efa.settings.absolute2030KwhPerM2;
  if (efa.settings.absolute2040KwhPerM2 !== null) absolute[2040] = efa.settings.absolute2040KwhPerM2;
  if (efa.settings.absolute2050KwhPerM2 !== null) absolute[2050] = efa.settings.absolute2050KwhPerM2;

  const targets = reference ? milestoneTargets(reference.intensityKwhPerM2, absolute) : [];
  const latest = [...usable].reverse()[0] ?? null;
  const gap =
    reference && latest
      ? gapToNextMilestone(
          { year: latest.year, intensityKwhPerM2: latest.adjustedIntensityKwhPerM2 as number },
          targets,
        )
      : null;
  const actualByYear = new Map(usable.map((year) => [year.year, year.adjustedIntensityKwhPerM2]));
  const trajectory = reference
    ? targetTrajectory(
        { year: reference.year, intensityKwhPerM2: reference.intensityKwhPerM2 },
        absolute,
      ).map((point) => ({ ...point, actualKwhPerM2: actualByYear.get(point.year) ?? null }))
    : [];
  if (!reference) {
    warnings.push(
      `Aucune année de référence possible : il faut une année complète${request.adjust ? ' et ajustée au climat' : ''} entre ${TRAJECTORY_REFERENCE_YEARS[0]} et ${TRAJECTORY_REFERENCE_YEARS[TRAJECTORY_REFERENCE_YEARS.length - 1]}.`,
    );
  }

  return {
    efa: { id: efa.id, code: efa.code, name: efa.name, operatId: efa.operatId },
    surfaceM2: surface.surfaceM2,
    surfaceSource: surface.source,
    buildings: efa.buildings.map((building) => ({
      id: building.id,
      name: building.name,
      sharePercent: building.share * 100,
      floorAreaM2: building.floorAreaM2,
      mainHeatingEnergy: building.mainHeatingEnergy,
      weatherStationId: building.weatherStationId,
    })),
    climate: {
      adjusted: request.adjust,
      method: 'ratio-estimate',
      degreeDayMethod: 'costic',
      baseC: CLIMATE_REFERENCE.baseC,
      station,
      referenceFirstYear: CLIMATE_REFERENCE.firstYear,
      referenceLastYear: CLIMATE_REFERENCE.lastYear,
      referenceDegreeDays,
      referenceYearsUsed: normals?.annual.yearsUsed ?? [],
      heatingPart: efa.settings.heatingShare !== null ? 'settings-share' : 'heating-energies',
      heatingShare: efa.settings.heatingShare,
    },
    years: trimLeadingEmptyYears(years.filter((year) => year.year >= request.fromYear)),
    reference,
    absoluteTargets: {
      2030: efa.settings.absolute2030KwhPerM2,
      2040: efa.settings.absolute2040KwhPerM2,
      2050: efa.settings.absolute2050KwhPerM2,
    },
    targets,
    currentYear: latest?.year ?? null,
    gap,
    trajectory,
    warnings,
  };
}

/** Drops the years before the first one with any consumption, so a chart starts with the data. */
function trimLeadingEmptyYears(years: TrajectoryYear[]): TrajectoryYear[] {
  const first = years.findIndex((year) => year.totalKwh !== null);
  return first < 0 ? [] : years.slice(first);
}

function chooseReference(
  request: TrajectoryRequest,
  efa: EfaFacts,
  years: readonly EfaYear[],
  warnings: string[],
): TrajectoryResult['reference'] {
  const automatic = chooseReferenceYear(years, { candidateYears: TRAJECTORY_REFERENCE_YEARS });
  const candidates = automatic?.candidates ?? [];
  const intensityOf = (year: number) => {
    const found = years.find((entry) => entry.year === year);
    return found ? found.adjustedKwh / found.surfaceM2 : null;
  };
  if (request.referenceYear !== undefined) {
    const intensity = intensityOf(request.referenceYear);
    if (intensity === null) {
      throw new AppError(
        'validation-failed',
        {},
        {
          referenceYear: `l’année ${request.referenceYear} n’a pas de consommation complète${request.adjust ? ' ajustée au climat' : ''} : choisissez une autre année ou retirez ce paramètre`,
        },
      );
    }
    return { year: request.referenceYear, source: 'query', intensityKwhPerM2: intensity, candidates };
  }
  if (efa.referenceYear !== null) {
    const intensity = intensityOf(efa.referenceYear);
    if (intensity !== null) {
      return { year: efa.referenceYear, source: 'efa', intensityKwhPerM2: intensity, candidates };
    }
    warnings.push(
      `L’année de référence déclarée (${efa.referenceYear}) n’a pas de consommation complète : l’année la plus favorable parmi les années complètes est retenue à la place.`,
    );
  }
  return automatic
    ? {
        year: automatic.reference.year,
        source: 'automatic',
        intensityKwhPerM2: automatic.reference.intensityKwhPerM2,
        candidates,
      }
    : null;
}
