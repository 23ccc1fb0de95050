import { sql } from 'kysely';
import type { Db } from '../db/database.js';

export interface UserRow {
  id: string;
  email: string;
  display_name: string;
  password_hash: string;
  is_admin: boolean;
  is_active: boolean;
  locale: 'fr' | 'en';
  failed_login_count: number;
  locked_until: Date | null;
  last_login_at: Date | null;
  created_at: Date;
}

export interface GrantRow {
  id: string;
  group_id: string | null;
  group_name: string | null;
  user_id: string | null;
  user_email: string | null;
  level: number;
  site_id: string | null;
  site_name: string | null;
  building_id: string | null;
  building_name: string | null;
  unit_id: string | null;
  unit_name: string | null;
  features: string[];
  created_at: Date;
}

const userColumns = [
  'id',
  'email',
  'display_name',
  'password_hash',
  'is_admin',
  'is_active',
  'locale',
  'failed_login_count',
  'locked_until',
  'last_login_at',
  'created_at',
] as const;

/** SQL for accounts, groups, grants and sessions. Only administrators' services call the writers. */
export class AccessRepository {
  constructor(private readonly db: Db) {}

  findUserByEmail(email: string): Promise<UserRow | undefined> {
    return this.db
      .selectFrom('users')
      .select(userColumns)
      .where(sql`lower(email)`, '=', email.trim().toLowerCase())
      .executeTakeFirst();
  }

  findUserById(id: string): Promise<UserRow | undefined> {
    return this.db.selectFrom('users').select(userColumns).where('id', '=', id).executeTakeFirst();
  }

  listUsers(): Promise<UserRow[]> {
    return this.db.selectFrom('users').select(userColumns).orderBy(sql`lower(email)`).execute();
  }

  countAdmins(): Promise<number> {
    return this.db
      .selectFrom('users')
      .select((eb) => eb.fn.countAll<string>().as('count'))
      .where('is_admin', '=', true)
      .where('is_active', '=', true)
      .executeTakeFirstOrThrow()
      .then((row) => Number(row.count));
  }

