/**
 * XML reading shared by the Enedis SGE flows (R50, R151, R171, R4x). Element names are matched
 * by local name, because R171 prefixes its root with `ns2:` and other tools add prefixes too.
 * Values stay text, so that PRMs keep their leading zeros and an absent `<V>` stays absent.
 */

import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { decodeText } from '../text.js';

/** An element as fast-xml-parser returns it: children by local name, attributes under `@_`. */
export type XmlElement = { [name: string]: unknown };

export type XmlDocument =
  | { ok: true; rootName: string; root: XmlElement }
  | { ok: false; reason: string; line: number | null };

const ATTRIBUTE_PREFIX = '@_';

/** Reads the first element name of an XML text, skipping the declaration, comments and DOCTYPE. */
const ROOT_NAME =
  /^\s*(?:<\?[\s\S]*?\?>\s*|<!--[\s\S]*?-->\s*|<!DOCTYPE[^>[]*(?:\[[\s\S]*?\])?\s*>\s*)*<([A-Za-z_][\w.-]*)(?::([A-Za-z_][\w.-]*))?[\s/>]/;

/** Local name of the root element of an XML head (`ns2:R171` gives `R171`), or null. */
export function xmlRootName(head: string): string | null {
  const match = ROOT_NAME.exec(head.replace(/^\uFEFF/, ''));
  if (!match) return null;
  return match[2] ?? match[1] ?? null;
}

/**
 * Parses an SGE XML file. `repeated` lists the element names that may occur several times, so
 * that they always come back as arrays, even when a file contains only one.
 */
export function readSgeXml(bytes: Uint8Array, repeated: ReadonlySet<string>): XmlDocument {
  const decoded = decodeText(bytes);
  if (!decoded.ok) return { ok: false, reason: decoded.reason, line: null };
  const text = decoded.text;
  if (text.trim() === '') return { ok: false, reason: 'le fichier est vide', line: null };

  const validation = XMLValidator.validate(text);
  if (validation !== true) {
    return {
      ok: false,
      reason: `le XML est mal formé (${validation.err.msg})`,
      line: validation.err.line,
    };
  }
  const parser = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: ATTRIBUTE_PREFIX,
    removeNSPrefix: true,
    parseTagValue: false,
    parseAttributeValue: false,
    trimValues: true,
    ignoreDeclaration: true,
    ignorePiTags: true,
    // The flows carry codes, numbers and dates only: leaving entities undecoded saves a tenth of
    // the parse time and keeps DOCTYPE entity expansion out of reach.
    processEntities: false,
    jPath: false,
    isArray: (name, _path, _isLeaf, isAttribute) => !isAttribute && repeated.has(name),
  });
  let parsed: unknown;
  try {
    parsed = parser.parse(text);
  } catch (error) {
    return { ok: false, reason: `le XML est illisible (${(error as Error).message})`, line: null };
  }
  if (typeof parsed !== 'object' || parsed === null) {
    return { ok: false, reason: 'le fichier ne contient aucun élément XML', line: null };
  }
  const rootName = Object.keys(parsed).find((key) => !key.startsWith('?') && !key.startsWith('#'));
  if (rootName === undefined)
    return { ok: false, reason: 'le fichier ne contient aucun élément XML', line: null };
  const rootValue = (parsed as XmlElement)[rootName];
  const root = Array.isArray(rootValue) ? rootValue[0] : rootValue;
  return { ok: true, rootName, root: asElement(root) };
}

/** Wraps an element that the parser gave as text (empty or text-only) into an element object. */
function asElement(value: unknown): XmlElement {
  if (typeof value === 'object' && value !== null && !Array.isArray(value)) return value as XmlElement;
  if (typeof value === 'string') return value === '' ? {} : { '#text': value };
  return {};
}

/** Child elements of one name, in file order. */
export function childElements(parent: XmlElement, name: string): XmlElement[] {
  const value = parent[name];
  if (value === undefined) return [];
  if (Array.isArray(value)) return value.map(asElement);
  return [asElement(value)];
}

/** First child element of one name, or null. */
export function childElement(parent: XmlElement, name: string): XmlElement | null {
  return childElements(parent, name)[0] ?? null;
}

/** Trimmed text of the first child of one name: undefined when absent, `''` when empty. */
export function childText(parent: XmlElement, name: string): string | undefined {
  let value = parent[name];
  if (Array.isArray(value)) value = value[0];
  if (value === undefined || value === null) return undefined;
  if (typeof value === 'string') return value.trim();
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  if (typeof value === 'object') {
    const text = (value as XmlElement)['#text'];
    return typeof text === 'string' ? text.trim() : typeof text === 'number' ? String(text) : '';
  }
  return undefined;
}

/** Trimmed value of an attribute, or undefined. */
export function attributeText(element: XmlElement, name: string): string | undefined {
  const value = element[ATTRIBUTE_PREFIX + name];
  if (value === undefined || value === null) return undefined;
  return String(value).trim();
}
