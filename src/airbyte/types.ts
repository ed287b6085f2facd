/** Job states of the Airbyte API (`JobStatusEnum` in its OpenAPI spec, api.yaml). */
export const JOB_STATUSES = [
  'pending',
  'queued',
  'running',
  'incomplete',
  'failed',
  'succeeded',
  'cancelled',
] as const;

export type JobStatus = (typeof JOB_STATUSES)[number];

/** States after which a job does not change any more. */
export const TERMINAL_JOB_STATUSES: ReadonlySet<JobStatus> = new Set<JobStatus>([
  'succeeded',
  'failed',
  'cancelled',
  'incomplete',
]);

/** `JobTypeEnum` of the Airbyte API. */
export type JobType = 'sync' | 'reset' | 'refresh' | 'clear';

/** `JobResponse` of the Airbyte API; `duration` is ISO 8601 (e.g. `PT8H6M12S`). */
export interface JobResponse {
  jobId: number;
  status: JobStatus;
  jobType: JobType;
  startTime: string;
  connectionId: string;
  lastUpdatedAt?: string;
  duration?: string;
  bytesSynced?: number;
  rowsSynced?: number;
}

/** `PublicAccessTokenResponse` of `POST /applications/token`; `expires_in` is in seconds. */
export interface AccessTokenResponse {
  access_token: string;
  token_type: 'Bearer';
  expires_in: number;
}

/**
 * RFC 9457 problem details, the error body of the Airbyte API (`BaseProblemFields` in
 * airbyte-platform's api-problems.yaml).
 */
export interface AirbyteProblem {
  type?: string;
  title?: string;
  status?: number;
  detail?: string;
  documentationUrl?: string;
  data?: Record<string, unknown>;
}

/** Returns whether `value` is one of the job states the API defines. */
export function isJobStatus(value: unknown): value is JobStatus {
  return typeof value === 'string' && (JOB_STATUSES as readonly string[]).includes(value);
}
