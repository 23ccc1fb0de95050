import { ACCESS_LEVELS, type AccessLevel, MIN_PASSWORD_LENGTH } from '@openfluides/core';
import type { TFunction } from 'i18next';
import { ApiError } from './client';

/** Field problems that the server reports as codes. Any other field message shows as "invalid". */
const FIELD_PROBLEMS = [
  'already-used',
  'incorrect',
  'too-short',
  'too-long',
  'same-as-email',
  'last-admin',
  'not-found',
  'group-or-user',
  'site-or-building',
] as const;

type FieldProblem = (typeof FIELD_PROBLEMS)[number];

function isFieldProblem(value: string): value is FieldProblem {
  return (FIELD_PROBLEMS as readonly string[]).includes(value);
}

function isAccessLevel(value: unknown): value is AccessLevel {
  return typeof value === 'string' && (ACCESS_LEVELS as readonly string[]).includes(value);
}

/** Returns the sentence shown for a failed request, from the `errors.<code>` catalogue keys. */
export function errorMessage(t: TFunction, error: unknown): string {
  if (!(error instanceof ApiError)) return t('errors.unexpected-response');
  // The server reports the last-administrator rule as a `conflict` on a French phrase, which the
  // generic conflict sentence would misread as a duplicate value.
  if (error.code === 'conflict' && Object.values(error.fields).includes('last-admin')) {
    return t('errors.last-admin');
  }
  const params: Record<string, string | number> = { ...error.params };
  if (error.code === 'internal') params.requestId = error.requestId ?? '—';
  // A level sent as a code is translated, and any other text is shown unchanged.
  // NOTE: the server sends French words (`paramétrage`), so the English interface shows them in French.
  if (isAccessLevel(params.level)) params.level = t(`access.level.${params.level}`);
  if (error.code === 'password-too-weak' && params.min === undefined) params.min = MIN_PASSWORD_LENGTH;
  return t(`errors.${error.code}`, params);
}

/** Translates one field message, which the server sends either as comma-separated codes or as free text. */
export function fieldProblemMessage(t: TFunction, message: string): string {
  const problems = message.split(',').map((part) => part.trim());
  if (!problems.every(isFieldProblem)) return t('errors.field.invalid');
  return problems.map((problem) => t(`errors.field.${problem}`, { min: MIN_PASSWORD_LENGTH })).join(' ');
}

/** Returns the translated problem of each rejected field of a failed request, keyed by field path. */
export function fieldErrors(t: TFunction, error: unknown): Record<string, string> {
  if (!(error instanceof ApiError)) return {};
  const messages: Record<string, string> = {};
  for (const [field, message] of Object.entries(error.fields)) {
    messages[field] = fieldProblemMessage(t, message);
  }
  return messages;
}
