import { createHash, randomBytes } from 'node:crypto';
import {
  type AccessLevel,
  accessLevelFromRank,
  accessLevelRank,
  checkPassword,
  FEATURES,
  type Feature,
  type GrantFeature,
  MIN_PASSWORD_LENGTH,
} from '@openfluides/core';
import type { Actor, AuditRepository } from '../audit/repository.js';
import type { Db } from '../db/database.js';
import { AppError } from '../errors.js';
import { getDecoyHash, hashPassword, verifyPassword } from './password.js';
import { AccessRepository, type GrantRow, type UserRow } from './repository.js';

/** Failed logins in a row that lock an account, and for how long. */
export const MAX_FAILED_LOGINS = 5;
export const LOCK_MINUTES = 15;

/** The signed-in user attached to a request. */
export interface SessionUser {
  userId: string;
  email: string;
  displayName: string;
  isAdmin: boolean;
  locale: 'fr' | 'en';
  csrfToken: string;
  tokenHash: string;
}

export interface PublicUser {
  id: string;
  email: string;
  displayName: string;
  isAdmin: boolean;
  isActive: boolean;
  locale: 'fr' | 'en';
  isLocked: boolean;
  lastLoginAt: string | null;
  createdAt: string;
  groupIds: string[];
}

export interface PublicGrant {
  id: string;
  groupId: string | null;
  groupName: string | null;
  userId: string | null;
  userEmail: string | null;
  level: AccessLevel;
  siteId: string | null;
  siteName: string | null;
  buildingId: string | null;
  buildingName: string | null;
  unitId: string | null;
  unitName: string | null;
  features: GrantFeature[];
  createdAt: string;
}

export interface GrantInput {
  groupId?: string | null;
  userId?: string | null;
  level: AccessLevel;
  siteId?: string | null;
  buildingId?: string | null;
  unitId?: string | null;
  features: GrantFeature[];
}

export function hashSessionToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

function toPublicUser(row: UserRow, groupIds: string[], now: Date): PublicUser {
  return {
    id: row.id,
    email: row.email,
    displayName: row.display_name,
    isAdmin: row.is_admin,
    isActive: row.is_active,
    locale: row.locale,
    isLocked: row.locked_until !== null && row.locked_until > now,
    lastLoginAt: row.last_login_at?.toISOString() ?? null,
    createdAt: row.created_at.toISOString(),
    groupIds,
  };
}

export function toPublicGrant(row: GrantRow): PublicGrant {
  return {
    id: row.id,
    groupId: row.group_id,
    groupName: row.group_name,
    userId: row.user_id,
    userEmail: row.user_email,
    level: accessLevelFromRank(row.level),
    siteId: row.site_id,
    siteName: row.site_name,
    buildingId: row.building_id,
    buildingName: row.building_name,
    unitId: row.unit_id,
    unitName: row.unit_name,
    features: row.features as GrantFeature[],
    createdAt: row.created_at.toISOString(),
  };
}

/** Accounts, sessions, groups and grants, with the audit trail of every change. */
export class AccessService {
  private readonly repository: AccessRepository;

  constructor(
    private readonly db: Db,
    private readonly audit: AuditRepository,
    private readonly sessionTtlHours: number,
    private readonly clock: () => Date = () => new Date(),
  ) {
    this.repository = new AccessRepository(db);
  }

  // Sign-in

  async login(
    email: string,
    password: string,
    client: { ip: string | null; userAgent: string | null; requestId: string | null },
  ): Promise<{ token: string; user: SessionUser; expiresAt: Date }> {
    const user = await this.repository.findUserByEmail(email);
    const actor: Actor = {
      userId: user?.id ?? null,
      email: email.slice(0, 320),
      ip: client.ip,
      requestId: client.requestId,
    };
    if (!user) {
      await verifyPassword(await getDecoyHash(), password);
      await this.audit.record(actor, {
        action: 'auth.login-failed',
        entityType: 'user',
        details: { reason: 'unknown-email' },
      });
      throw new AppError('invalid-credentials');
    }

    const now = this.clock();
    if (user.locked_until && user.locked_until > now) {
      throw new AppError('account-locked', { until: user.locked_until.toISOString() });
    }
    if (!(await verifyPassword(user.password_hash, password))) {
      const lockedUntil = await this.repository.recordFailedLogin(user.id, MAX_FAILED_LOGINS, LOCK_MINUTES);
      const isNowLocked = lockedUntil !== null && lockedUntil > now;
      await this.audit.record(actor, {
        action: isNowLocked ? 'auth.account-locked' : 'auth.login-failed',
        entityType: 'user',
        entityId: user.id,
        details: { reason: 'wrong-password', failedLoginCount: user.failed_login_count + 1 },
      });
      if (isNowLocked) throw new AppError('account-locked', { until: lockedUntil.toISOString() });
      throw new AppError('invalid-credentials');
    }
    if (!user.is_active) throw new AppError('account-disabled');

    await this.repository.recordSuccessfulLogin(user.id);
    const token = randomBytes(32).toString('base64url');
    const csrfToken = randomBytes(32).toString('base64url');
    const tokenHash = hashSessionToken(token);
    const expiresAt = new Date(now.getTime() + this.sessionTtlHours * 3_600_000);
    await this.repository.insertSession({
      tokenHash,
      userId: user.id,
      csrfToken,
      expiresAt,
      ip: client.ip,
      userAgent: client.userAgent?.slice(0, 500) ?? null,
    });
    await this.audit.record(actor, { action: 'auth.login', entityType: 'user', entityId: user.id });
    return {
      token,
      expiresAt,
      user: {
        userId: user.id,
        email: user.email,
        displayName: user.display_name,
        isAdmin: user.is_admin,
        locale: user.locale,
        csrfToken,
        tokenHash,
      },
    };
  }

