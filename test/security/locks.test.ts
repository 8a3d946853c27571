import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, test } from 'node:test';
import { sql } from 'drizzle-orm';
import { lockDataDir } from '../../src/db/data-dir-lock.ts';
import { claimDueEmails, emailClaimMs } from '../../src/email/delivery-queries.ts';
import { subscriptionInput } from '../../src/subscriptions/schemas.ts';
import { createSubscription } from '../../src/subscriptions/service.ts';
import { startTestApp } from '../helpers/app.ts';
import { cleanUpAfterSuite } from '../helpers/cleanup.ts';
import { subscriptionBody } from '../helpers/factories.ts';
import { rows } from '../helpers/sql.ts';

/** A process that has exited but that its parent never reaped: `kill(pid, 0)` still succeeds. */
async function zombie(): Promise<{ pid: number; stop(): void }> {
  const parent = spawn('sh', ['-c', 'sleep 0.1 & echo $!; exec sleep 30']);
  const pid = await new Promise<number>((resolve) =>
    parent.stdout.once('data', (d: Buffer) => resolve(Number(d.toString().trim()))),
  );
  for (let i = 0; i < 50; i++) {
    const state = (await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => '')).split(') ')[1]?.[0];
    if (state === 'Z') break;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return { pid, stop: () => parent.kill() };
}

describe('security: crash leftovers do not block', () => {
  const cleanup = cleanUpAfterSuite();

  test('the embedded database lock left by a zombie, or by a process whose pid was reused, is taken over', async (t) => {
    if (process.platform !== 'linux') return t.skip('needs /proc');
    const dir = await mkdtemp(path.join(tmpdir(), 'onramp-lock-'));
    cleanup.push(() => rm(dir, { recursive: true, force: true }));
    const dead = await zombie();
    cleanup.push(dead.stop);
    await writeFile(path.join(dir, 'onramp.lock'), `${dead.pid}:12345`);
    const unlock = lockDataDir(dir);
    unlock();
    // A live process with another start time merely reuses the pid the lock names.
    await writeFile(path.join(dir, 'onramp.lock'), `${process.ppid}:1`);
    lockDataDir(dir)();
    // A live owner is respected.
    const mine = lockDataDir(dir);
    const child = spawn(process.execPath, [
      '-e',
      `import('${path.resolve('src/db/data-dir-lock.ts')}').then((m) => { try { m.lockDataDir(${JSON.stringify(dir)}); console.log('taken'); } catch (e) { console.log('refused'); } })`,
    ]);
    const answer = await new Promise<string>((resolve) =>
      child.stdout.once('data', (d: Buffer) => resolve(d.toString().trim())),
    );
    assert.equal(answer, 'refused');
    mine();
  });

  test('an email claimed by a process that died goes out from another within a minute', async () => {
    assert.ok(emailClaimMs < 60_000);
    const app = await startTestApp({ workers: false });
    cleanup.push(() => app.close());
    await createSubscription(app.ctx, subscriptionInput.parse(subscriptionBody()), {
      actor: { type: 'system' },
    });
    const [email] = await rows<{ id: string }>(app, sql`select id from email_outbox limit 1`);
    assert.ok(email);
    const now = new Date();
    const ids = async (at: Date) => (await claimDueEmails(app.ctx.db, at, 10)).map((m) => m.id);
    assert.deepEqual(await ids(now), [email.id], 'the first process claims it');
    assert.deepEqual(await ids(new Date(now.getTime() + 1000)), [], 'held');
    assert.deepEqual(await ids(new Date(now.getTime() + 60_000)), [email.id], 'free again within a minute');
  });
});
