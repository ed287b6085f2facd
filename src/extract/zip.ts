/**
 * A minimal ZIP reader for Slack exports: it reads the central directory (ZIP64 included) and
 * returns entries stored (method 0) or deflated (method 8), checking size and CRC-32. Entries are
 * read on demand through a file handle, so the archive is never held in memory as a whole.
 * Format reference: PKWARE APPNOTE.TXT, sections 4.3 (layout) and 4.5.3 (ZIP64 extra field).
 */
import { type FileHandle, open } from 'node:fs/promises';
import { promisify } from 'node:util';
import { inflateRaw } from 'node:zlib';

const inflateRawAsync = promisify(inflateRaw);

const EOCD_SIGNATURE = 0x06054b50;
const ZIP64_LOCATOR_SIGNATURE = 0x07064b50;
const ZIP64_EOCD_SIGNATURE = 0x06064b50;
const CENTRAL_SIGNATURE = 0x02014b50;
const LOCAL_SIGNATURE = 0x04034b50;
const EOCD_SIZE = 22;
const MAX_COMMENT = 0xffff;
const ZIP64_EXTRA_ID = 0x0001;
const FLAG_ENCRYPTED = 0x1;
const METHOD_STORED = 0;
const METHOD_DEFLATED = 8;

/** One file of the archive, as its central directory describes it. */
export interface ZipEntry {
  name: string;
  method: number;
  flags: number;
  crc32: number;
  compressedSize: number;
  uncompressedSize: number;
  localHeaderOffset: number;
}

/** Raised when a file is not a readable ZIP archive or an entry cannot be extracted. */
export class ZipError extends Error {
  override readonly name = 'ZipError';
}

export class ZipArchive {
  private constructor(
    readonly path: string,
    private readonly file: FileHandle,
    readonly entries: ZipEntry[],
  ) {}

  /** Opens `path` and reads its central directory. */
  static async open(path: string): Promise<ZipArchive> {
    const file = await open(path, 'r');
    try {
      const entries = await readCentralDirectory(file, path);
      return new ZipArchive(path, file, entries);
    } catch (error) {
      await file.close();
      throw error;
    }
  }

  /** Extracts one entry and checks its size and CRC-32. */
  async read(entry: ZipEntry): Promise<Buffer> {
    if ((entry.flags & FLAG_ENCRYPTED) !== 0) {
      throw new ZipError(
        `${this.path}: entry ${entry.name} is encrypted; decrypt the export first`,
      );
    }

    const header = await readAt(this.file, entry.localHeaderOffset, 30);
    if (header.readUInt32LE(0) !== LOCAL_SIGNATURE) {
      throw new ZipError(
        `${this.path}: no local header for ${entry.name} at ${entry.localHeaderOffset}`,
      );
    }
    const dataOffset =
      entry.localHeaderOffset + 30 + header.readUInt16LE(26) + header.readUInt16LE(28);
    const compressed = await readAt(this.file, dataOffset, entry.compressedSize);

    const data = await this.decompress(entry, compressed);
    if (data.length !== entry.uncompressedSize) {
      throw new ZipError(
        `${this.path}: ${entry.name} extracted to ${data.length} bytes, expected ${entry.uncompressedSize}`,
      );
    }
    if (crc32(data) !== entry.crc32) {
      throw new ZipError(`${this.path}: CRC-32 mismatch in ${entry.name}; the archive is corrupt`);
    }

    return data;
  }

  async close(): Promise<void> {
    await this.file.close();
  }

  private async decompress(entry: ZipEntry, compressed: Buffer): Promise<Buffer> {
    if (entry.method === METHOD_STORED) return compressed;
    if (entry.method !== METHOD_DEFLATED) {
      throw new ZipError(
        `${this.path}: ${entry.name} uses compression method ${entry.method}; only stored (0) and deflated (8) entries can be read`,
      );
    }
    if (entry.uncompressedSize === 0) return Buffer.alloc(0);

    // The declared size bounds the output, so a forged entry cannot inflate without limit.
    return inflateRawAsync(compressed, { maxOutputLength: entry.uncompressedSize });
  }
}

async function readAt(file: FileHandle, position: number, length: number): Promise<Buffer> {
  const buffer = Buffer.alloc(length);
  const { bytesRead } = await file.read(buffer, 0, length, position);
  if (bytesRead !== length) {
    throw new ZipError(
      `unexpected end of archive: read ${bytesRead} of ${length} bytes at ${position}`,
    );
  }

  return buffer;
}

interface Directory {
  entryCount: number;
  size: number;
  offset: number;
}

async function readCentralDirectory(file: FileHandle, path: string): Promise<ZipEntry[]> {
  const { size } = await file.stat();
  const tailLength = Math.min(size, EOCD_SIZE + MAX_COMMENT);
  const tail = await readAt(file, size - tailLength, tailLength);
  const eocdIndex = findEndRecord(tail);
  if (eocdIndex < 0) {
    throw new ZipError(`${path} is not a ZIP archive (no end of central directory record)`);
  }

  const directory = await locateDirectory(
    file,
    path,
    tail,
    eocdIndex,
    size - tailLength + eocdIndex,
  );
  const buffer = await readAt(file, directory.offset, directory.size);

  return parseEntries(buffer, directory.entryCount, path);
}

