import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';

export function writeJsonl(path: string, lines: unknown[]): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, `${lines.map((line) => JSON.stringify(line)).join('\n')}\n`);
}
