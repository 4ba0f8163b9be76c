#!/usr/bin/env node
// The `urbia` command. TypeScript runs through tsx's loader, so there is no separate build step for the
// server (see docs/decisions.md).
import { register } from 'tsx/esm/api';

register();
const { main } = await import('../src/cli.ts');
await main();