  async resolveSession(token: string): Promise<SessionUser | null> {
    if (token.length < 20 || token.length > 100) return null;
    const tokenHash = hashSessionToken(token);
    const row = await this.repository.findLiveSession(tokenHash);
    if (!row) return null;
    return {
      userId: row.user_id,
      email: row.email,
      displayName: row.display_name,
      isAdmin: row.is_admin,
      locale: row.locale,
      csrfToken: row.csrf_token,
      tokenHash,
    };
  }

  async logout(session: SessionUser, actor: Actor): Promise<void> {
    await this.repository.deleteSession(session.tokenHash);
    await this.audit.record(actor, { action: 'auth.logout', entityType: 'user', entityId: session.userId });
  }

  async changeOwnPassword(session: SessionUser, currentPassword: string, newPassword: string, actor: Actor) {
    const user = await this.repository.findUserById(session.userId);
    if (!user || !(await verifyPassword(user.password_hash, currentPassword))) {
      throw new AppError('password-incorrect', {}, { currentPassword: 'incorrect' });
    }
    assertStrongPassword(newPassword, user.email, 'newPassword');
    await this.repository.setPassword(user.id, await hashPassword(newPassword));
    await this.repository.deleteUserSessions(user.id, session.tokenHash);
    await this.audit.record(actor, {
      action: 'user.password-changed',
      entityType: 'user',
      entityId: user.id,
    });
  }

  async updateOwnLocale(session: SessionUser, locale: 'fr' | 'en', actor: Actor): Promise<void> {
    await this.repository.updateUser(session.userId, { locale });
    await this.audit.record(actor, {
      action: 'user.updated',
      entityType: 'user',
      entityId: session.userId,
      details: { locale },
    });
  }

  /** Returns the caller's direct and group grants and the highest level they hold per feature. */
  async describeRights(session: SessionUser) {
    const grants = (await this.repository.listGrantsOfUser(session.userId)).map(toPublicGrant);
    const maxLevelByFeature: Partial<Record<Feature, AccessLevel>> = {};
    for (const feature of FEATURES) {
      if (session.isAdmin) {
        maxLevelByFeature[feature] = 'administer';
        continue;
      }
      const ranks = grants
        .filter((grant) => grant.features.includes(feature) || grant.features.includes('*'))
        .map((grant) => accessLevelRank(grant.level));
      if (ranks.length > 0) maxLevelByFeature[feature] = accessLevelFromRank(Math.max(...ranks));
    }
    return { grants, maxLevelByFeature };
  }

  // Administration of accounts

  async listUsers(): Promise<PublicUser[]> {
    const [users, groups] = await Promise.all([this.repository.listUsers(), this.repository.listGroups()]);
    const now = this.clock();
    return users.map((user) =>
      toPublicUser(
        user,
        groups.filter((group) => group.member_ids.includes(user.id)).map((group) => group.id),
        now,
      ),
    );
  }

  async getUser(id: string): Promise<PublicUser> {
    const user = await this.repository.findUserById(id);
    if (!user) throw new AppError('not-found');
    return toPublicUser(user, await this.repository.listGroupIdsOfUser(id), this.clock());
  }

