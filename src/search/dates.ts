import { InvalidArgumentError } from '../api.js';

export interface DateRange {
  from?: Date | undefined;
  to?: Date | undefined;
}

const UNIT_MS = { day: 86_400_000, week: 7 * 86_400_000 } as const;
const MONTHS = [
  'january',
  'february',
  'march',
  'april',
  'may',
  'june',
  'july',
  'august',
  'september',
  'october',
  'november',
  'december',
];

/**
 * Parse a date bound: an ISO date or datetime, or a phrase ("today", "yesterday", "last week",
 * "this month", "last quarter", "past 30 days", "last 2 months", "Q3 2026", "September 2026",
 * "2026-09"). Returns the range the phrase covers, in UTC; a `from` argument uses its start
 * and a `to` argument its end. Raises InvalidArgumentError naming `argument` otherwise.
 */
export function parseDateBound(value: string, argument: string, now: Date = new Date()): DateRange {
  const text = value.trim().toLowerCase();
  const range = parsePhrase(text, now) ?? parseIso(value.trim());
  if (range === undefined) {
    throw new InvalidArgumentError(
      argument,
      `Invalid argument "${argument}": cannot read ${JSON.stringify(value)} as a date; use an ISO ` +
        'date such as 2026-09-01, or a phrase such as "last month", "past 14 days" or "Q3 2026"',
    );
  }

  return range;
}

/** Combine `from` and `to` arguments into one range; raises when `from` is after `to`. */
export function resolveDateRange(
  from: string | undefined,
  to: string | undefined,
  now: Date = new Date(),
): DateRange {
  const start = from === undefined ? undefined : parseDateBound(from, 'from', now);
  const end = to === undefined ? undefined : parseDateBound(to, 'to', now);
  // A phrase given only as `from` ("last month") means that whole period.
  const range: DateRange = {
    from: start?.from,
    to: end?.to ?? (to === undefined ? start?.to : undefined),
  };

  if (range.from && range.to && range.from > range.to) {
    throw new InvalidArgumentError(
      'from',
      `Invalid argument "from": ${range.from.toISOString()} is after "to" ${range.to.toISOString()}; swap them`,
    );
  }

  return range;
}

function parsePhrase(text: string, now: Date): DateRange | undefined {
  const today = startOfDay(now);
  const day = UNIT_MS.day;

  switch (text) {
    case 'today':
      return { from: today, to: new Date(today.getTime() + day - 1) };
    case 'yesterday':
      return { from: new Date(today.getTime() - day), to: new Date(today.getTime() - 1) };
    case 'this week':
      return { from: startOfWeek(today), to: now };
    case 'last week': {
      const start = new Date(startOfWeek(today).getTime() - UNIT_MS.week);
      return { from: start, to: new Date(start.getTime() + UNIT_MS.week - 1) };
    }
    case 'this month':
      return { from: monthStart(now.getUTCFullYear(), now.getUTCMonth()), to: now };
    case 'last month':
      return monthRange(now.getUTCFullYear(), now.getUTCMonth() - 1);
    case 'this quarter':
      return {
        from: quarterRange(now.getUTCFullYear(), Math.floor(now.getUTCMonth() / 3)).from,
        to: now,
      };
    case 'last quarter':
      return quarterRange(now.getUTCFullYear(), Math.floor(now.getUTCMonth() / 3) - 1);
    case 'this year':
      return { from: monthStart(now.getUTCFullYear(), 0), to: now };
    case 'last year':
      return {
        from: monthStart(now.getUTCFullYear() - 1, 0),
        to: new Date(monthStart(now.getUTCFullYear(), 0).getTime() - 1),
      };
    default:
      return parseRelative(text, now) ?? parseQuarter(text) ?? parseMonth(text);
  }
}

/** "past 30 days", "last 2 weeks", "last 3 months", "30 days ago". */
function parseRelative(text: string, now: Date): DateRange | undefined {
  const match = /^(?:(?:past|last|previous)\s+)?(\d{1,4})\s+(day|week|month|year)s?(\s+ago)?$/.exec(
    text,
  );
  if (match === null) return undefined;
  const count = Number(match[1]);
  const unit = match[2] as 'day' | 'week' | 'month' | 'year';

  const start = new Date(now);
  if (unit === 'day' || unit === 'week') start.setTime(now.getTime() - count * UNIT_MS[unit]);
  if (unit === 'month') start.setUTCMonth(start.getUTCMonth() - count);
  if (unit === 'year') start.setUTCFullYear(start.getUTCFullYear() - count);

  return match[3]
    ? { from: startOfDay(start), to: new Date(startOfDay(start).getTime() + UNIT_MS.day - 1) }
    : { from: start, to: now };
}

function parseQuarter(text: string): DateRange | undefined {
  const match = /^q([1-4])\s*(\d{4})$/.exec(text) ?? /^(\d{4})\s*q([1-4])$/.exec(text);
  if (match === null) return undefined;
  const [quarter, year] = text.startsWith('q') ? [match[1], match[2]] : [match[2], match[1]];

  return quarterRange(Number(year), Number(quarter) - 1);
}

function parseMonth(text: string): DateRange | undefined {
  const named = /^([a-z]+)\s+(\d{4})$/.exec(text);
  if (named) {
    const index = MONTHS.findIndex(
      (month) => month.startsWith(named[1] ?? '-') && (named[1]?.length ?? 0) >= 3,
    );
    return index < 0 ? undefined : monthRange(Number(named[2]), index);
  }
  const numeric = /^(\d{4})-(\d{2})$/.exec(text);
  if (numeric) {
    const month = Number(numeric[2]) - 1;
    return month >= 0 && month < 12 ? monthRange(Number(numeric[1]), month) : undefined;
  }

  return undefined;
}

function parseIso(text: string): DateRange | undefined {
  if (!/^\d{4}-\d{2}-\d{2}/.test(text)) return undefined;
  const date = new Date(text);
  if (Number.isNaN(date.getTime())) return undefined;

  // A bare date covers the whole day.
  return /^\d{4}-\d{2}-\d{2}$/.test(text)
    ? { from: date, to: new Date(date.getTime() + UNIT_MS.day - 1) }
    : { from: date, to: date };
}

function startOfDay(date: Date): Date {
  return new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate()));
}

/** Weeks start on Monday (ISO 8601). */
function startOfWeek(day: Date): Date {
  const offset = (day.getUTCDay() + 6) % 7;
  return new Date(day.getTime() - offset * UNIT_MS.day);
}

function monthStart(year: number, month: number): Date {
  return new Date(Date.UTC(year, month, 1));
}

function monthRange(year: number, month: number): DateRange {
  const from = monthStart(year, month);
  return { from, to: new Date(monthStart(year, month + 1).getTime() - 1) };
}

function quarterRange(year: number, quarter: number): DateRange {
  const from = monthStart(year, quarter * 3);
  return { from, to: new Date(monthStart(year, quarter * 3 + 3).getTime() - 1) };
}
