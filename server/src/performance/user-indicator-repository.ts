import type { Db } from '../db/database.js';

/** A user-defined indicator as stored. */
export interface UserIndicatorRow {
  id: string;
  name: string;
  description: string;
  formula: string;
  unitLabel: string;
  targetValue: number | null;
  targetDirection: 'at-most' | 'at-least';
  createdBy: string | null;
  createdByName: string | null;
  createdAt: string;
  updatedAt: string;
}

export interface UserIndicatorFields {
  name: string;
  description: string;
  formula: string;
  unitLabel: string;
  targetValue: number | null;
  targetDirection: 'at-most' | 'at-least';
}

/** The only SQL of user-defined indicators. */
export class UserIndicatorRepository {
  constructor(private readonly db: Db) {}

  private select(db: Db = this.db) {
    return db
      .selectFrom('user_indicators as i')
      .leftJoin('users as u', 'u.id', 'i.created_by')
      .select([
        'i.id',
        'i.name',
        'i.description',
        'i.formula',
        'i.unit_label',
        'i.target_value',
        'i.target_direction',
        'i.created_by',
        'u.display_name',
        'i.created_at',
        'i.updated_at',
      ]);
  }

  private static toRow(row: {
    id: string;
    name: string;
    description: string;
    formula: string;
    unit_label: string;
    target_value: number | null;
    target_direction: 'at-most' | 'at-least';
    created_by: string | null;
    display_name: string | null;
    created_at: Date;
    updated_at: Date;
  }): UserIndicatorRow {
    return {
      id: row.id,
      name: row.name,
      description: row.description,
      formula: row.formula,
      unitLabel: row.unit_label,
      targetValue: row.target_value,
      targetDirection: row.target_direction,
      createdBy: row.created_by,
      createdByName: row.display_name,
      createdAt: row.created_at.toISOString(),
      updatedAt: row.updated_at.toISOString(),
    };
  }

  async list(): Promise<UserIndicatorRow[]> {
    const rows = await this.select().orderBy('i.name').orderBy('i.id').execute();
    return rows.map(UserIndicatorRepository.toRow);
  }

  async find(id: string, db: Db = this.db): Promise<UserIndicatorRow | null> {
    const row = await this.select(db).where('i.id', '=', id).executeTakeFirst();
    return row ? UserIndicatorRepository.toRow(row) : null;
  }

  /** Returns whether another indicator already has this name, ignoring case. */
  async nameTaken(name: string, exceptId?: string): Promise<boolean> {
    let query = this.db
      .selectFrom('user_indicators')
      .select('id')
      .where((eb) => eb(eb.fn('lower', ['name']), '=', name.toLowerCase()));
    if (exceptId) query = query.where('id', '<>', exceptId);
    return (await query.executeTakeFirst()) !== undefined;
  }

  async insert(fields: UserIndicatorFields, userId: string, db: Db = this.db): Promise<string> {
    const row = await db
      .insertInto('user_indicators')
      .values({
        name: fields.name,
        description: fields.description,
        formula: fields.formula,
        unit_label: fields.unitLabel,
        target_value: fields.targetValue,
        target_direction: fields.targetDirection,
        created_by: userId,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  }

  async update(id: string, changes: Partial<UserIndicatorFields>, db: Db = this.db): Promise<void> {
    await db
      .updateTable('user_indicators')
      .set({
        ...(changes.name !== undefined ? { name: changes.name } : {}),
        ...(changes.description !== undefined ? { description: changes.description } : {}),
        ...(changes.formula !== undefined ? { formula: changes.formula } : {}),
        ...(changes.unitLabel !== undefined ? { unit_label: changes.unitLabel } : {}),
        ...(changes.targetValue !== undefined ? { target_value: changes.targetValue } : {}),
        ...(changes.targetDirection !== undefined ? { target_direction: changes.targetDirection } : {}),
        updated_at: new Date(),
      })
      .where('id', '=', id)
      .execute();
  }

  async delete(id: string, db: Db = this.db): Promise<void> {
    await db.deleteFrom('user_indicators').where('id', '=', id).execute();
  }
}
