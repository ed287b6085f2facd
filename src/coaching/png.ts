/**
 * A minimal PNG encoder for 8-bit RGB images, per the PNG specification (W3C, third edition):
 * signature, IHDR, one zlib-compressed IDAT, IEND, each chunk closed by a CRC-32.
 */

import { deflateSync } from 'node:zlib';

export const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

const CRC_TABLE = buildCrcTable();

/** CRC-32 lookup table for the reflected polynomial 0xEDB88320 that PNG and zlib use. */
function buildCrcTable(): Uint32Array {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }

  return table;
}

/** Computes the CRC-32 of the bytes, as an unsigned 32-bit integer. */
export function crc32(bytes: Uint8Array): number {
  let c = 0xffffffff;
  for (const byte of bytes) c = (CRC_TABLE[(c ^ byte) & 0xff] as number) ^ (c >>> 8);

  return (c ^ 0xffffffff) >>> 0;
}

/** Builds one chunk: length, type, data, and the CRC over type and data. */
function chunk(type: string, data: Buffer): Buffer {
  const typeAndData = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(typeAndData));

  return Buffer.concat([length, typeAndData, crc]);
}

/**
 * Encodes `rgb` (width × height × 3 bytes, rows top to bottom) as a PNG. Every scanline uses
 * filter type 0 (None), which keeps the encoder short; deflate still shrinks flat charts well.
 */
export function encodePng(width: number, height: number, rgb: Uint8Array): Buffer {
  if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1) {
    throw new Error(`Invalid PNG size ${width}×${height}: pass positive integer dimensions`);
  }
  if (rgb.length !== width * height * 3) {
    throw new Error(
      `Invalid pixel buffer of ${rgb.length} bytes for ${width}×${height}: ` +
        `pass exactly ${width * height * 3} bytes (3 per pixel)`,
    );
  }

  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.writeUInt8(8, 8); // bit depth
  header.writeUInt8(2, 9); // colour type 2: truecolour RGB
  header.writeUInt8(0, 10); // compression method 0: deflate
  header.writeUInt8(0, 11); // filter method 0
  header.writeUInt8(0, 12); // no interlace

  const rowBytes = width * 3;
  const scanlines = Buffer.alloc((rowBytes + 1) * height);
  for (let y = 0; y < height; y++) {
    const offset = y * (rowBytes + 1);
    scanlines[offset] = 0;
    scanlines.set(rgb.subarray(y * rowBytes, (y + 1) * rowBytes), offset + 1);
  }

  return Buffer.concat([
    PNG_SIGNATURE,
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(scanlines)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}
