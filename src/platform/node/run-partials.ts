import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';
import { readdir, rm, rmdir, stat } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * A run's partial files, in a folder of its own inside the output's partials folder, named
 * `<pid>@<host>` (and a few random characters): several runs may write into one output at once
 * (`convert --shard`, on one computer or several over a shared disk), and one that finishes must
 * not take the others' half-written files away. What a run leaves behind is removed by the next
 * run: at once when it was this computer's and its process is gone (a killed run), after
 * `ABANDONED_AFTER_MS` untouched when it was another computer's, which we cannot ask.
 */
export const ABANDONED_AFTER_MS = 24 * 60 * 60 * 1000;

export interface RunPartials {
  /** This run's own folder for partial files. */
  folder: string;
  /** Removes this run's partial files and those of runs that have ended, and the partials folder once empty. */
  discard(): Promise<void>;
}

export function createRunPartials(partials: string): RunPartials {
  const host = hostname();
  const own = `${process.pid}@${host}@${randomUUID().slice(0, 8)}`;
  const folder = join(partials, own);
  const ended = async (name: string): Promise<boolean> => {
    const [pid, runHost] = name.split('@');
    if (runHost === host && /^\d+$/.test(pid!)) return !isRunning(Number(pid));
    // Another computer's run, or an older version's partial file: judged by its age alone.
    const modified = await stat(join(partials, name)).then(
      (s) => s.mtimeMs,
      () => 0,
    );
    return Date.now() - modified > ABANDONED_AFTER_MS;
  };
  return {
    folder,
    async discard() {
      await rm(folder, { recursive: true, force: true });
      const names = await readdir(partials).catch(() => [] as string[]);
      for (const name of names) if (name !== own && (await ended(name))) await rm(join(partials, name), { recursive: true, force: true });
      // Only an empty folder goes: another run still writing keeps it.
      await rmdir(partials).catch(() => undefined);
    },
  };
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it runs, as another user.
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
