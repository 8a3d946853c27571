/**
 * CPU time from Linux's /proc: of a process, of each kind of thread in this one, and of the
 * PostgreSQL server when it runs on this machine. CPU per item shows where an item's time goes
 * and, against a hash's CPU alone, what ready ÷ hashing can come to with every core busy. On a
 * virtual machine it moves with the machine's pace too (one layout measured 20.9–29.9 ms per
 * organization from round to round in one run), so it is compared within a round, or as
 * medians of rounds taking turns.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { fmt } from './load.ts';

/** Whether this system has Linux's /proc to read; elsewhere the benches print no CPU times. */
export const cpuReadable = existsSync('/proc/self/task');

/** Clock ticks per second, the unit of the CPU times in /proc/<pid>/stat. */
const ticksPerSecond = cpuReadable
  ? Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' })) || 100
  : 100;

/** The fields of a stat line after its name (which may hold spaces), from the state on. */
function statFields(path: string): string[] {
  const stat = readFileSync(path, 'utf8');
  return stat.slice(stat.lastIndexOf(')') + 2).split(' ');
}

const ms = (ticks: number) => (ticks * 1000) / ticksPerSecond;

/** CPU time (user and system, every thread) a process has used so far, in milliseconds. */
export function processCpuMs(pid: number): number {
  const fields = statFields(`/proc/${pid}/stat`);
  return ms(Number(fields[11]) + Number(fields[12]));
}

/** Node names its threads (Node 24): what each kind does in a bench process. */
const threadKinds: [RegExp, ThreadKind][] = [
  [/^libuv-worker$/, 'hashing'],
  [/^MainThread$/, 'main'],
  [/^(V8Worker|DelayedTaskSche)/, 'v8'],
];
export type ThreadKind = 'hashing' | 'main' | 'v8' | 'other';

/**
 * This process's CPU time so far by kind of thread: libuv's pool (the Argon2id hashes), the
 * main thread (the server and the bench's polls), V8's helpers (garbage collection, compiling).
 * Threads that ended are not counted (a burst's generator reports its own).
 */
export function threadCpuMs(): Record<ThreadKind, number> {
  const byKind: Record<ThreadKind, number> = { hashing: 0, main: 0, v8: 0, other: 0 };
  for (const task of readdirSync('/proc/self/task')) {
    try {
      const name = readFileSync(`/proc/self/task/${task}/comm`, 'utf8').trim();
      const fields = statFields(`/proc/self/task/${task}/stat`);
      const kind = threadKinds.find(([re]) => re.test(name))?.[1] ?? 'other';
      byKind[kind] += ms(Number(fields[11]) + Number(fields[12]));
    } catch {
      // The thread ended between listing and reading.
    }
  }
  return byKind;
}

const partLabels: Record<string, string> = {
  hashing: 'hashing',
  main: 'main thread',
  v8: "V8's threads",
  generator: 'load generator',
  servers: 'servers',
  postgres: 'PostgreSQL',
};

/** An item's CPU by part (milliseconds): its total, and the parts as a reader reads them. */
export function cpuSummary(cpu: Record<string, number>): { total: number; parts: string } {
  const total = Object.values(cpu).reduce((sum, ms) => sum + ms, 0);
  const parts = Object.entries(cpu)
    .map(([part, ms]) => `${partLabels[part] ?? part} ${fmt(ms, 1)}`)
    .join(', ');
  return { total, parts };
}

/**
 * CPU time of every PostgreSQL process on this machine so far, including backends that ended
 * (their time is added to the postmaster's when it reaps them); undefined when none runs here.
 */
export function postgresCpuMs(): number | undefined {
  let total: number | undefined;
  for (const pid of readdirSync('/proc')) {
    if (!/^\d+$/.test(pid)) continue;
    try {
      if (!readFileSync(`/proc/${pid}/comm`, 'utf8').startsWith('postgres')) continue;
      const fields = statFields(`/proc/${pid}/stat`);
      total =
        (total ?? 0) + ms(Number(fields[11]) + Number(fields[12]) + Number(fields[13]) + Number(fields[14]));
    } catch {
      // The process ended between listing and reading.
    }
  }
  return total;
}
