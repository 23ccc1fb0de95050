import i18next, { type TFunction } from 'i18next';
import { beforeAll, describe, expect, it } from 'vitest';
import fr from '../i18n/fr.json';
import { ApiError } from './client';
import { errorMessage, fieldProblemMessage } from './error-messages';

let t: TFunction;

beforeAll(async () => {
  const instance = i18next.createInstance();
  await instance.init({
    lng: 'fr',
    resources: { fr: { translation: fr } },
    interpolation: { escapeValue: false },
    showSupportNotice: false,
  });
  t = instance.t;
});

describe('errorMessage', () => {
  it('writes the lock end in Paris time', () => {
    const error = new ApiError({
      status: 423,
      code: 'account-locked',
      message: '',
      params: { until: '2026-07-14T10:05:00.000Z' },
    });
    expect(errorMessage(t, error)).toContain('après 14/07/2026 12:05 ');
  });

  it('names the platform administrator level', () => {
    const error = new ApiError({
      status: 403,
      code: 'forbidden',
      message: '',
      params: { level: 'platform-admin' },
    });
    expect(errorMessage(t, error)).toContain('«\u00a0administrateur de la plateforme\u00a0»');
  });

  it('translates an access level code', () => {
    const error = new ApiError({
      status: 403,
      code: 'forbidden',
      message: '',
      params: { level: 'configure' },
    });
    expect(errorMessage(t, error)).toContain('«\u00a0paramétrage\u00a0»');
  });

  it('uses the last-admin sentence for its own code', () => {
    const error = new ApiError({
      status: 409,
      code: 'last-admin',
      message: '',
      fields: { isAdmin: 'last-admin' },
    });
    expect(errorMessage(t, error)).toBe(fr.errors['last-admin']);
  });
});

describe('fieldProblemMessage', () => {
  it('translates known codes', () => {
    expect(fieldProblemMessage(t, 'already-used')).toBe(fr.errors.field['already-used']);
  });

  it('shows a server sentence as a sentence', () => {
    expect(fieldProblemMessage(t, 'un PRM d’électricité compte 14 chiffres')).toBe(
      'Un PRM d’électricité compte 14 chiffres.',
    );
  });

  it('keeps commas inside a sentence', () => {
    expect(fieldProblemMessage(t, 'lettres, chiffres, « . », « _ » ou « - », 40 caractères au plus')).toBe(
      'Lettres, chiffres, « . », « _ » ou « - », 40 caractères au plus.',
    );
  });

  it('falls back to invalid for an unknown code', () => {
    expect(fieldProblemMessage(t, 'some-new-code')).toBe(fr.errors.field.invalid);
  });
});
