/**
 * Renders a rep's coaching metrics against the team as a PNG: one row per metric with the
 * team's p10–p90 band, p25–p75 box and median tick, the published reference where one exists,
 * and the rep's value as a marker.
 */

import {
  type Distribution,
  isDistribution,
  REFERENCE_BANDS,
  type TeamDistribution,
} from './aggregate.js';
import { encodePng } from './png.js';
import { Raster, type Rgb } from './raster.js';
import {
  METRIC_LABELS,
  METRIC_NAMES,
  METRIC_UNITS,
  type MetricName,
  type MetricUnit,
  type MetricValue,
} from './types.js';

export const CHART_COLORS = {
  background: [255, 255, 255],
  text: [33, 37, 41],
  muted: [108, 117, 125],
  axis: [173, 181, 189],
  outerBand: [218, 227, 238],
  innerBox: [140, 166, 199],
  median: [23, 52, 92],
  rep: [228, 87, 46],
  reference: [46, 158, 91],
} as const satisfies Record<string, Rgb>;

export interface CoachingChartInput {
  repName: string;
  /** Shown in the title as given, e.g. "2024-07-01 to 2024-09-30". */
  periodLabel: string;
  /** The rep's period values, e.g. `aggregatePeriod(...).metrics`. */
  rep: Record<MetricName, MetricValue>;
  team: TeamDistribution;
  /** Rows to draw, top to bottom; defaults to every metric. */
  metrics?: MetricName[] | undefined;
  /** Fixed axis range per metric; by default talk ratio spans 0–100% and others 0 to a round maximum. */
  domains?: Partial<Record<MetricName, readonly [number, number]>> | undefined;
  /** Draws published reference bands (default true). */
  showReferences?: boolean | undefined;
  width?: number | undefined;
  height?: number | undefined;
}

/** Position and axis of one chart row. */
export interface ChartRow {
  metric: MetricName;
  top: number;
  /** Vertical centre of the bars and the rep marker. */
  centerY: number;
  domain: readonly [number, number];
}

export interface ChartLayout {
  width: number;
  height: number;
  /** x of the domain's lower end. */
  plotLeft: number;
  /** x of the domain's upper end. */
  plotRight: number;
  rows: ChartRow[];
}

const FONT_SCALE = 2;
const MARGIN = 16;
const HEADER_HEIGHT = 72;
const LEGEND_HEIGHT = 40;
const LABEL_COLUMN = 290;
const VALUE_COLUMN = 130;
const MARKER_RADIUS = 6;
const MIN_WIDTH = 480;
const MIN_HEIGHT = 200;

/** Computes where every row and the plot area sit, so tests can find drawn values. */
export function chartLayout(input: CoachingChartInput): ChartLayout {
  const width = input.width ?? 800;
  const height = input.height ?? 500;
  if (!Number.isInteger(width) || width < MIN_WIDTH) {
    throw new Error(`Invalid chart width ${width}: pass an integer of at least ${MIN_WIDTH}`);
  }
  if (!Number.isInteger(height) || height < MIN_HEIGHT) {
    throw new Error(`Invalid chart height ${height}: pass an integer of at least ${MIN_HEIGHT}`);
  }

  const metrics = input.metrics ?? [...METRIC_NAMES];
  const rowHeight = (height - HEADER_HEIGHT - LEGEND_HEIGHT) / Math.max(1, metrics.length);
  const rows = metrics.map((metric, index) => {
    const top = Math.round(HEADER_HEIGHT + index * rowHeight);

    return {
      metric,
      top,
      centerY: top + Math.round(rowHeight / 2) - 4,
      domain: domainOf(input, metric),
    };
  });

  return {
    width,
    height,
    plotLeft: MARGIN + LABEL_COLUMN,
    plotRight: width - MARGIN - VALUE_COLUMN,
    rows,
  };
}

/** Maps a value to its x on the row's axis, clamped to the plot area. */
export function valueToX(layout: ChartLayout, row: ChartRow, value: number): number {
  const [low, high] = row.domain;
  const share = high === low ? 0 : (value - low) / (high - low);
  const clamped = Math.min(1, Math.max(0, share));

  return Math.round(layout.plotLeft + clamped * (layout.plotRight - layout.plotLeft));
}

function domainOf(input: CoachingChartInput, metric: MetricName): readonly [number, number] {
  const fixed = input.domains?.[metric];
  if (fixed !== undefined) {
    if (!(fixed[1] > fixed[0])) {
      throw new Error(
        `Invalid domain [${fixed.join(', ')}] for ${metric}: upper must exceed lower`,
      );
    }
    return fixed;
  }
  if (metric === 'talkRatio') return [0, 1];

  const candidates = [input.rep[metric]?.value ?? 0];
  const team = input.team[metric];
  if (team !== undefined && isDistribution(team)) candidates.push(team.p90, team.median);
  const band = REFERENCE_BANDS[metric];
  if (band !== undefined && input.showReferences !== false) candidates.push(band.high);

  return [0, niceCeiling(Math.max(...candidates))];
}

