import { randomBytes } from 'node:crypto';
import { Command, Option } from 'commander';
import type { Logger } from 'pino';
import { z } from 'zod';
import { AccessService } from './access/service.js';
import { AuditRepository } from './audit/repository.js';
import { ConfigError, loadConfig } from './config.js';
import { openDatabase } from './db/database.js';
import { migrate } from './db/migrate.js';
import { DEMO_ADMIN, seedDemo } from './demo/seed.js';
import { loadSyntheticEstate } from './demo/synthetic.js';
import { AppError } from './errors.js';
import { createLogger } from './logger.js';
import { startServer } from './server.js';
import { VERSION } from './version.js';

/** Builds the `openfluides` command line. Each command calls the same services as the API. */
export function buildCli(): Command {
  const program = new Command('openfluides')
    .description('OpenFluides: energy and fluids monitoring for public estates')
    .version(VERSION)
    .showHelpAfterError();

  program
    .command('serve')
    .description('Start the web server and API (embedded PostgreSQL when DATABASE_URL is unset)')
    .option('--demo', 'create the demo administrator and the demo estate when missing')
    .action(async (options: { demo?: boolean }) => {
      const config = loadConfig();
      // The demo administrator's password is public, so a demo server listens on loopback only
      // unless HOST is set.
      if (options.demo && process.env.HOST === undefined) config.host = '127.0.0.1';
      const logger = createLogger(config.logLevel);
      const server = await startServer(config, logger, { demo: options.demo === true });
      logger.info({ url: server.url, database: server.database.kind }, 'OpenFluides is listening');
      if (options.demo) {
        process.stdout.write(
          `\nOpenFluides : ${server.url}\nCompte de démonstration : ${DEMO_ADMIN.email} / ${DEMO_ADMIN.password}\n\n`,
        );
      }
      stopOnSignals(logger, server.close);
    });

  program
    .command('migrate')
    .description('Apply pending database migrations and exit')
    .option('--json', 'print the result as JSON')
    .action(async (options: { json?: boolean }) => {
      await withDatabase(async ({ database, logger }) => {
        const result = await migrate(database.pool, logger);
        print(
          options.json,
          result,
          `Migrations appliquées : ${result.applied.length} (déjà en place : ${result.alreadyApplied})`,
        );
      });
    });

  program
    .command('demo')
    .description(
      'Load the demo administrator and the demo estate built from the Cambridge archive (real readings)',
    )
    .option(
      '--synthetic',
      'build instead the synthetic estate at the customer’s size, for benchmarks (generated figures)',
    )
    .option('--seed <number>', 'seed of the synthetic estate', '20261204')
    .option('--json', 'print the result as JSON')
    .action(async (options: { json?: boolean; synthetic?: boolean; seed: string }) => {
      await withDatabase(async ({ database, logger }) => {
        await migrate(database.pool, logger);
        if (options.synthetic) {
          const result = await loadSyntheticEstate(database, Number(options.seed));
          print(
            options.json,
            result,
            `Patrimoine synthétique créé : ${result.buildings} bâtiments, ${result.readingsStored} relevés (graine ${options.seed}).`,
          );
          return;
        }
        const access = new AccessService(database.db, new AuditRepository(database.db), 12);
        const result = await seedDemo(database, access, logger);
        print(
          options.json,
          result,
          result.estateLoaded
            ? 'Patrimoine de démonstration chargé.'
            : 'Le patrimoine de démonstration était déjà chargé : rien n’a changé.',
        );
      });
    });

  program
    .command('import')
    .description(
      'Import a file: a meter, weather or operator file through the ingestion pipeline (--format), or a historical Excel file from the previous tool (--kind)',
    )
    .argument('<file>', 'path of the file')
    .option(
      '--format <name>',
      'parser to read the file with, or "auto" to recognise it from its content and name',
    )
    .addOption(
      new Option('--kind <kind>', 'historical Excel file kind').choices([
        'estate',
        'invoices',
        'operator-history',
      ]),
    )
    .option(
      '--source <source>',
      'name or number of the source whose format and mapping apply; the run is filed under it',
    )
    .option('--mapping <file>', 'JSON file with the column mapping of a BMS export')
    .option(
      '--dry-run',
      'historical files only: check the file and report what would change, writing nothing',
    )
    .option('--json', 'print the counts and every rejected row as JSON')
    .action(
      async (
        file: string,
        options: {
          format?: string;
          kind?: 'estate' | 'invoices' | 'operator-history';
          source?: string;
          mapping?: string;
          dryRun?: boolean;
          json?: boolean;
        },
      ) => {
        if (
          options.kind !== undefined &&
          (options.format !== undefined || options.source !== undefined || options.mapping !== undefined)
        ) {
          throw new CliError(
            '--kind (fichier historique Excel) ne se combine pas avec --format, --source ou --mapping : choisissez l’un ou l’autre.',
          );
        }
        if (options.kind === undefined && options.format === undefined && options.source === undefined) {
          throw new CliError(
            'Indiquez le format du fichier avec --format NOM (ou --format auto), une source avec --source, ou un fichier historique avec --kind.',
          );
        }
        if (options.kind !== undefined) {
          const { runImportCommand } = await import('./history-import/cli-command.js');
          const kind = options.kind;
          await withDatabase(async ({ database, logger }) => {
            await migrate(database.pool, logger);
            await runImportCommand({
              database,
              logger,
              file,
              kind,
              dryRun: options.dryRun === true,
              json: options.json === true,
            });
          });
          return;
        }
        if (options.dryRun)
          throw new CliError('--dry-run ne vaut que pour les fichiers historiques Excel (--kind).');
        const { ImportCommandError, runFileImportCommand } = await import('./ingest/cli-command.js');
        const { resolveSecretKey } = await import('./ingest/secrets.js');
        await withDatabase(async ({ database, logger }) => {
          await migrate(database.pool, logger);
          // Only a source's stored keys need the real secret key; a file alone needs none.
          const config = loadConfig();
          const secretKey =
            options.source === undefined
              ? randomBytes(32)
              : await resolveSecretKey(config.secretKey, config.dataDir, logger);
          try {
            const outcome = await runFileImportCommand({
              database,
              logger,
              file,
              format: options.format,
              source: options.source,
              mapping: options.mapping,
              json: options.json === true,
              secretKey,
            });
            if (outcome.status === 'failed' && !outcome.duplicate) process.exitCode = 1;
          } catch (error) {
            if (error instanceof ImportCommandError) throw new CliError(error.message);
            throw error;
          }
        });
      },
    );

  const user = program.command('user').description('Manage accounts');
  user
    .command('create')
    .description('Create an account; the password comes from --password or standard input')
    .requiredOption('--email <email>', 'sign-in e-mail address')
    .option('--name <name>', 'display name (default: the part of the e-mail before @)')
    .option('--password <password>', 'password, at least 12 characters (default: read from standard input)')
    .option('--admin', 'make the account a platform administrator')
    .addOption(new Option('--locale <locale>', 'interface language').choices(['fr', 'en']).default('fr'))
    .option('--json', 'print the created account as JSON')
    .action(
      async (options: {
        email: string;
        name?: string;
        password?: string;
        admin?: boolean;
        locale: 'fr' | 'en';
        json?: boolean;
      }) => {
        if (!z.email().safeParse(options.email).success) {
          throw new CliError(
            `Adresse électronique invalide : « ${options.email} ». Donnez une adresse de la forme nom@domaine.fr.`,
          );
        }
        const password = options.password ?? (await readPasswordFromStdin());
        await withDatabase(async ({ database, logger }) => {
          await migrate(database.pool, logger);
          const service = new AccessService(database.db, new AuditRepository(database.db), 12);
          const created = await service.createUser(
            {
              email: options.email,
              displayName: options.name ?? options.email.split('@')[0] ?? options.email,
              password,
              isAdmin: options.admin === true,
              locale: options.locale,
            },
            { userId: null, email: 'cli', ip: null, requestId: null },
          );
          print(
            options.json,
            created,
            `Compte créé : ${created.email}${created.isAdmin ? ' (administrateur)' : ''}`,
          );
        });
      },
    );

  return program;
}

