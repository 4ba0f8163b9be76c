/**
 * Module commands for the `urbia` CLI (e.g. `urbia strategy import`). Each module adds a function here.
 */
import type { Command } from 'commander';
import type { Config } from '../core/config.js';
import type { DatabaseHandle } from '../core/db.js';
import type { BuiltApp } from '../app.js';

export interface CliContext {
  config(overrides?: Partial<Config>): Config;
  withServices<T>(cfg: Config, fn: (built: BuiltApp, database: DatabaseHandle) => Promise<T>): Promise<T>;
  out(msg: string): void;
  err(msg: string): void;
}

export async function registerModuleCommands(program: Command, ctx: CliContext): Promise<void> {
  // Imported lazily: the registry imports every module, and the modules import this file's types.
  const { MODULES } = await import('./registry.js');
  for (const m of MODULES) m.cli?.(program, ctx);
}
