import argon2 from 'argon2';

/**
 * argon2id with the OWASP 2024 minimum profile (19 MiB, 2 passes, 1 lane), which hashes in about
 * 30 ms on one core.
 */
const HASH_OPTIONS = { type: argon2.argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export function hashPassword(password: string): Promise<string> {
  return argon2.hash(password, HASH_OPTIONS);
}

/** Returns whether the password matches the hash; a malformed hash counts as no match. */
export async function verifyPassword(hash: string, password: string): Promise<boolean> {
  try {
    return await argon2.verify(hash, password);
  } catch {
    return false;
  }
}

/**
 * A valid hash of a random password, verified when the e-mail is unknown so that a failed login
 * takes as long for a missing account as for a wrong password.
 */
let decoyHash: Promise<string> | undefined;
export function getDecoyHash(): Promise<string> {
  decoyHash ??= argon2.hash(crypto.randomUUID(), HASH_OPTIONS);
  return decoyHash;
}
