import type { Db } from '../db/database.js';

/** Author of an action, as recorded in the audit log. */
export interface Actor {
  userId: string | null;
  email: string | null;
  ip: string | null;
  requestId: string | null;
}

export interface AuditEntry {
  action: string;
  entityType: string;
  entityId?: string | null;
  details?: Record<string, unknown>;
}

export interface AuditFilter {
  entityType?: string;
  userId?: string;
  limit: number;
  offset: number;
}

export class AuditRepository {
  constructor(private readonly db: Db) {}

  async record(actor: Actor, entry: AuditEntry, db: Db = this.db): Promise<void> {
    await db
      .insertInto('audit_log')
      .values({
        user_id: actor.userId,
        user_email: actor.email,
        action: entry.action,
        entity_type: entry.entityType,
        entity_id: entry.entityId ?? null,
        details: JSON.stringify(entry.details ?? {}),
        ip: actor.ip,
        request_id: actor.requestId,
      })
      .execute();
  }

  async list(filter: AuditFilter) {
    let query = this.db.selectFrom('audit_log');
    if (filter.entityType) query = query.where('entity_type', '=', filter.entityType);
    if (filter.userId) query = query.where('user_id', '=', filter.userId);
    const [items, total] = await Promise.all([
      query
        .selectAll()
        .orderBy('occurred_at', 'desc')
        .orderBy('id', 'desc')
        .limit(filter.limit)
        .offset(filter.offset)
        .execute(),
      query.select((eb) => eb.fn.countAll<string>().as('count')).executeTakeFirstOrThrow(),
    ]);
    return { items, total: Number(total.count) };
  }
}
