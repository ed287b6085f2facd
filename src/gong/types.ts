/** One sentence of a monologue; `start` and `end` are milliseconds from the start of the call. */
export interface GongSentence {
  start: number;
  end: number;
  text: string;
}

/** One speaker's uninterrupted turn (`Monologue` in Gong's API v2 spec). */
export interface GongMonologue {
  speakerId: string;
  topic?: string | null;
  sentences: GongSentence[];
}

/**
 * A transcript record as Airbyte's source-gong emits it on the `callTranscripts` stream: Gong's
 * `CallTranscript` plus `started`, copied from the parent call when known.
 */
export interface CallTranscriptRecord {
  callId: string;
  started?: string;
  transcript: GongMonologue[];
}

/** `Records` of Gong's API: page counters, and `cursor` only while more pages exist. */
export interface GongRecords {
  totalRecords?: number;
  currentPageSize?: number;
  currentPageNumber?: number;
  cursor?: string;
}

/** Response body of `POST /v2/calls/transcript` (`CallTranscripts`). */
export interface GongTranscriptPage {
  requestId?: string;
  records?: GongRecords;
  callTranscripts?: { callId: string; transcript?: GongMonologue[] }[];
}

/** Error body of Gong's API (`ErrorResponse`). */
export interface GongErrorBody {
  requestId?: string;
  errors?: string[];
}
