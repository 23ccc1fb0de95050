import { createCipheriv, randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import type { DeliveryKeys } from '../types.js';
import { isEncryptedDelivery, unwrapDelivery } from './delivery.js';

const FIXTURES = path.resolve(
  import.meta.dirname,
  '..',
  '..',
  '..',
  '..',
  'datasets',
  'samples',
  'enedis-sge',
  'fixtures',
);
const R50_STEM = 'ERDF_R50_17X100A100FXXXXX_GRD-F000_3363068_00042_M_00002_00003_20241105021500';
const R50_XML = new Uint8Array(readFileSync(path.join(FIXTURES, `${R50_STEM}.xml`)));
const R50_ENCRYPTED = new Uint8Array(readFileSync(path.join(FIXTURES, `${R50_STEM}.zip`)));
/** TEST key and IV of the encrypted fixture, as written in the fixtures README. */
const FIXTURE_KEYS: DeliveryKeys = {
  aesKeys: [{ keyHex: '863307df08b4b84a4b50ee0a7b5aae5a', ivHex: '16dc253b0d9b5abc683af5c2e79100d6' }],
};
const NO_KEYS: DeliveryKeys = { aesKeys: [] };

function encrypt(algorithm: string, key: Buffer, iv: Buffer, plain: Uint8Array): Uint8Array {
  const cipher = createCipheriv(algorithm, key, iv);
  return new Uint8Array(Buffer.concat([cipher.update(plain), cipher.final()]));
}

/** Fixed keys and IVs keep the tests deterministic: a random wrong key could pass the padding check. */
function bytesOf(hex: string): Buffer {
  return Buffer.from(hex, 'hex');
}

function text(value: string): Uint8Array {
  return new TextEncoder().encode(value);
}

describe('unwrapDelivery', () => {
  it('opens the encrypted R50 fixture', async () => {
    const unwrapped = await unwrapDelivery(
      { fileName: `${R50_STEM}.zip`, bytes: R50_ENCRYPTED },
      FIXTURE_KEYS,
    );
    expect(unwrapped.fatal).toBeNull();
    expect(unwrapped.issues).toEqual([]);
    expect(unwrapped.files.map((file) => file.fileName)).toEqual([`${R50_STEM}.xml`]);
    expect(Buffer.from(unwrapped.files[0]?.bytes ?? []).equals(Buffer.from(R50_XML))).toBe(true);
  });

  it('decrypts an AES-128-CBC zip', async () => {
    const key = bytesOf('2b7e151628aed2a6abf7158809cf4f3c');
    const iv = bytesOf('000102030405060708090a0b0c0d0e0f');
    const xml = text('<R50><En_Tete_Flux/></R50>');
    const zip = zipSync({ 'ERDF_R50_test.xml': xml });
    const encrypted = encrypt('aes-128-cbc', key, iv, zip);
    expect(isEncryptedDelivery(encrypted)).toBe(true);

    const unwrapped = await unwrapDelivery(
      { fileName: 'ERDF_R50_test.zip', bytes: encrypted },
      { aesKeys: [{ keyHex: key.toString('hex').toUpperCase(), ivHex: iv.toString('hex') }] },
    );
    expect(unwrapped.fatal).toBeNull();
    expect(unwrapped.files).toEqual([{ fileName: 'ERDF_R50_test.xml', bytes: xml }]);
  });

  it('tries every configured key', async () => {
    const key = bytesOf('603deb1015ca71be2b73aef0857d7781');
    const iv = bytesOf('f0f1f2f3f4f5f6f7f8f9fafbfcfdfeff');
    const zip = zipSync({ 'inner.xml': text('<R151/>') });
    const unwrapped = await unwrapDelivery(
      { fileName: 'ERDF_R151_test.zip', bytes: encrypt('aes-128-cbc', key, iv, zip) },
      {
        aesKeys: [
          { keyHex: '000102030405060708090a0b0c0d0e0f', ivHex: '0f0e0d0c0b0a09080706050403020100' },
          { keyHex: key.toString('hex'), ivHex: iv.toString('hex') },
        ],
      },
    );
    expect(unwrapped.files.map((file) => [file.fileName, new TextDecoder().decode(file.bytes)])).toEqual([
      ['inner.xml', '<R151/>'],
    ]);
  });

  it('decrypts the dynamic IV variant', async () => {
    // AES-256-CBC with the IV written as the first 16 bytes of the file.
    const key = bytesOf('603deb1015ca71be2b73aef0857d77811f352c073b6108d72d9810a30914dff4');
    const iv = bytesOf('39f23369a9d9bacfa530e26304231461');
    const zip = zipSync({
      'ENEDIS_R171_test.xml': text('<ns2:R171 xmlns:ns2="http://www.enedis.fr/stm/R171"/>'),
    });
    const file = new Uint8Array(Buffer.concat([iv, encrypt('aes-256-cbc', key, iv, zip)]));
    const unwrapped = await unwrapDelivery(
      { fileName: 'ENEDIS_R171_test.zip', bytes: file },
      { aesKeys: [{ keyHex: key.toString('hex'), ivHex: null }] },
    );
    expect(unwrapped.fatal).toBeNull();
    expect(unwrapped.files[0]?.fileName).toBe('ENEDIS_R171_test.xml');
  });

  it('opens zips inside a zip', async () => {
    // C68 layout: one primary zip holding secondary zips, each holding one JSON or CSV file.
    const json = text('[{"idPrm":"01234567890128","situationsContractuelles":[]}]');
    const csv = text('PRM;Esc-etage-appt\r\n01234567890128;\r\n');
    const primary = zipSync({
      'ENEDIS_C68_P_ITC_A0000001_00001_20241120101500.zip': zipSync({
        'ENEDIS_C68_P_ITC_A0000001_00001_20241120101500.json': json,
      }),
      'ENEDIS_C68_P_ITC_A0000001_00002_20241120101500.zip': zipSync({
        'ENEDIS_C68_P_ITC_A0000001_00002_20241120101500.csv': csv,
      }),
    });
    const unwrapped = await unwrapDelivery(
      { fileName: 'ENEDIS_C68_P_ITC_A0000001_00001_20241120101500.zip', bytes: primary },
      NO_KEYS,
    );
    expect(unwrapped.fatal).toBeNull();
    expect(unwrapped.files).toEqual([
      { fileName: 'ENEDIS_C68_P_ITC_A0000001_00001_20241120101500.json', bytes: json },
      { fileName: 'ENEDIS_C68_P_ITC_A0000001_00002_20241120101500.csv', bytes: csv },
    ]);
  });

  it('opens gzip and drops archive clutter', async () => {
    const xml = text('<Courbe/>');
    const zip = zipSync({
      'data/ENEDIS_R4x.xml.gz': gzipSync(xml),
      '__MACOSX/._ENEDIS_R4x.xml.gz': text('x'),
    });
    const unwrapped = await unwrapDelivery({ fileName: 'livraison.zip', bytes: zip }, NO_KEYS);
    expect(unwrapped.files).toEqual([{ fileName: 'ENEDIS_R4x.xml', bytes: xml }]);
    expect(unwrapped.issues.map((issue) => [issue.code, issue.element])).toEqual([
      ['archive-clutter', '__MACOSX/._ENEDIS_R4x.xml.gz'],
    ]);
  });

  it('returns a plain file as itself', async () => {
    const unwrapped = await unwrapDelivery({ fileName: `${R50_STEM}.xml`, bytes: R50_XML }, NO_KEYS);
    expect(unwrapped.files).toEqual([{ fileName: `${R50_STEM}.xml`, bytes: R50_XML }]);
  });

  it('asks for a key on an encrypted file', async () => {
    const unwrapped = await unwrapDelivery({ fileName: `${R50_STEM}.zip`, bytes: R50_ENCRYPTED }, NO_KEYS);
    expect(unwrapped.files).toEqual([]);
    expect(unwrapped.fatal).toMatchObject({
      code: 'missing-key',
      file: `${R50_STEM}.zip`,
      severity: 'error',
    });
    expect(unwrapped.fatal?.message).toBe(
      `${R50_STEM}.zip : Ce fichier Enedis est chiffré : saisissez la clé et le vecteur d’initialisation fournis par Enedis dans la source.`,
    );
  });

  it('rejects a wrong key in French', async () => {
    const unwrapped = await unwrapDelivery(
      { fileName: `${R50_STEM}.zip`, bytes: R50_ENCRYPTED },
      {
        aesKeys: [{ keyHex: '00112233445566778899aabbccddeeff', ivHex: '16dc253b0d9b5abc683af5c2e79100d6' }],
      },
    );
    expect(unwrapped.files).toEqual([]);
    expect(unwrapped.fatal?.code).toBe('wrong-key');
    expect(unwrapped.fatal?.message).toBe(
      `${R50_STEM}.zip : aucune des 1 clé(s) configurée(s) dans la source ne déchiffre ce fichier Enedis. Vérifiez la clé et le vecteur d’initialisation saisis (32 caractères hexadécimaux chacun), ou ajoutez la paire fournie par Enedis pour ce flux.`,
    );
  });

  it('rejects a key that is not hexadecimal', async () => {
    const unwrapped = await unwrapDelivery(
      { fileName: `${R50_STEM}.zip`, bytes: R50_ENCRYPTED },
      { aesKeys: [{ keyHex: 'pas une clé', ivHex: null }] },
    );
    expect(unwrapped.fatal?.code).toBe('invalid-key');
    expect(unwrapped.fatal?.message).toContain('la clé n°1 configurée dans la source n’est pas une clé AES');
  });

  it('rejects a corrupt zip', async () => {
    const zip = zipSync({ 'a.xml': text('<R50/>'.repeat(200)) });
    const truncated = zip.subarray(0, zip.length - 30);
    const unwrapped = await unwrapDelivery({ fileName: 'ERDF_R50_test.zip', bytes: truncated }, NO_KEYS);
    expect(unwrapped.fatal?.code).toBe('corrupt-zip');
    expect(unwrapped.fatal?.message).toMatch(
      /^ERDF_R50_test\.zip : l’archive zip « ERDF_R50_test\.zip » est corrompue ou incomplète/,
    );
  });

  it('refuses more than 500 MB once opened', async () => {
    const zip = zipSync({ 'big.xml': text('<R50/>') }, { level: 0 });
    // Declare 600 MB in the central directory: the check runs before anything is inflated.
    const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
    let central = zip.length - 22;
    while (view.getUint32(central, true) !== 0x02014b50) central -= 1;
    view.setUint32(central + 24, 600 * 1024 * 1024, true);
    const unwrapped = await unwrapDelivery({ fileName: 'bomb.zip', bytes: zip }, NO_KEYS);
    expect(unwrapped.fatal?.code).toBe('archive-too-large');
    expect(unwrapped.fatal?.message).toContain('se décompresserait en plus de 500 Mo');
  });

  it('refuses an absurd compression ratio', async () => {
    // 8 MB of zeros deflates to a few kilobytes, a ratio near 1000.
    const zip = zipSync({ 'zeros.xml': new Uint8Array(8 * 1024 * 1024) }, { level: 9 });
    expect(zip.length).toBeLessThan(16 * 1024);
    const unwrapped = await unwrapDelivery({ fileName: 'ratio.zip', bytes: zip }, NO_KEYS);
    expect(unwrapped.fatal?.code).toBe('compression-ratio');
  });

  it('stops after four layers', async () => {
    let layered: Uint8Array = text('<R50/>');
    for (let depth = 1; depth <= 4; depth += 1) layered = zipSync({ [`layer${depth}.zip`]: layered });
    const four = await unwrapDelivery({ fileName: 'four.zip', bytes: layered }, NO_KEYS);
    // Four zips around the XML: the innermost member is named after the first wrapping.
    expect(four.files.map((file) => [file.fileName, new TextDecoder().decode(file.bytes)])).toEqual([
      ['layer1.zip', '<R50/>'],
    ]);

    const five = await unwrapDelivery(
      { fileName: 'five.zip', bytes: zipSync({ 'layer5.zip': layered }) },
      NO_KEYS,
    );
    expect(five.fatal?.code).toBe('too-many-layers');
  });
});

describe('isEncryptedDelivery', () => {
  it('recognises ciphertext only', () => {
    expect(isEncryptedDelivery(R50_ENCRYPTED)).toBe(true);
    expect(isEncryptedDelivery(R50_XML)).toBe(false);
    expect(isEncryptedDelivery(zipSync({ 'a.xml': R50_XML }))).toBe(false);
    expect(isEncryptedDelivery(gzipSync(R50_XML))).toBe(false);
    // Text whose length is a multiple of 16 stays text.
    expect(isEncryptedDelivery(text('PRM;Esc-etage-ap'))).toBe(false);
    // Windows-1252 text (« Hélène » is 48 E9 6C E8 6E 65) is invalid UTF-8 but still text.
    const windows1252 = Buffer.from(
      'PRM;IC Prenom;XY\r\n01234567890128;H\u00e9l\u00e8ne;YYYYYY\r\n',
      'latin1',
    );
    expect(windows1252.length % 16).toBe(0);
    expect(isEncryptedDelivery(new Uint8Array(windows1252))).toBe(false);
    // Random bytes whose length is not a multiple of 16 cannot be AES-CBC output.
    expect(isEncryptedDelivery(new Uint8Array(randomBytes(33)))).toBe(false);
  });
});
