import type { Energy } from '@openfluides/core';
import { sql } from 'kysely';
import type { Db } from '../db/database.js';

/** An invoice of a delivery point serving a building, with the building's key on the invoice's first day. */
export interface BuildingInvoice {
  id: string;
  energy: Energy;
  periodStart: string;
  /** Last day billed, included. */
  periodEnd: string;
  amountExclTaxCents: number | null;
  amountInclTaxCents: number | null;
  method: 'fixed' | 'surface' | 'submeter';
  /** Fixed fraction or floor-area share; null for a sub-meter allocation, which has no fixed share. */
  weight: number | null;
}

export interface ImportRunLink {
  id: string;
  kind: string;
  fileName: string | null;
  status: string;
  startedAt: string;
}

/** SQL of the building key figures: invoices and the import runs behind the figures. */
export class KeyFiguresRepository {
  constructor(private readonly db: Db) {}

  /** Invoices overlapping [from, to) of the points allocated to the building on each invoice's first day. */
  async invoices(buildingId: string, from: string, to: string): Promise<BuildingInvoice[]> {
    const result = await sql<{
      id: string;
      energy: Energy;
      period_start: string;
      period_end: string;
      amount_excl_tax_cents: string | null;
      amount_incl_tax_cents: string | null;
      method: 'fixed' | 'surface' | 'submeter';
      weight: number | null;
    }>`
      select i.id::text as id, dp.energy, i.period_start::text as period_start, i.period_end::text as period_end,
        i.amount_excl_tax_cents, i.amount_incl_tax_cents, a.method,
        case a.method
          when 'fixed' then a.fraction::float8
          when 'surface' then b.floor_area_m2::float8 / nullif((
            select sum(other.floor_area_m2)::float8
            from delivery_point_allocations oa join buildings other on other.id = oa.building_id
            where oa.delivery_point_id = i.delivery_point_id and oa.method = 'surface'
              and oa.valid_from <= i.period_start and (oa.valid_to is null or oa.valid_to > i.period_start)), 0)
        end as weight
      from invoices i
      join delivery_points dp on dp.id = i.delivery_point_id
      join delivery_point_allocations a on a.delivery_point_id = i.delivery_point_id and a.building_id = ${buildingId}::bigint
        and a.valid_from <= i.period_start and (a.valid_to is null or a.valid_to > i.period_start)
      join buildings b on b.id = a.building_id
      where i.period_end >= ${from}::date and i.period_start < ${to}::date
      order by i.period_start, i.id`.execute(this.db);
    return result.rows.map((row) => ({
      id: row.id,
      energy: row.energy,
      periodStart: row.period_start,
      periodEnd: row.period_end,
      amountExclTaxCents: row.amount_excl_tax_cents === null ? null : Number(row.amount_excl_tax_cents),
      amountInclTaxCents: row.amount_incl_tax_cents === null ? null : Number(row.amount_incl_tax_cents),
      method: row.method,
      weight: row.weight,
    }));
  }

  /**
   * Import runs that stored readings of the registers in [fromAt, toAt), or invoices of the
   * building's points overlapping the range, newest first.
   */
  async importRuns(
    registerIds: string[],
    fromAt: Date,
    toAt: Date,
    invoiceIds: string[],
    limit: number,
  ): Promise<ImportRunLink[]> {
    const result = await sql<{
      id: string;
      kind: string;
      file_name: string | null;
      status: string;
      started_at: Date;
    }>`
      with fed as (
        select distinct import_id from readings
        where register_id = any(${registerIds}::bigint[]) and interval_start >= ${fromAt.toISOString()}::timestamptz
          and interval_start < ${toAt.toISOString()}::timestamptz and import_id is not null
        union
        select import_id from invoices where id = any(${invoiceIds}::bigint[]) and import_id is not null
      )
      select r.id::text as id, r.kind, r.file_name, r.status, r.started_at
      from import_runs r
      where r.id in (select import_id from fed)
      order by r.started_at desc, r.id desc
      limit ${limit}`.execute(this.db);
    return result.rows.map((row) => ({
      id: row.id,
      kind: row.kind,
      fileName: row.file_name,
      status: row.status,
      startedAt: row.started_at.toISOString(),
    }));
  }
}
