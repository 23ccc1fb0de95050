import { ACCESS_LEVELS, ERROR_CODES, FEATURES } from '@openfluides/core';
import { describe, expect, it } from 'vitest';
import { AUDIT_ACTIONS, AUDIT_ENTITY_TYPES } from '../pages/admin/audit-labels';
import en from './en.json';
import fr from './fr.json';

type Catalogue = { [key: string]: string | Catalogue };

/** Lists every key of a nested catalogue as a dotted path. */
function flattenKeys(catalogue: Catalogue, prefix = ''): string[] {
  return Object.entries(catalogue).flatMap(([name, value]) =>
    typeof value === 'string' ? [`${prefix}${name}`] : flattenKeys(value, `${prefix}${name}.`),
  );
}

function hasKey(catalogue: Catalogue, key: string): boolean {
  let node: string | Catalogue | undefined = catalogue;
  for (const part of key.split('.')) {
    if (typeof node !== 'object') return false;
    node = node[part];
  }
  return typeof node === 'string' && node.length > 0;
}

const frenchKeys = flattenKeys(fr);

describe('catalogues', () => {
  it('have the same keys in French and English', () => {
    expect(flattenKeys(en).sort()).toEqual([...frenchKeys].sort());
  });

  it('have no empty value', () => {
    for (const key of frenchKeys) {
      expect(hasKey(fr, key), `fr ${key}`).toBe(true);
      expect(hasKey(en, key), `en ${key}`).toBe(true);
    }
  });

  it('translate every API error code', () => {
    for (const code of ERROR_CODES) expect(hasKey(fr, `errors.${code}`), code).toBe(true);
  });

  it('translate every access level and feature', () => {
    for (const level of ACCESS_LEVELS) expect(hasKey(fr, `access.level.${level}`), level).toBe(true);
    for (const feature of FEATURES) expect(hasKey(fr, `access.feature.${feature}`), feature).toBe(true);
  });

  it('translate every audit action and entity type', () => {
    for (const action of AUDIT_ACTIONS) expect(hasKey(fr, `audit.action.${action}`), action).toBe(true);
    for (const type of AUDIT_ENTITY_TYPES) expect(hasKey(fr, `audit.entity.${type}`), type).toBe(true);
  });

  it('use the same placeholders in both languages', () => {
    const placeholders = (text: string) =>
      [...text.matchAll(/\{\{(\w+)\}\}/g)].map((match) => match[1]).sort();
    const textAt = (catalogue: Catalogue, key: string) =>
      key
        .split('.')
        .reduce<string | Catalogue>(
          (node, part) => (node as Catalogue)[part] as string | Catalogue,
          catalogue,
        ) as string;
    for (const key of frenchKeys) {
      expect(placeholders(textAt(en, key)), key).toEqual(placeholders(textAt(fr, key)));
    }
  });
});
