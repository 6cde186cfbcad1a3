/** `npm start`: Parlor with the shipped games, settings from the environment. */
import { ConfigError } from './config/config.js';
import { createParlor } from './app/parlor.js';
import { DATA_DIR_IN_USE } from './store/sql/sqlite-database.js';

const SHUTDOWN_DEADLINE_MS = 10_000;

try {
  const parlor = await createParlor();
  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    setTimeout(() => {
      console.error(`parlor: shutdown took longer than ${SHUTDOWN_DEADLINE_MS / 1000} s; exiting`);
      process.exit(1);
    }, SHUTDOWN_DEADLINE_MS).unref();
    parlor.close().then(
      () => process.exit(0),
      (err) => {
        console.error(`parlor: shutdown after ${signal} failed: ${err instanceof Error ? err.message : String(err)}`);
        process.exit(1);
      },
    );
  };
  process.on('SIGTERM', () => stop('SIGTERM'));
  process.on('SIGINT', () => stop('SIGINT'));
} catch (err) {
  const message = err instanceof ConfigError ? err.message : settingProblem(err);
  if (message) {
    console.error(`parlor: ${message}`);
    process.exit(2);
  }
  throw err;
}

/** A start-up failure caused by a setting (address, port, data directory) as one line naming it; else null. */
function settingProblem(err: unknown): string | null {
  const e = err as { code?: string; syscall?: string; address?: string; port?: number; hostname?: string; path?: string };
  if (e?.syscall === 'listen') {
    const where = `${e.address}:${e.port}`;
    if (e.code === 'EADDRINUSE') return `PORT ${e.port} is already in use (${where})`;
    if (e.code === 'EACCES') return `PORT ${e.port} needs privileges this process does not have (${where})`;
    return `HOST ${e.address} cannot be listened on (${e.code})`;
  }
  if (e?.syscall === 'getaddrinfo') return `HOST ${e.hostname} does not resolve to an address (${e.code})`;
  if (e?.path && ['EEXIST', 'ENOTDIR', 'EACCES', 'EPERM', 'EROFS', 'ENOENT'].includes(e.code ?? '')) return `DATA_DIR is not a writable directory: ${e.code} on ${e.path}`;
  if (e?.code === 'SQLITE_CANTOPEN' || e?.code === 'SQLITE_READONLY') return `DATA_DIR does not hold a writable SQLite database (${e.code})`;
  if (e?.code === DATA_DIR_IN_USE) return (err as Error).message;
  return null;
}
