import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { plainFrenchValidationMessage } from './validation-messages.js';

function messageOf(schema: z.ZodType, input: unknown): string | undefined {
  const result = schema.safeParse(input, { error: plainFrenchValidationMessage });
  return result.success ? undefined : result.error.issues[0]?.message;
}

describe('plain French validation messages', () => {
  it('states number limits in French', () => {
    expect(messageOf(z.number().max(10_000_000), 20_000_000)).toBe(
      'valeur trop grande : 10\u202f000\u202f000 au plus',
    );
    expect(messageOf(z.number().min(2010), 0)).toBe('valeur trop petite : 2\u202f010 au moins');
    expect(messageOf(z.number().positive(), 0)).toBe('valeur trop petite : plus de 0');
  });

  it('names a missing or mistyped value', () => {
    expect(messageOf(z.object({ name: z.string() }), {})).toBe('valeur obligatoire');
    expect(messageOf(z.number(), 'abc')).toBe('nombre attendu');
    expect(messageOf(z.string().min(1), '')).toBe('valeur obligatoire');
    expect(messageOf(z.string().max(3), 'abcd')).toBe('texte trop long : 3 caractères au plus');
  });

  it('keeps a message the schema gives', () => {
    expect(messageOf(z.number().max(1, 'une seule unité au plus'), 2)).toBe('une seule unité au plus');
  });
});
