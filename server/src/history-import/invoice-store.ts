import type { EntitySummary, InvoiceFile } from '@openfluides/core';
import type { Db } from '../db/database.js';
import { DeliveryPointDirectory } from './delivery-points.js';
import { changedFields, EntityTracker, storeRow } from './entities.js';

const UNKNOWN_POINT_FIX =
  'Importez d’abord le fichier du patrimoine qui le décrit, ou corrigez l’identifiant, puis réimportez le fichier.';

/** Converts a stored bigint amount (text from `pg`) to a number of cents. */
function cents(value: string | null): number | null {
  return value === null ? null : Number(value);
}

/**
 * Upserts invoices by (supplier, number, delivery point). Each created or changed invoice records
 * the import run that wrote it.
 */
export async function storeInvoices(
  db: Db,
  file: InvoiceFile,
  importRunId: string,
): Promise<Record<string, EntitySummary>> {
  const tracker = new EntityTracker();
  const directory = await DeliveryPointDirectory.load(db);
  for (const { ref, value } of file.invoices) {
    const resolution = directory.resolve(value.identifierCell, value.energy, UNKNOWN_POINT_FIX);
    if (!('point' in resolution)) {
      file.parsed.reject(ref.error('identifier', resolution.reason, resolution.fix));
      continue;
    }
    const point = resolution.point;
    const key = `${value.supplier ? `${value.supplier} ` : ''}${value.number} (${point.identifier})`;
    await storeRow(db, file.parsed, ref, 'number', async () => {
      const stored = await db
        .selectFrom('invoices')
        .select([
          'id',
          'issued_on',
          'period_start',
          'period_end',
          'energy_kwh',
          'amount_excl_tax_cents',
          'tax_cents',
          'amount_incl_tax_cents',
        ])
        .where('supplier', '=', value.supplier)
        .where('invoice_number', '=', value.number)
        .where('delivery_point_id', '=', point.id)
        .executeTakeFirst();
      if (!stored) {
        await db
          .insertInto('invoices')
          .values({
            delivery_point_id: point.id,
            supplier: value.supplier,
            invoice_number: value.number,
            issued_on: value.issuedOn ?? null,
            period_start: value.periodStart,
            period_end: value.periodEnd,
            energy_kwh: value.energyKwh ?? null,
            amount_excl_tax_cents: value.amountExclTaxCents ?? null,
            tax_cents: value.taxCents ?? null,
            amount_incl_tax_cents: value.amountInclTaxCents ?? null,
            import_id: importRunId,
          })
          .execute();
        tracker.record('create', key, ref);
        return;
      }
      const changes = changedFields(
        {
          issuedOn: stored.issued_on,
          periodStart: stored.period_start,
          periodEnd: stored.period_end,
          energyKwh: stored.energy_kwh,
          amountExclTaxCents: cents(stored.amount_excl_tax_cents),
          taxCents: cents(stored.tax_cents),
          amountInclTaxCents: cents(stored.amount_incl_tax_cents),
        },
        {
          issuedOn: value.issuedOn,
          periodStart: value.periodStart,
          periodEnd: value.periodEnd,
          energyKwh: value.energyKwh,
          amountExclTaxCents: value.amountExclTaxCents,
          taxCents: value.taxCents,
          amountInclTaxCents: value.amountInclTaxCents,
        },
      );
      if (Object.keys(changes).length === 0) {
        tracker.record('unchanged', key, ref);
        return;
      }
      await db
        .updateTable('invoices')
        .set({
          issued_on: value.issuedOn ?? stored.issued_on,
          period_start: value.periodStart,
          period_end: value.periodEnd,
          energy_kwh: value.energyKwh ?? stored.energy_kwh,
          amount_excl_tax_cents: value.amountExclTaxCents ?? stored.amount_excl_tax_cents,
          tax_cents: value.taxCents ?? stored.tax_cents,
          amount_incl_tax_cents: value.amountInclTaxCents ?? stored.amount_incl_tax_cents,
          import_id: importRunId,
          updated_at: new Date(),
        })
        .where('id', '=', stored.id)
        .execute();
      tracker.record('update', key, ref, changes);
    });
  }
  return { invoices: tracker.summary };
}
