/**
 * The bursts part of `npm run bench`: the activation burst in rounds, each against the hash rate
 * right around it and with its CPU per organization, then the sign-ins and sign-offs.
 */
import type { AppContext } from '../src/context.ts';
import { type BurstResult, customerBursts, hashRate } from './bursts.ts';
import { cpuReadable, cpuSummary, postgresCpuMs, threadCpuMs } from './cpu.ts';
import { fmt, median } from './load.ts';

/** Organizations ready per second in an activation burst, against the hash rate around it. */
function readyOverHashing(burst: BurstResult) {
  const hashing = burst.hashing;
  if (!hashing) throw new Error('the activation burst has no hash baseline');
  const hashes = (hashing.before.best + hashing.after.best) / 2;
  const ready = (burst.count / burst.lastDoneMs) * 1000;
  const hashCpu = (hashing.before.cpuMs + hashing.after.cpuMs) / 2;
  return { hashing, hashes, ready, ratio: ready / hashes, cpu: burst.cpu, hashCpu };
}

type BurstShape = { burstSize: number; concurrency: number; burstRounds: number };

function printBursts(
  results: BurstResult[],
  activationRounds: BurstResult[],
  { burstSize, concurrency }: BurstShape,
) {
  console.log(
    `Bursts: ${burstSize} at a time, ${concurrency} concurrent, each from its own address (waits from request to done)`,
  );
  const rounds = activationRounds.map(readyOverHashing);
  for (const [i, { hashing, hashes, ready, ratio, cpu, hashCpu }] of rounds.entries()) {
    const widths = [...hashing.before.byWidth.keys()].map(
      (w) =>
        `${w} in flight ${fmt(((hashing.before.byWidth.get(w) ?? 0) + (hashing.after.byWidth.get(w) ?? 0)) / 2, 1)}`,
    );
    console.log(
      `  activation round ${i + 1}: ${fmt(ready, 1)} organizations ready /s ÷ ${fmt(hashes, 1)} Argon2id hashes /s alone (same parameters; the best of ${widths.join(', ')} /s; ${fmt(hashing.before.best, 1)} right before, ${fmt(hashing.after.best, 1)} right after) = ${fmt(ratio, 3)}`,
    );
    if (cpu) console.log(`    ${cpuLine(cpu, hashCpu).text}`);
  }
  for (const r of results) {
    const rate = (r.count / r.lastDoneMs) * 1000;
    console.log(
      `  ${r.label.padEnd(36)} all accepted in ${fmt(r.acceptedMs / 1000, 2)} s, all done in ${fmt(r.lastDoneMs / 1000, 2)} s (${fmt(r.lastDoneMs / r.acceptedMs, 2)}×)   p50 ${fmt(r.p50 / 1000, 2)} s  p95 ${fmt(r.p95 / 1000, 2)} s   ${fmt(rate, 1)} /s${r.failures ? `   ${r.failures} failed` : ''}`,
    );
  }
  const ratios = rounds.map((round) => round.ratio).sort((a, b) => a - b);
  const ratio = median(ratios);
  console.log(
    `  organizations ready ÷ hashing      ${fmt(ratio, 3)} (the median of ${ratios.length} rounds: ${ratios.map((r) => fmt(r, 3)).join(', ')})`,
  );
  const cpus = rounds.flatMap(({ cpu, hashCpu }) => (cpu ? [{ ...cpuLine(cpu, hashCpu), hashCpu }] : []));
  const cpu = cpus.sort((a, b) => a.total - b.total)[Math.floor(cpus.length / 2)];
  if (cpu) {
    console.log(
      `  CPU per organization               ${fmt(cpu.total, 1)} ms, a hash alone ${fmt(cpu.hashCpu, 1)} ms (the round of the median total): with every core busy, ready ÷ hashing comes to about their ratio, ${fmt(cpu.hashCpu / cpu.total, 3)}`,
    );
  }
  console.log('');
  // Goal 1 for the summary: the longest p95 wait and the last done latest after the last POST.
  const waits = [...results, ...activationRounds];
  return {
    ratio,
    cpu: cpu && { total: cpu.total, hash: cpu.hashCpu },
    p95: Math.max(...waits.map((r) => r.p95)) / 1000,
    tail: Math.max(...waits.map((r) => r.lastDoneMs / r.acceptedMs)),
  };
}

/**
 * This process's CPU by kind of thread, and PostgreSQL's when it is the database (PGlite runs on
 * the main thread).
 */
function cpuByPart(postgres: boolean) {
  return (): Record<string, number> => {
    const { hashing, main, v8 } = threadCpuMs();
    const server = postgres ? postgresCpuMs() : undefined;
    return { hashing, main, v8, ...(server === undefined ? {} : { postgres: server }) };
  };
}

/** An organization's CPU by part, in all, and against a hash's alone (`hashCpu`). */
function cpuLine(cpu: Record<string, number>, hashCpu: number) {
  const { total, parts } = cpuSummary(cpu);
  return {
    total,
    text: `CPU per organization ${fmt(total, 1)} ms (${parts}); a hash alone ${fmt(hashCpu, 1)} ms, ÷ an organization's ${fmt(hashCpu / total, 3)}`,
  };
}

export async function benchBursts(hot: { runtime: { ctx: AppContext }; base: string }, shape: BurstShape) {
  const { burstSize, concurrency, burstRounds } = shape;
  // A warm-up round first, as a service that has been up a while: code compiled, pools full.
  await customerBursts(hot.runtime.ctx, hot.base, { count: 100, concurrency, tag: 'warm' });
  // Within a minute the pace moves by up to a quarter: the activation burst is measured in
  // several rounds, each against the hash rate right around it (right before and right after,
  // averaged), and the median counts. The last round goes on to the sign-ins and sign-offs.
  const activationRounds: BurstResult[] = [];
  const cpu = cpuReadable ? cpuByPart(hot.runtime.ctx.database.kind === 'postgres') : undefined;
  for (let round = 1; round < burstRounds; round++) {
    const [activated] = await customerBursts(hot.runtime.ctx, hot.base, {
      count: burstSize,
      concurrency,
      tag: `round${round}`,
      activationOnly: true,
      hashBaseline: () => hashRate(200),
      cpu,
    });
    if (activated) activationRounds.push(activated);
  }
  const results = await customerBursts(hot.runtime.ctx, hot.base, {
    count: burstSize,
    concurrency,
    tag: 'bench',
    hashBaseline: () => hashRate(200),
    cpu,
  });
  if (results[0]) activationRounds.push(results[0]);
  return printBursts(results, activationRounds, shape);
}
