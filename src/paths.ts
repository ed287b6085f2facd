import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Root of the installed package: the nearest folder above this module that has `schema/`.
 * Works from both `src/` (tests) and `dist/src/` (the built CLI).
 */
export function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let depth = 0; depth < 5; depth++) {
    if (existsSync(join(dir, 'schema', 'migrations'))) return dir;
    dir = dirname(dir);
  }

  throw new Error(`Cannot find the schema/ folder above ${fileURLToPath(import.meta.url)}`);
}
