import * as zlib from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { toFontText } from '../../src/coaching/bitmap-font.js';
import {
  CHART_COLORS,
  type CoachingChartInput,
  chartLayout,
  crc32,
  encodePng,
  formatMetricValue,
  METRIC_NAMES,
  type MetricName,
  type MetricValue,
  niceCeiling,
  PNG_SIGNATURE,
  renderCoachingChart,
  type TeamDistribution,
  valueToX,
} from '../../src/coaching/index.js';

interface PngChunk {
  type: string;
  data: Buffer;
  storedCrc: number;
  computedCrc: number;
}

/** CRC-32 from Node's zlib where available (Node ≥ 20.15), else from the module under test. */
const referenceCrc: (data: Buffer) => number =
  typeof (zlib as { crc32?: unknown }).crc32 === 'function'
    ? (data) => (zlib as unknown as { crc32: (d: Buffer) => number }).crc32(data)
    : crc32;

function readChunks(png: Buffer): PngChunk[] {
  const chunks: PngChunk[] = [];
  let offset = PNG_SIGNATURE.length;

  while (offset < png.length) {
    const length = png.readUInt32BE(offset);
    const typeAndData = png.subarray(offset + 4, offset + 8 + length);
    chunks.push({
      type: typeAndData.subarray(0, 4).toString('latin1'),
      data: typeAndData.subarray(4),
      storedCrc: png.readUInt32BE(offset + 8 + length),
      computedCrc: referenceCrc(typeAndData),
    });
    offset += 12 + length;
  }

  return chunks;
}

interface DecodedPng {
  width: number;
  height: number;
  chunks: PngChunk[];
  scanlines: Buffer;
  pixel(x: number, y: number): [number, number, number];
}

/** Decodes the RGB, filter-0 PNGs the chart writes; anything else fails the test. */
function decodePng(png: Buffer): DecodedPng {
  const chunks = readChunks(png);
  const header = chunks[0]?.data ?? Buffer.alloc(0);
  const width = header.readUInt32BE(0);
  const height = header.readUInt32BE(4);
  const idat = Buffer.concat(chunks.filter((chunk) => chunk.type === 'IDAT').map((c) => c.data));
  const scanlines = zlib.inflateSync(idat);
  const stride = width * 3 + 1;

  return {
    width,
    height,
    chunks,
    scanlines,
    pixel: (x, y) => {
      const offset = y * stride + 1 + x * 3;
      return [scanlines[offset] ?? -1, scanlines[offset + 1] ?? -1, scanlines[offset + 2] ?? -1];
    },
  };
}

function teamFor(talkRatio: number[]): TeamDistribution {
  const team = {} as TeamDistribution;
  for (const name of METRIC_NAMES) team[name] = { value: null, reason: 'no data in this fixture' };
  const [p10, p25, median, p75, p90] = talkRatio as [number, number, number, number, number];
  team.talkRatio = { count: 6, min: p10, p10, p25, median, p75, p90, max: p90, unit: 'ratio' };

  return team;
}

function repWith(values: Partial<Record<MetricName, number>>): Record<MetricName, MetricValue> {
  const rep = {} as Record<MetricName, MetricValue>;
  for (const name of METRIC_NAMES) {
    const value = values[name];
    rep[name] =
      value === undefined ? { value: null, reason: 'no calls' } : { value, unit: 'ratio' };
  }

  return rep;
}

const input: CoachingChartInput = {
  repName: 'Dana Whitfield',
  periodLabel: '2024-07-01 to 2024-09-30',
  rep: repWith({ talkRatio: 0.25 }),
  team: teamFor([0.3, 0.4, 0.5, 0.6, 0.7]),
  domains: { talkRatio: [0, 1] },
};

const REP_COLOR = [...CHART_COLORS.rep];

