import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import path from 'node:path';
import SftpClient from 'ssh2-sftp-client';

/** A file offered by a source, as its listing describes it. */
export interface RemoteEntry {
  /** Full path on the source, used as the file's identity with size and modification time. */
  path: string;
  name: string;
  size: number;
  mtime: Date;
}

/** A folder that files arrive in: a remote SFTP folder or a local one. */
export interface FileDrop {
  list(): Promise<RemoteEntry[]>;
  download(entry: RemoteEntry, maxBytes: number): Promise<Buffer>;
  move(entry: RemoteEntry, folder: string): Promise<void>;
  remove(entry: RemoteEntry): Promise<void>;
  close(): Promise<void>;
}

/** Raised for a failure of the transfer itself; its message is French and names the server. */
export class TransferError extends Error {
  constructor(
    message: string,
    /** Whether a later attempt may succeed (network errors), as opposed to a configuration error. */
    readonly retryable: boolean,
  ) {
    super(message);
  }
}

/** Returns the OpenSSH-style fingerprint `SHA256:<base64 without padding>` of a public key blob. */
export function hostKeyFingerprint(keyBlob: Buffer): string {
  return `SHA256:${crypto.createHash('sha256').update(keyBlob).digest('base64').replace(/=+$/, '')}`;
}

/** Compiles a file-name glob (`*` any characters, `?` one character) into a case-insensitive regex. */
export function globToRegExp(pattern: string): RegExp {
  const body = [...pattern]
    .map((character) => {
      if (character === '*') return '.*';
      if (character === '?') return '.';
      return character.replace(/[\\^$.|+()[\]{}]/g, '\\$&');
    })
    .join('');
  return new RegExp(`^${body}$`, 'i');
}

export interface SftpSettings {
  host: string;
  port: number;
  username: string;
  password?: string;
  privateKey?: string;
  /** Pinned fingerprint; null only when testing a connection to learn it. */
  fingerprint: string | null;
  folder: string;
  pattern: string;
  timeoutMs?: number;
}

const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EPIPE',
  'ENOTFOUND',
  'EAI_AGAIN',
]);

function describeSftpError(error: unknown, settings: SftpSettings, presented: string | null): TransferError {
  const server = `${settings.host}:${settings.port}`;
  const message = error instanceof Error ? error.message : String(error);
  const code = (error as { code?: string | number }).code;
  if (presented !== null && settings.fingerprint !== null && presented !== settings.fingerprint) {
    return new TransferError(
      `Le serveur SFTP ${server} a présenté la clé d’hôte ${presented}, différente de l’empreinte enregistrée ${settings.fingerprint}. La connexion a été refusée : vérifiez auprès de l’administrateur du serveur si sa clé a changé, puis mettez à jour l’empreinte de la source.`,
      false,
    );
  }
  if (presented !== null && settings.fingerprint === null) {
    return new TransferError(
      `Aucune empreinte de clé d’hôte n’est enregistrée pour ${server}. Le serveur présente ${presented} : vérifiez-la auprès de son administrateur puis enregistrez-la dans la source.`,
      false,
    );
  }
  if (/authentication/i.test(message)) {
    return new TransferError(
      `Authentification refusée par le serveur SFTP ${server} pour l’utilisateur « ${settings.username} ». Vérifiez le mot de passe ou la clé privée de la source.`,
      false,
    );
  }
  if (typeof code === 'string' && NETWORK_CODES.has(code)) {
    return new TransferError(
      `Le serveur SFTP ${server} est injoignable (${code}). Une nouvelle tentative aura lieu automatiquement.`,
      true,
    );
  }
  if (/timed out|timeout/i.test(message)) {
    return new TransferError(
      `Le serveur SFTP ${server} n’a pas répondu à temps. Une nouvelle tentative aura lieu automatiquement.`,
      true,
    );
  }
  if (code === 2 || /no such file/i.test(message)) {
    return new TransferError(
      `Le dossier ou fichier demandé n’existe pas sur le serveur SFTP ${server} (${message}). Vérifiez le dossier distant de la source.`,
      false,
    );
  }
  return new TransferError(
    `Échec de l’échange avec le serveur SFTP ${server} : ${message}. Une nouvelle tentative aura lieu automatiquement.`,
    true,
  );
}

