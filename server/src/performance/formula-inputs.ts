import type { FormulaInput } from '@openfluides/core';
import { meanFloorArea } from '../analysis/floor-area.js';
import type { Db } from '../db/database.js';
import { addDays, type Period } from '../weather/periods.js';
import { WeatherRepository } from '../weather/repository.js';
import { type PeriodWeather, weatherByPeriod } from '../weather/service.js';
import type { BuildingFacts } from './building-repository.js';
import { EnergyFiguresAccumulator } from './energy-figures.js';
import { completenessOf, type PeriodEnergies } from './energy-repository.js';

/** A name a formula may use, with its French label and unit for the editor's autocompletion. */
export interface FormulaIdentifier {
  name: string;
  kind: 'series' | 'constant';
  label: string;
  unit: string;
}

/** Energy series: formula name → stored energy name. */
const ENERGY_SERIES: Record<string, string> = {
  electricite: 'electricity',
  gaz: 'gas',
  chaleur: 'district_heating',
  froid: 'district_cooling',
  bois: 'wood',
  fioul: 'fuel_oil',
};

export const FORMULA_IDENTIFIERS: readonly FormulaIdentifier[] = [
  { name: 'electricite', kind: 'series', label: 'Électricité', unit: 'kWh' },
  { name: 'gaz', kind: 'series', label: 'Gaz naturel, en PCS comme facturé', unit: 'kWh PCS' },
  { name: 'gaz_pci', kind: 'series', label: 'Gaz naturel en PCI (PCS × 0,9)', unit: 'kWh PCI' },
  { name: 'chaleur', kind: 'series', label: 'Réseau de chaleur', unit: 'kWh' },
  { name: 'froid', kind: 'series', label: 'Réseau de froid', unit: 'kWh' },
  { name: 'bois', kind: 'series', label: 'Bois', unit: 'kWh' },
  { name: 'fioul', kind: 'series', label: 'Fioul', unit: 'kWh' },
  {
    name: 'total',
    kind: 'series',
    label: 'Énergie finale, toutes énergies (gaz en PCS, comme facturé)',
    unit: 'kWh',
  },
  { name: 'energie_primaire', kind: 'series', label: 'Énergie primaire (facteurs datés)', unit: 'kWh EP' },
  {
    name: 'co2e',
    kind: 'series',
    label: 'Émissions de gaz à effet de serre (DPE tertiaire)',
    unit: 'kg CO2e',
  },
  {
    name: 'dju',
    kind: 'series',
    label: 'Degrés-jours de chauffage, méthode météo, base 18 °C, station du bâtiment',
    unit: '°C·jour',
  },
  {
    name: 'dju_costic',
    kind: 'series',
    label: 'Degrés-jours de chauffage, méthode COSTIC, base 18 °C, station du bâtiment',
    unit: '°C·jour',
  },
  {
    name: 'djc',
    kind: 'series',
    label: 'Degrés-jours de climatisation, méthode météo, base 18 °C, station du bâtiment',
    unit: '°C·jour',
  },
  {
    name: 'temperature_moyenne',
    kind: 'series',
    label: 'Température extérieure moyenne, (Tn + Tx)/2',
    unit: '°C',
  },
  { name: 'jours', kind: 'series', label: 'Jours de la période', unit: 'jour' },
  {
    name: 'surface',
    kind: 'series',
    label: 'Surface de plancher, moyenne de la période pondérée par les jours',
    unit: 'm²',
  },
  { name: 'surface_chauffee', kind: 'constant', label: 'Surface chauffée', unit: 'm²' },
  { name: 'surface_utile', kind: 'constant', label: 'Surface utile', unit: 'm²' },
];

export const FORMULA_IDENTIFIER_NAMES = FORMULA_IDENTIFIERS.map((identifier) => identifier.name);

/** Figure of each energy that the estate-wide series add up. */
const TOTAL_FIGURES = { total: 'finalKwh', energie_primaire: 'primaryKwh', co2e: 'co2eKg' } as const;

const WEATHER_SERIES = new Set(['dju', 'dju_costic', 'djc', 'temperature_moyenne']);

/** Inputs of one building's formula over the evaluation periods, with what the user should know. */
export interface BuildingFormulaInputs {
  inputs: Record<string, FormulaInput>;
  /** Per evaluation period, the lowest completeness of the energies the formula reads. */
  completeness: (number | null)[];
  notes: string[];
}

function sumWhenComplete(months: readonly PeriodWeather[]): number | null {
  let sum = 0;
  for (const month of months) {
    if (month.degreeDays === null || month.completeness < 1) return null;
    sum += month.degreeDays;
  }
  return sum;
}

/**
 * Builds the series of one building over evaluation periods (months or years) from its monthly
 * energies. An energy the building has no register of is 0; one whose registers sent nothing is
 * missing. Degree days count only when every day of the period has Tn and Tx.
 */
