import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { constants as fsConstants, mkdirSync, type Stats, utimesSync, writeFileSync } from 'node:fs';
import fs, { type FileHandle } from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import ssh2, {
  type Attributes,
  type AuthContext,
  type Connection,
  type FileEntry,
  type ParsedKey,
  type SFTPWrapper,
} from 'ssh2';

/**
 * A real SFTP server on 127.0.0.1 for the database-tier tests of the ingestion pipeline. It serves a
 * temporary folder as "/" through the SFTP version 3 subsystem of the `ssh2` package, which runs in
 * pure JavaScript when its optional native crypto binding is not built. A test can also simulate two
 * failures of a real depositing server: a connection dropped during a download and a file still being
 * written.
 */

const { STATUS_CODE, OPEN_MODE } = ssh2.utils.sftp;

export const SFTP_PASSWORD_USERNAME = 'depot-releves';
export const SFTP_KEY_USERNAME = 'depot-releves-cle';

/** Number of entries sent per READDIR reply, so a large folder takes several round trips. */
const READDIR_BATCH_SIZE = 100;
/** Upper bound of one READ reply. ssh2 clients request 32 KiB (fastGet) or 64 KiB (read streams). */
const MAX_READ_LENGTH = 256 * 1024;

export type SftpOperation =
  | 'open'
  | 'read'
  | 'write'
  | 'rename'
  | 'remove'
  | 'readdir'
  | 'mkdir'
  | 'rmdir'
  | 'stat';

/** One client request, with the path as the client sees it (absolute, below the served root). */
export interface SftpLogEntry {
  op: SftpOperation;
  path: string;
  /** Target path of a rename. */
  newPath?: string;
  user: string;
}

/** How `dropConnectionDuring` cuts the connection. */
export type ConnectionDrop = 'reset' | 'end';

export interface GrowingFile {
  /** Appends bytes to the file, then sets its modification time when `mtime` is given. */
  append(more: Buffer, mtime?: Date): Promise<void>;
}

export interface TestSftpServer {
  host: '127.0.0.1';
  port: number;
  /** Temporary folder served as "/". It is deleted by `close()`. */
  root: string;
  /** SHA-256 fingerprint of the host key as OpenSSH prints it: `SHA256:` and unpadded base64. */
  hostKeyFingerprint: string;
  /** Host public key as a `known_hosts`-style line without the host name (`ssh-ed25519 AAAA… comment`). */
  hostPublicKeyOpenSsh: string;
  users: {
    password: { username: string; password: string };
    key: {
      username: string;
      /** Ed25519 private key in the OpenSSH format (`-----BEGIN OPENSSH PRIVATE KEY-----`). */
      privateKeyOpenSsh: string;
      /** Public key as an `authorized_keys` line (`ssh-ed25519 AAAA… comment`). */
      publicKeyOpenSsh: string;
    };
  };
  /**
   * Requests received from clients, in arrival order. READ and WRITE are logged once per open handle,
   * not once per packet. STAT and LSTAT are logged as `stat`, FSTAT is not logged.
   */
  readonly log: readonly SftpLogEntry[];
  /** Writes a file below root, creating its folders, and sets its modification time when given. */
  put(remotePath: string, content: string | Buffer, mtime?: Date): Promise<void>;
  /**
   * Arms a one-shot failure on the next open of `remotePath` for reading: the server sends at most
   * `afterBytes` bytes of it, then cuts the TCP connection. When the file is not longer than
   * `afterBytes`, the cut replaces the end-of-file reply, so the download never completes.
   * `'reset'` (the default) sends a TCP RST, which may discard bytes the client has not read yet.
   * `'end'` closes with a FIN after the bytes are sent, so the client receives exactly `afterBytes`.
   */
  dropConnectionDuring(remotePath: string, afterBytes: number, dropKind?: ConnectionDrop): void;
  /** Creates a file that is still being written: it exists with `firstPart` and grows on `append()`. */
  startGrowingFile(remotePath: string, firstPart: Buffer, mtime?: Date): GrowingFile;
  /** Resets every client connection, stops listening and deletes root. */
  close(): Promise<void>;
}

interface FileHandleState {
  kind: 'file';
  virtualPath: string;
  file: FileHandle;
  readLogged: boolean;
  writeLogged: boolean;
  /** Byte budget and cut of a download armed by `dropConnectionDuring`. */
  drop: { afterBytes: number; dropKind: ConnectionDrop } | null;
  bytesSent: number;
}

