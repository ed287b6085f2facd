/**
 * Builds small call transcripts in the shape `computeCallMetrics` reads, about invented people
 * of invented companies. Times are given in seconds and stored in milliseconds.
 */

import type { CallInput, CallSpeaker, TranscriptSentence } from '../../src/coaching/index.js';

export const REP = 'sp-rep';
export const REP_PHONE = 'sp-rep-phone';
export const CUSTOMER = 'sp-customer';
export const CUSTOMER_2 = 'sp-customer-2';
export const COLLEAGUE = 'sp-colleague';
export const VENDOR_GUEST = 'sp-unknown-side';

export const SPEAKERS: CallSpeaker[] = [
  { speakerId: REP, side: 'internal', personId: 'person-dana', name: 'Dana Whitfield' },
  { speakerId: REP_PHONE, side: 'internal', personId: 'person-dana', name: 'Dana Whitfield' },
  { speakerId: CUSTOMER, side: 'external', name: 'Chris Okafor' },
  { speakerId: CUSTOMER_2, side: 'external', name: 'Mei Lindqvist' },
  { speakerId: COLLEAGUE, side: 'internal', name: 'Sam Patel' },
  { speakerId: VENDOR_GUEST, side: 'unknown', name: 'Guest' },
];

/** Builds a sentence spoken from `startS` to `endS` seconds after call start. */
export function said(
  speakerId: string | undefined,
  startS: number | undefined,
  endS: number | undefined,
  text = 'We reviewed the rollout plan.',
): TranscriptSentence {
  return {
    speakerId,
    startMs: startS === undefined ? undefined : Math.round(startS * 1000),
    endMs: endS === undefined ? undefined : Math.round(endS * 1000),
    text,
  };
}

export function callOf(
  sentences: TranscriptSentence[],
  overrides: Partial<CallInput> = {},
): CallInput {
  return {
    callId: 'call-1001',
    startedAt: new Date('2024-07-02T15:00:00Z'),
    url: 'https://app.gong.example/call?id=1001',
    title: 'Northwind discovery',
    sentences,
    speakers: SPEAKERS,
    repSpeakerIds: [REP],
    ...overrides,
  };
}
