/**
 * The interaction model every source is normalized into, and the entity observations that
 * entity resolution consumes.
 *
 * Records move through two steps. `normalize` turns one Airbyte record into a staged record
 * (kept verbatim with a key) plus the people and companies it mentions. `build` then assembles
 * one interaction from every staged record that shares an interaction key: a Gong call from its
 * `calls`, `extensiveCalls` and `callTranscripts` records, a Slack thread from its messages.
 */

export const SOURCE_SYSTEMS = ['gong', 'slack', 'hubspot', 'salesforce'] as const;
export type SourceSystem = (typeof SOURCE_SYSTEMS)[number];

export const INTERACTION_KINDS = ['call', 'message', 'note', 'task', 'email', 'meeting'] as const;
export type InteractionKind = (typeof INTERACTION_KINDS)[number];

export type EntityType = 'person' | 'company';

export function isSourceSystem(value: string): value is SourceSystem {
  return (SOURCE_SYSTEMS as readonly string[]).includes(value);
}

/** Pointer to a person or company as one source system identifies it. */
export interface SourceRef {
  sourceSystem: SourceSystem;
  sourceId: string;
}

/** A person as one record of one source describes them. */
export interface PersonObservation {
  type: 'person';
  sourceSystem: SourceSystem;
  /** Stable id inside the source system (Slack user id, HubSpot contact id, Gong party key). */
  sourceId: string;
  /** Kind of object behind the id, e.g. `user`, `contact`, `owner`, `party`. */
  objectType: string;
  name?: string | undefined;
  firstName?: string | undefined;
  lastName?: string | undefined;
  /** Every e-mail address the record carries, primary first; lower-cased. */
  emails: string[];
  title?: string | undefined;
  phone?: string | undefined;
  /** City the record gives for the person (HubSpot `city`, Salesforce `MailingCity`). */
  city?: string | undefined;
  /** True for the sales team's own people: Slack members, CRM users and owners, Gong internal parties. */
  internal: boolean;
  /** The company the person belongs to, as far as this record tells. */
  company?: CompanyHint | undefined;
  /** Ids of the same person in other systems that this record carries (CRM ids on Gong parties). */
  linkedIds: SourceRef[];
  /** When the source last changed this record; orders affiliations over time. */
  observedAt?: Date | undefined;
}

/** What a person record says about their company. Any field may be missing. */
export interface CompanyHint {
  sourceSystem?: SourceSystem | undefined;
  sourceId?: string | undefined;
  name?: string | undefined;
  domain?: string | undefined;
}

/** A company as one record of one source describes it. */
export interface CompanyObservation {
  type: 'company';
  sourceSystem: SourceSystem;
  sourceId: string;
  objectType: string;
  name?: string | undefined;
  /** Web domains, lower-cased, without `www.`. */
  domains: string[];
  observedAt?: Date | undefined;
}

export type EntityObservation = PersonObservation | CompanyObservation;

/** Result of normalizing one record. */
export interface NormalizedRecord {
  /** Unique key of the record inside its source, e.g. `C04LTCM2Y56:1675092593.431309`. */
  recordKey: string;
  /** Interaction this record contributes to; absent for records that only describe entities. */
  interactionKey?: string | undefined;
  /** The record's own change time, used as a cursor; falls back to the Airbyte `emitted_at`. */
  updatedAt?: Date | undefined;
  observations: EntityObservation[];
  /**
   * The record as it is stored for `build`. Usually the source data unchanged; normalizers may
   * trim bulky fields that no builder reads.
   */
  data: Record<string, unknown>;
}

/** A record kept in the staging table, as `build` receives it. */
export interface StagedRecord {
  stream: string;
  recordKey: string;
  data: Record<string, unknown>;
}

/** Who took part in an interaction, as the source names them. */
export interface Participant {
  ref?: SourceRef | undefined;
  name?: string | undefined;
  email?: string | undefined;
  role: 'author' | 'speaker' | 'participant' | 'owner' | 'mentioned' | 'associated';
  /** Internal people are the sales team; external ones are customers. */
  affiliation: 'internal' | 'external' | 'unknown';
}

/**
 * One ordered piece of an interaction's text. The chunker groups segments into passages, so a
 * segment carries everything a citation needs: speaker, time offsets, its own link.
 */
export interface Segment {
  text: string;
  speaker?: Participant | undefined;
  /** Milliseconds from call start, for call transcripts. */
  startMs?: number | undefined;
  endMs?: number | undefined;
  /** Wall-clock time of the segment (a Slack message's `ts`). */
  at?: Date | undefined;
  /** Id of the segment in its source (a Slack message `ts`). */
  sourceId?: string | undefined;
  deepLink?: string | undefined;
  /** Topic label a source attaches (Gong monologue `topic`). */
  topic?: string | undefined;
}

/** One conversation, call, note or task, assembled from staged records. */
export interface Interaction {
  key: string;
  sourceSystem: SourceSystem;
  /** Native id in the source: Gong call id, HubSpot engagement id, `channel:thread_ts` for Slack. */
  sourceId: string;
  /** Stream the interaction's main record came from. */
  stream: string;
  kind: InteractionKind;
  occurredAt: Date;
  title?: string | undefined;
  author?: Participant | undefined;
  participants: Participant[];
  /** Companies the source associates with the interaction. */
  companies: CompanyHint[];
  deepLink?: string | undefined;
  threadId?: string | undefined;
  callId?: string | undefined;
  /** Call duration or similar; free-form extra facts shown in full detail. */
  metadata: Record<string, unknown>;
  segments: Segment[];
}

/** Names and facts a builder may need from other records (Slack user names for mentions). */
export interface BuildContext {
  /** Display name for a source user id, e.g. a Slack `U…` id; undefined when unknown. */
  userName(sourceSystem: SourceSystem, userId: string): string | undefined;
  /** Channel name for a Slack channel id. */
  channelName(channelId: string): string | undefined;
  /** Workspace base URL used for deep links, e.g. `https://acme.slack.com`; may be undefined. */
  slackWorkspaceUrl?: string | undefined;
  hubspotPortalId?: string | undefined;
  salesforceInstanceUrl?: string | undefined;
}

/** A record that could not be normalized: names the field and the reason. */
export class NormalizeError extends Error {
  override readonly name = 'NormalizeError';

  constructor(
    message: string,
    readonly field?: string,
  ) {
    super(message);
  }
}

/** How one source's streams are read. */
export interface StreamHandler {
  /**
   * Lower runs first. Entity streams (users, contacts, accounts) come before text streams so
   * that names and e-mails are known when interactions are built.
   */
  order: number;
  normalize(data: Record<string, unknown>, emittedAt: Date | undefined): NormalizedRecord;
}

export interface SourceAdapter {
  source: SourceSystem;
  streams: Record<string, StreamHandler>;
  /** Assemble an interaction; returns null when the records hold no text worth indexing. */
  build(interactionKey: string, records: StagedRecord[], context: BuildContext): Interaction | null;
}