interface DirectoryHandleState {
  kind: 'directory';
  virtualPath: string;
  realPath: string;
  /** Entries not yet sent, loaded by the first READDIR. */
  pending: FileEntry[] | null;
}

type HandleState = FileHandleState | DirectoryHandleState;

/** What SETSTAT and FSETSTAT change: a path or an open file. */
interface AttributeTarget {
  truncate(length: number): Promise<void>;
  chmod(mode: number): Promise<void>;
  utimes(atime: number, mtime: number): Promise<void>;
}

interface ConnectionState {
  socket: net.Socket;
  user: string;
  dropped: boolean;
}

/** Client path that leaves the served root through `..`. */
class PathOutsideRootError extends Error {}

/**
 * Resolves a client path against "/" (the home folder is the root) into its normalized absolute form.
 * Throws PathOutsideRootError when a `..` segment climbs above the root.
 */
function toVirtualPath(requested: string): string {
  const segments: string[] = [];
  for (const segment of requested.split('/')) {
    if (segment === '' || segment === '.') {
      continue;
    }
    if (segment === '..') {
      if (segments.length === 0) {
        throw new PathOutsideRootError(
          `Le chemin ${requested} sort du dossier servi par le serveur SFTP de test : utilisez un chemin sous /.`,
        );
      }
      segments.pop();
      continue;
    }
    segments.push(segment);
  }
  return `/${segments.join('/')}`;
}

function toRealPath(root: string, virtualPath: string): string {
  return path.join(root, ...virtualPath.split('/').filter((segment) => segment !== ''));
}

/**
 * Rejects a path whose existing part resolves, through symbolic links, outside root. With
 * `followLast` false, only the parent folder is resolved, so LSTAT, REMOVE and RENAME act on a link
 * itself.
 */
async function assertInsideRoot(root: string, realPath: string, followLast: boolean): Promise<void> {
  let candidate = followLast || realPath === root ? realPath : path.dirname(realPath);
  for (;;) {
    let resolved: string;
    try {
      resolved = await fs.realpath(candidate);
    } catch (error) {
      // The missing tail of a path about to be created cannot lead anywhere, so check its ancestor.
      if ((error as NodeJS.ErrnoException).code === 'ENOENT' && candidate !== root) {
        candidate = path.dirname(candidate);
        continue;
      }
      throw error;
    }
    if (resolved !== root && !resolved.startsWith(`${root}${path.sep}`)) {
      throw new PathOutsideRootError(
        `Un lien symbolique de ${realPath} mène hors du dossier servi par le serveur SFTP de test.`,
      );
    }
    return;
  }
}

/** OpenSSH fingerprint of a public key blob: SHA-256, base64 without the `=` padding. */
export function sshFingerprint(publicKeyBlob: Buffer): string {
  const digest = createHash('sha256').update(publicKeyBlob).digest('base64');
  return `SHA256:${digest.replace(/=+$/, '')}`;
}