/** Finds the end record from the back, where its comment length matches the bytes after it. */
function findEndRecord(tail: Buffer): number {
  for (let index = tail.length - EOCD_SIZE; index >= 0; index--) {
    if (tail.readUInt32LE(index) !== EOCD_SIGNATURE) continue;
    if (index + EOCD_SIZE + tail.readUInt16LE(index + 20) <= tail.length) return index;
  }

  return -1;
}

async function locateDirectory(
  file: FileHandle,
  path: string,
  tail: Buffer,
  eocdIndex: number,
  eocdPosition: number,
): Promise<Directory> {
  const directory: Directory = {
    entryCount: tail.readUInt16LE(eocdIndex + 10),
    size: tail.readUInt32LE(eocdIndex + 12),
    offset: tail.readUInt32LE(eocdIndex + 16),
  };
  const needsZip64 =
    directory.entryCount === 0xffff ||
    directory.size === 0xffffffff ||
    directory.offset === 0xffffffff;
  if (!needsZip64) return directory;

  const locator = await readAt(file, eocdPosition - 20, 20);
  if (locator.readUInt32LE(0) !== ZIP64_LOCATOR_SIGNATURE) {
    throw new ZipError(`${path}: ZIP64 sizes are announced but the ZIP64 locator is missing`);
  }
  const record = await readAt(file, readUInt64(locator, 8), 56);
  if (record.readUInt32LE(0) !== ZIP64_EOCD_SIGNATURE) {
    throw new ZipError(`${path}: the ZIP64 end of central directory record is missing`);
  }

  return {
    entryCount: readUInt64(record, 32),
    size: readUInt64(record, 40),
    offset: readUInt64(record, 48),
  };
}

function parseEntries(buffer: Buffer, count: number, path: string): ZipEntry[] {
  const entries: ZipEntry[] = [];
  let offset = 0;

  for (let index = 0; index < count; index++) {
    if (offset + 46 > buffer.length || buffer.readUInt32LE(offset) !== CENTRAL_SIGNATURE) {
      throw new ZipError(`${path}: central directory entry ${index + 1} of ${count} is damaged`);
    }
    const nameLength = buffer.readUInt16LE(offset + 28);
    const extraLength = buffer.readUInt16LE(offset + 30);
    const commentLength = buffer.readUInt16LE(offset + 32);
    const nameStart = offset + 46;
    const extra = buffer.subarray(nameStart + nameLength, nameStart + nameLength + extraLength);

    // NOTE: the specification makes names without the UTF-8 flag (bit 11) CP437. They are
    // decoded as UTF-8 too, which is exact only for ASCII names such as Slack's.
    const entry: ZipEntry = {
      name: buffer.toString('utf8', nameStart, nameStart + nameLength),
      flags: buffer.readUInt16LE(offset + 8),
      method: buffer.readUInt16LE(offset + 10),
      crc32: buffer.readUInt32LE(offset + 16),
      compressedSize: buffer.readUInt32LE(offset + 20),
      uncompressedSize: buffer.readUInt32LE(offset + 24),
      localHeaderOffset: buffer.readUInt32LE(offset + 42),
    };
    applyZip64Extra(entry, extra);
    entries.push(entry);

    offset = nameStart + nameLength + extraLength + commentLength;
  }

  return entries;
}

/** Replaces 32-bit fields saturated at 0xFFFFFFFF by the 64-bit values of the ZIP64 extra field. */
function applyZip64Extra(entry: ZipEntry, extra: Buffer): void {
  let offset = 0;
  while (offset + 4 <= extra.length) {
    const id = extra.readUInt16LE(offset);
    const length = extra.readUInt16LE(offset + 2);
    if (id === ZIP64_EXTRA_ID) {
      let field = offset + 4;
      const next = (): number => {
        const value = readUInt64(extra, field);
        field += 8;
        return value;
      };
      if (entry.uncompressedSize === 0xffffffff) entry.uncompressedSize = next();
      if (entry.compressedSize === 0xffffffff) entry.compressedSize = next();
      if (entry.localHeaderOffset === 0xffffffff) entry.localHeaderOffset = next();
      return;
    }
    offset += 4 + length;
  }
}

function readUInt64(buffer: Buffer, offset: number): number {
  const value = buffer.readBigUInt64LE(offset);
  if (value > BigInt(Number.MAX_SAFE_INTEGER)) {
    throw new ZipError(`ZIP64 value ${value} is larger than this reader supports`);
  }

  return Number(value);
}

const CRC_TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

/** CRC-32 (ISO 3309), as ZIP stores it. `zlib.crc32` needs Node 20.15, so it is computed here. */
export function crc32(data: Uint8Array): number {
  let crc = 0xffffffff;
  for (const byte of data) crc = (CRC_TABLE[(crc ^ byte) & 0xff] as number) ^ (crc >>> 8);

  return (crc ^ 0xffffffff) >>> 0;
}
