#!/usr/bin/env node
// `npx onramp …`: the staff and operator command line (src/cli/main.ts, run as TypeScript).
import { enableCompileCache } from 'node:module';

// Compiled once and kept on disk: every later command starts faster.
enableCompileCache();
await import('../src/cli/main.ts');
