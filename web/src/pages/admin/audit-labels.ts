import type { TFunction } from 'i18next';

/** Audit actions that the server records; each has an `audit.action.<action>` catalogue key. */
export const AUDIT_ACTIONS = [
  'auth.login',
  'auth.logout',
  'auth.login-failed',
  'auth.account-locked',
  'user.created',
  'user.updated',
  'user.password-changed',
  'user.password-reset',
  'user.unlocked',
  'group.created',
  'group.updated',
  'group.deleted',
  'grant.created',
  'grant.deleted',
  'building.created',
  'building.updated',
  'building.deleted',
  'site.created',
  'site.updated',
  'unit.created',
  'share.created',
  'efa.created',
  'delivery-point.created',
  'delivery-point.updated',
  'allocation.created',
  'subscribed-power.created',
  'meter.created',
  'register.created',
  'index-event.created',
  'history-import.completed',
  'ingest-source.created',
  'ingest-source.updated',
  'ingest-source.deleted',
  'ingest.uploaded',
  'ingest.reprocessed',
  'identifier.mapped',
  'identifier.register-created',
  'identifier.ignored',
  'building.weather-station-changed',
  'building.floor-area-change-saved',
  'building.floor-area-change-deleted',
  'efa.trajectory-settings-changed',
  'indicator.created',
  'indicator.updated',
  'indicator.deleted',
] as const;

/** Entity types found in the audit log; each has an `audit.entity.<type>` catalogue key. */
export const AUDIT_ENTITY_TYPES = [
  'user',
  'group',
  'grant',
  'building',
  'site',
  'unit',
  'efa',
  'delivery-point',
  'meter',
  'register',
  'import_run',
  'ingest-source',
  'unknown-identifier',
  'indicator',
] as const;

type AuditAction = (typeof AUDIT_ACTIONS)[number];
type AuditEntityType = (typeof AUDIT_ENTITY_TYPES)[number];

function isAuditAction(action: string): action is AuditAction {
  return (AUDIT_ACTIONS as readonly string[]).includes(action);
}

function isAuditEntityType(entityType: string): entityType is AuditEntityType {
  return (AUDIT_ENTITY_TYPES as readonly string[]).includes(entityType);
}

/** Returns the translated action, or the raw action for one recorded by a newer server. */
export function auditActionLabel(t: TFunction, action: string): string {
  return isAuditAction(action) ? t(`audit.action.${action}`) : action;
}

/** Returns the translated entity type, or the raw type when the catalogue does not know it. */
export function auditEntityLabel(t: TFunction, entityType: string): string {
  return isAuditEntityType(entityType) ? t(`audit.entity.${entityType}`) : entityType;
}
