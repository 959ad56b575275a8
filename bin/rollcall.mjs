#!/usr/bin/env node
// `npx rollcall …`: the command-line tools, run from TypeScript source through tsx.
import { register } from 'tsx/esm/api';

register();
await import('../src/server/cli.ts');
