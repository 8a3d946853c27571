/**
 * Memory of the server as `npm start` runs it (bin/server.js): resident set size (and CPU time)
 * when idle, and after a warm-up burst and each of three bursts of activations (all provisioned),
 * to show it does not grow from burst to burst. The live JavaScript heap after a full collection
 * is printed beside each: the resident set also holds what the allocator keeps for reuse, the
 * heap is what the code holds on to.
 */
import { readFileSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { processCpuMs } from './cpu.ts';
import { type HeapProbe, openHeapProbe } from './heap.ts';
import { fmt } from './load.ts';
import { startMain } from './main-process.ts';

const staff = { email: 'memory-bench@onramp.test', password: 'Memory-Bench-1!' };

function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0) / 1024;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function benchMemory(
  env: Record<string, string>,
  options: { bursts: number; perBurst: number },
) {
  // A server's first start on a machine strips its TypeScript and keeps the result in Node's
  // compile cache (a directory of this bench's own, empty to begin with), and it migrates a new
  // database; every later start does neither, and never loads Node's TypeScript stripper. The
  // first start's idle figure is printed too; the later start's is the one that counts.
  const compileCache = await mkdtemp(path.join(tmpdir(), 'onramp-compile-cache-'));
  try {
    return await measureMemory(compileCache, env, options);
  } finally {
    await rm(compileCache, { recursive: true, force: true });
  }
}

async function measureMemory(
  compileCache: string,
  env: Record<string, string>,
  options: { bursts: number; perBurst: number },
) {
  const serverEnv = {
    ...env,
    NODE_COMPILE_CACHE: compileCache,
    ONRAMP_STAFF_EMAIL: staff.email,
    ONRAMP_STAFF_PASSWORD: staff.password,
  };
  const first = await startMain(serverEnv);
  let firstIdle: number;
  try {
    await sleep(10_000);
    firstIdle = rssMb(first.child.pid ?? 0);
  } finally {
    await first.stop();
  }
  const main = await startMain(serverEnv);
  const { base, child } = main;
  let heap: HeapProbe | undefined;
  try {
    await sleep(10_000);
    const idle = rssMb(child.pid ?? 0);
    // Idle, a process only polls and keeps its timers: what that costs over 20 s, per second.
    const cpuBefore = processCpuMs(child.pid ?? 0);
    await sleep(20_000);
    const idleCpu = (processCpuMs(child.pid ?? 0) - cpuBefore) / 20;
    heap = await openHeapProbe(child, main.inspectPort);
    const idleHeap = await heap.liveHeapMb();
    const signIn = await fetch(`${base}/api/v1/staff/sessions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-for': '10.90.0.1' },
      body: JSON.stringify(staff),
    });
    const cookies = signIn.headers
      .getSetCookie()
      .map((c) => c.split(';')[0])
      .join('; ');
    const csrf = /onramp_staff_csrf=([^;]+)/.exec(cookies)?.[1] ?? '';
    const afterBursts: number[] = [];
    const heapAfterBursts: number[] = [];
    // Burst 0 warms up (JIT, pools, and the allocator arenas of the threads that hash passwords
    // reach their working size); the bursts measured after it show whether anything keeps growing.
    let warmedUp = 0;
    let warmedUpHeap = 0;
    for (let burst = 0; burst <= options.bursts; burst++) {
      const tokens: string[] = [];
      for (let i = 0; i < options.perBurst; i++) {
        const email = `m${burst}-${i}@memory.test`;
        await fetch(`${base}/api/v1/subscriptions`, {
          method: 'POST',
          headers: {
            'content-type': 'application/json',
            cookie: cookies,
            'x-csrf-token': csrf,
            'x-forwarded-for': '10.90.0.1',
          },
          body: JSON.stringify({
            company: `Memory ${burst} ${i}`,
            contact: { name: 'M', email },
            locale: 'en',
            kind: 'trial',
            trialDays: 30,
            products: [{ sku: 'cx-2', quantity: 1 }],
          }),
        }).then((r) => r.arrayBuffer());
        for (let attempt = 0; attempt < 200; attempt++) {
          const mail = (await (
            await fetch(`${base}/api/v1/dev/mailbox?to=${encodeURIComponent(email)}`)
          ).json()) as { text: string }[];
          const token = mail[0] && /\/activate\/([A-Za-z0-9_-]+)/.exec(mail[0].text)?.[1];
          if (token) {
            tokens.push(token);
            break;
          }
          await sleep(50);
        }
      }
      let next = 0;
      await Promise.all(
        Array.from({ length: 16 }, async () => {
          for (let i = next++; i < tokens.length; i = next++) {
            await fetch(`${base}/api/v1/activations/${tokens[i]}`, {
              method: 'POST',
              headers: { 'content-type': 'application/json', 'x-forwarded-for': `10.91.${burst}.${i}` },
              body: JSON.stringify({
                region: 'us-east-1',
                companyName: `Memory ${burst} ${i}`,
                admin: {
                  firstName: 'M',
                  lastName: 'M',
                  email: `a${burst}-${i}@memory.test`,
                  password: staff.password,
                },
                invitations: [{ email: `i${burst}-${i}@memory.test`, role: 'user' }],
                locale: 'en',
              }),
            }).then((r) => r.arrayBuffer());
          }
        }),
      );
      for (const token of tokens) {
        for (let attempt = 0; attempt < 600; attempt++) {
          const progress = (await (await fetch(`${base}/api/v1/activations/${token}/progress`)).json()) as {
            state: string;
          };
          if (progress.state === 'ready' || progress.state === 'failed') break;
          await sleep(100);
        }
      }
      await sleep(5000);
      const rss = rssMb(child.pid ?? 0);
      const live = await heap.liveHeapMb();
      if (burst === 0) {
        warmedUp = rss;
        warmedUpHeap = live;
      } else {
        afterBursts.push(rss);
        heapAfterBursts.push(live);
      }
    }
    console.log(
      `Memory of the server as npm start runs it (resident set), idle and after each burst of ${options.perBurst} activations`,
    );
    const row = (label: string, rss: number, live: number) =>
      console.log(
        `  ${label.padEnd(15)} ${fmt(rss).padStart(5)} MB   live heap ${fmt(live, 1).padStart(5)} MB`,
      );
    console.log(
      `  idle CPU        ${fmt(idleCpu, 1).padStart(5)} ms per second (${fmt(idleCpu / 10, 1)}% of a core)`,
    );
    console.log(
      `  first start     ${fmt(firstIdle).padStart(5)} MB   idle, a new database and nothing compiled yet`,
    );
    row('idle', idle, idleHeap);
    row('warm-up burst', warmedUp, warmedUpHeap);
    for (const [i, rss] of afterBursts.entries()) row(`after burst ${i + 1}`, rss, heapAfterBursts[i] ?? 0);
    console.log(
      `  growth          ${fmt((afterBursts.at(-1) ?? 0) - (afterBursts[0] ?? 0)).padStart(5)} MB   live heap ${fmt((heapAfterBursts.at(-1) ?? 0) - (heapAfterBursts[0] ?? 0), 1).padStart(5)} MB from the first burst to the last\n`,
    );
    return { idleCpu, idle, firstIdle, afterBursts, heapAfterBursts };
  } finally {
    heap?.close();
    await main.stop();
  }
}
