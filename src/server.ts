import v8 from 'node:v8';
import vm from 'node:vm';
import { ensureDemoSubscription, ensureStartupStaff } from './bootstrap.ts';
import { ConfigError, configWarnings, loadConfig } from './config.ts';
import { defaultWebDir } from './http/app.ts';
import { startRuntime } from './runtime.ts';

/** config → database → migrations → server + workers, then the banner (started by src/main.ts). */
async function main(): Promise<void> {
  let config: ReturnType<typeof loadConfig>;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`${error.message}\n`);
      process.exit(1);
    }
    throw error;
  }

  const runtime = await startRuntime(config, { webDir: defaultWebDir });
  const { app, ctx } = runtime;
  for (const warning of configWarnings(config)) ctx.log.warn(warning);

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    ctx.log.info({ signal }, 'shutting down: finishing requests and jobs');
    const timer = setTimeout(() => {
      ctx.log.error('shutdown took longer than 30 s; exiting');
      process.exit(1);
    }, 30_000);
    timer.unref();
    await runtime.close();
    ctx.log.info('stopped');
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));

  await app.listen({ port: config.port, host: config.host });
  releaseStartupGarbage();
  if (config.role === 'worker') {
    // No console, mailbox or demo here: the web processes serve those.
    process.stdout.write(
      `\nOnramp worker is running: background work on ${config.embedded ? config.dataDir : 'DATABASE_URL'}; health at http://${config.host}:${config.port}/healthz\n\n`,
    );
    return;
  }
  const staff = await ensureStartupStaff(ctx);
  const demo = config.demo ? await ensureDemoSubscription(ctx) : undefined;

  const url = config.publicUrl;
  const lines = [
    '',
    `Onramp is running at ${url}${config.role === 'web' ? ' (web only: run a worker too, ONRAMP_ROLE=worker)' : ''}`,
    `  Staff console   ${url}/console`,
  ];
  if (staff?.password) {
    lines.push(`                  sign in as ${staff.email} with password ${staff.password}`);
    lines.push('                  (shown once: only its hash is kept; note it now)');
  } else if (staff && config.staff) {
    lines.push(`                  sign in as ${staff.email} (password from ONRAMP_STAFF_PASSWORD)`);
  } else if (staff) {
    lines.push(`                  sign in as ${staff.email} (password printed at first start;`);
    lines.push(`                  new one: npm run cli -- staff set-password ${staff.email})`);
  }
  if (config.devMailbox && !config.smtpUrl) lines.push(`  Mailbox         ${url}/mailbox`);
  if (demo && 'url' in demo) lines.push(`  Demo activation ${demo.url}`);
  if (demo && 'activated' in demo) lines.push(`  Demo            "${demo.activated}" is already activated`);
  lines.push(`  API docs        ${url}/docs`);
  lines.push(
    config.embedded
      ? `  Data            ${config.dataDir} (embedded PostgreSQL; set DATABASE_URL to use your own)`
      : '  Data            PostgreSQL at DATABASE_URL',
  );
  lines.push('');
  process.stdout.write(`${lines.join('\n')}\n`);
}

/**
 * Loading the application's modules leaves tens of megabytes of garbage (module sources, parse
 * trees) that V8 would keep mapped for the process's whole life, as it rarely collects fully
 * while idle. One full collection once everything is up hands it back.
 */
function releaseStartupGarbage(): void {
  v8.setFlagsFromString('--expose-gc');
  const collect = vm.runInNewContext('gc') as () => void;
  collect();
}

main().catch((error: unknown) => {
  process.stderr.write(`Onramp failed to start: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exit(1);
});
