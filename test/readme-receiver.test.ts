import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { describe, test } from 'node:test';
import { startTestApp, type TestApp, waitFor } from './helpers/app.ts';
import { cleanUpAfterSuite } from './helpers/cleanup.ts';
import { registerEndpoint, seedSubscription } from './helpers/factories.ts';
import { freePort, root } from './helpers/processes.ts';

/** The receiver README.md shows is examples/webhook-receiver.ts, and it works as printed. */
describe('README: the receiver example', () => {
  const cleanup = cleanUpAfterSuite();

  test('README prints exactly examples/webhook-receiver.ts', () => {
    const readme = readFileSync(path.join(root, 'README.md'), 'utf8');
    const example = readFileSync(path.join(root, 'examples/webhook-receiver.ts'), 'utf8');
    assert.ok(readme.includes(`\`\`\`ts\n${example}\`\`\``), 'the README block is the example file');
  });

  test('it verifies and handles real deliveries, and refuses a forged one', async () => {
    const app: TestApp = await startTestApp();
    cleanup.push(() => app.close());
    const port = await freePort();
    const admin = await app.staff(['admin']);
    const created = await registerEndpoint(app, admin, `http://127.0.0.1:${port}/`, ['subscription.created']);
    const child = spawn(process.execPath, ['examples/webhook-receiver.ts'], {
      cwd: root,
      env: { ...process.env, PORT: String(port), ONRAMP_WEBHOOK_SECRET: created.secret },
    });
    cleanup.push(() => child.kill());
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    await waitFor(() => output.includes('listening on'), 'the receiver to listen');

    await seedSubscription(app, { company: 'Readme Co' });
    await waitFor(
      () => /subscription\.created .*"company":"Readme Co"/.test(output),
      'the event to be handled',
    );
    const forged = await fetch(`http://127.0.0.1:${port}/`, {
      method: 'POST',
      headers: {
        'webhook-id': 'msg_x',
        'webhook-timestamp': String(Math.floor(Date.now() / 1000)),
        'webhook-signature': 'v1,AAAA',
      },
      body: '{"type":"organization.verified","data":{}}',
    });
    assert.equal(forged.status, 401);
  });
});
