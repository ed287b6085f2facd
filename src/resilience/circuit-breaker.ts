import { CircuitOpenError, isRetryable } from './errors.js';

export type CircuitState = 'closed' | 'open' | 'half-open';

export interface CircuitBreakerOptions {
  /** Service name used in errors and logs. */
  name: string;
  /** Consecutive failures that open the circuit. Default 5. */
  failureThreshold?: number;
  /** Time the circuit stays open before one trial request is let through, in ms. Default 30,000. */
  resetTimeoutMs?: number;
  /**
   * Whether an error counts as a service failure. By default only retryable errors count
   * (5xx, 429, network), because a 400 or 404 tells nothing about the service's health.
   */
  isFailure?: (error: unknown) => boolean;
  now?: () => number;
  onStateChange?: (from: CircuitState, to: CircuitState) => void;
}

/**
 * A circuit breaker for one remote service. Closed, it counts consecutive failures and opens at
 * the threshold. Open, it rejects calls with `CircuitOpenError` without calling the service.
 * After `resetTimeoutMs` it half-opens and lets exactly one trial call through: success closes
 * the circuit, failure opens it again for another `resetTimeoutMs`.
 */
export class CircuitBreaker {
  readonly name: string;
  private readonly failureThreshold: number;
  private readonly resetTimeoutMs: number;
  private readonly isFailure: (error: unknown) => boolean;
  private readonly now: () => number;
  private readonly onStateChange: ((from: CircuitState, to: CircuitState) => void) | undefined;
  private current: CircuitState = 'closed';
  private consecutiveFailures = 0;
  private openedAt = 0;
  private trialInFlight = false;

  constructor(options: CircuitBreakerOptions) {
    this.name = options.name;
    this.failureThreshold = options.failureThreshold ?? 5;
    this.resetTimeoutMs = options.resetTimeoutMs ?? 30_000;
    this.isFailure = options.isFailure ?? isRetryable;
    this.now = options.now ?? Date.now;
    this.onStateChange = options.onStateChange;
  }

  /** The state now; an open circuit whose timeout has passed reads as half-open. */
  get state(): CircuitState {
    if (this.current === 'open' && this.now() - this.openedAt >= this.resetTimeoutMs) {
      return 'half-open';
    }

    return this.current;
  }

  /** Calls `work` unless the circuit is open, and records its outcome. */
  async execute<T>(work: () => Promise<T>): Promise<T> {
    this.admit();
    const isTrial = this.current === 'half-open';

    try {
      const result = await work();
      this.recordSuccess();
      return result;
    } catch (error) {
      if (this.isFailure(error)) this.recordFailure();
      else if (isTrial) this.recordSuccess();
      throw error;
    } finally {
      if (isTrial) this.trialInFlight = false;
    }
  }

  private admit(): void {
    const state = this.state;
    if (state === 'closed') return;

    if (state === 'half-open' && !this.trialInFlight) {
      this.transition('half-open');
      this.trialInFlight = true;
      return;
    }

    const remaining = Math.max(0, this.openedAt + this.resetTimeoutMs - this.now());
    throw new CircuitOpenError(this.name, remaining);
  }

  private recordSuccess(): void {
    this.consecutiveFailures = 0;
    this.transition('closed');
  }

  private recordFailure(): void {
    this.consecutiveFailures++;
    const reopen = this.current === 'half-open';

    if (reopen || this.consecutiveFailures >= this.failureThreshold) {
      this.openedAt = this.now();
      this.transition('open');
    }
  }

  private transition(to: CircuitState): void {
    const from = this.current;
    if (from === to) return;

    this.current = to;
    this.onStateChange?.(from, to);
  }
}
