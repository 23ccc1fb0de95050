import type { z } from 'zod';

/** Validation issue that zod passes to an error map. */
type Issue = Parameters<z.core.$ZodErrorMap>[0];

const numberFormat = new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 6 });

function formatLimit(value: unknown): string {
  if (typeof value === 'number') return numberFormat.format(value);
  if (typeof value === 'bigint') return numberFormat.format(value);
  return String(value);
}

/**
 * Returns a plain French sentence for the validation problems users meet most (numbers out of
 * range, lengths, a missing or mistyped value), or undefined to keep zod's French locale message.
 */
export function plainFrenchValidationMessage(issue: Issue): string | undefined {
  switch (issue.code) {
    case 'too_big':
      if (issue.origin === 'number')
        return issue.inclusive
          ? `valeur trop grande : ${formatLimit(issue.maximum)} au plus`
          : `valeur trop grande : moins de ${formatLimit(issue.maximum)}`;
      if (issue.origin === 'string')
        return `texte trop long : ${formatLimit(issue.maximum)} caractères au plus`;
      if (issue.origin === 'array') return `trop d’éléments : ${formatLimit(issue.maximum)} au plus`;
      return undefined;
    case 'too_small':
      if (issue.origin === 'number')
        return issue.inclusive
          ? `valeur trop petite : ${formatLimit(issue.minimum)} au moins`
          : `valeur trop petite : plus de ${formatLimit(issue.minimum)}`;
      if (issue.origin === 'string')
        return Number(issue.minimum) <= 1
          ? 'valeur obligatoire'
          : `texte trop court : ${formatLimit(issue.minimum)} caractères au moins`;
      if (issue.origin === 'array') return `pas assez d’éléments : ${formatLimit(issue.minimum)} au moins`;
      return undefined;
    case 'invalid_type':
      if (issue.input === undefined) return 'valeur obligatoire';
      if (issue.expected === 'number' || issue.expected === 'int') return 'nombre attendu';
      if (issue.expected === 'string') return 'texte attendu';
      if (issue.expected === 'boolean') return 'oui ou non attendu';
      return undefined;
    default:
      return undefined;
  }
}
