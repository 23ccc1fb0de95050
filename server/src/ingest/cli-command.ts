import fs from 'node:fs/promises';
import path from 'node:path';
import type { BaseLogger } from 'pino';
import type { Database } from '../db/database.js';
import type { AppError } from '../errors.js';
import type { IngestOutcome, IngestSettings } from './pipeline.js';
import { SecretBox } from './secrets.js';
import { IngestService } from './service.js';
import { checkFormatAndMapping } from './sources.js';

/** Raised for a wrong command line; the message is French and the command exits with 2. */
export class ImportCommandError extends Error {}

const STATUS_LABELS: Record<IngestOutcome['status'], string> = {
  succeeded: 'réussi',
  partial: 'partiel (des lignes ont été rejetées)',
  failed: 'échoué',
};

function outcomeText(file: string, outcome: IngestOutcome): string {
  if (outcome.duplicate) {
    return `${file} : fichier déjà importé (journal n° ${outcome.importRunId}) ; rien n’a changé.\n`;
  }
  const { counts } = outcome;
  const lines = [
    `${file} : import ${STATUS_LABELS[outcome.status]} (journal n° ${outcome.importRunId}, format ${outcome.format ?? 'non reconnu'}).`,
    `Valeurs lues : ${counts.read} ; enregistrées : ${counts.stored} ; inchangées : ${counts.unchanged} ; modifiées : ${counts.updated} ; rejetées : ${counts.rejected}.`,
  ];
  if (outcome.fatalError) lines.push(`Fichier rejeté : ${outcome.fatalError}`);
  for (const issue of outcome.issues.slice(0, 50)) {
    const where = [issue.line === null ? null : `ligne ${issue.line}`, issue.field]
      .filter(Boolean)
      .join(', ');
    lines.push(`- ${where ? `${where} : ` : ''}${issue.message}`);
  }
  if (outcome.issueCount > 50)
    lines.push(`… et ${outcome.issueCount - 50} autres problèmes (voir le journal).`);
  return `${lines.join('\n')}\n`;
}

/**
 * Runs `openfluides import FILE --format NAME|auto`: the same pipeline as a source or an upload,
 * recorded in the journal. Returns the outcome so the caller can set the exit code.
 */
export async function runFileImportCommand(options: {
  database: Database;
  logger: Pick<BaseLogger, 'info' | 'warn' | 'error'>;
  file: string;
  format: string | undefined;
  source: string | undefined;
  mapping: string | undefined;
  json: boolean;
  /** Key of the source secrets, to open encrypted deliveries with a source's keys. */
  secretKey: Buffer;
}): Promise<IngestOutcome> {
  let bytes: Buffer;
  try {
    bytes = await fs.readFile(options.file);
  } catch (error) {
    const reason =
      (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'il n’existe pas' : (error as Error).message;
    throw new ImportCommandError(
      `Impossible de lire le fichier « ${options.file} » : ${reason}. Vérifiez le chemin puis relancez la commande.`,
    );
  }

  const service = new IngestService(options.database, new SecretBox(options.secretKey), options.logger);
  let settings: IngestSettings;
  try {
    settings = await service.settingsFor(null, 'cli', null, options.format);
  } catch (error) {
    throw new ImportCommandError(
      Object.values((error as AppError).fields ?? {}).join(' ') || (error as Error).message,
    );
  }
  if (options.source !== undefined) {
    const source = /^\d+$/.test(options.source)
      ? await options.database.db
          .selectFrom('ingest_sources')
          .select('id')
          .where('id', '=', options.source)
          .executeTakeFirst()
      : await service.sources.findByName(options.source);
    if (!source) {
      throw new ImportCommandError(
        `La source « ${options.source} » n’existe pas. Donnez son nom ou son numéro tel qu’affiché dans la page « Sources ».`,
      );
    }
    settings = { ...(await service.settingsFor(source.id, 'cli', null, options.format)) };
  }
  if (options.mapping !== undefined) {
    let mapping: unknown;
    try {
      mapping = JSON.parse(await fs.readFile(options.mapping, 'utf8'));
    } catch (error) {
      throw new ImportCommandError(
        `Le paramétrage « ${options.mapping} » est illisible : ${(error as Error).message}. Donnez un fichier JSON valide.`,
      );
    }
    try {
      settings.mapping = checkFormatAndMapping(settings.format, mapping);
    } catch (error) {
      const fields = (error as { fields?: Record<string, string> }).fields;
      throw new ImportCommandError(
        `Le paramétrage « ${options.mapping} » est invalide : ${fields ? Object.values(fields).join(' ') : (error as Error).message}`,
      );
    }
  }

  const outcome = await service.pipeline.receive({ name: path.basename(options.file), bytes }, settings);
  const printed = options.json
    ? `${JSON.stringify({ file: options.file, ...outcome }, null, 2)}\n`
    : outcomeText(path.basename(options.file), outcome);
  process.stdout.write(printed);
  return outcome;
}
