import { MIN_PASSWORD_LENGTH } from '@openfluides/core';
import i18next, { type TFunction } from 'i18next';
import { capitalizeFirst, formatDateTime } from '../format';
import { isLanguage, type Language } from '../i18n/languages';
import { ApiError } from './client';

/** Field problems that the server reports as codes, each with an `errors.field.<code>` sentence. */
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
  'required-for-operator-meter',
  'required-for-submeter',
  'differs-from-delivery-point',
  'only-index-energy-or-power',
  'index-register-only',
] as const;

type FieldProblem = (typeof FIELD_PROBLEMS)[number];

/** Levels that a `forbidden` error may name: the four access levels and the platform administrator. */
const FORBIDDEN_LEVELS = ['read', 'write', 'configure', 'administer', 'platform-admin'] as const;

type ForbiddenLevel = (typeof FORBIDDEN_LEVELS)[number];

/** A field code is lower-case words joined by hyphens. Anything else is a sentence for people. */
const CODE_PATTERN = /^[a-z0-9]+(-[a-z0-9]+)*$/;

function isFieldProblem(value: string): value is FieldProblem {
  return (FIELD_PROBLEMS as readonly string[]).includes(value);
}

function isForbiddenLevel(value: unknown): value is ForbiddenLevel {
  return typeof value === 'string' && (FORBIDDEN_LEVELS as readonly string[]).includes(value);
}

function interfaceLanguage(): Language {
  return isLanguage(i18next.language) ? i18next.language : 'fr';
}

/** Returns the sentence shown for a failed request, from the `errors.<code>` catalogue keys. */
export function errorMessage(t: TFunction, error: unknown): string {
  if (!(error instanceof ApiError)) return t('errors.unexpected-response');
  const params: Record<string, string | number> = { ...error.params };
  if (error.code === 'internal') params.requestId = error.requestId ?? '—';
  if (isForbiddenLevel(params.level)) params.level = t(`access.level.${params.level}`);
  if (error.code === 'account-locked' && typeof params.until === 'string') {
    const until = new Date(params.until);
    params.until = Number.isNaN(until.getTime())
      ? params.until
      : formatDateTime(params.until, interfaceLanguage());
  }
  if (error.code === 'password-too-weak' && params.min === undefined) params.min = MIN_PASSWORD_LENGTH;
  return t(`errors.${error.code}`, params);
}

/**
 * Translates one field message. The server sends either comma-separated codes, translated here,
 * or a French sentence (its own or zod's), shown as it is.
 */
export function fieldProblemMessage(t: TFunction, message: string): string {
  const parts = message.split(',').map((part) => part.trim());
  if (parts.every((part) => CODE_PATTERN.test(part))) {
    if (!parts.every(isFieldProblem)) return t('errors.field.invalid');
    return parts.map((problem) => t(`errors.field.${problem}`, { min: MIN_PASSWORD_LENGTH })).join(' ');
  }
  // NOTE: the server words these sentences in French only, so the English interface shows them in French.
  const sentence = capitalizeFirst(message.trim(), 'fr');
  return /[.!?…]$/.test(sentence) ? sentence : `${sentence}.`;
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
