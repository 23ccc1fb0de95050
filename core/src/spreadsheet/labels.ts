import type { Energy } from '../metering/identifiers.js';

/**
 * Normalises a header or a label for comparison: accents, case, spacing and punctuation are
 * ignored, and compatibility characters are unfolded (`m²` → `m2`, `œ` → `oe`).
 * « N° de PDL » and "n de pdl" both become `ndepdl`.
 */
export function normaliseLabel(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/œ/g, 'oe')
    .replace(/æ/g, 'ae')
    .replace(/ß/g, 'ss')
    .replace(/[^a-z0-9]/g, '');
}

/** One allowed value of a column: the stored code, its French label, and other accepted writings. */
export interface Choice<T extends string> {
  value: T;
  label: string;
  synonyms: readonly string[];
}

/** Finds the choice whose label, code or synonym matches the text, ignoring accents and case. */
export function matchChoice<T extends string>(choices: readonly Choice<T>[], text: string): T | null {
  const expected = normaliseLabel(text);
  if (!expected) return null;
  for (const choice of choices) {
    const writings = [choice.label, choice.value, ...choice.synonyms];
    if (writings.some((writing) => normaliseLabel(writing) === expected)) return choice.value;
  }
  return null;
}

/** Joins the labels of the choices for messages and templates: `électricité, gaz, bois`. */
export function choiceLabels(choices: readonly Choice<string>[]): string {
  return choices.map((choice) => choice.label).join(', ');
}

export const ENERGY_CHOICES: readonly Choice<Energy>[] = [
  { value: 'electricity', label: 'électricité', synonyms: ['élec', 'elec', 'électrique'] },
  { value: 'gas', label: 'gaz', synonyms: ['gaz naturel', 'GN'] },
  {
    value: 'district_heating',
    label: 'réseau de chaleur',
    synonyms: ['chaleur', 'chauffage urbain', 'RCU', 'réseau chaleur'],
  },
  { value: 'district_cooling', label: 'réseau de froid', synonyms: ['froid', 'réseau froid'] },
  { value: 'wood', label: 'bois', synonyms: ['bois énergie', 'biomasse', 'granulés', 'plaquettes'] },
  { value: 'fuel_oil', label: 'fioul', synonyms: ['fuel', 'fioul domestique', 'FOD', 'mazout'] },
  { value: 'water', label: 'eau', synonyms: ['eau potable'] },
];

/** Energies that `buildings.main_heating_energy` accepts. */
export const HEATING_ENERGY_CHOICES: readonly Choice<Energy>[] = ENERGY_CHOICES.filter((choice) =>
  ['electricity', 'gas', 'district_heating', 'wood', 'fuel_oil'].includes(choice.value),
);

export type BuildingActivity =
  | 'teaching'
  | 'research'
  | 'library'
  | 'sports'
  | 'offices'
  | 'housing'
  | 'catering'
  | 'technical'
  | 'mixed'
  | 'other';

export const ACTIVITY_CHOICES: readonly Choice<BuildingActivity>[] = [
  { value: 'teaching', label: 'enseignement', synonyms: ['formation', 'amphithéâtres', 'salles de cours'] },
  { value: 'research', label: 'recherche', synonyms: ['laboratoires'] },
  { value: 'library', label: 'bibliothèque', synonyms: ['BU', 'documentation', 'médiathèque'] },
  { value: 'sports', label: 'sport', synonyms: ['sports', 'équipement sportif', 'gymnase'] },
  { value: 'offices', label: 'bureaux', synonyms: ['bureau', 'administration', 'tertiaire'] },
  { value: 'housing', label: 'logement', synonyms: ['logements', 'hébergement', 'résidence'] },
  { value: 'catering', label: 'restauration', synonyms: ['restaurant', 'cafétéria'] },
  { value: 'technical', label: 'technique', synonyms: ['locaux techniques', 'chaufferie', 'atelier'] },
  { value: 'mixed', label: 'mixte', synonyms: ['usage mixte'] },
  { value: 'other', label: 'autre', synonyms: ['autres'] },
];

export type FunctionalUnitKind = 'faculty' | 'laboratory' | 'service' | 'other';

export const UNIT_KIND_CHOICES: readonly Choice<FunctionalUnitKind>[] = [
  { value: 'faculty', label: 'faculté', synonyms: ['UFR', 'composante', 'école', 'institut'] },
  { value: 'laboratory', label: 'laboratoire', synonyms: ['labo', 'unité de recherche', 'UMR'] },
  { value: 'service', label: 'service', synonyms: ['direction', 'service central'] },
  { value: 'other', label: 'autre', synonyms: ['autres'] },
];

export type AllocationMethod = 'fixed' | 'surface' | 'submeter';

export const ALLOCATION_METHOD_CHOICES: readonly Choice<AllocationMethod>[] = [
  {
    value: 'fixed',
    label: 'pourcentage fixe',
    synonyms: ['fixe', 'pourcentage', 'clé fixe', 'part fixe', 'forfait'],
  },
  {
    value: 'surface',
    label: 'surface',
    synonyms: ['au prorata de la surface', 'prorata surface', 'surfacique'],
  },
  {
    value: 'submeter',
    label: 'sous-compteur',
    synonyms: ['sous-comptage', 'sous compteur', 'compteur divisionnaire'],
  },
];

export type ReadingStep = 'P1M' | 'P1D';

export const STEP_CHOICES: readonly Choice<ReadingStep>[] = [
  { value: 'P1M', label: 'mensuel', synonyms: ['mois', 'mensuelle', 'par mois'] },
  {
    value: 'P1D',
    label: 'journalier',
    synonyms: ['jour', 'quotidien', 'quotidienne', 'journalière', 'par jour'],
  },
];

export type DeliverySegment = 'C5' | 'C4' | 'C3' | 'C2' | 'C1' | 'HTA' | 'T1' | 'T2' | 'T3' | 'T4' | 'TP';

export const SEGMENT_CHOICES: readonly Choice<DeliverySegment>[] = (
  ['C5', 'C4', 'C3', 'C2', 'C1', 'HTA', 'T1', 'T2', 'T3', 'T4', 'TP'] as const
).map((segment) => ({ value: segment, label: segment, synonyms: [] }));
