export * from './errors.js';
export * from './missing-transcripts.js';
export * from './quota.js';
export * from './transcripts.js';
export * from './types.js';
