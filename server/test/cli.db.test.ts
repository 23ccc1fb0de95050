import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from './cli-process.js';
import { createTestDatabase } from './database.js';

let env: NodeJS.ProcessEnv;
let database: Awaited<ReturnType<typeof createTestDatabase>>;

beforeAll(async () => {
  database = await createTestDatabase();
  env = { ...process.env, DATABASE_URL: database.url, LOG_LEVEL: 'warn' };
});

describe('openfluides CLI', () => {
  it('prints its commands in --help', async () => {
    const result = await runCli(['--help'], { env });
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('serve');
    expect(result.stdout).toContain('migrate');
    expect(result.stdout).toContain('user');
  });

  it('reports migrations as JSON', async () => {
    const result = await runCli(['migrate', '--json'], { env });
    expect(result.code).toBe(0);
    const output = JSON.parse(result.stdout) as { applied: string[]; alreadyApplied: number };
    expect(output.applied).toEqual([]);
    expect(output.alreadyApplied).toBeGreaterThanOrEqual(1);
  });

  it('creates an administrator with the password from --password', async () => {
    const result = await runCli(
      [
        'user',
        'create',
        '--email',
        'chef.energie@univ.fr',
        '--name',
        'Cheffe énergie',
        '--admin',
        '--password',
        'un-mot-de-passe-long',
        '--json',
      ],
      { env },
    );
    expect(result.code).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({
      email: 'chef.energie@univ.fr',
      displayName: 'Cheffe énergie',
      isAdmin: true,
    });
    const row = await database.db
      .selectFrom('users')
      .select(['is_admin', 'password_hash'])
      .where('email', '=', 'chef.energie@univ.fr')
      .executeTakeFirstOrThrow();
    expect(row.is_admin).toBe(true);
    expect(row.password_hash.startsWith('$argon2id$')).toBe(true);
  });

  it('reads the password from standard input', async () => {
    const result = await runCli(['user', 'create', '--email', 'stdin@univ.fr'], {
      env,
      input: 'mot-de-passe-stdin\n',
    });
    expect(result.code).toBe(0);
    expect(result.stdout.trim()).toBe('Compte créé : stdin@univ.fr');
  });

  it('rejects a short password with a French message and exit code 1', async () => {
    const result = await runCli(['user', 'create', '--email', 'court@univ.fr', '--password', 'court'], {
      env,
    });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('au moins 12 caractères');
    const row = await database.db
      .selectFrom('users')
      .select('id')
      .where('email', '=', 'court@univ.fr')
      .executeTakeFirst();
    expect(row).toBeUndefined();
  });

  it('rejects an invalid e-mail address', async () => {
    const result = await runCli(
      ['user', 'create', '--email', 'pas-un-email', '--password', 'un-mot-de-passe-long'],
      { env },
    );
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('Adresse électronique invalide');
  });

  it('rejects an e-mail already used', async () => {
    const result = await runCli(
      ['user', 'create', '--email', 'STDIN@univ.fr', '--password', 'encore-un-mot-de-passe'],
      { env },
    );
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('existe déjà');
  });

  it('lists every invalid environment variable', async () => {
    const result = await runCli(['migrate'], { env: { ...env, DATABASE_URL: 'mysql://nope', PORT: 'abc' } });
    expect(result.code).toBe(1);
    expect(result.stderr).toContain('DATABASE_URL: must start with postgres:// or postgresql://');
    expect(result.stderr).toContain('PORT:');
  });
});
