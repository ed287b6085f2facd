import { createHash } from 'node:crypto';
import { createReadStream, existsSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { createInterface } from 'node:readline';

/** One line of an Airbyte output file, 1-based. */
export interface FileLine {
  file: string;
  line: number;
  text: string;
}

/** The `*.jsonl` files of one source under `DIR/<source>/`, sorted by name. */
export function listSourceFiles(dir: string, source: string): string[] {
  const folder = join(dir, source);
  if (!existsSync(folder) || !statSync(folder).isDirectory()) return [];

  return readdirSync(folder)
    .filter((name) => name.endsWith('.jsonl'))
    .sort()
    .map((name) => join(folder, name));
}

export async function* readLines(file: string): AsyncGenerator<FileLine> {
  const input = createReadStream(file, { encoding: 'utf8' });
  const reader = createInterface({ input, crlfDelay: Number.POSITIVE_INFINITY });
  let line = 0;
  try {
    for await (const text of reader) {
      line++;
      if (text.trim() === '') continue;
      yield { file, line, text };
    }
  } finally {
    reader.close();
    input.destroy();
  }
}

/**
 * Hash of a file's first `lines` lines. A checkpoint stores it, so a sync resumes after the last
 * committed line only when the file still begins the same way (it grew, as connector output
 * does); a rewritten file is read again from the top, where unchanged records are recognised by
 * their content hash.
 */
export async function prefixHash(file: string, lines: number): Promise<string> {
  const hash = createHash('sha256');
  for await (const { line, text } of readLines(file)) {
    if (line > lines) break;
    hash.update(`${line}:${text}\n`);
  }

  return hash.digest('hex').slice(0, 32);
}

export function relativeName(dir: string, file: string): string {
  return relative(dir, file);
}
