/**
 * The live JavaScript heap of a child Node process, after a full garbage collection, read
 * through its inspector. The inspector is opened only when first asked for (SIGUSR1 on the port
 * the child was started with, `--inspect-port`), so the idle figures before it are untouched.
 */
import type { ChildProcess } from 'node:child_process';

export type HeapProbe = { liveHeapMb(): Promise<number>; close(): void };

export async function openHeapProbe(child: ChildProcess, inspectPort: number): Promise<HeapProbe> {
  child.kill('SIGUSR1');
  let target: string | undefined;
  for (let i = 0; i < 100 && !target; i++) {
    try {
      const list = (await (await fetch(`http://127.0.0.1:${inspectPort}/json/list`)).json()) as {
        webSocketDebuggerUrl: string;
      }[];
      target = list[0]?.webSocketDebuggerUrl;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  if (!target) throw new Error('the inspector of the measured process did not open');
  const socket = new WebSocket(target);
  await new Promise((resolve, reject) => {
    socket.addEventListener('open', resolve, { once: true });
    socket.addEventListener('error', reject, { once: true });
  });
  let id = 0;
  const call = (method: string) =>
    new Promise<Record<string, unknown>>((resolve) => {
      const mine = ++id;
      const onMessage = (event: MessageEvent) => {
        const message = JSON.parse(String(event.data)) as { id?: number; result?: Record<string, unknown> };
        if (message.id !== mine) return;
        socket.removeEventListener('message', onMessage);
        resolve(message.result ?? {});
      };
      socket.addEventListener('message', onMessage);
      socket.send(JSON.stringify({ id: mine, method }));
    });
  return {
    async liveHeapMb() {
      await call('HeapProfiler.collectGarbage');
      const usage = await call('Runtime.getHeapUsage');
      return Number(usage.usedSize ?? 0) / 1024 / 1024;
    },
    close: () => socket.close(),
  };
}
