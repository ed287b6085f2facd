/** Gong's default daily limit of API calls per company, from the limits section of its API docs. */
export const GONG_DEFAULT_DAILY_LIMIT = 10_000;

const DAY_MS = 86_400_000;

/**
 * A count of requests per UTC day against a limit. It only counts requests made through this
 * object, so other clients of the same Gong account are not included.
 */
export class DailyQuota {
  readonly limit: number;
  private readonly now: () => number;
  private day: number;
  private count: number;

  constructor(options: { limit?: number; used?: number; now?: () => number } = {}) {
    const limit = options.limit ?? GONG_DEFAULT_DAILY_LIMIT;
    if (!Number.isInteger(limit) || limit < 1) {
      throw new Error(`Invalid daily quota ${limit}: use a whole number of requests above 0`);
    }

    this.limit = limit;
    this.now = options.now ?? Date.now;
    this.day = Math.floor(this.now() / DAY_MS);
    this.count = options.used ?? 0;
  }

  /** Requests counted today. */
  get used(): number {
    this.rollOver();
    return this.count;
  }

  get remaining(): number {
    return Math.max(0, this.limit - this.used);
  }

  /** Start of the next UTC day, when the count starts again from 0. */
  get resetsAt(): Date {
    this.rollOver();
    return new Date((this.day + 1) * DAY_MS);
  }

  /** Counts one request; returns false, counting nothing, when today's quota is used up. */
  tryTake(): boolean {
    this.rollOver();
    if (this.count >= this.limit) return false;

    this.count++;
    return true;
  }

  private rollOver(): void {
    const today = Math.floor(this.now() / DAY_MS);
    if (today !== this.day) {
      this.day = today;
      this.count = 0;
    }
  }
}
