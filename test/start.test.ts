import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, test } from 'node:test';
import { cleanUpAfterSuite } from './helpers/cleanup.ts';
import { freePort, runCli, startMain, until } from './helpers/processes.ts';

describe('npm start on a fresh machine', () => {
  const cleanup = cleanUpAfterSuite();

  test('prints a working console login, mailbox and demo link; the demo goes all the way; stops cleanly; keeps its data', async () => {
    const dataDir = await mkdtemp(path.join(tmpdir(), 'onramp-start-'));
    cleanup.push(() => rm(dataDir, { recursive: true, force: true }));
    const port = await freePort();
    const env = { DATA_DIR: dataDir, PORT: String(port) };
    const url = `http://localhost:${port}`;

    const first = await startMain(env);
    cleanup.push(async () => first.child.kill('SIGKILL'));
    assert.match(first.banner, new RegExp(`Onramp is running at ${url}`));
    assert.match(first.banner, new RegExp(`Staff console +${url}/console`));
    assert.match(first.banner, new RegExp(`Mailbox +${url}/mailbox`));
    const password = /sign in as admin@onramp\.localhost with password (\S+)/.exec(first.banner)?.[1];
    const demo = /Demo activation (\S+)/.exec(first.banner)?.[1];
    assert.ok(password && demo, first.banner);

    const signIn = await fetch(`${url}/api/v1/staff/sessions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'admin@onramp.localhost', password }),
    });
    assert.equal(signIn.status, 201);
    const token = demo.split('/activate/')[1];
    const summary = await fetch(`${url}/api/v1/activations/${token}`);
    assert.equal(summary.status, 200);
    assert.equal((await summary.json()).company, 'Acme Müller & Söhne');
    const mailbox = await (await fetch(`${url}/api/v1/dev/mailbox`)).json();
    assert.equal(mailbox[0].subject, 'Activate your Onramp features');
    assert.equal((await fetch(`${url}/console`)).status, 200);

    // Follow the demo link as a customer would: activate, sign in, let setup finish.
    const activation = await fetch(`${url}/api/v1/activations/${token}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        region: 'eu-central-1',
        companyName: 'Acme Müller & Söhne',
        admin: {
          firstName: 'Dana',
          lastName: 'Demo',
          email: 'dana@demo.onramp.localhost',
          password: 'Demo-Password-1',
        },
        invitations: [],
        locale: 'en',
      }),
    });
    assert.equal(activation.status, 202);
    assert.equal((await activation.json()).shortName, 'acmemullersohne');
    await until(
      async () =>
        (await (await fetch(`${url}/api/v1/activations/${token}/progress`)).json()).state === 'ready',
    );
    const login = await fetch(`${url}/api/v1/sessions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'dana@demo.onramp.localhost', password: 'Demo-Password-1' }),
    });
    assert.equal(login.status, 201);
    const cookie = login.headers
      .getSetCookie()
      .map((c) => c.split(';')[0])
      .join('; ');
    await until(
      async () =>
        (await (await fetch(`${url}/api/v1/organization/setup`, { headers: { cookie } })).json()).state ===
        'done',
    );
    const staffCookie = signIn.headers
      .getSetCookie()
      .map((c) => c.split(';')[0])
      .join('; ');
    await until(async () => {
      const queue = await (
        await fetch(`${url}/api/v1/verification-queue`, { headers: { cookie: staffCookie } })
      ).json();
      return queue.items[0]?.checksPassed === true;
    });

    const locked = await runCli(['subscription', 'list'], env);
    assert.equal(locked.code, 1);
    assert.match(locked.stderr, /in use by process \d+ \(is "npm start" running\?\)/);

    assert.equal(await first.stop(), 0, 'SIGTERM stops it cleanly');

    // Support and CX from the command line, on the stopped server's data.
    const shown = await runCli(['--json', 'org', 'show', 'AcmeMullerSohne'], env);
    assert.equal(shown.code, 0, shown.stderr);
    const detail = JSON.parse(shown.stdout);
    assert.equal(detail.organization.region, 'eu-central-1');
    assert.equal(detail.organization.verification, 'pending');
    const checks = await runCli(['org', 'checks', detail.organization.id], env);
    assert.equal(checks.code, 0, checks.stdout + checks.stderr);
    assert.match(checks.stdout, /features-enabled\s+passed/);
    const exported = path.join(dataDir, 'audit.csv');
    const exportRun = await runCli(
      ['audit', 'export', 'acmemullersohne', '--format', 'csv', '--output', exported],
      env,
    );
    assert.equal(exportRun.code, 0, exportRun.stderr);
    assert.match(
      await readFile(exported, 'utf8'),
      /^id,occurredAt,actorType,actorId,actorEmail,action,requestId,data\r\n/,
    );
    const verified = await runCli(['org', 'verify', 'acmemullersohne', '--notes', 'Demo checked'], env);
    assert.equal(verified.code, 0, verified.stderr);
    assert.match(verified.stdout, /is verified/);
    const again = await runCli(['org', 'verify', 'acmemullersohne'], env);
    assert.match(again.stdout, /already verified; nothing sent/);

    const second = await startMain(env);
    cleanup.push(async () => second.child.kill('SIGKILL'));
    assert.doesNotMatch(second.banner, /with password/, 'the password is printed only once');
    assert.match(second.banner, /password printed at first start/);
    assert.match(second.banner, /Demo +"Acme Müller & Söhne" is already activated/);
    const stillThere = await fetch(`${url}/api/v1/staff/sessions`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: 'admin@onramp.localhost', password }),
    });
    assert.equal(stillThere.status, 201, 'the staff account survived the restart');
    // The restarted server delivers what the CLI queued, in order.
    await until(async () => {
      const mail = await (await fetch(`${url}/api/v1/dev/mailbox?to=dana@demo.onramp.localhost`)).json();
      return mail.length >= 3;
    });
    const subjects = (
      await (await fetch(`${url}/api/v1/dev/mailbox?to=dana@demo.onramp.localhost`)).json()
    ).map((m: { subject: string }) => m.subject);
    assert.deepEqual(subjects.slice(0, 2), ['Welcome to Onramp', 'Thank you for activating Onramp features']);
    second.child.kill('SIGINT');
    assert.equal(await second.exited, 0, 'SIGINT stops it cleanly');

    const list = await runCli(['--json', 'subscription', 'list'], env);
    assert.equal(list.code, 0, list.stderr);
    const companies = JSON.parse(list.stdout).items.map((s: { company: string }) => s.company);
    assert.deepEqual(companies, ['Acme Müller & Söhne'], 'one demo subscription per data directory');
  });
});