  async insertUser(user: {
    email: string;
    displayName: string;
    passwordHash: string;
    isAdmin: boolean;
    locale?: 'fr' | 'en';
  }): Promise<UserRow> {
    const { id } = await this.db
      .insertInto('users')
      .values({
        email: user.email.trim(),
        display_name: user.displayName,
        password_hash: user.passwordHash,
        is_admin: user.isAdmin,
        locale: user.locale ?? 'fr',
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return (await this.findUserById(id)) as UserRow;
  }

  async updateUser(
    id: string,
    changes: Partial<{ display_name: string; is_admin: boolean; is_active: boolean; locale: 'fr' | 'en' }>,
  ): Promise<void> {
    await this.db
      .updateTable('users')
      .set({ ...changes, updated_at: new Date() })
      .where('id', '=', id)
      .execute();
  }

  async setPassword(id: string, passwordHash: string): Promise<void> {
    await this.db
      .updateTable('users')
      .set({ password_hash: passwordHash, password_changed_at: new Date(), updated_at: new Date() })
      .where('id', '=', id)
      .execute();
  }

  /** Counts one failed login and locks the account when the count reaches `maxFailures`. */
  async recordFailedLogin(id: string, maxFailures: number, lockMinutes: number): Promise<Date | null> {
    const row = await this.db
      .updateTable('users')
      .set((eb) => ({
        failed_login_count: eb('failed_login_count', '+', 1),
        locked_until: sql`case when failed_login_count + 1 >= ${maxFailures}
          then now() + make_interval(mins => ${lockMinutes}) else locked_until end`,
      }))
      .where('id', '=', id)
      .returning('locked_until')
      .executeTakeFirstOrThrow();
    return row.locked_until;
  }

  async recordSuccessfulLogin(id: string): Promise<void> {
    await this.db
      .updateTable('users')
      .set({ failed_login_count: 0, locked_until: null, last_login_at: new Date() })
      .where('id', '=', id)
      .execute();
  }

  async unlockUser(id: string): Promise<void> {
    await this.db
      .updateTable('users')
      .set({ failed_login_count: 0, locked_until: null })
      .where('id', '=', id)
      .execute();
  }

  // Sessions

  async insertSession(session: {
    tokenHash: string;
    userId: string;
    csrfToken: string;
    expiresAt: Date;
    ip: string | null;
    userAgent: string | null;
  }): Promise<void> {
    await this.db
      .insertInto('sessions')
      .values({
        token_hash: session.tokenHash,
        user_id: session.userId,
        csrf_token: session.csrfToken,
        expires_at: session.expiresAt,
        ip: session.ip,
        user_agent: session.userAgent,
      })
      .execute();
  }

  /** Returns the live session with its active user, and slides its last-seen time. */
  findLiveSession(tokenHash: string) {
    return this.db
      .updateTable('sessions')
      .set({ last_seen_at: new Date() })
      .from('users')
      .whereRef('users.id', '=', 'sessions.user_id')
      .where('sessions.token_hash', '=', tokenHash)
      .where('sessions.expires_at', '>', new Date())
      .where('users.is_active', '=', true)
      .returning([
        'sessions.csrf_token',
        'sessions.expires_at',
        'users.id as user_id',
        'users.email',
        'users.display_name',
        'users.is_admin',
        'users.locale',
      ])
      .executeTakeFirst();
  }

  async deleteSession(tokenHash: string): Promise<void> {
    await this.db.deleteFrom('sessions').where('token_hash', '=', tokenHash).execute();
  }

  /** Ends every session of a user except, optionally, the one in use. */
  async deleteUserSessions(userId: string, exceptTokenHash?: string): Promise<void> {
    let query = this.db.deleteFrom('sessions').where('user_id', '=', userId);
    if (exceptTokenHash) query = query.where('token_hash', '<>', exceptTokenHash);
    await query.execute();
  }

  async deleteExpiredSessions(): Promise<number> {
    const result = await this.db
      .deleteFrom('sessions')
      .where('expires_at', '<=', new Date())
      .executeTakeFirst();
    return Number(result.numDeletedRows);
  }

  // Groups

  listGroups() {
    return this.db
      .selectFrom('user_groups as g')
      .leftJoin('group_members as m', 'm.group_id', 'g.id')
      .select(['g.id', 'g.name', 'g.description', 'g.created_at'])
      .select(
        sql<string[]>`coalesce(array_agg(m.user_id::text) filter (where m.user_id is not null), '{}')`.as(
          'member_ids',
        ),
      )
      .groupBy('g.id')
      .orderBy(sql`lower(g.name)`)
      .execute();
  }

  findGroup(id: string) {
    return this.db.selectFrom('user_groups').selectAll().where('id', '=', id).executeTakeFirst();
  }

  async insertGroup(name: string, description: string): Promise<string> {
    const row = await this.db
      .insertInto('user_groups')
      .values({ name, description })
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  }

  async updateGroup(id: string, changes: { name?: string; description?: string }): Promise<void> {
    await this.db.updateTable('user_groups').set(changes).where('id', '=', id).execute();
  }

  async deleteGroup(id: string): Promise<void> {
    await this.db.deleteFrom('user_groups').where('id', '=', id).execute();
  }

  /** Replaces the members of a group; run it inside a transaction so no reader sees it half done. */
  async setGroupMembers(groupId: string, userIds: string[]): Promise<void> {
    await this.db.deleteFrom('group_members').where('group_id', '=', groupId).execute();
    if (userIds.length > 0) {
      await this.db
        .insertInto('group_members')
        .values(userIds.map((userId) => ({ group_id: groupId, user_id: userId })))
        .execute();
    }
  }

  listGroupIdsOfUser(userId: string): Promise<string[]> {
    return this.db
      .selectFrom('group_members')
      .select('group_id')
      .where('user_id', '=', userId)
      .execute()
      .then((rows) => rows.map((row) => row.group_id));
  }

  // Grants

  private grantsQuery() {
    return this.db
      .selectFrom('grants as g')
      .leftJoin('user_groups as ug', 'ug.id', 'g.group_id')
      .leftJoin('users as u', 'u.id', 'g.user_id')
      .leftJoin('sites as s', 's.id', 'g.site_id')
      .leftJoin('buildings as b', 'b.id', 'g.building_id')
      .leftJoin('functional_units as fu', 'fu.id', 'g.unit_id')
      .select([
        'g.id',
        'g.group_id',
        'ug.name as group_name',
        'g.user_id',
        'u.email as user_email',
        'g.level',
        'g.site_id',
        's.name as site_name',
        'g.building_id',
        'b.name as building_name',
        'g.unit_id',
        'fu.name as unit_name',
        'g.features',
        'g.created_at',
      ])
      .orderBy('g.id');
  }

  listGrants(): Promise<GrantRow[]> {
    return this.grantsQuery().execute();
  }

  /** Grants that apply to a user directly or through one of their groups. */
  listGrantsOfUser(userId: string): Promise<GrantRow[]> {
    return this.grantsQuery()
      .where((eb) =>
        eb.or([
          eb('g.user_id', '=', userId),
          eb(
            'g.group_id',
            'in',
            eb.selectFrom('group_members').select('group_id').where('user_id', '=', userId),
          ),
        ]),
      )
      .execute();
  }

  findGrant(id: string): Promise<GrantRow | undefined> {
    return this.grantsQuery().where('g.id', '=', id).executeTakeFirst();
  }

  async insertGrant(grant: {
    groupId: string | null;
    userId: string | null;
    level: number;
    siteId: string | null;
    buildingId: string | null;
    unitId: string | null;
    features: string[];
    createdBy: string;
  }): Promise<string> {
    const row = await this.db
      .insertInto('grants')
      .values({
        group_id: grant.groupId,
        user_id: grant.userId,
        level: grant.level,
        site_id: grant.siteId,
        building_id: grant.buildingId,
        unit_id: grant.unitId,
        features: grant.features,
        created_by: grant.createdBy,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    return row.id;
  }

  async deleteGrant(id: string): Promise<void> {
    await this.db.deleteFrom('grants').where('id', '=', id).execute();
  }
}
