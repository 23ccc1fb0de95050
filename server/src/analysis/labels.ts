import type { Energy } from '@openfluides/core';
import type { DataSource } from './aggregation.js';
import type { AnalysisStep } from './calendar.js';

/** French names shown to users; the API also returns the codes so the web app can translate them. */
export const ENERGY_LABELS: Record<Energy, string> = {
  electricity: 'Électricité',
  gas: 'Gaz naturel',
  district_heating: 'Réseau de chaleur',
  district_cooling: 'Réseau de froid',
  wood: 'Bois',
  fuel_oil: 'Fioul',
  water: 'Eau',
};

/** Building activities (`buildings.activity`), and `unknown` for a building without one. */
export const USE_LABELS: Record<string, string> = {
  teaching: 'Enseignement',
  research: 'Recherche',
  library: 'Bibliothèque',
  sports: 'Sport',
  offices: 'Bureaux',
  housing: 'Logement',
  catering: 'Restauration',
  technical: 'Locaux techniques',
  mixed: 'Mixte',
  other: 'Autre',
  unknown: 'Usage non renseigné',
};

export const UNIT_LABELS = {
  kWh: 'kWh',
  MWh: 'MWh',
  kW: 'kW',
  kWhEP: 'kWh EP',
  kgCO2e: 'kg CO2e',
  'kWh/m2': 'kWh/m²',
} as const;

/** `28/02/2024` from `2024-02-28`. */
export function frenchDate(localDate: string): string {
  return `${localDate.slice(8, 10)}/${localDate.slice(5, 7)}/${localDate.slice(0, 4)}`;
}

/** Time steps in French, as a sentence names them (« au pas de 10 minutes »). */
export const STEP_LABELS: Record<AnalysisStep, string> = {
  PT10M: '10 minutes',
  PT1H: 'une heure',
  P1D: 'un jour',
  P1W: 'une semaine',
  P1M: 'un mois',
  P1Y: 'un an',
};

/** French names of the tables a series is read from. */
export const SOURCE_LABELS: Record<DataSource, string> = {
  readings: 'relevés bruts',
  readings_daily: 'agrégats journaliers',
  readings_monthly: 'agrégats mensuels',
};
