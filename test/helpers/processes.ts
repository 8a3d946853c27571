import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import path from 'node:path';

export const root = path.resolve(import.meta.dirname, '../..');

export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return typeof address === 'object' && address ? address.port : 0;
}

export type ServerProcess = {
  child: ChildProcess;
  url: string;
  exited: Promise<number | null>;
  output: () => string;
  /** Asks the process to shut down (SIGTERM) and resolves with its exit code. */
  stop: () => Promise<number | null>;
};

function stopper(child: ChildProcess, exited: Promise<number | null>): () => Promise<number | null> {
  return () => {
    child.kill('SIGTERM');
    return exited;
  };
}

/** Starts test/fixtures/server.ts and resolves when it listens. */
export async function startServerProcess(env: Record<string, string>): Promise<ServerProcess> {
  const port = env.PORT ?? String(await freePort());
  const child = spawn(process.execPath, ['test/fixtures/server.ts'], {
    cwd: root,
    env: {
      ...process.env,
      LOG_LEVEL: 'warn',
      NODE_ENV: 'development',
      ONRAMP_DEMO: '0',
      TRUST_PROXY: '1',
      ...env,
      PORT: port,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${output}`)), 60_000);
    const check = setInterval(() => {
      if (output.includes('listening ')) {
        clearTimeout(timer);
        clearInterval(check);
        resolve();
      }
    }, 50);
    void exited.then((code) => {
      clearTimeout(timer);
      clearInterval(check);
      reject(new Error(`server exited with ${code}:\n${output}`));
    });
  });
  return {
    child,
    url: `http://127.0.0.1:${port}`,
    exited,
    output: () => output,
    stop: stopper(child, exited),
  };
}

let clients = 0;

/**
 * A tiny HTTP client for a server process, keeping the staff cookies. Each client has its own
 * address in X-Forwarded-For (servers started with TRUST_PROXY=1), like users behind a proxy.
 */
export function client(baseUrl: string) {
  clients++;
  const address = `10.${100 + ((clients >> 16) % 100)}.${(clients >> 8) % 256}.${clients % 256}`;
  let cookies = '';
  let csrf = '';
  const call = async (method: string, url: string, body?: unknown) => {
    const response = await fetch(`${baseUrl}${url}`, {
      method,
      headers: {
        'x-forwarded-for': address,
        ...(body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(cookies ? { cookie: cookies } : {}),
        ...(csrf && method !== 'GET' ? { 'x-csrf-token': csrf } : {}),
      },
      ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
    });
    const setCookies = response.headers.getSetCookie();
    if (setCookies.length) {
      cookies = setCookies.map((c) => c.split(';')[0]).join('; ');
      csrf = /onramp(?:_staff)?_csrf=([^;]+)/.exec(cookies)?.[1] ?? csrf;
    }
    const text = await response.text();
    return { status: response.status, json: text ? JSON.parse(text) : undefined };
  };
  return {
    call,
    get cookies() {
      return { cookies, csrf };
    },
  };
}

/** The activation link's token from the newest activation email to `email` (the dev mailbox API). */
export async function activationTokenFromMailbox(
  api: ReturnType<typeof client>,
  email: string,
): Promise<string> {
  for (let attempt = 0; attempt < 100; attempt++) {
    const mail = (await api.call('GET', `/api/v1/dev/mailbox?to=${encodeURIComponent(email)}`)).json;
    const token = mail[0] && /\/activate\/([A-Za-z0-9_-]+)/.exec(mail[0].text)?.[1];
    if (token) return token;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`no activation email to ${email}`);
}

/** Runs the `onramp` command line with this environment. */
export function runCli(
  args: string[],
  env: Record<string, string>,
): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['bin/onramp.js', ...args], {
      cwd: root,
      env: { ...process.env, LOG_LEVEL: 'warn', ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.on('exit', (code) => resolve({ code, stdout, stderr }));
  });
}

/** Polls `condition` until it holds (process tests have no TestApp to ask). */
export async function until(condition: () => Promise<boolean>, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

export type Started = Pick<ServerProcess, 'child' | 'exited' | 'stop'> & { banner: string };

/** Runs `npm start`'s entry point and resolves once it printed its banner. */
export async function startMain(env: Record<string, string>): Promise<Started> {
  const child = spawn(process.execPath, ['--liftoff-only', 'bin/server.js'], {
    cwd: root,
    env: { ...process.env, LOG_LEVEL: 'warn', NODE_ENV: 'development', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  const banner = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no banner within 60 s:\n${output}`)), 60_000);
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      if (/API docs/.test(output)) {
        clearTimeout(timer);
        resolve(output);
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', (chunk: Buffer) => {
      output += chunk.toString();
    });
    void exited.then((code) => reject(new Error(`exited with ${code} before the banner:\n${output}`)));
  });
  return { child, banner, exited, stop: stopper(child, exited) };
}

/** The staff account process tests start their servers with (ONRAMP_STAFF_*). */
export const testStaff = { ONRAMP_STAFF_EMAIL: 'ops@onramp.test', ONRAMP_STAFF_PASSWORD: 'Ops-Password-1!' };

/** A client signed in to a server process as `testStaff`. */
export async function staffClient(baseUrl: string): Promise<ReturnType<typeof client>> {
  const api = client(baseUrl);
  const response = await api.call('POST', '/api/v1/staff/sessions', {
    email: testStaff.ONRAMP_STAFF_EMAIL,
    password: testStaff.ONRAMP_STAFF_PASSWORD,
  });
  if (response.status !== 201) throw new Error(`staff sign-in failed: ${response.status}`);
  return api;
}
