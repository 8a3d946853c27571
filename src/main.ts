/**
 * `npm start`. Node's compile cache first (TypeScript stripped and compiled once, kept on disk:
 * later starts are faster and hold less memory), then the server: config → database →
 * migrations → server + workers (src/server.ts).
 */
// First: libuv's pool is sized before anything starts it.
import './threadpool.ts';
import { enableCompileCache } from 'node:module';

enableCompileCache();
await import('./server.ts');
