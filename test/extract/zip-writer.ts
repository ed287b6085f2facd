import { deflateRawSync } from 'node:zlib';
import { crc32 } from '../../src/extract/zip.js';

export interface ZipInput {
  name: string;
  data: Buffer | string;
  /** `stored` writes the bytes as they are; `deflated` (the default) compresses them. */
  method?: 'stored' | 'deflated';
}

/**
 * Builds a ZIP archive in memory: local headers, central directory and end record, as
 * PKWARE APPNOTE.TXT section 4.3 lays them out. Deflated entries set the data-descriptor flag
 * and write their sizes after the data, as streaming zippers do.
 */
export function buildZip(inputs: ZipInput[]): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;

  for (const input of inputs) {
    const data = Buffer.isBuffer(input.data) ? input.data : Buffer.from(input.data, 'utf8');
    const deflated = input.method !== 'stored';
    const body = deflated ? deflateRawSync(data) : data;
    const name = Buffer.from(input.name, 'utf8');
    const crc = crc32(data);
    const flags = 0x0800 | (deflated ? 0x0008 : 0);

    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(flags, 6);
    local.writeUInt16LE(deflated ? 8 : 0, 8);
    // With the data-descriptor flag the local header's CRC and sizes are zero.
    local.writeUInt32LE(deflated ? 0 : crc, 14);
    local.writeUInt32LE(deflated ? 0 : body.length, 18);
    local.writeUInt32LE(deflated ? 0 : data.length, 22);
    local.writeUInt16LE(name.length, 26);
    const descriptor = Buffer.alloc(deflated ? 16 : 0);
    if (deflated) {
      descriptor.writeUInt32LE(0x08074b50, 0);
      descriptor.writeUInt32LE(crc, 4);
      descriptor.writeUInt32LE(body.length, 8);
      descriptor.writeUInt32LE(data.length, 12);
    }
    locals.push(local, name, body, descriptor);

    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(flags, 8);
    central.writeUInt16LE(deflated ? 8 : 0, 10);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(body.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(name.length, 28);
    central.writeUInt32LE(offset, 42);
    centrals.push(central, name);

    offset += local.length + name.length + body.length + descriptor.length;
  }

  const directory = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(inputs.length, 8);
  end.writeUInt16LE(inputs.length, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);

  return Buffer.concat([...locals, directory, end]);
}
