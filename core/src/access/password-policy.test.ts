import { describe, expect, it } from 'vitest';
import { checkPassword } from './password-policy.js';

describe('checkPassword', () => {
  it('accepts 12 characters or more', () => {
    expect(checkPassword('douze-signes', 'a@b.fr')).toEqual([]);
  });

  it('rejects 11 characters', () => {
    expect(checkPassword('onze-signes', 'a@b.fr')).toEqual(['too-short']);
  });

  it('counts characters, not UTF-16 units', () => {
    // Eleven emoji are 22 UTF-16 units but 11 characters.
    expect(checkPassword('🔒'.repeat(11), 'a@b.fr')).toEqual(['too-short']);
  });

  it('rejects the e-mail address as password', () => {
    expect(checkPassword('Energie.Manager@univ.fr', 'energie.manager@univ.fr')).toEqual(['same-as-email']);
  });
});
