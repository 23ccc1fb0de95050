import type { ErrorCode } from '@openfluides/core';

/** HTTP status of each stable error code. */
const STATUS_BY_CODE: Record<ErrorCode, number> = {
  'validation-failed': 400,
  unauthenticated: 401,
  'invalid-credentials': 401,
  'account-locked': 423,
  'account-disabled': 403,
  'csrf-failed': 403,
  forbidden: 403,
  'not-found': 404,
  conflict: 409,
  'rate-limited': 429,
  'password-too-weak': 400,
  'password-incorrect': 400,
  'last-admin': 409,
  internal: 500,
};

/** French sentence for each code: what happened, then what to do. `{name}` takes a parameter. */
const FRENCH_MESSAGES: Record<ErrorCode, string> = {
  'validation-failed':
    'La requête contient des valeurs invalides. Corrigez les champs signalés puis réessayez.',
  unauthenticated: 'Votre session a expiré ou vous n’êtes pas connecté. Connectez-vous pour continuer.',
  'invalid-credentials':
    'Adresse électronique ou mot de passe incorrect. Vérifiez votre saisie puis réessayez.',
  'account-locked':
    'Ce compte est verrouillé après trop d’échecs de connexion. Réessayez après {untilLabel} ou demandez à un administrateur de le déverrouiller.',
  'account-disabled': 'Ce compte est désactivé. Demandez à un administrateur de le réactiver.',
  'csrf-failed':
    'La requête n’a pas pu être vérifiée (jeton de sécurité absent ou périmé). Rechargez la page puis réessayez.',
  forbidden:
    'Vos droits ne permettent pas cette action. Demandez à un administrateur de vous accorder le niveau « {levelLabel} ».',
  'not-found': 'L’élément demandé n’existe pas ou ne fait pas partie de votre périmètre.',
  conflict: 'Cette valeur existe déjà : {field}. Choisissez-en une autre.',
  'rate-limited': 'Trop de tentatives en peu de temps. Patientez une minute puis réessayez.',
  'password-too-weak':
    'Le mot de passe doit contenir au moins {min} caractères et être différent de l’adresse électronique.',
  'password-incorrect': 'Le mot de passe actuel est incorrect. Vérifiez votre saisie puis réessayez.',
  'last-admin': 'Ce compte est le dernier administrateur actif : nommez d’abord un autre administrateur.',
  internal:
    'Une erreur inattendue s’est produite. Réessayez ; si elle persiste, transmettez l’identifiant {requestId} à votre administrateur.',
};

export type ErrorParams = Record<string, string | number>;

/**
 * Error with a stable code that the API returns as-is to the client. Errors of any other type
 * become `internal` and are logged in full.
 */
export class AppError extends Error {
  readonly code: ErrorCode;
  readonly statusCode: number;
  readonly params: ErrorParams;
  readonly fields: Record<string, string> | undefined;

  constructor(code: ErrorCode, params: ErrorParams = {}, fields?: Record<string, string>) {
    super(frenchMessage(code, params));
    this.name = 'AppError';
    this.code = code;
    this.statusCode = STATUS_BY_CODE[code];
    this.params = params;
    this.fields = fields;
  }
}

/** French names of the `level` parameter of `forbidden` errors. */
const LEVEL_LABELS: Record<string, string> = {
  read: 'lecture',
  write: 'écriture',
  configure: 'paramétrage',
  administer: 'administration',
  'platform-admin': 'administrateur de la plateforme',
};

function parisDateTime(iso: string): string {
  return new Intl.DateTimeFormat('fr-FR', {
    timeZone: 'Europe/Paris',
    dateStyle: 'short',
    timeStyle: 'short',
  }).format(new Date(iso));
}

/**
 * Builds the French message of a code, filling `{name}` placeholders from the parameters. The
 * parameters stay codes and ISO instants (`level`, `until`) so that other languages can word them.
 */
export function frenchMessage(code: ErrorCode, params: ErrorParams = {}): string {
  const labels: ErrorParams = { ...params };
  if (typeof params.level === 'string') labels.levelLabel = LEVEL_LABELS[params.level] ?? params.level;
  if (typeof params.until === 'string') labels.untilLabel = parisDateTime(params.until);
  return FRENCH_MESSAGES[code].replace(/\{(\w+)\}/g, (placeholder, name: string) =>
    labels[name] === undefined ? placeholder : String(labels[name]),
  );
}

export const notFound = (): AppError => new AppError('not-found');