  async createUser(
    input: { email: string; displayName: string; password: string; isAdmin: boolean; locale?: 'fr' | 'en' },
    actor: Actor,
  ): Promise<PublicUser> {
    assertStrongPassword(input.password, input.email);
    if (await this.repository.findUserByEmail(input.email)) {
      throw new AppError('conflict', { field: input.email }, { email: 'already-used' });
    }
    const user = await this.repository.insertUser({
      email: input.email,
      displayName: input.displayName,
      passwordHash: await hashPassword(input.password),
      isAdmin: input.isAdmin,
      locale: input.locale,
    });
    await this.audit.record(actor, {
      action: 'user.created',
      entityType: 'user',
      entityId: user.id,
      details: { email: user.email, isAdmin: user.is_admin },
    });
    return toPublicUser(user, [], this.clock());
  }

  async updateUser(
    id: string,
    changes: {
      displayName?: string;
      isAdmin?: boolean;
      isActive?: boolean;
      locale?: 'fr' | 'en';
      groupIds?: string[];
    },
    actor: Actor,
  ): Promise<PublicUser> {
    const user = await this.repository.findUserById(id);
    if (!user) throw new AppError('not-found');
    const losesAdmin =
      user.is_admin && user.is_active && (changes.isAdmin === false || changes.isActive === false);
    if (losesAdmin && (await this.repository.countAdmins()) <= 1) {
      throw new AppError('last-admin', {}, { isAdmin: 'last-admin' });
    }

    await this.db.transaction().execute(async (trx) => {
      const repository = new AccessRepository(trx);
      await repository.updateUser(id, {
        display_name: changes.displayName,
        is_admin: changes.isAdmin,
        is_active: changes.isActive,
        locale: changes.locale,
      });
      if (changes.isActive === false) await repository.deleteUserSessions(id);
      if (changes.groupIds) await this.replaceUserGroups(trx, id, changes.groupIds);
      await this.audit.record(
        actor,
        { action: 'user.updated', entityType: 'user', entityId: id, details: changes },
        trx,
      );
    });
    return this.getUser(id);
  }

  private async replaceUserGroups(trx: Db, userId: string, groupIds: string[]): Promise<void> {
    await trx.deleteFrom('group_members').where('user_id', '=', userId).execute();
    if (groupIds.length === 0) return;
    const existing = await trx.selectFrom('user_groups').select('id').where('id', 'in', groupIds).execute();
    if (existing.length !== new Set(groupIds).size) throw new AppError('not-found');
    await trx
      .insertInto('group_members')
      .values([...new Set(groupIds)].map((groupId) => ({ group_id: groupId, user_id: userId })))
      .execute();
  }

  async resetPassword(id: string, password: string, actor: Actor): Promise<void> {
    const user = await this.repository.findUserById(id);
    if (!user) throw new AppError('not-found');
    assertStrongPassword(password, user.email);
    await this.repository.setPassword(id, await hashPassword(password));
    await this.repository.unlockUser(id);
    await this.repository.deleteUserSessions(id);
    await this.audit.record(actor, { action: 'user.password-reset', entityType: 'user', entityId: id });
  }

  async unlockUser(id: string, actor: Actor): Promise<void> {
    if (!(await this.repository.findUserById(id))) throw new AppError('not-found');
    await this.repository.unlockUser(id);
    await this.audit.record(actor, { action: 'user.unlocked', entityType: 'user', entityId: id });
  }

  /** Creates the administrator named by the environment when the platform has no active administrator. */
  async ensureInitialAdmin(email: string, password: string): Promise<'created' | 'exists'> {
    if ((await this.repository.countAdmins()) > 0) return 'exists';
    const actor: Actor = { userId: null, email: 'system', ip: null, requestId: null };
    await this.createUser({ email, displayName: 'Administrateur', password, isAdmin: true }, actor);
    return 'created';
  }

  // Groups

  async listGroups() {
    const groups = await this.repository.listGroups();
    return groups.map((group) => ({
      id: group.id,
      name: group.name,
      description: group.description,
      memberIds: group.member_ids,
      createdAt: group.created_at.toISOString(),
    }));
  }

  async createGroup(input: { name: string; description?: string; memberIds?: string[] }, actor: Actor) {
    const id = await this.db.transaction().execute(async (trx) => {
      const repository = new AccessRepository(trx);
      const taken = await trx
        .selectFrom('user_groups')
        .select('id')
        .where((eb) => eb(eb.fn('lower', ['name']), '=', input.name.toLowerCase()))
        .executeTakeFirst();
      if (taken) throw new AppError('conflict', { field: input.name }, { name: 'already-used' });
      const groupId = await repository.insertGroup(input.name, input.description ?? '');
      if (input.memberIds) await this.replaceMembers(trx, groupId, input.memberIds);
      await this.audit.record(
        actor,
        { action: 'group.created', entityType: 'group', entityId: groupId, details: input },
        trx,
      );
      return groupId;
    });
    return this.getGroup(id);
  }

