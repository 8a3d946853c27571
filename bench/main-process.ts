/** The server as `npm start` runs it (bin/server.js) for the benches, on a free port. */
import { type ChildProcess, spawn } from 'node:child_process';
import { freePort, root } from '../test/helpers/processes.ts';

export type MainProcess = { child: ChildProcess; base: string; inspectPort: number; stop(): Promise<void> };

/** Starts Onramp with `env` (plus bench defaults) and waits until it serves. */
export async function startMain(env: Record<string, string>): Promise<MainProcess> {
  const port = await freePort();
  const inspectPort = await freePort();
  // As `npm start` runs it (package.json): PGlite's WebAssembly compiled by Liftoff only. The
  // inspector's port is set for a bench that opens it later (bench/heap.ts); it stays closed.
  const child = spawn(
    process.execPath,
    ['--liftoff-only', `--inspect-port=127.0.0.1:${inspectPort}`, 'bin/server.js'],
    {
      cwd: root,
      env: {
        ...process.env,
        ONRAMP_DEMO: '0',
        LOG_LEVEL: 'warn',
        TRUST_PROXY: '1',
        ...env,
        PORT: String(port),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  // Its errors go to the bench's own; the inspector's notices (bench/heap.ts opens it) do not.
  child.stderr?.on('data', (chunk: Buffer) => {
    const lines = chunk
      .toString()
      .split('\n')
      .filter((line) => line && !/^(Debugger (listening|attached|ending)|For help, see)/.test(line));
    if (lines.length > 0) process.stderr.write(`${lines.join('\n')}\n`);
  });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    output += chunk.toString();
  });
  // A web process prints where its API docs are; a worker process that it is running.
  const started = () => output.includes('API docs') || output.includes('worker is running');
  for (let i = 0; i < 600 && !started() && child.exitCode === null; i++) {
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  if (!started()) {
    child.kill('SIGKILL');
    throw new Error(`src/main.ts did not start:\n${output}`);
  }
  return {
    child,
    base: `http://127.0.0.1:${port}`,
    inspectPort,
    async stop() {
      if (child.exitCode !== null) return;
      child.kill('SIGTERM');
      await new Promise((resolve) => child.once('exit', resolve));
    },
  };
}
