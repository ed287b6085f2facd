import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { crc32, ZipArchive } from '../../src/extract/zip.js';
import { buildZip } from './zip-writer.js';

function writeTemp(name: string, bytes: Buffer): string {
  const path = join(mkdtempSync(join(tmpdir(), 'sophia-zip-')), name);
  writeFileSync(path, bytes);
  return path;
}

async function readAll(path: string): Promise<Record<string, string>> {
  const archive = await ZipArchive.open(path);
  try {
    const files: Record<string, string> = {};
    for (const entry of archive.entries)
      files[entry.name] = (await archive.read(entry)).toString('utf8');
    return files;
  } finally {
    await archive.close();
  }
}

describe('zip reader', () => {
  it('computes the standard CRC-32 check value', () => {
    expect(crc32(Buffer.from('123456789'))).toBe(0xcbf43926);
  });

  it('reads stored and deflated entries', async () => {
    const long = 'Kestrel Freight pricing review. '.repeat(200);
    const path = writeTemp(
      'mixed.zip',
      buildZip([
        { name: 'stored.txt', data: 'plain bytes', method: 'stored' },
        { name: 'folder/deflated.txt', data: long },
        { name: 'empty.txt', data: '' },
        { name: 'ünïcode.json', data: '[]', method: 'stored' },
      ]),
    );

    const files = await readAll(path);

    expect(files['stored.txt']).toBe('plain bytes');
    expect(files['folder/deflated.txt']).toBe(long);
    expect(files['empty.txt']).toBe('');
    expect(files['ünïcode.json']).toBe('[]');
  });

  it('finds the end record behind an archive comment', async () => {
    const zip = buildZip([{ name: 'a.txt', data: 'alpha' }]);
    const comment = Buffer.from('exported by an example tool');
    zip.writeUInt16LE(comment.length, zip.length - 2);
    const path = writeTemp('comment.zip', Buffer.concat([zip, comment]));

    expect(await readAll(path)).toEqual({ 'a.txt': 'alpha' });
  });

  it('rejects an entry whose CRC does not match', async () => {
    const zip = buildZip([{ name: 'a.txt', data: 'alpha', method: 'stored' }]);
    // The stored bytes follow the 30-byte local header and the 5-byte name.
    zip[35] = 'A'.charCodeAt(0);
    const path = writeTemp('corrupt.zip', zip);

    await expect(readAll(path)).rejects.toThrow(/CRC-32 mismatch in a\.txt/);
  });

  it('rejects a file that is not a zip', async () => {
    const path = writeTemp('not.zip', Buffer.from('{"users": []}'));

    await expect(ZipArchive.open(path)).rejects.toThrow(/is not a ZIP archive/);
  });
});
