import path from 'node:path';
import { z } from 'zod';

/** Typed server settings read once from the environment. */
export interface Config {
  /** PostgreSQL connection string, or null to start the embedded server. */
  databaseUrl: string | null;
  /** Folder for the embedded PostgreSQL data and other local state. */
  dataDir: string;
  host: string;
  port: number;
  /** Secure flag of the session cookie: `auto` follows the request's protocol. */
  cookieSecure: 'auto' | 'always' | 'never';
  sessionTtlHours: number;
  /** Whether Fastify trusts X-Forwarded-* headers from a reverse proxy. */
  trustProxy: boolean;
  logLevel: string;
  /** First administrator created at start when no administrator exists yet. */
  initialAdmin: { email: string; password: string } | null;
  /** Folder of the built web app, served under `/`. */
  webDistDir: string;
  /** 32-byte key that encrypts source secrets, or null to use the key file in `dataDir`. */
  secretKey: Buffer | null;
  /** Whether this process runs the ingestion jobs (polling sources), besides the HTTP API. */
  ingestWorker: boolean;
  /** Leaflet URL template of the estate map's background tiles; its origin is allowed by the CSP. */
  mapTileUrl: string;
}

/** Decodes a 32-byte key written as 64 hexadecimal digits or as base64. */
export function decodeSecretKey(text: string): Buffer | null {
  const trimmed = text.trim();
  const bytes = /^[0-9a-fA-F]{64}$/.test(trimmed)
    ? Buffer.from(trimmed, 'hex')
    : Buffer.from(trimmed, 'base64');
  return bytes.length === 32 ? bytes : null;
}

const repositoryRoot = path.resolve(import.meta.dirname, '..', '..');

const envSchema = z.object({
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must start with postgres:// or postgresql://')
    .optional(),
  OPENFLUIDES_DATA_DIR: z.string().min(1).optional(),
  HOST: z.string().min(1).default('0.0.0.0'),
  PORT: z.coerce.number().int().min(0).max(65535).default(3000),
  OPENFLUIDES_COOKIE_SECURE: z.enum(['auto', 'always', 'never']).default('auto'),
  OPENFLUIDES_SESSION_TTL_HOURS: z.coerce
    .number()
    .positive()
    .max(24 * 90)
    .default(12),
  OPENFLUIDES_TRUST_PROXY: z.enum(['true', 'false']).default('false'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  OPENFLUIDES_ADMIN_EMAIL: z.email('must be an e-mail address').optional(),
  OPENFLUIDES_ADMIN_PASSWORD: z.string().min(12, 'must have at least 12 characters').optional(),
  OPENFLUIDES_SECRET_KEY: z
    .string()
    .refine((text) => decodeSecretKey(text) !== null, {
      message: 'must be 32 random bytes as 64 hexadecimal digits or base64 (openssl rand -hex 32)',
    })
    .optional(),
  OPENFLUIDES_INGEST_WORKER: z.enum(['true', 'false']).default('true'),
  OPENFLUIDES_MAP_TILE_URL: z
    .string()
    .regex(/^https:\/\/[^/\s]+\/\S*\{z\}\S*$/, 'must be an https:// tile URL template with {z}, {x} and {y}')
    .default('https://tile.openstreetmap.org/{z}/{x}/{y}.png'),
});

/** Raised when the environment is invalid; the message lists every problem and how to fix it. */
export class ConfigError extends Error {
  override name = 'ConfigError';
}

/** Reads and validates the settings, listing every invalid variable at once. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const parsed = envSchema.safeParse(env);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
    throw new ConfigError(`Invalid environment variables:\n${lines.join('\n')}\nFix them and start again.`);
  }
  const values = parsed.data;

  const hasAdminEmail = values.OPENFLUIDES_ADMIN_EMAIL !== undefined;
  const hasAdminPassword = values.OPENFLUIDES_ADMIN_PASSWORD !== undefined;
  if (hasAdminEmail !== hasAdminPassword) {
    throw new ConfigError(
      'Invalid environment variables:\n  OPENFLUIDES_ADMIN_EMAIL and OPENFLUIDES_ADMIN_PASSWORD must be set together.',
    );
  }

  return {
    databaseUrl: values.DATABASE_URL ?? null,
    dataDir: path.resolve(values.OPENFLUIDES_DATA_DIR ?? path.join(repositoryRoot, 'data')),
    host: values.HOST,
    port: values.PORT,
    cookieSecure: values.OPENFLUIDES_COOKIE_SECURE,
    sessionTtlHours: values.OPENFLUIDES_SESSION_TTL_HOURS,
    trustProxy: values.OPENFLUIDES_TRUST_PROXY === 'true',
    logLevel: values.LOG_LEVEL,
    initialAdmin:
      values.OPENFLUIDES_ADMIN_EMAIL && values.OPENFLUIDES_ADMIN_PASSWORD
        ? { email: values.OPENFLUIDES_ADMIN_EMAIL, password: values.OPENFLUIDES_ADMIN_PASSWORD }
        : null,
    webDistDir: path.join(repositoryRoot, 'web', 'dist'),
    secretKey: values.OPENFLUIDES_SECRET_KEY ? decodeSecretKey(values.OPENFLUIDES_SECRET_KEY) : null,
    ingestWorker: values.OPENFLUIDES_INGEST_WORKER === 'true',
    mapTileUrl: values.OPENFLUIDES_MAP_TILE_URL,
  };
}
