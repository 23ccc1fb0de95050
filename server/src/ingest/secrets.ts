import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import type { BaseLogger } from 'pino';

const ALGORITHM = 'aes-256-gcm';
const IV_BYTES = 12;
const TAG_BYTES = 16;
/** Prefix of every ciphertext, so that a later key or algorithm change can be recognised. */
const VERSION = 'v1';

/** Encrypts and decrypts the secrets of ingestion sources (SFTP passwords, private keys, archive keys). */
export class SecretBox {
  constructor(private readonly key: Buffer) {
    if (key.length !== 32) throw new Error(`The secret key must be 32 bytes, got ${key.length}.`);
  }

  /** Returns `v1:<iv>:<tag>:<ciphertext>` in base64, with a fresh random IV. */
  encrypt(plaintext: string): string {
    const iv = crypto.randomBytes(IV_BYTES);
    const cipher = crypto.createCipheriv(ALGORITHM, this.key, iv);
    const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
    const tag = cipher.getAuthTag();
    return [VERSION, iv.toString('base64'), tag.toString('base64'), ciphertext.toString('base64')].join(':');
  }

  /** Throws when the text was not produced by `encrypt` with this key. */
  decrypt(sealed: string): string {
    const [version, iv, tag, ciphertext] = sealed.split(':');
    if (version !== VERSION || iv === undefined || tag === undefined || ciphertext === undefined) {
      throw new Error('The stored secret has an unknown format.');
    }
    const decipher = crypto.createDecipheriv(ALGORITHM, this.key, Buffer.from(iv, 'base64'), {
      authTagLength: TAG_BYTES,
    });
    decipher.setAuthTag(Buffer.from(tag, 'base64'));
    return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64')), decipher.final()]).toString(
      'utf8',
    );
  }
}

/**
 * Returns the key from `OPENFLUIDES_SECRET_KEY`, or else the one in `<dataDir>/secret.key`,
 * creating that file (mode 0600) on first use. A key file beside the data is convenient for a demo
 * but travels with every backup of that folder, so the server warns and production sets the
 * variable.
 */
export async function resolveSecretKey(
  configured: Buffer | null,
  dataDir: string,
  logger: Pick<BaseLogger, 'warn'>,
): Promise<Buffer> {
  if (configured) return configured;
  const file = path.join(dataDir, 'secret.key');
  try {
    const text = (await fs.readFile(file, 'utf8')).trim();
    const key = Buffer.from(text, 'hex');
    if (key.length !== 32)
      throw new Error(
        `${file} does not contain 64 hexadecimal digits; restore it or set OPENFLUIDES_SECRET_KEY.`,
      );
    logger.warn(
      { file },
      'OPENFLUIDES_SECRET_KEY is not set: source secrets are encrypted with the key file in the data folder',
    );
    return key;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  const key = crypto.randomBytes(32);
  await fs.mkdir(dataDir, { recursive: true });
  await fs.writeFile(file, `${key.toString('hex')}\n`, { mode: 0o600, flag: 'wx' });
  logger.warn(
    { file },
    'OPENFLUIDES_SECRET_KEY is not set: created a key file in the data folder; set the variable in production',
  );
  return key;
}
