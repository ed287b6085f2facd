import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { DataDirInUseError, lockDataDir } from '../../src/db/dir-lock.js';

describe('data directory lock', () => {
  it('refuses a directory a live process holds', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sophia-lock-'));
    // The parent of the test worker is alive for the whole test.
    writeFileSync(join(dir, 'sophia.lock'), String(process.ppid));

    expect(() => lockDataDir(dir)).toThrow(DataDirInUseError);
    expect(() => lockDataDir(dir)).toThrow(new RegExp(`process ${process.ppid}`));
  });

  it('takes over a lock of a process that is gone', () => {
    const dir = mkdtempSync(join(tmpdir(), 'sophia-lock-'));
    writeFileSync(join(dir, 'sophia.lock'), '999999999');

    const release = lockDataDir(dir);
    expect(existsSync(join(dir, 'sophia.lock'))).toBe(true);
    release();
    expect(existsSync(join(dir, 'sophia.lock'))).toBe(false);
  });
});
