import { closeSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';
import { join } from 'node:path';

/** Raised when another live process has the embedded data directory open. */
export class DataDirInUseError extends Error {
  override readonly name = 'DataDirInUseError';
}

/**
 * Take `sophia.lock` in a PGlite data directory. PGlite is a single-process database: two
 * processes writing one directory corrupt it, so a second `sophia` process is refused with the
 * holder's pid. A lock left by a process that no longer exists is taken over. Returns the
 * release function.
 */
export function lockDataDir(dataDir: string): () => void {
  const path = join(dataDir, 'sophia.lock');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(path, 'wx');
      writeSync(fd, String(process.pid));
      closeSync(fd);
      return () => {
        try {
          if (readFileSync(path, 'utf8').trim() === String(process.pid)) unlinkSync(path);
        } catch {
          // Already gone: nothing to release.
        }
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = Number(readFileSync(path, 'utf8').trim());
      if (Number.isInteger(holder) && holder > 0 && holder !== process.pid && isAlive(holder)) {
        throw new DataDirInUseError(
          `The data directory ${dataDir} is in use by sophia process ${holder}. PGlite allows one ` +
            'process per directory: stop that process, use its trigger_sync tool or --sync-every ' +
            'instead of a separate sync, or set DATABASE_URL to share a PostgreSQL server',
        );
      }
      unlinkSync(path);
    }
  }

  throw new DataDirInUseError(
    `Could not take the lock file ${path}; remove it if no sophia process runs`,
  );
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
