/**
 * Opening of Enedis SGE deliveries. Files arrive on the recipient's SFTP encrypted with AES-CBC
 * and PKCS#7 padding: AES-128 with the key and IV Enedis hands over, or AES-256 with the IV
 * written as the first 16 bytes of the file. Inside is usually a zip that contains the XML, JSON
 * or CSV file, and C68 puts zips inside a zip. `unwrapDelivery` peels these layers in any order
 * and returns the innermost files, so that each one can be detected and parsed on its own.
 */

import { gunzipSync, unzipSync } from 'fflate';
import type { DeliveryKeys, ParseIssue, ParserInput } from '../types.js';

/** Layers peeled along one path before giving up: encryption, zip, zip inside zip, gzip. */
export const MAX_DELIVERY_DEPTH = 4;
/** Total size of the decompressed files of one delivery. */
export const MAX_DELIVERY_BYTES = 500 * 1024 * 1024;
/**
 * Compression ratio above which a large member is taken for a zip bomb. The SGE fixtures deflate
 * 4 to 28 times at level 9 (real files are likely alike); a file of zeros, about 1000 times.
 */
export const MAX_COMPRESSION_RATIO = 500;
/** Members smaller than this are never rejected for their ratio. */
const RATIO_CHECK_FLOOR_BYTES = 1024 * 1024;

const AES_BLOCK_BYTES = 16;
/** Bytes inspected to tell text from ciphertext. */
const TEXT_SNIFF_BYTES = 512;

export interface UnwrappedDelivery {
  /** Innermost files with their names inside the archives (without folders). */
  files: ParserInput[];
  issues: ParseIssue[];
  fatal: ParseIssue | null;
}

/** A layer that cannot be opened: its French message and the name of the member concerned. */
class DeliveryError extends Error {
  constructor(
    readonly code: string,
    message: string,
  ) {
    super(message);
  }
}

function startsWithBytes(bytes: Uint8Array, prefix: readonly number[], offset = 0): boolean {
  return prefix.every((byte, index) => bytes[offset + index] === byte);
}

function isZip(bytes: Uint8Array): boolean {
  // A local file header, or the end-of-central-directory record of an empty archive.
  return startsWithBytes(bytes, [0x50, 0x4b, 0x03, 0x04]) || startsWithBytes(bytes, [0x50, 0x4b, 0x05, 0x06]);
}

function isGzip(bytes: Uint8Array): boolean {
  return startsWithBytes(bytes, [0x1f, 0x8b]);
}

/**
 * Checks that the first bytes read as text in an 8-bit or UTF-8 encoding: no control byte other
 * than tab and line breaks. Working on bytes keeps Windows-1252 CSV files (C68 exports) as text.
 * Ciphertext has such a byte among 512 with a probability above 1 − 10⁻²⁷.
 */
function looksLikeText(bytes: Uint8Array): boolean {
  if (startsWithBytes(bytes, [0xff, 0xfe]) || startsWithBytes(bytes, [0xfe, 0xff])) return true;
  const length = Math.min(bytes.length, TEXT_SNIFF_BYTES);
  for (let index = 0; index < length; index += 1) {
    const byte = bytes[index] as number;
    if ((byte < 0x20 && byte !== 0x09 && byte !== 0x0a && byte !== 0x0d) || byte === 0x7f) return false;
  }
  return true;
}

/**
 * Guesses that a file is an encrypted SGE delivery: neither zip, gzip nor text (XML, JSON, CSV),
 * and a whole number of 16-byte AES blocks. The server calls `unwrapDelivery` on such files.
 */
export function isEncryptedDelivery(bytes: Uint8Array): boolean {
  if (bytes.length < AES_BLOCK_BYTES || bytes.length % AES_BLOCK_BYTES !== 0) return false;
  if (isZip(bytes) || isGzip(bytes)) return false;
  return !looksLikeText(bytes);
}

/** Checks that decrypted bytes look like an SGE payload: zip, gzip, XML, or JSON (object or array). */
function isPlausiblePlaintext(bytes: Uint8Array): boolean {
  if (isZip(bytes) || isGzip(bytes)) return true;
  let index = startsWithBytes(bytes, [0xef, 0xbb, 0xbf]) ? 3 : 0;
  while (index < Math.min(bytes.length, 64) && [0x20, 0x09, 0x0a, 0x0d].includes(bytes[index] as number))
    index += 1;
  const first = bytes[index];
  return first === 0x3c || first === 0x7b || first === 0x5b;
}

function hexToBytes(hex: string): Uint8Array | null {
  const clean = hex.trim().replace(/\s+/g, '');
  if (clean.length === 0 || clean.length % 2 !== 0 || !/^[0-9a-fA-F]+$/.test(clean)) return null;
  const bytes = new Uint8Array(clean.length / 2);
  for (let index = 0; index < bytes.length; index += 1) {
    bytes[index] = Number.parseInt(clean.slice(index * 2, index * 2 + 2), 16);
  }
  return bytes;
}

interface KeyCandidate {
  number: number;
  key: CryptoKey;
  iv: Uint8Array | null;
}