async function withDatabase(
  work: (context: { database: Awaited<ReturnType<typeof openDatabase>>; logger: Logger }) => Promise<void>,
) {
  const config = loadConfig();
  // Commands print their own result; the log keeps to warnings unless LOG_LEVEL sets another level.
  const logger = createLogger(process.env.LOG_LEVEL ? config.logLevel : 'warn', 'stderr');
  const database = await openDatabase({
    databaseUrl: config.databaseUrl,
    dataDir: config.dataDir,
    logger,
    maxConnections: 2,
  });
  try {
    await work({ database, logger });
  } finally {
    await database.close();
  }
}

function print(asJson: boolean | undefined, value: unknown, text: string): void {
  process.stdout.write(asJson ? `${JSON.stringify(value, null, 2)}\n` : `${text}\n`);
}

async function readPasswordFromStdin(): Promise<string> {
  if (process.stdin.isTTY) process.stderr.write('Mot de passe (12 caractères au moins) : ');
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  const password = Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
  if (!password)
    throw new CliError('Aucun mot de passe reçu : passez --password ou écrivez-le sur l’entrée standard.');
  return password;
}

class CliError extends Error {}

function stopOnSignals(logger: Logger, close: () => Promise<void>): void {
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'stopping');
    close()
      .then(() => process.exit(0))
      .catch((error: unknown) => {
        logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      });
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

/** Runs the CLI, printing known errors as one readable message and exiting non-zero. */
export async function runCli(argv: string[]): Promise<void> {
  try {
    await buildCli().parseAsync(argv);
  } catch (error) {
    if (error instanceof ConfigError || error instanceof CliError) {
      process.stderr.write(`${error.message}\n`);
    } else if (error instanceof AppError) {
      const fields = error.fields
        ? ` (${Object.entries(error.fields)
            .map(([field, reason]) => `${field} : ${reason}`)
            .join(', ')})`
        : '';
      process.stderr.write(`Erreur : ${error.message}${fields}\n`);
    } else {
      process.stderr.write(`Erreur : ${(error as Error).message}\n`);
      if (process.env.LOG_LEVEL === 'debug') console.error(error);
    }
    process.exit(1);
  }
}