export async function buildFormulaInputs(
  db: Db,
  building: BuildingFacts,
  used: readonly string[],
  months: readonly Period[],
  monthEnergies: readonly (PeriodEnergies | undefined)[],
  evaluationPeriods: readonly Period[],
): Promise<BuildingFormulaInputs> {
  const notes: string[] = [];
  const monthsOf = evaluationPeriods.map((period) =>
    months
      .map((month, index) => ({ month, index }))
      .filter(({ month }) => month.firstDate >= period.firstDate && month.lastDate <= period.lastDate),
  );
  const accumulators = monthsOf.map((entries) => {
    const accumulator = new EnergyFiguresAccumulator();
    for (const { month, index } of entries) accumulator.add(month, monthEnergies[index]);
    return accumulator;
  });
  const inputs: Record<string, FormulaInput> = {};
  const usedEnergies = new Set<string>();

  const energyValue = (accumulator: EnergyFiguresAccumulator, energy: string, pick: 'kwh' | 'pciKwh') => {
    const figures = accumulator.get(energy);
    if (!figures || figures.pointsExpected === 0) return 0;
    return figures[pick];
  };
  for (const name of used) {
    const energy = ENERGY_SERIES[name];
    if (energy) {
      usedEnergies.add(energy);
      inputs[name] = accumulators.map((accumulator) => energyValue(accumulator, energy, 'kwh'));
    } else if (name === 'gaz_pci') {
      usedEnergies.add('gas');
      inputs[name] = accumulators.map((accumulator) => energyValue(accumulator, 'gas', 'pciKwh'));
    } else if (name === 'total' || name === 'energie_primaire' || name === 'co2e') {
      inputs[name] = accumulators.map((accumulator) => {
        const energies = accumulator.energies();
        for (const figures of energies) usedEnergies.add(figures.energy);
        const pick = TOTAL_FIGURES[name];
        if (energies.some((figures) => figures.pointsExpected > 0 && figures[pick] === null)) return null;
        return energies.reduce((sum, figures) => sum + (figures[pick] ?? 0), 0);
      });
    } else if (name === 'jours') {
      inputs[name] = evaluationPeriods.map((period) => period.days);
    } else if (name === 'surface') {
      // Floor areas are dated: each period takes the day-weighted mean area of its days.
      if (building.floorAreaM2 === null) {
        notes.push(`La valeur « ${name} » n’est pas renseignée pour ce bâtiment.`);
      }
      inputs[name] = evaluationPeriods.map((period) =>
        meanFloorArea(building, period.firstDate, addDays(period.lastDate, 1)),
      );
    } else if (name === 'surface_chauffee' || name === 'surface_utile') {
      const area = name === 'surface_chauffee' ? building.heatedAreaM2 : building.usefulAreaM2;
      if (area === null) notes.push(`La valeur « ${name} » n’est pas renseignée pour ce bâtiment.`);
      inputs[name] = area ?? evaluationPeriods.map(() => null);
    }
  }

  for (const [name, energy] of Object.entries(ENERGY_SERIES)) {
    if (!used.includes(name)) continue;
    const metered = accumulators.some((accumulator) => (accumulator.get(energy)?.pointsExpected ?? 0) > 0);
    if (!metered)
      notes.push(`Aucun compteur ne compte « ${name} » pour ce bâtiment sur la période : la série vaut 0.`);
  }

  const weatherNames = used.filter((name) => WEATHER_SERIES.has(name));
  if (weatherNames.length > 0) {
    await addWeatherInputs(db, building, weatherNames, months, monthsOf, inputs, notes);
  }

  const completeness = accumulators.map((accumulator) => {
    const values = [...usedEnergies]
      .map((energy) => accumulator.get(energy))
      .filter((figures) => figures !== undefined && figures.pointsExpected > 0)
      .map((figures) => completenessOf(figures as NonNullable<typeof figures>) ?? 0);
    return values.length === 0 ? null : Math.min(...values);
  });
  return { inputs, completeness, notes };
}

async function addWeatherInputs(
  db: Db,
  building: BuildingFacts,
  names: readonly string[],
  months: readonly Period[],
  monthsOf: readonly { month: Period; index: number }[][],
  inputs: Record<string, FormulaInput>,
  notes: string[],
): Promise<void> {
  const first = months[0];
  const last = months[months.length - 1];
  if (!building.weatherStationId || !first || !last) {
    notes.push(
      `Aucune station météo n’est rattachée au bâtiment : ${names.map((name) => `« ${name} »`).join(', ')} restent manquants.`,
    );
    for (const name of names) inputs[name] = monthsOf.map(() => null);
    return;
  }
  const days = await new WeatherRepository(db).dailyTemperatures(
    building.weatherStationId,
    first.firstDate,
    new Date(Date.parse(last.lastDate) + 86_400_000).toISOString().slice(0, 10),
  );
  const series = {
    dju: weatherByPeriod(days, months, { kind: 'heating', method: 'meteo', baseC: 18 }),
    dju_costic: weatherByPeriod(days, months, { kind: 'heating', method: 'costic', baseC: 18 }),
    djc: weatherByPeriod(days, months, { kind: 'cooling', method: 'meteo', baseC: 18 }),
  };
  for (const name of names) {
    if (name === 'temperature_moyenne') {
      inputs[name] = monthsOf.map((entries) => {
        let weighted = 0;
        let days = 0;
        for (const { index } of entries) {
          const month = series.dju[index];
          if (!month || month.meanTemperatureC === null || month.completeness < 1) return null;
          weighted += month.meanTemperatureC * month.days;
          days += month.days;
        }
        return days === 0 ? null : weighted / days;
      });
    } else {
      const monthly = series[name as keyof typeof series];
      inputs[name] = monthsOf.map((entries) =>
        sumWhenComplete(entries.map(({ index }) => monthly[index] as PeriodWeather)),
      );
    }
  }
}