async function importKeys(keys: DeliveryKeys): Promise<KeyCandidate[]> {
  const candidates: KeyCandidate[] = [];
  for (const [index, entry] of keys.aesKeys.entries()) {
    const number = index + 1;
    const keyBytes = hexToBytes(entry.keyHex);
    if (keyBytes === null || ![16, 24, 32].includes(keyBytes.length)) {
      throw new DeliveryError(
        'invalid-key',
        `la clé n°${number} configurée dans la source n’est pas une clé AES écrite en hexadécimal (32 caractères pour AES-128, 64 pour AES-256). Corrigez-la avec la valeur fournie par Enedis.`,
      );
    }
    let iv: Uint8Array | null = null;
    if (entry.ivHex !== null && entry.ivHex.trim() !== '') {
      iv = hexToBytes(entry.ivHex);
      if (iv === null || iv.length !== AES_BLOCK_BYTES) {
        throw new DeliveryError(
          'invalid-key',
          `le vecteur d’initialisation n°${number} configuré dans la source n’a pas 32 caractères hexadécimaux. Corrigez-le avec la valeur fournie par Enedis, ou laissez-le vide si l’IV est écrit en tête des fichiers.`,
        );
      }
    }
    const key = await globalThis.crypto.subtle.importKey(
      'raw',
      keyBytes as Uint8Array<ArrayBuffer>,
      'AES-CBC',
      false,
      ['decrypt'],
    );
    candidates.push({ number, key, iv });
  }
  return candidates;
}

async function decryptWith(key: CryptoKey, iv: Uint8Array, data: Uint8Array): Promise<Uint8Array | null> {
  try {
    const plain = await globalThis.crypto.subtle.decrypt(
      { name: 'AES-CBC', iv: iv as Uint8Array<ArrayBuffer> },
      key,
      data as Uint8Array<ArrayBuffer>,
    );
    return new Uint8Array(plain);
  } catch {
    // A wrong key almost always ends in invalid padding, which WebCrypto reports as an error.
    return null;
  }
}

/**
 * Tries each configured key: with its IV over the whole file, then with the IV taken from the
 * first 16 bytes ("dynamic IV"). The first output that looks like a zip, gzip, XML or JSON wins.
 */
async function decrypt(bytes: Uint8Array, candidates: readonly KeyCandidate[]): Promise<Uint8Array> {
  if (candidates.length === 0) {
    throw new DeliveryError(
      'missing-key',
      `Ce fichier Enedis est chiffré : saisissez la clé et le vecteur d’initialisation fournis par Enedis dans la source.`,
    );
  }
  for (const candidate of candidates) {
    if (candidate.iv !== null) {
      const plain = await decryptWith(candidate.key, candidate.iv, bytes);
      if (plain !== null && isPlausiblePlaintext(plain)) return plain;
    }
    if (bytes.length >= 2 * AES_BLOCK_BYTES) {
      const plain = await decryptWith(
        candidate.key,
        bytes.subarray(0, AES_BLOCK_BYTES),
        bytes.subarray(AES_BLOCK_BYTES),
      );
      if (plain !== null && isPlausiblePlaintext(plain)) return plain;
    }
  }
  throw new DeliveryError(
    'wrong-key',
    `aucune des ${candidates.length} clé(s) configurée(s) dans la source ne déchiffre ce fichier Enedis. Vérifiez la clé et le vecteur d’initialisation saisis (32 caractères hexadécimaux chacun), ou ajoutez la paire fournie par Enedis pour ce flux.`,
  );
}

/** Decompressed bytes of the delivery so far, checked against `MAX_DELIVERY_BYTES`. */
interface Budget {
  usedBytes: number;
}

function checkSize(budget: Budget, originalSize: number, compressedSize: number, memberName: string): void {
  if (budget.usedBytes + originalSize > MAX_DELIVERY_BYTES) {
    throw new DeliveryError(
      'archive-too-large',
      `l’archive se décompresserait en plus de ${MAX_DELIVERY_BYTES / 1024 / 1024} Mo (à « ${memberName} »). Elle n’est pas ouverte, par protection contre les archives piégées ; découpez la livraison ou contactez l’équipe OpenFluides.`,
    );
  }
  if (
    originalSize > RATIO_CHECK_FLOOR_BYTES &&
    originalSize / Math.max(1, compressedSize) > MAX_COMPRESSION_RATIO
  ) {
    throw new DeliveryError(
      'compression-ratio',
      `« ${memberName} » se décompresserait ${Math.round(originalSize / Math.max(1, compressedSize))} fois plus gros que sa forme compressée, ce qu’aucun fichier Enedis ne fait. L’archive n’est pas ouverte, par protection contre les archives piégées ; vérifiez sa provenance.`,
    );
  }
  budget.usedBytes += originalSize;
}

function baseName(path: string): string {
  const parts = path.split(/[\\/]/);
  return parts[parts.length - 1] ?? path;
}

/** Folders and files that archiving tools add beside the data. */
function isArchiveClutter(path: string): boolean {
  return path.startsWith('__MACOSX/') || baseName(path) === '.DS_Store' || baseName(path) === 'Thumbs.db';
}

