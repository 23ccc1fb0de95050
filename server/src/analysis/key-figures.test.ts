import { describe, expect, it } from 'vitest';
import { costOver } from './key-figures.js';
import type { BuildingInvoice } from './key-figures-repository.js';

function invoice(
  id: string,
  periodStart: string,
  periodEnd: string,
  excl: number | null,
  incl: number | null,
) {
  return {
    id,
    energy: 'electricity',
    periodStart,
    periodEnd,
    amountExclTaxCents: excl,
    amountInclTaxCents: incl,
    method: 'fixed',
    weight: 0.5,
  } satisfies BuildingInvoice;
}

const YEAR_2024 = { from: '2024-01-01', to: '2025-01-01' };

describe('costOver', () => {
  it('prorates an invoice by its days in the window and applies the key', () => {
    // 1–31 December 2024 and 1–31 January 2025: 31 days each, 620 € and 310 € excl. tax; only
    // December falls in 2024, at 50 %.
    const cost = costOver(
      [
        invoice('1', '2024-12-01', '2024-12-31', 62_000, 74_400),
        invoice('2', '2025-01-01', '2025-01-31', 31_000, 37_200),
      ],
      YEAR_2024,
    );
    expect(cost.amountExclTaxEur).toBe(310);
    expect(cost.amountInclTaxEur).toBe(372);
    expect(cost.invoiceCount).toBe(1);
    expect(cost.coveredDays).toBe(31);
    expect(cost.windowDays).toBe(366);
    expect(cost.unavailable).toBeNull();
  });

  it('withholds amounts when one is missing', () => {
    const cost = costOver(
      [
        invoice('1', '2024-01-01', '2024-01-31', 10_000, 12_000),
        invoice('2', '2024-02-01', '2024-02-29', null, 12_000),
      ],
      YEAR_2024,
    );
    expect(cost.amountExclTaxEur).toBeNull();
    expect(cost.amountInclTaxEur).toBeNull();
    expect(cost.unavailable).toEqual({
      code: 'amounts-missing',
      message:
        'Au moins une facture de la période n’a pas de montant HT : complétez-la pour obtenir les montants.',
    });
  });
});