/** Smallest of 1, 2, 2.5, 5 times a power of ten that is at least `value` (1 for 0). */
export function niceCeiling(value: number): number {
  if (!(value > 0)) return 1;

  const power = 10 ** Math.floor(Math.log10(value));
  for (const step of [1, 2, 2.5, 5, 10]) {
    if (step * power >= value * (1 - 1e-12)) return step * power;
  }

  return 10 * power;
}

/** Formats a metric value with its unit for labels, e.g. "43%", "95 s", "2.5/min". */
export function formatMetricValue(value: number, unit: MetricUnit): string {
  const short = (n: number): string => (Number.isInteger(n) ? String(n) : n.toFixed(1));

  switch (unit) {
    case 'ratio':
      return `${Math.round(value * 100)}%`;
    case 'seconds':
      return value >= 10 ? `${Math.round(value)} s` : `${short(Math.round(value * 10) / 10)} s`;
    case 'switches_per_minute':
    case 'fillers_per_minute':
      return `${short(Math.round(value * 10) / 10)}/min`;
    case 'questions_per_hour':
      return `${short(Math.round(value * 10) / 10)}/h`;
    case 'questions_per_call':
      return short(Math.round(value * 10) / 10);
  }
}

/**
 * Renders the chart as a PNG buffer (800×500 by default). Rows without a team distribution
 * show "no team data"; a rep value that is missing shows "n/a" and no marker.
 */
export function renderCoachingChart(input: CoachingChartInput): Buffer {
  const layout = chartLayout(input);
  const raster = new Raster(layout.width, layout.height, CHART_COLORS.background);

  drawHeader(raster, input);
  for (const row of layout.rows) drawRow(raster, layout, row, input);
  drawLegend(raster, input);

  return encodePng(raster.width, raster.height, raster.pixels);
}

function drawHeader(raster: Raster, input: CoachingChartInput): void {
  const title = fitText(
    `Coaching metrics: ${input.repName} vs team`,
    raster.width - 2 * MARGIN,
    FONT_SCALE,
  );
  raster.drawText(title, MARGIN, MARGIN, CHART_COLORS.text, FONT_SCALE);

  const subtitle = fitText(input.periodLabel, raster.width - 2 * MARGIN, FONT_SCALE);
  raster.drawText(subtitle, MARGIN, MARGIN + 26, CHART_COLORS.muted, FONT_SCALE);
  raster.horizontalLine(MARGIN, raster.width - MARGIN, HEADER_HEIGHT - 6, CHART_COLORS.axis);
}

/** Shortens text with "..." until it fits `maxWidth` pixels. */
function fitText(text: string, maxWidth: number, scale: number): string {
  if (Raster.measureText(text, scale) <= maxWidth) return text;

  let cut = text;
  while (cut.length > 0 && Raster.measureText(`${cut}...`, scale) > maxWidth)
    cut = cut.slice(0, -1);

  return `${cut.trimEnd()}...`;
}

function drawRow(
  raster: Raster,
  layout: ChartLayout,
  row: ChartRow,
  input: CoachingChartInput,
): void {
  const textTop = row.centerY - Math.round((7 * FONT_SCALE) / 2);
  const label = fitText(METRIC_LABELS[row.metric], LABEL_COLUMN - 12, FONT_SCALE);
  raster.drawText(label, MARGIN, textTop, CHART_COLORS.text, FONT_SCALE);

  raster.horizontalLine(layout.plotLeft, layout.plotRight, row.centerY, CHART_COLORS.axis);
  drawAxisLabels(raster, layout, row);

  const team = input.team[row.metric];
  if (team !== undefined && isDistribution(team)) {
    drawTeam(raster, layout, row, team);
  } else {
    const x = layout.plotLeft + 6;
    raster.drawText('no team data', x, row.centerY - 12, CHART_COLORS.muted, 1);
  }

  if (input.showReferences !== false) drawReference(raster, layout, row);
  drawRepValue(raster, layout, row, input.rep[row.metric]);
}

function drawAxisLabels(raster: Raster, layout: ChartLayout, row: ChartRow): void {
  const unit = METRIC_UNITS[row.metric];
  const [low, high] = row.domain;
  const y = row.centerY + 14;

  raster.drawText(formatMetricValue(low, unit), layout.plotLeft, y, CHART_COLORS.muted, 1);
  const highLabel = formatMetricValue(high, unit);
  const highX = layout.plotRight - Raster.measureText(highLabel, 1);
  raster.drawText(highLabel, highX, y, CHART_COLORS.muted, 1);
  raster.verticalLine(layout.plotLeft, row.centerY - 3, row.centerY + 3, CHART_COLORS.axis);
  raster.verticalLine(layout.plotRight, row.centerY - 3, row.centerY + 3, CHART_COLORS.axis);
}

