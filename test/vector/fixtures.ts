import { randomUUID } from 'node:crypto';
import { LocalHashEmbedder } from '../../src/embed/local.js';
import type { InteractionKind, SourceSystem } from '../../src/model.js';
import type { VectorPassage } from '../../src/vector/store.js';

export const embedder = new LocalHashEmbedder();

/** Invented companies and people; only their ids matter to a vector store. */
export const KESTREL = 'a1000000-0000-4000-8000-000000000001';
export const BLUEFIN = 'a1000000-0000-4000-8000-000000000002';
export const DANA = 'b2000000-0000-4000-8000-000000000001';
export const RAVI = 'b2000000-0000-4000-8000-000000000002';

interface Draft {
  source: SourceSystem;
  kind: InteractionKind;
  occurredAt: string;
  companyIds: string[];
  personIds: string[];
  texts: string[];
  extra?: Partial<VectorPassage>;
}

/** Five interactions over four sources, with fresh ids each call so tests never share rows. */
export function buildWorld() {
  const drafts = {
    call: {
      source: 'gong',
      kind: 'call',
      occurredAt: '2026-03-10T15:00:00Z',
      companyIds: [KESTREL],
      personIds: [DANA],
      texts: [
        'Kestrel Freight asked for a volume discount on pricing for the annual plan.',
        'We walked through the onboarding checklist and the data migration steps.',
      ],
      extra: { callId: 'gong-call-7001', speaker: 'Dana Okafor', startMs: 61_000, endMs: 95_500 },
    },
    thread: {
      source: 'slack',
      kind: 'message',
      occurredAt: '2026-04-02T09:30:00Z',
      companyIds: [BLUEFIN],
      personIds: [RAVI],
      texts: ['Bluefin Analytics wants the SOC 2 report before their security review starts.'],
      extra: { channel: 'C0DEAL01', threadId: '1775122200.000100', speaker: 'Ravi Menon' },
    },
    note: {
      source: 'hubspot',
      kind: 'note',
      occurredAt: '2026-05-20T12:00:00Z',
      companyIds: [KESTREL],
      personIds: [DANA],
      texts: ['Renewal call notes: Kestrel expects lower pricing per seat next year.'],
      extra: { sourceId: '88001', speaker: 'Sam Ortiz', companyName: 'Kestrel Freight' },
    },
    task: {
      source: 'salesforce',
      kind: 'task',
      occurredAt: '2026-06-15T08:00:00Z',
      companyIds: [BLUEFIN],
      personIds: [RAVI],
      texts: ['Invoice approval workflow is blocked by NetSuite sync errors at Bluefin.'],
      extra: { sourceId: '00T5g000001AbCd', speaker: 'Lee Park' },
    },
    reply: {
      source: 'slack',
      kind: 'message',
      occurredAt: '2026-06-20T17:45:00Z',
      companyIds: [],
      personIds: [],
      texts: ['Lunch order for the team offsite is confirmed for Friday.'],
      extra: { channel: 'C0RANDOM', speaker: 'Ana Silva' },
    },
  } satisfies Record<string, Draft>;

  const interactions = Object.fromEntries(
    Object.entries(drafts).map(([key, draft]) => [
      key,
      { id: randomUUID(), draft: draft as Draft },
    ]),
  ) as Record<keyof typeof drafts, { id: string; draft: Draft }>;
  const passages: VectorPassage[] = [];
  for (const { id, draft } of Object.values(interactions)) {
    draft.texts.forEach((text, ordinal) => {
      passages.push(passageOf(id, draft, text, ordinal));
    });
  }

  return { interactions, passages };
}

function passageOf(
  interactionId: string,
  draft: Draft,
  text: string,
  ordinal: number,
): VectorPassage {
  return {
    id: randomUUID(),
    interactionId,
    source: draft.source,
    kind: draft.kind,
    ordinal,
    text,
    vector: embedder.embedOne(text),
    occurredAt: new Date(draft.occurredAt),
    personIds: draft.personIds,
    companyIds: draft.companyIds,
    ...draft.extra,
  };
}

/** A search request for `query` with the local embedder's vector. */
export function query(text: string) {
  return { text, vector: embedder.embedOne(text) };
}