/** Opens an SFTP folder, refusing any host key other than the pinned one. */
export async function openSftpDrop(
  settings: SftpSettings,
): Promise<FileDrop & { presentedFingerprint: string | null }> {
  const client = new SftpClient('openfluides');
  let presented: string | null = null;
  const timeout = settings.timeoutMs ?? 20_000;
  try {
    await client.connect({
      host: settings.host,
      port: settings.port,
      username: settings.username,
      password: settings.password,
      privateKey: settings.privateKey,
      readyTimeout: timeout,
      retries: 0,
      hostVerifier: (key: Buffer) => {
        presented = hostKeyFingerprint(key);
        return settings.fingerprint !== null && presented === settings.fingerprint;
      },
    });
  } catch (error) {
    await client.end().catch(() => undefined);
    throw describeSftpError(error, settings, presented);
  }

  const matcher = globToRegExp(settings.pattern);
  const folder = settings.folder.endsWith('/') ? settings.folder : `${settings.folder}/`;
  const wrap = async <T>(work: () => Promise<T>): Promise<T> => {
    try {
      return await work();
    } catch (error) {
      throw describeSftpError(error, settings, null);
    }
  };

  return {
    presentedFingerprint: presented,
    list: () =>
      wrap(async () => {
        const entries = await client.list(folder);
        return entries
          .filter((entry) => entry.type === '-' && matcher.test(entry.name))
          .map((entry) => ({
            path: `${folder}${entry.name}`,
            name: entry.name,
            size: entry.size,
            mtime: new Date(entry.modifyTime),
          }))
          .sort(
            (left, right) =>
              left.mtime.getTime() - right.mtime.getTime() || left.name.localeCompare(right.name),
          );
      }),
    download: (entry, maxBytes) =>
      wrap(async () => {
        if (entry.size > maxBytes) {
          throw new TransferError(
            `Le fichier ${entry.path} dépasse ${maxBytes / 1024 / 1024} Mo et n’a pas été téléchargé.`,
            false,
          );
        }
        const content = await client.get(entry.path);
        if (!Buffer.isBuffer(content)) throw new Error(`unexpected download result for ${entry.path}`);
        return content;
      }),
    move: (entry, target) =>
      wrap(async () => {
        const folderPath = target.endsWith('/') ? target : `${target}/`;
        if (!(await client.exists(folderPath))) await client.mkdir(folderPath, true);
        const destination = `${folderPath}${entry.name}`;
        if (await client.exists(destination)) await client.delete(destination);
        await client.rename(entry.path, destination);
      }),
    remove: (entry) =>
      wrap(async () => {
        await client.delete(entry.path);
      }),
    close: async () => {
      await client.end().catch(() => undefined);
    },
  };
}

/** Opens a local folder watched for new files; `move` targets are relative to it unless absolute. */
export async function openFolderDrop(folder: string, pattern: string): Promise<FileDrop> {
  try {
    const stat = await fs.stat(folder);
    if (!stat.isDirectory()) throw new Error('not a directory');
  } catch {
    throw new TransferError(
      `Le dossier surveillé « ${folder} » n’existe pas ou n’est pas un dossier. Créez-le ou corrigez le chemin de la source.`,
      false,
    );
  }
  const matcher = globToRegExp(pattern);
  return {
    list: async () => {
      const names = await fs.readdir(folder, { withFileTypes: true });
      const entries: RemoteEntry[] = [];
      for (const dirent of names) {
        if (!dirent.isFile() || !matcher.test(dirent.name)) continue;
        const fullPath = path.join(folder, dirent.name);
        const stat = await fs.stat(fullPath);
        entries.push({ path: fullPath, name: dirent.name, size: stat.size, mtime: stat.mtime });
      }
      return entries.sort(
        (left, right) => left.mtime.getTime() - right.mtime.getTime() || left.name.localeCompare(right.name),
      );
    },
    download: async (entry, maxBytes) => {
      if (entry.size > maxBytes) {
        throw new TransferError(
          `Le fichier ${entry.path} dépasse ${maxBytes / 1024 / 1024} Mo et n’a pas été lu.`,
          false,
        );
      }
      return fs.readFile(entry.path);
    },
    move: async (entry, target) => {
      const destinationFolder = path.resolve(folder, target);
      await fs.mkdir(destinationFolder, { recursive: true });
      await fs.rename(entry.path, path.join(destinationFolder, entry.name));
    },
    remove: async (entry) => {
      await fs.rm(entry.path, { force: true });
    },
    close: async () => {},
  };
}
