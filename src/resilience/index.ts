export * from './circuit-breaker.js';
export * from './errors.js';
export * from './rate-limiter.js';
export * from './retry.js';
export * from './sleep.js';