describe('renderCoachingChart', () => {
  const png = renderCoachingChart(input);
  const decoded = decodePng(png);

  it('starts with the PNG signature', () => {
    expect(png.subarray(0, 8)).toEqual(Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]));
  });

  it('writes IHDR for an 800×500 RGB image', () => {
    const header = decoded.chunks[0];

    expect(header?.type).toBe('IHDR');
    expect(decoded.width).toBe(800);
    expect(decoded.height).toBe(500);
    expect(header?.data[8]).toBe(8);
    expect(header?.data[9]).toBe(2);
  });

  it('closes every chunk with a valid CRC', () => {
    expect(decoded.chunks.map((chunk) => chunk.type)).toEqual(['IHDR', 'IDAT', 'IEND']);
    for (const chunk of decoded.chunks) {
      expect(chunk.storedCrc, chunk.type).toBe(chunk.computedCrc);
    }
  });

  it('inflates to one filtered scanline per row', () => {
    expect(decoded.scanlines.length).toBe((800 * 3 + 1) * 500);
    for (let y = 0; y < 500; y++) expect(decoded.scanlines[y * 2401]).toBe(0);
  });

  it('draws the rep marker at the value', () => {
    const layout = chartLayout(input);
    const row = layout.rows.find((candidate) => candidate.metric === 'talkRatio');
    if (row === undefined) throw new Error('talk ratio row is missing');
    const expectedX = Math.round(layout.plotLeft + 0.25 * (layout.plotRight - layout.plotLeft));

    expect(valueToX(layout, row, 0.25)).toBe(expectedX);
    expect(decoded.pixel(expectedX, row.centerY)).toEqual(REP_COLOR);

    const repColumns: number[] = [];
    for (let x = layout.plotLeft; x <= layout.plotRight; x++) {
      const [r, g, b] = decoded.pixel(x, row.centerY);
      if (r === REP_COLOR[0] && g === REP_COLOR[1] && b === REP_COLOR[2]) repColumns.push(x);
    }
    const centre = (Math.min(...repColumns) + Math.max(...repColumns)) / 2;
    expect(centre).toBe(expectedX);
  });

  it('draws the team median between the quartiles', () => {
    const layout = chartLayout(input);
    const row = layout.rows[0];
    if (row === undefined) throw new Error('no rows');
    const medianX = Math.round(layout.plotLeft + 0.5 * (layout.plotRight - layout.plotLeft));

    expect(decoded.pixel(medianX, row.centerY)).toEqual([...CHART_COLORS.median]);
    expect(decoded.pixel(medianX + 20, row.centerY)).toEqual([...CHART_COLORS.innerBox]);
  });

  it('draws no marker for a missing rep value', () => {
    const layout = chartLayout(input);
    const row = layout.rows.find((candidate) => candidate.metric === 'patience');
    if (row === undefined) throw new Error('patience row is missing');

    for (let x = layout.plotLeft; x <= layout.plotRight; x++) {
      expect(decoded.pixel(x, row.centerY)).not.toEqual(REP_COLOR);
    }
  });

  it('honours a custom size', () => {
    const large = decodePng(renderCoachingChart({ ...input, width: 1000, height: 600 }));

    expect([large.width, large.height]).toEqual([1000, 600]);
    expect(large.scanlines.length).toBe((1000 * 3 + 1) * 600);
  });

  it('rejects a size too small to read', () => {
    expect(() => renderCoachingChart({ ...input, width: 100 })).toThrow(/Invalid chart width 100/);
  });
});

describe('chart helpers', () => {
  it('rounds axis maxima up', () => {
    expect(niceCeiling(0)).toBe(1);
    expect(niceCeiling(0.7)).toBe(1);
    expect(niceCeiling(13)).toBe(20);
    expect(niceCeiling(21)).toBe(25);
    expect(niceCeiling(160)).toBe(200);
    expect(niceCeiling(300)).toBe(500);
    expect(niceCeiling(1000)).toBe(1000);
  });

  it('formats values with units', () => {
    expect(formatMetricValue(0.426, 'ratio')).toBe('43%');
    expect(formatMetricValue(95.4, 'seconds')).toBe('95 s');
    expect(formatMetricValue(4.25, 'seconds')).toBe('4.3 s');
    expect(formatMetricValue(2.5, 'switches_per_minute')).toBe('2.5/min');
    expect(formatMetricValue(12, 'questions_per_hour')).toBe('12/h');
    expect(formatMetricValue(11, 'questions_per_call')).toBe('11');
  });

  it('maps text to the built-in font', () => {
    expect(toFontText('Zoë Ångström – Q3 ✓')).toBe('Zoe Angstrom - Q3 ?');
  });
});

describe('png encoding', () => {
  it('computes the standard CRC-32 check value', () => {
    expect(crc32(Buffer.from('123456789', 'latin1'))).toBe(0xcbf43926);
  });

  it('round-trips a 2×2 image', () => {
    const rgb = Uint8Array.from([255, 0, 0, 0, 255, 0, 0, 0, 255, 10, 20, 30]);
    const decoded = decodePng(encodePng(2, 2, rgb));

    expect(decoded.pixel(0, 0)).toEqual([255, 0, 0]);
    expect(decoded.pixel(1, 0)).toEqual([0, 255, 0]);
    expect(decoded.pixel(0, 1)).toEqual([0, 0, 255]);
    expect(decoded.pixel(1, 1)).toEqual([10, 20, 30]);
  });

  it('rejects a buffer of the wrong size', () => {
    expect(() => encodePng(2, 2, new Uint8Array(5))).toThrow(/pass exactly 12 bytes/);
  });
});