  async getGroup(id: string) {
    const group = (await this.listGroups()).find((candidate) => candidate.id === id);
    if (!group) throw new AppError('not-found');
    return group;
  }

  async updateGroup(
    id: string,
    changes: { name?: string; description?: string; memberIds?: string[] },
    actor: Actor,
  ) {
    await this.getGroup(id);
    await this.db.transaction().execute(async (trx) => {
      const repository = new AccessRepository(trx);
      if (changes.name !== undefined || changes.description !== undefined) {
        await repository.updateGroup(id, { name: changes.name, description: changes.description });
      }
      if (changes.memberIds) await this.replaceMembers(trx, id, changes.memberIds);
      await this.audit.record(
        actor,
        { action: 'group.updated', entityType: 'group', entityId: id, details: changes },
        trx,
      );
    });
    return this.getGroup(id);
  }

  private async replaceMembers(trx: Db, groupId: string, memberIds: string[]): Promise<void> {
    const uniqueIds = [...new Set(memberIds)];
    if (uniqueIds.length > 0) {
      const existing = await trx.selectFrom('users').select('id').where('id', 'in', uniqueIds).execute();
      if (existing.length !== uniqueIds.length) throw new AppError('not-found');
    }
    await new AccessRepository(trx).setGroupMembers(groupId, uniqueIds);
  }

  async deleteGroup(id: string, actor: Actor): Promise<void> {
    const group = await this.getGroup(id);
    await this.repository.deleteGroup(id);
    await this.audit.record(actor, {
      action: 'group.deleted',
      entityType: 'group',
      entityId: id,
      details: { name: group.name },
    });
  }

  // Grants

  async listGrants(): Promise<PublicGrant[]> {
    return (await this.repository.listGrants()).map(toPublicGrant);
  }

  async createGrant(input: GrantInput, actor: Actor): Promise<PublicGrant> {
    const hasGroup = Boolean(input.groupId);
    const hasUser = Boolean(input.userId);
    if (hasGroup === hasUser) {
      throw new AppError('validation-failed', {}, { groupId: 'group-or-user', userId: 'group-or-user' });
    }
    if (input.siteId && input.buildingId) {
      throw new AppError('validation-failed', {}, { buildingId: 'site-or-building' });
    }
    await this.assertReferencesExist(input);
    const id = await this.repository.insertGrant({
      groupId: input.groupId ?? null,
      userId: input.userId ?? null,
      level: accessLevelRank(input.level),
      siteId: input.siteId ?? null,
      buildingId: input.buildingId ?? null,
      unitId: input.unitId ?? null,
      features: [...new Set(input.features)],
      createdBy: actor.userId ?? '',
    });
    const grant = toPublicGrant((await this.repository.findGrant(id)) as GrantRow);
    await this.audit.record(actor, {
      action: 'grant.created',
      entityType: 'grant',
      entityId: id,
      details: { ...grant },
    });
    return grant;
  }

  private async assertReferencesExist(input: GrantInput): Promise<void> {
    const checks: [
      string,
      'user_groups' | 'users' | 'sites' | 'buildings' | 'functional_units',
      string | null | undefined,
    ][] = [
      ['groupId', 'user_groups', input.groupId],
      ['userId', 'users', input.userId],
      ['siteId', 'sites', input.siteId],
      ['buildingId', 'buildings', input.buildingId],
      ['unitId', 'functional_units', input.unitId],
    ];
    for (const [field, table, id] of checks) {
      if (!id) continue;
      const row = await this.db.selectFrom(table).select('id').where('id', '=', id).executeTakeFirst();
      if (!row) throw new AppError('validation-failed', {}, { [field]: 'not-found' });
    }
  }

  async deleteGrant(id: string, actor: Actor): Promise<void> {
    const grant = await this.repository.findGrant(id);
    if (!grant) throw new AppError('not-found');
    await this.repository.deleteGrant(id);
    await this.audit.record(actor, {
      action: 'grant.deleted',
      entityType: 'grant',
      entityId: id,
      details: { ...toPublicGrant(grant) },
    });
  }

  deleteExpiredSessions(): Promise<number> {
    return this.repository.deleteExpiredSessions();
  }
}

function assertStrongPassword(password: string, email: string, field = 'password'): void {
  const problems = checkPassword(password, email);
  if (problems.length > 0) {
    throw new AppError('password-too-weak', { min: MIN_PASSWORD_LENGTH }, { [field]: problems.join(',') });
  }
}
