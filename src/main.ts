/**
 * The server: config → database → migrations → server + workers (src/server.ts). `npm start`
 * runs it through bin/server.js, which turns Node's compile cache on before any TypeScript loads;
 * run directly, the cache is turned on here, for the modules after this one (TypeScript stripped
 * and compiled once, kept on disk: later starts are faster and hold less memory).
 */
// First: libuv's pool is sized before anything starts it.
import './threadpool.ts';
import { enableCompileCache } from 'node:module';

enableCompileCache();
await import('./server.ts');
