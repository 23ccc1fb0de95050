import fs from 'node:fs/promises';
import path from 'node:path';
import type { HistoryImportKind, HistoryImportReport } from '@openfluides/core';
import type pg from 'pg';
import type { BaseLogger } from 'pino';
import { AuditRepository } from '../audit/repository.js';
import type { Db } from '../db/database.js';
import { HistoryImportService } from './service.js';
import { HistoryFileError } from './workbook.js';

const STATUS_LABELS: Record<HistoryImportReport['status'], string> = {
  succeeded: 'réussi',
  partial: 'partiel (des lignes ont été rejetées)',
  failed: 'échoué (toutes les lignes ont été rejetées)',
};

function reportText(report: HistoryImportReport): string {
  const { counts } = report;
  const lines = [
    report.dryRun
      ? 'Aperçu : rien n’a été enregistré.'
      : `Import ${STATUS_LABELS[report.status]} (journal n° ${report.importRunId}).`,
    `Lignes lues : ${counts.read} ; créées : ${counts.stored} ; modifiées : ${counts.updated} ; inchangées : ${counts.unchanged} ; rejetées : ${counts.rejected}.`,
    ...report.rejected.map((error) => `- ${error.message}`),
    ...report.warnings.map((warning) => `Remarque : ${warning.message}`),
  ];
  return `${lines.join('\n')}\n`;
}

/**
 * Runs `openfluides import`: reads the file, imports or previews it, and prints the report. An
 * unreadable file throws, so the command exits with 1; rejected rows do not.
 */
export async function runImportCommand(options: {
  database: { db: Db; pool: pg.Pool };
  logger: Pick<BaseLogger, 'info' | 'error'>;
  file: string;
  kind: HistoryImportKind;
  dryRun: boolean;
  json: boolean;
}): Promise<void> {
  const print = (value: unknown, text: string) =>
    process.stdout.write(options.json ? `${JSON.stringify(value, null, 2)}\n` : text);
  try {
    let bytes: Buffer;
    try {
      bytes = await fs.readFile(options.file);
    } catch (error) {
      const reason =
        (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'il n’existe pas' : (error as Error).message;
      throw new HistoryFileError(
        `Impossible de lire le fichier « ${options.file} » : ${reason}. Vérifiez le chemin puis relancez la commande.`,
      );
    }
    const service = new HistoryImportService(
      options.database,
      new AuditRepository(options.database.db),
      options.logger,
    );
    const report = await service.run(
      options.kind,
      { bytes, name: path.basename(options.file) },
      {
        dryRun: options.dryRun,
        actor: { userId: null, email: 'cli', ip: null, requestId: null },
        source: 'cli',
      },
    );
    print(report, reportText(report));
  } catch (error) {
    if (error instanceof HistoryFileError && options.json) print({ error: { message: error.message } }, '');
    throw error;
  }
}
