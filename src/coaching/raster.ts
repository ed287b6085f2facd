/**
 * A small RGB raster canvas: rectangles, lines, discs and bitmap-font text, enough to draw a
 * chart without a graphics dependency. Coordinates are integer pixels, origin top left;
 * anything outside the canvas is clipped.
 */

import { GLYPH_ADVANCE, glyphCells, toFontText } from './bitmap-font.js';

export type Rgb = readonly [number, number, number];

export class Raster {
  readonly pixels: Uint8Array;

  constructor(
    readonly width: number,
    readonly height: number,
    background: Rgb = [255, 255, 255],
  ) {
    if (!Number.isInteger(width) || !Number.isInteger(height) || width < 1 || height < 1) {
      throw new Error(`Invalid canvas size ${width}×${height}: pass positive integers`);
    }

    this.pixels = new Uint8Array(width * height * 3);
    this.fillRect(0, 0, width, height, background);
  }

  setPixel(x: number, y: number, color: Rgb): void {
    if (x < 0 || y < 0 || x >= this.width || y >= this.height) return;

    const offset = (y * this.width + x) * 3;
    this.pixels[offset] = color[0];
    this.pixels[offset + 1] = color[1];
    this.pixels[offset + 2] = color[2];
  }

  getPixel(x: number, y: number): Rgb {
    const offset = (y * this.width + x) * 3;

    return [
      this.pixels[offset] as number,
      this.pixels[offset + 1] as number,
      this.pixels[offset + 2] as number,
    ];
  }

  /** Fills the rectangle whose top-left corner is (x, y); sizes are rounded to pixels. */
  fillRect(x: number, y: number, width: number, height: number, color: Rgb): void {
    const left = Math.max(0, Math.round(x));
    const top = Math.max(0, Math.round(y));
    const right = Math.min(this.width, Math.round(x + width));
    const bottom = Math.min(this.height, Math.round(y + height));

    for (let row = top; row < bottom; row++) {
      for (let column = left; column < right; column++) this.setPixel(column, row, color);
    }
  }

  /** Draws a horizontal line; `dash` > 0 alternates `dash` pixels on and off. */
  horizontalLine(x1: number, x2: number, y: number, color: Rgb, thickness = 1, dash = 0): void {
    const from = Math.round(Math.min(x1, x2));
    const to = Math.round(Math.max(x1, x2));

    for (let x = from; x <= to; x++) {
      if (dash > 0 && Math.floor((x - from) / dash) % 2 === 1) continue;
      for (let t = 0; t < thickness; t++) this.setPixel(x, Math.round(y) + t, color);
    }
  }

  verticalLine(x: number, y1: number, y2: number, color: Rgb, thickness = 1): void {
    const from = Math.round(Math.min(y1, y2));
    const to = Math.round(Math.max(y1, y2));
    const left = Math.round(x) - Math.floor((thickness - 1) / 2);

    for (let y = from; y <= to; y++) {
      for (let t = 0; t < thickness; t++) this.setPixel(left + t, y, color);
    }
  }

  fillDisc(centerX: number, centerY: number, radius: number, color: Rgb): void {
    const cx = Math.round(centerX);
    const cy = Math.round(centerY);
    const limit = radius * radius + radius;

    for (let dy = -radius; dy <= radius; dy++) {
      for (let dx = -radius; dx <= radius; dx++) {
        if (dx * dx + dy * dy <= limit) this.setPixel(cx + dx, cy + dy, color);
      }
    }
  }

  /** Width in pixels of `text` drawn at `scale`, without the spacing after the last glyph. */
  static measureText(text: string, scale = 1): number {
    const length = [...toFontText(text)].length;
    if (length === 0) return 0;

    return (length * GLYPH_ADVANCE - 1) * scale;
  }

  /** Draws text with its top-left corner at (x, y); returns the drawn width in pixels. */
  drawText(text: string, x: number, y: number, color: Rgb, scale = 1): number {
    let penX = Math.round(x);
    const top = Math.round(y);

    for (const char of toFontText(text)) {
      for (const [column, row] of glyphCells(char)) {
        this.fillRect(penX + column * scale, top + row * scale, scale, scale, color);
      }
      penX += GLYPH_ADVANCE * scale;
    }

    return Raster.measureText(text, scale);
  }
}
