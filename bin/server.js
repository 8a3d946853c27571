#!/usr/bin/env node
// `npm start`: the server (src/main.ts). Plain JavaScript, so that Node's compile cache is on
// before any TypeScript loads: once the cache holds the sources (every start after the first),
// Node never loads its TypeScript stripper, which keeps about 15 MB resident for good.
import { enableCompileCache } from 'node:module';

enableCompileCache();
await import('../src/main.ts');