function toAttributes(stats: Stats): Attributes {
  return {
    mode: stats.mode,
    uid: stats.uid,
    gid: stats.gid,
    size: stats.size,
    atime: Math.floor(stats.atimeMs / 1000),
    mtime: Math.floor(stats.mtimeMs / 1000),
  };
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/**
 * Formats a READDIR long name in the `ls -l` layout. Clients such as ssh2-sftp-client read the entry
 * type and permissions from its first ten characters.
 */
function formatLongname(name: string, stats: Stats): string {
  let type = '-';
  if (stats.isDirectory()) {
    type = 'd';
  } else if (stats.isSymbolicLink()) {
    type = 'l';
  }
  const permissionLetters = 'rwxrwxrwx';
  let permissions = '';
  for (let bit = 0; bit < 9; bit++) {
    permissions += stats.mode & (0o400 >> bit) ? permissionLetters[bit] : '-';
  }

  const mtime = stats.mtime;
  const day = String(mtime.getUTCDate()).padStart(2, ' ');
  const sixMonthsMs = 182 * 24 * 3600 * 1000;
  const recent = Math.abs(Date.now() - mtime.getTime()) < sixMonthsMs;
  const hourOrYear = recent
    ? `${String(mtime.getUTCHours()).padStart(2, '0')}:${String(mtime.getUTCMinutes()).padStart(2, '0')}`
    : ` ${mtime.getUTCFullYear()}`;
  const date = `${MONTHS[mtime.getUTCMonth()]} ${day} ${hourOrYear}`;

  return `${type}${permissions} ${stats.nlink} ${stats.uid} ${stats.gid} ${String(stats.size).padStart(8, ' ')} ${date} ${name}`;
}

/** Converts SFTP open flags to the flags of open(2). */
function toOpenFlags(sftpFlags: number): number {
  const read = (sftpFlags & OPEN_MODE.READ) !== 0;
  const write = (sftpFlags & OPEN_MODE.WRITE) !== 0;
  let flags = fsConstants.O_RDONLY;
  if (read && write) {
    flags = fsConstants.O_RDWR;
  } else if (write) {
    flags = fsConstants.O_WRONLY;
  }
  if (sftpFlags & OPEN_MODE.APPEND) {
    flags |= fsConstants.O_APPEND;
  }
  if (sftpFlags & OPEN_MODE.CREAT) {
    flags |= fsConstants.O_CREAT;
  }
  if (sftpFlags & OPEN_MODE.TRUNC) {
    flags |= fsConstants.O_TRUNC;
  }
  if (sftpFlags & OPEN_MODE.EXCL) {
    flags |= fsConstants.O_EXCL;
  }
  return flags;
}

/** Maps a file system error to the SFTP version 3 status code a client expects. */
function toStatusCode(error: unknown): number {
  if (error instanceof PathOutsideRootError) {
    return STATUS_CODE.PERMISSION_DENIED;
  }
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  switch (code) {
    case 'ENOENT':
    case 'ENOTDIR':
      return STATUS_CODE.NO_SUCH_FILE;
    case 'EACCES':
    case 'EPERM':
      return STATUS_CODE.PERMISSION_DENIED;
    default:
      return STATUS_CODE.FAILURE;
  }
}

function sameBytes(left: Buffer, right: Buffer): boolean {
  return left.length === right.length && timingSafeEqual(left, right);
}

export async function startTestSftpServer(options: { port?: number } = {}): Promise<TestSftpServer> {
  const hostKeyPair = generateEd25519KeyPair('openfluides-test-host');
  const hostKeyFingerprint = sshFingerprint(hostKeyPair.publicKey.getPublicSSH());

  const userKeyPair = generateEd25519KeyPair(SFTP_KEY_USERNAME);
  const userPublicKey = userKeyPair.publicKey;
  const userPublicKeyBlob = userPublicKey.getPublicSSH();
  const password = randomBytes(18).toString('base64url');

  const root = await fs.realpath(await fs.mkdtemp(path.join(os.tmpdir(), 'openfluides-sftp-')));

  const log: SftpLogEntry[] = [];
  const armedDrops = new Map<string, { afterBytes: number; dropKind: ConnectionDrop }>();
  const sockets = new Map<string, net.Socket>();
  const openFiles = new Set<FileHandle>();
  let nextHandleId = 1;

  function authenticate(context: AuthContext, connection: ConnectionState): void {
    if (context.method === 'password') {
      const passwordMatches = sameBytes(Buffer.from(context.password), Buffer.from(password));
      if (context.username === SFTP_PASSWORD_USERNAME && passwordMatches) {
        connection.user = context.username;
        context.accept();
        return;
      }
    } else if (context.method === 'publickey') {
      if (context.username === SFTP_KEY_USERNAME && sameBytes(context.key.data, userPublicKeyBlob)) {
        if (context.signature === undefined || context.blob === undefined) {
          // Key probe without a signature: accept() replies PK_OK, and the client then signs with this key.
          context.accept();
          return;
        }
        if (userPublicKey.verify(context.blob, context.signature, context.hashAlgo)) {
          connection.user = context.username;
          context.accept();
          return;
        }
      }
    }
    context.reject(['password', 'publickey']);
  }

  function dropConnection(connection: ConnectionState, dropKind: ConnectionDrop): void {
    if (connection.dropped) {
      return;
    }
    connection.dropped = true;
    const { socket } = connection;
    if (dropKind === 'end') {
      // end() sends the FIN after the queued bytes, so the partial READ reply arrives whole.
      socket.end();
      return;
    }
    // The empty write completes once the bytes queued before it reached the kernel, so the partial
    // READ reply leaves before the RST. The client kernel may still discard it if unread.
    socket.write(Buffer.alloc(0), () => socket.resetAndDestroy());
  }

  function serveSftp(sftp: SFTPWrapper, connection: ConnectionState): void {
    const handles = new Map<number, HandleState>();

    const record = (op: SftpOperation, virtualPath: string, newPath?: string) => {
      const entry: SftpLogEntry = { op, path: virtualPath, user: connection.user };
      if (newPath !== undefined) {
        entry.newPath = newPath;
      }
      log.push(entry);
    };

    const createHandle = (state: HandleState): Buffer => {
      const id = nextHandleId++;
      handles.set(id, state);
      const handle = Buffer.alloc(4);
      handle.writeUInt32BE(id);
      return handle;
    };

    const findHandle = (handle: Buffer): [number, HandleState | undefined] => {
      const id = handle.length === 4 ? handle.readUInt32BE() : 0;
      return [id, handles.get(id)];
    };

    /**
     * Runs one request handler and replies to its failure with a status. Once the connection is dropped,
     * nothing more is sent.
     */
    const handleRequest = (requestId: number, handler: () => Promise<void>) => {
      handler().catch((error: unknown) => {
        if (connection.dropped) {
          return;
        }
        const message = error instanceof Error ? error.message : String(error);
        sftp.status(requestId, toStatusCode(error), message);
      });
    };

    /** Resolves a client path below root, following a symbolic link in the last component when asked. */
    const resolveRequest = async (requested: string, followLast: boolean) => {
      const virtualPath = toVirtualPath(requested);
      const realPath = toRealPath(root, virtualPath);
      await assertInsideRoot(root, realPath, followLast);
      return { virtualPath, realPath };
    };

    sftp.on('REALPATH', (requestId: number, requested: string) =>
      handleRequest(requestId, async () => {
        const { virtualPath, realPath } = await resolveRequest(requested, true);
        // The last component may be missing, because clients resolve the path of a file they are about
        // to create, but its parent folder must exist.
        if (virtualPath !== '/') {
          const parent = await fs.stat(path.dirname(realPath));
          if (!parent.isDirectory()) {
            throw Object.assign(new Error(`${path.posix.dirname(virtualPath)} n'est pas un dossier.`), {
              code: 'ENOTDIR',
            });
          }
        }
        sftp.name(requestId, [{ filename: virtualPath, longname: virtualPath, attrs: {} as Attributes }]);
      }),
    );

    const onStat = (follow: boolean) => (requestId: number, requested: string) =>
      handleRequest(requestId, async () => {
        const { virtualPath, realPath } = await resolveRequest(requested, follow);
        record('stat', virtualPath);
        const stats = follow ? await fs.stat(realPath) : await fs.lstat(realPath);
        sftp.attrs(requestId, toAttributes(stats));
      });
    sftp.on('STAT', onStat(true));
    sftp.on('LSTAT', onStat(false));

    sftp.on('FSTAT', (requestId: number, handle: Buffer) =>
      handleRequest(requestId, async () => {
        const [, state] = findHandle(handle);
        if (state === undefined) {
          sftp.status(requestId, STATUS_CODE.FAILURE, 'Handle SFTP inconnu ou déjà fermé.');
          return;
        }
        const stats = state.kind === 'file' ? await state.file.stat() : await fs.stat(state.realPath);
        sftp.attrs(requestId, toAttributes(stats));
      }),
    );

    const applyAttributes = async (target: AttributeTarget, attrs: Attributes) => {
      // The attributes hold only the fields the client sent, despite their declared type.
      if (typeof attrs.size === 'number') {
        await target.truncate(attrs.size);
      }
      if (typeof attrs.mode === 'number') {
        await target.chmod(attrs.mode & 0o7777);
      }
      if (typeof attrs.atime === 'number' && typeof attrs.mtime === 'number') {
        await target.utimes(attrs.atime, attrs.mtime);
      }
    };

    sftp.on('SETSTAT', (requestId: number, requested: string, attrs: Attributes) =>
      handleRequest(requestId, async () => {
        const { realPath } = await resolveRequest(requested, true);
        await applyAttributes(
          {
            truncate: (length) => fs.truncate(realPath, length),
            chmod: (mode) => fs.chmod(realPath, mode),
            utimes: (atime, mtime) => fs.utimes(realPath, atime, mtime),
          },
          attrs,
        );
        sftp.status(requestId, STATUS_CODE.OK);
      }),
    );

    sftp.on('FSETSTAT', (requestId: number, handle: Buffer, attrs: Attributes) =>
      handleRequest(requestId, async () => {
        const [, state] = findHandle(handle);
        if (state?.kind !== 'file') {
          sftp.status(requestId, STATUS_CODE.FAILURE, 'Handle de fichier SFTP inconnu ou déjà fermé.');
          return;
        }
        await applyAttributes(state.file, attrs);
        sftp.status(requestId, STATUS_CODE.OK);
      }),
    );

    sftp.on('OPEN', (requestId: number, requested: string, flags: number, attrs: Attributes) =>
      handleRequest(requestId, async () => {
        const { virtualPath, realPath } = await resolveRequest(requested, true);
        record('open', virtualPath);
        const mode = typeof attrs.mode === 'number' ? attrs.mode & 0o7777 : 0o644;
        const file = await fs.open(realPath, toOpenFlags(flags), mode);
        openFiles.add(file);

        let drop: FileHandleState['drop'] = null;
        if (flags & OPEN_MODE.READ) {
          drop = armedDrops.get(virtualPath) ?? null;
          armedDrops.delete(virtualPath);
        }
        const state: FileHandleState = {
          kind: 'file',
          virtualPath,
          file,
          readLogged: false,
          writeLogged: false,
          drop,
          bytesSent: 0,
        };
        sftp.handle(requestId, createHandle(state));
      }),
    );

    sftp.on('READ', (requestId: number, handle: Buffer, offset: number, length: number) =>
      handleRequest(requestId, async () => {
        const [, state] = findHandle(handle);
        if (state?.kind !== 'file') {
          sftp.status(requestId, STATUS_CODE.FAILURE, 'Handle de fichier SFTP inconnu ou déjà fermé.');
          return;
        }
        if (!state.readLogged) {
          state.readLogged = true;
          record('read', state.virtualPath);
        }

        const buffer = Buffer.alloc(Math.min(length, MAX_READ_LENGTH));
        const { bytesRead } = await state.file.read(buffer, 0, buffer.length, offset);
        if (connection.dropped) {
          return;
        }

        if (state.drop !== null) {
          const allowed = state.drop.afterBytes - state.bytesSent;
          if (bytesRead === 0 || bytesRead > allowed) {
            if (allowed > 0 && bytesRead > 0) {
              sftp.data(requestId, buffer.subarray(0, allowed));
            }
            dropConnection(connection, state.drop.dropKind);
            return;
          }
          state.bytesSent += bytesRead;
        }

        if (bytesRead === 0) {
          sftp.status(requestId, STATUS_CODE.EOF);
          return;
        }
        sftp.data(requestId, buffer.subarray(0, bytesRead));
      }),
    );

    sftp.on('WRITE', (requestId: number, handle: Buffer, offset: number, data: Buffer) =>
      handleRequest(requestId, async () => {
        const [, state] = findHandle(handle);
        if (state?.kind !== 'file') {
          sftp.status(requestId, STATUS_CODE.FAILURE, 'Handle de fichier SFTP inconnu ou déjà fermé.');
          return;
        }
        if (!state.writeLogged) {
          state.writeLogged = true;
          record('write', state.virtualPath);
        }
        await state.file.write(data, 0, data.length, offset);
        sftp.status(requestId, STATUS_CODE.OK);
      }),
    );

    sftp.on('CLOSE', (requestId: number, handle: Buffer) =>
      handleRequest(requestId, async () => {
        const [id, state] = findHandle(handle);
        if (state === undefined) {
          sftp.status(requestId, STATUS_CODE.FAILURE, 'Handle SFTP inconnu ou déjà fermé.');
          return;
        }
        handles.delete(id);
        if (state.kind === 'file') {
          openFiles.delete(state.file);
          await state.file.close();
        }
        sftp.status(requestId, STATUS_CODE.OK);
      }),
    );

    sftp.on('OPENDIR', (requestId: number, requested: string) =>
      handleRequest(requestId, async () => {
        const { virtualPath, realPath } = await resolveRequest(requested, true);
        record('readdir', virtualPath);
        const stats = await fs.stat(realPath);
        if (!stats.isDirectory()) {
          sftp.status(requestId, STATUS_CODE.FAILURE, `${virtualPath} n'est pas un dossier.`);
          return;
        }
        sftp.handle(requestId, createHandle({ kind: 'directory', virtualPath, realPath, pending: null }));
      }),
    );

    sftp.on('READDIR', (requestId: number, handle: Buffer) =>
      handleRequest(requestId, async () => {
        const [, state] = findHandle(handle);
        if (state?.kind !== 'directory') {
          sftp.status(requestId, STATUS_CODE.FAILURE, 'Handle de dossier SFTP inconnu ou déjà fermé.');
          return;
        }
        if (state.pending === null) {
          const names = (await fs.readdir(state.realPath)).sort();
          const entries: FileEntry[] = [];
          for (const name of names) {
            const stats = await fs.lstat(path.join(state.realPath, name));
            entries.push({
              filename: name,
              longname: formatLongname(name, stats),
              attrs: toAttributes(stats),
            });
          }
          state.pending = entries;
        }
        if (state.pending.length === 0) {
          sftp.status(requestId, STATUS_CODE.EOF);
          return;
        }
        sftp.name(requestId, state.pending.splice(0, READDIR_BATCH_SIZE));
      }),
    );

    sftp.on('MKDIR', (requestId: number, requested: string, attrs: Attributes) =>
      handleRequest(requestId, async () => {
        const { virtualPath, realPath } = await resolveRequest(requested, false);
        record('mkdir', virtualPath);
        const mode = typeof attrs.mode === 'number' ? attrs.mode & 0o7777 : 0o755;
        await fs.mkdir(realPath, { mode });
        sftp.status(requestId, STATUS_CODE.OK);
      }),
    );

    sftp.on('RMDIR', (requestId: number, requested: string) =>
      handleRequest(requestId, async () => {
        const { virtualPath, realPath } = await resolveRequest(requested, false);
        record('rmdir', virtualPath);
        await fs.rmdir(realPath);
        sftp.status(requestId, STATUS_CODE.OK);
      }),
    );

    sftp.on('REMOVE', (requestId: number, requested: string) =>
      handleRequest(requestId, async () => {
        const { virtualPath, realPath } = await resolveRequest(requested, false);
        record('remove', virtualPath);
        await fs.unlink(realPath);
        sftp.status(requestId, STATUS_CODE.OK);
      }),
    );

    sftp.on('RENAME', (requestId: number, oldRequested: string, newRequested: string) =>
      handleRequest(requestId, async () => {
        const source = await resolveRequest(oldRequested, false);
        const target = await resolveRequest(newRequested, false);
        record('rename', source.virtualPath, target.virtualPath);
        await fs.lstat(source.realPath);
        // RENAME never overwrites here, so a client that replaces a file must remove the target first.
        const targetExists = await fs.lstat(target.realPath).then(
          () => true,
          () => false,
        );
        if (targetExists) {
          sftp.status(requestId, STATUS_CODE.FAILURE, `${target.virtualPath} existe déjà.`);
          return;
        }
        await fs.rename(source.realPath, target.realPath);
        sftp.status(requestId, STATUS_CODE.OK);
      }),
    );

    const unsupported = (requestId: number) => {
      sftp.status(
        requestId,
        STATUS_CODE.OP_UNSUPPORTED,
        'Opération non prise en charge par ce serveur de test.',
      );
    };
    sftp.on('READLINK', unsupported);
    sftp.on('SYMLINK', unsupported);
    sftp.on('EXTENDED', unsupported);

    sftp.on('close', () => {
      for (const state of handles.values()) {
        if (state.kind === 'file') {
          openFiles.delete(state.file);
          void state.file.close().catch(() => undefined);
        }
      }
      handles.clear();
    });
  }

  const sshServer = new ssh2.Server({ hostKeys: [hostKeyPair.private] }, (client: Connection, info) => {
    const socket = sockets.get(`${info.ip}:${info.port}`);
    if (socket === undefined) {
      client.end();
      return;
    }
    const connection: ConnectionState = { socket, user: '', dropped: false };
    // Connection resets, including the ones dropConnection causes, surface here. The client under
    // test receives the same failure on its side, so the server ignores them.
    client.on('error', () => undefined);
    client.on('authentication', (context) => authenticate(context, connection));
    client.on('ready', () => {
      client.on('session', (acceptSession) => {
        const session = acceptSession();
        session.on('sftp', (acceptSftp) => serveSftp(acceptSftp(), connection));
      });
    });
  });

  // The TCP listener is ours, so each SSH connection can be matched with its socket and reset.
  const tcpServer = net.createServer((socket) => {
    const key = `${socket.remoteAddress}:${socket.remotePort}`;
    sockets.set(key, socket);
    // Without the optional native crypto binding, each SSH round trip took about 40 ms more on
    // loopback (ssh2 1.17.0, Node 20) until Nagle's algorithm was turned off on this side.
    socket.setNoDelay(true);
    socket.once('close', () => sockets.delete(key));
    sshServer.injectSocket(socket);
  });
  try {
    await new Promise<void>((resolve, reject) => {
      tcpServer.once('error', reject);
      tcpServer.listen(options.port ?? 0, '127.0.0.1', () => {
        tcpServer.off('error', reject);
        resolve();
      });
    });
  } catch (error) {
    await fs.rm(root, { recursive: true, force: true });
    throw error;
  }
  const address = tcpServer.address() as net.AddressInfo;

  const resolveLocal = (remotePath: string) => toRealPath(root, toVirtualPath(remotePath));

  return {
    host: '127.0.0.1',
    port: address.port,
    root,
    hostKeyFingerprint,
    hostPublicKeyOpenSsh: hostKeyPair.public,
    users: {
      password: { username: SFTP_PASSWORD_USERNAME, password },
      key: {
        username: SFTP_KEY_USERNAME,
        privateKeyOpenSsh: userKeyPair.private,
        publicKeyOpenSsh: userKeyPair.public,
      },
    },
    log,

    async put(remotePath, content, mtime) {
      const realPath = resolveLocal(remotePath);
      await fs.mkdir(path.dirname(realPath), { recursive: true });
      await fs.writeFile(realPath, content);
      if (mtime !== undefined) {
        await fs.utimes(realPath, mtime, mtime);
      }
    },

    dropConnectionDuring(remotePath, afterBytes, dropKind = 'reset') {
      if (!Number.isInteger(afterBytes) || afterBytes < 0) {
        throw new RangeError(`afterBytes doit être un entier positif ou nul, reçu ${afterBytes}.`);
      }
      armedDrops.set(toVirtualPath(remotePath), { afterBytes, dropKind });
    },

    startGrowingFile(remotePath, firstPart, mtime) {
      const realPath = resolveLocal(remotePath);
      // Synchronous so the file exists as soon as the call returns.
      mkdirSync(path.dirname(realPath), { recursive: true });
      writeFileSync(realPath, firstPart);
      if (mtime !== undefined) {
        utimesSync(realPath, mtime, mtime);
      }
      return {
        async append(more, appendMtime) {
          await fs.appendFile(realPath, more);
          if (appendMtime !== undefined) {
            await fs.utimes(realPath, appendMtime, appendMtime);
          }
        },
      };
    },

    async close() {
      for (const socket of sockets.values()) {
        socket.resetAndDestroy();
      }
      await new Promise<void>((resolve) => tcpServer.close(() => resolve()));
      await Promise.all([...openFiles].map((file) => file.close().catch(() => undefined)));
      openFiles.clear();
      await fs.rm(root, { recursive: true, force: true });
    },
  };
}

/**
 * Generates an Ed25519 key pair in the OpenSSH formats and checks that ssh2 parses both halves.
 *
 * NOTE: ssh2 1.17.0 strips every leading zero byte of the DER public key in generateKeyPairSync, so
 * about one Ed25519 key in 256 comes out with a 31-byte public key that its own parser rejects.
 * Such a pair is discarded and generated again.
 */
function generateEd25519KeyPair(comment: string): { private: string; public: string; publicKey: ParsedKey } {
  for (let attempt = 0; attempt < 8; attempt++) {
    const pair = ssh2.utils.generateKeyPairSync('ed25519', { comment });
    const privateKey = ssh2.utils.parseKey(pair.private);
    const publicKey = ssh2.utils.parseKey(pair.public);
    if (
      !(privateKey instanceof Error) &&
      !(publicKey instanceof Error) &&
      privateKey.getPublicSSH().equals(publicKey.getPublicSSH())
    ) {
      return { ...pair, publicKey };
    }
  }
  throw new Error('La génération de clé Ed25519 par ssh2 a échoué 8 fois de suite.');
}
