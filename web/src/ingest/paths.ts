// URL paths of the ingestion pages, French because users read and share them.

export const SOURCES_PATH = '/admin/sources-de-donnees';
export const IMPORT_RUNS_PATH = '/admin/journal-des-imports';
export const UNKNOWN_IDENTIFIERS_PATH = '/admin/identifiants-inconnus';
export const UPLOAD_PATH = '/admin/deposer-un-fichier';

export function importRunPath(id: string): string {
  return `${IMPORT_RUNS_PATH}/${encodeURIComponent(id)}`;
}