function unzipMembers(bytes: Uint8Array, name: string, budget: Budget, skipped: string[]): ParserInput[] {
  let members: Record<string, Uint8Array>;
  try {
    members = unzipSync(bytes, {
      filter: (info) => {
        if (info.name.endsWith('/')) return false;
        if (isArchiveClutter(info.name)) {
          skipped.push(info.name);
          return false;
        }
        checkSize(budget, info.originalSize, info.size, info.name);
        return true;
      },
    });
  } catch (error) {
    if (error instanceof DeliveryError) throw error;
    throw new DeliveryError(
      'corrupt-zip',
      `l’archive zip « ${name} » est corrompue ou incomplète (${(error as Error).message}). Téléchargez-la de nouveau depuis le SFTP d’Enedis.`,
    );
  }
  const files = Object.entries(members).map(([path, content]) => ({
    fileName: baseName(path),
    bytes: content,
  }));
  if (files.length === 0) {
    throw new DeliveryError(
      'empty-archive',
      `l’archive zip « ${name} » ne contient aucun fichier. Téléchargez-la de nouveau depuis le SFTP d’Enedis.`,
    );
  }
  return files;
}

function gunzipMember(bytes: Uint8Array, name: string, budget: Budget): ParserInput {
  // The last 4 bytes of a gzip member give its decompressed size modulo 2^32; fflate allocates that much.
  const end = bytes.length;
  const declared =
    end >= 18
      ? ((bytes[end - 4] as number) |
          ((bytes[end - 3] as number) << 8) |
          ((bytes[end - 2] as number) << 16) |
          ((bytes[end - 1] as number) << 24)) >>>
        0
      : 0;
  checkSize(budget, declared, bytes.length, name);
  try {
    const content = gunzipSync(bytes);
    return { fileName: name.replace(/\.(?:gz|gzip)$/i, '') || name, bytes: content };
  } catch (error) {
    throw new DeliveryError(
      'corrupt-gzip',
      `le fichier gzip « ${name} » est corrompu ou incomplet (${(error as Error).message}). Téléchargez-le de nouveau.`,
    );
  }
}

/**
 * Peels encryption, zip and gzip layers, in any order, up to `MAX_DELIVERY_DEPTH` along each path,
 * and returns the innermost files. A plain file comes back as itself. Keys are tried only when a
 * layer looks encrypted (see `isEncryptedDelivery`).
 */
export async function unwrapDelivery(input: ParserInput, keys: DeliveryKeys): Promise<UnwrappedDelivery> {
  const outer = input.fileName;
  const issues: ParseIssue[] = [];
  const files: ParserInput[] = [];
  const budget: Budget = { usedBytes: 0 };
  const skipped: string[] = [];
  let candidates: KeyCandidate[] | null = null;
  let currentName = outer;
  const queue: Array<{ file: ParserInput; depth: number }> = [{ file: input, depth: 0 }];

  try {
    while (queue.length > 0) {
      const { file, depth } = queue.shift() as { file: ParserInput; depth: number };
      currentName = file.fileName;
      const zip = isZip(file.bytes);
      const gzip = !zip && isGzip(file.bytes);
      const encrypted = !zip && !gzip && isEncryptedDelivery(file.bytes);
      if (!zip && !gzip && !encrypted) {
        files.push(file);
        continue;
      }
      if (depth >= MAX_DELIVERY_DEPTH) {
        throw new DeliveryError(
          'too-many-layers',
          `« ${file.fileName} » est encore chiffré ou compressé après ${MAX_DELIVERY_DEPTH} couches ouvertes. Une livraison Enedis n’en a pas autant ; vérifiez le fichier déposé.`,
        );
      }
      if (zip) {
        for (const member of unzipMembers(file.bytes, file.fileName, budget, skipped)) {
          queue.push({ file: member, depth: depth + 1 });
        }
      } else if (gzip) {
        queue.push({ file: gunzipMember(file.bytes, file.fileName, budget), depth: depth + 1 });
      } else {
        candidates ??= await importKeys(keys);
        const plain = await decrypt(file.bytes, candidates);
        queue.push({ file: { fileName: file.fileName, bytes: plain }, depth: depth + 1 });
      }
    }
  } catch (error) {
    if (!(error instanceof DeliveryError)) throw error;
    return {
      files: [],
      issues,
      fatal: {
        file: outer,
        line: null,
        element: currentName !== outer ? currentName : null,
        field: null,
        severity: 'error',
        code: error.code,
        message: `${outer} : ${error.message}`,
        raw: null,
      },
    };
  }

  if (skipped.length > 0) {
    issues.push({
      file: outer,
      line: null,
      element: skipped[0] ?? null,
      field: null,
      severity: 'warning',
      code: 'archive-clutter',
      message: `${outer} : ${skipped.length} fichier(s) ajoutés par l’outil d’archivage (${skipped.slice(0, 3).join(', ')}) ne sont pas importés. Aucune action n’est nécessaire.`,
      raw: null,
    });
  }
  return { files, issues, fatal: null };
}
