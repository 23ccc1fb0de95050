import type { ColumnSpec } from './headers.js';
import { ENERGY_CHOICES } from './labels.js';

/** Columns that several history tables share, with the headers other tools commonly use. */

/** Help sentence of the optional columns: an empty cell leaves the stored value as it is. */
export const BLANK_KEEPS = 'Cellule vide : la valeur déjà enregistrée est conservée.';

export const CODE_HELP =
  '1 à 40 caractères : lettres sans accent, chiffres, « . », « _ » ou « - », sans espace.';

export const BUILDING_CODE_SYNONYMS = [
  'Bâtiment (code)',
  'Code du bâtiment',
  'Code bat',
  'Ref bat',
  'Réf. bât.',
  'Réf. bâtiment',
  'Référence bâtiment',
  'Identifiant bâtiment',
  'ID bâtiment',
];

/** Builds the column of the building a row refers to, in tables other than the buildings' own (« Bâtiment » alone is a code there). */
export function buildingReferenceColumn(): ColumnSpec {
  return {
    key: 'buildingCode',
    header: 'Code bâtiment',
    synonyms: [...BUILDING_CODE_SYNONYMS, 'Bâtiment'],
    required: true,
    format: 'code',
    help: 'Code du bâtiment, tel qu’il figure dans la feuille « Bâtiments » ou déjà dans la plateforme.',
    example: 'BAT-A',
  };
}

export const IDENTIFIER_SYNONYMS = [
  'PRM',
  'PDL',
  'PCE',
  'Point de livraison',
  'N° PDL',
  'N° PRM',
  'N° PCE',
  'Numéro PDL',
  'Numéro de PDL',
  'Numéro PRM',
  'Numéro PCE',
  'Identifiant PDL',
  'Identifiant du point de livraison',
  'Référence PDL',
  'Réf. PDL',
  'PRM/PCE',
  'PDL/PCE',
  'PDL (PRM/PCE)',
  'Point de comptage',
];

export const IDENTIFIER_HELP =
  'Identifiant du point de livraison : PRM à 14 chiffres pour l’électricité, PCE à 14 chiffres ' +
  '(ou « GI » suivi de 6 chiffres) pour le gaz, numéro de sous-station pour un réseau de chaleur. ' +
  'Colonne au format texte pour garder les zéros initiaux ; un nombre dont Excel a retiré les zéros ' +
  'est complété à 14 chiffres.';

export function identifierColumn(extraHelp = ''): ColumnSpec {
  return {
    key: 'identifier',
    header: 'Point de livraison (PRM/PCE)',
    synonyms: IDENTIFIER_SYNONYMS,
    required: true,
    format: 'identifier',
    help: `${IDENTIFIER_HELP}${extraHelp ? ` ${extraHelp}` : ''}`,
    example: '01234567890123',
  };
}

export function energyColumn(required: boolean, extraHelp = ''): ColumnSpec {
  return {
    key: 'energy',
    header: 'Énergie',
    synonyms: ['Fluide', 'Type d’énergie', 'Type de fluide', 'Énergie livrée'],
    required,
    format: 'choice',
    choices: ENERGY_CHOICES,
    help: `Énergie livrée au point de livraison.${extraHelp ? ` ${extraHelp}` : ''}`,
    example: 'électricité',
  };
}

export const START_DATE_SYNONYMS = [
  'Début',
  'Du',
  'Date début',
  'Date de début de période',
  'Début de période',
  'Début période',
  'À partir du',
  'Depuis le',
  'Valable à partir du',
];

export const END_DATE_SYNONYMS = [
  'Fin',
  'Au',
  'Date fin',
  'Date de fin de période',
  'Fin de période',
  'Fin période',
  'Jusqu’au',
  'Jusqu’à',
];

/** Optional dated validity of a share or an allocation, the end day included. */
export function validityColumns(subject: string): ColumnSpec[] {
  return [
    {
      key: 'validFrom',
      header: 'Date de début',
      synonyms: START_DATE_SYNONYMS,
      required: false,
      format: 'date',
      help: `Premier jour où ${subject} s’applique, au format jj/mm/aaaa. Vide : depuis toujours.`,
      example: '01/01/2020',
    },
    {
      key: 'validTo',
      header: 'Date de fin',
      synonyms: END_DATE_SYNONYMS,
      required: false,
      format: 'date',
      help: `Dernier jour (inclus) où ${subject} s’applique, au format jj/mm/aaaa. Vide : toujours en vigueur.`,
      example: '31/12/2030',
    },
  ];
}