function drawTeam(raster: Raster, layout: ChartLayout, row: ChartRow, team: Distribution): void {
  const x10 = valueToX(layout, row, team.p10);
  const x90 = valueToX(layout, row, team.p90);
  raster.fillRect(x10, row.centerY - 6, Math.max(1, x90 - x10 + 1), 13, CHART_COLORS.outerBand);

  const x25 = valueToX(layout, row, team.p25);
  const x75 = valueToX(layout, row, team.p75);
  raster.fillRect(x25, row.centerY - 9, Math.max(1, x75 - x25 + 1), 19, CHART_COLORS.innerBox);

  const xMedian = valueToX(layout, row, team.median);
  raster.verticalLine(xMedian, row.centerY - 13, row.centerY + 13, CHART_COLORS.median, 3);
}

function drawReference(raster: Raster, layout: ChartLayout, row: ChartRow): void {
  const band = REFERENCE_BANDS[row.metric];
  if (band === undefined) return;

  const xLow = valueToX(layout, row, band.low);
  const xHigh = valueToX(layout, row, band.high);
  const top = row.centerY - 20;
  if (xHigh - xLow < 6) {
    drawDownTriangle(raster, Math.round((xLow + xHigh) / 2), top, CHART_COLORS.reference);
    return;
  }
  raster.fillRect(xLow, top + 2, xHigh - xLow + 1, 4, CHART_COLORS.reference);
}

/** Draws an 11-pixel-wide triangle pointing down, with its tip at (x, top + 5). */
function drawDownTriangle(raster: Raster, x: number, top: number, color: Rgb): void {
  for (let step = 0; step <= 5; step++) {
    raster.horizontalLine(x - 5 + step, x + 5 - step, top + step, color);
  }
}

function drawRepValue(
  raster: Raster,
  layout: ChartLayout,
  row: ChartRow,
  metric: MetricValue | undefined,
): void {
  const valueX = layout.plotRight + 16;
  const textTop = row.centerY - Math.round((7 * FONT_SCALE) / 2);
  if (metric === undefined || metric.value === null) {
    raster.drawText('n/a', valueX, textTop, CHART_COLORS.muted, FONT_SCALE);
    return;
  }

  const x = valueToX(layout, row, metric.value);
  raster.fillDisc(x, row.centerY, MARKER_RADIUS + 2, CHART_COLORS.background);
  raster.fillDisc(x, row.centerY, MARKER_RADIUS, CHART_COLORS.rep);

  const label = formatMetricValue(metric.value, METRIC_UNITS[row.metric]);
  raster.drawText(label, valueX, textTop, CHART_COLORS.rep, FONT_SCALE);
}

function drawLegend(raster: Raster, input: CoachingChartInput): void {
  const items: { text: string; draw: (x: number, y: number) => void }[] = [
    {
      text: 'p10-p90',
      draw: (x, y) => raster.fillRect(x, y - 6, 18, 13, CHART_COLORS.outerBand),
    },
    { text: 'p25-p75', draw: (x, y) => raster.fillRect(x, y - 9, 18, 19, CHART_COLORS.innerBox) },
    {
      text: 'median',
      draw: (x, y) => raster.verticalLine(x + 9, y - 9, y + 9, CHART_COLORS.median, 3),
    },
    {
      text: fitText(input.repName, 170, FONT_SCALE),
      draw: (x, y) => raster.fillDisc(x + 9, y, MARKER_RADIUS, CHART_COLORS.rep),
    },
  ];
  if (input.showReferences !== false) {
    items.push({
      text: 'reference',
      draw: (x, y) => {
        drawDownTriangle(raster, x + 9, y - 8, CHART_COLORS.reference);
        raster.fillRect(x, y + 2, 19, 4, CHART_COLORS.reference);
      },
    });
  }

  const available = raster.width - 2 * MARGIN;
  const scale = legendWidth(items, FONT_SCALE) <= available ? FONT_SCALE : 1;
  const centerY = raster.height - Math.round(LEGEND_HEIGHT / 2);
  const textTop = centerY - Math.round((7 * scale) / 2);
  let x = MARGIN;

  for (const item of items) {
    item.draw(x, centerY);
    x += 26;
    x += raster.drawText(item.text, x, textTop, CHART_COLORS.text, scale) + 18;
  }
}

function legendWidth(items: { text: string }[], scale: number): number {
  let width = 0;
  for (const item of items) width += 26 + Raster.measureText(item.text, scale) + 18;

  return width;
}
