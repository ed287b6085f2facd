import { describe, expect, it } from 'vitest';
import { parseDateBound, resolveDateRange } from '../../src/search/dates.js';

const NOW = new Date('2026-12-04T12:00:00Z');
const iso = (date: Date | undefined) => date?.toISOString();

describe('date phrases', () => {
  it.each([
    ['last month', '2026-11-01T00:00:00.000Z', '2026-11-30T23:59:59.999Z'],
    ['this month', '2026-12-01T00:00:00.000Z', '2026-12-04T12:00:00.000Z'],
    ['last quarter', '2026-07-01T00:00:00.000Z', '2026-09-30T23:59:59.999Z'],
    ['Q3 2026', '2026-07-01T00:00:00.000Z', '2026-09-30T23:59:59.999Z'],
    ['September 2026', '2026-09-01T00:00:00.000Z', '2026-09-30T23:59:59.999Z'],
    ['2026-09', '2026-09-01T00:00:00.000Z', '2026-09-30T23:59:59.999Z'],
    ['yesterday', '2026-12-03T00:00:00.000Z', '2026-12-03T23:59:59.999Z'],
    ['last week', '2026-11-23T00:00:00.000Z', '2026-11-29T23:59:59.999Z'],
    ['past 14 days', '2026-11-20T12:00:00.000Z', '2026-12-04T12:00:00.000Z'],
    ['2026-10-05', '2026-10-05T00:00:00.000Z', '2026-10-05T23:59:59.999Z'],
  ])('reads %s', (phrase, from, to) => {
    const range = parseDateBound(phrase, 'from', NOW);

    expect(iso(range.from)).toBe(from);
    expect(iso(range.to)).toBe(to);
  });

  it('uses the start of from and the end of to', () => {
    const range = resolveDateRange('2026-09', 'October 2026', NOW);

    expect(iso(range.from)).toBe('2026-09-01T00:00:00.000Z');
    expect(iso(range.to)).toBe('2026-10-31T23:59:59.999Z');
  });

  it('rejects unreadable and reversed ranges naming the argument', () => {
    expect(() => parseDateBound('the day after never', 'to', NOW)).toThrow(/"to".*ISO/);
    expect(() => resolveDateRange('2026-10-01', '2026-09-01', NOW)).toThrow(/"from".*after/);
  });
});
