import { closeSync, openSync, readFileSync, unlinkSync, writeSync } from 'node:fs';

/**
 * When a process started (clock ticks since boot, from /proc): with the pid it names one process
 * for good, since pids are reused. Undefined where /proc is not there.
 */
function startTime(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces and parentheses): state is the first.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // A zombie (killed, not yet reaped by its parent) or a dead process holds nothing.
    if (fields[0] === 'Z' || fields[0] === 'X') return undefined;
    return fields[19];
  } catch {
    return undefined;
  }
}

/**
 * PGlite is one process's database: two processes on the same directory would corrupt it. A
 * lock file naming the owner (pid and start time) keeps a second one out; a lock left by a dead
 * process, a zombie, or a process that merely reuses the pid is taken over.
 */
export function lockDataDir(dataDir: string): () => void {
  const file = `${dataDir}/onramp.lock`;
  const me = `${process.pid}:${startTime(process.pid) ?? ''}`;
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(file, 'wx');
      writeSync(fd, me);
      closeSync(fd);
      return () => {
        try {
          if (readFileSync(file, 'utf8') === me) unlinkSync(file);
        } catch {
          // Already gone.
        }
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const [pidText = '', started = ''] = readFileSync(file, 'utf8').split(':');
      const owner = Number(pidText);
      if (owner && owner !== process.pid && isAlive(owner, started)) {
        throw new Error(
          `The embedded database in ${dataDir} is in use by process ${owner} (is "npm start" running?). ` +
            'Stop that process first, or set DATABASE_URL to share a PostgreSQL database.',
        );
      }
      unlinkSync(file);
    }
  }
  throw new Error(`Could not lock ${dataDir}`);
}

function isAlive(pid: number, started: string): boolean {
  try {
    process.kill(pid, 0);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EPERM') return false;
  }
  // With /proc: the same process only if it is not a zombie and started when the lock says.
  const now = startTime(pid);
  if (now === undefined) return !readable(`/proc/${pid}/stat`) && !readable('/proc/self/stat');
  return started === '' || started === now;
}

function readable(file: string): boolean {
  try {
    readFileSync(file);
    return true;
  } catch {
    return false;
  }
}
