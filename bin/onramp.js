#!/usr/bin/env node
// `npx onramp …`: the staff and operator command line (src/cli/main.ts, run as TypeScript).
import '../src/cli/main.ts';
