import type { SourceRef } from '../model.js';
import {
  type Attachment,
  chooseSurvivor,
  components,
  entityChanged,
  JoinLog,
  mergesInto,
  movedLinks,
  recordLink,
  roundScore,
} from './assemble.js';
import { compareText, type PersonRecord, refText } from './batch.js';
import { type CityRelation, compareCities } from './city.js';
import {
  compareEmails,
  type EmailComparison,
  emailCandidateKeys,
  emailCompanyDomains,
} from './email-match.js';
import { personCompanyBlock, personEmailBlocks, refKey } from './keys.js';
import {
  compareNames,
  type NameScore,
  nameCandidateKeys,
  type ParsedName,
  parseNameCached,
} from './person-name.js';
import type { StateIndex } from './state-index.js';
import type { Affiliation, EntityMerge, Link, PersonEntity, ResolutionConflict } from './types.js';
import { ConstrainedUnionFind } from './union-find.js';

export interface PersonSettings {
  nameThreshold: number;
  conflictingEmailThreshold: number;
  similarEmailThreshold: number;
  differentEmailThreshold: number;
  differentCityThreshold: number;
  partFloor: number;
  nameFloor: number;
  newId: () => string;
}

export interface PersonOutcome {
  entities: PersonEntity[];
  links: Link[];
  merges: EntityMerge[];
  conflicts: ResolutionConflict[];
}

/** A shared address can be a team mailbox (`sales@…`), so it is near-certain, not certain. */
const EMAIL_CONFIDENCE = 0.99;
/** A CRM id on a Gong party is Gong's own match, usually made by e-mail. */
const LINKED_ID_CONFIDENCE = 0.98;
/** Names kept per person; later variants beyond this add nothing to matching. */
const MAX_NAMES = 25;

interface PersonNode {
  entity?: PersonEntity | undefined;
  record?: PersonRecord | undefined;
  /** Final company ids this node is affiliated with. */
  companyIds: string[];
  /** Final company id of each of the record's affiliations, in the same order. */
  affiliationIds?: (string | undefined)[] | undefined;
}

/**
 * Resolves the batch's person records against the loaded people: pins, stored source ids, CRM
 * ids carried by other records, e-mail addresses, then similar names inside a block (same
 * company or same company e-mail domain). `companyIdOf` and `companyMerged` come from company
 * resolution of the same batch.
 */
export function resolvePersons(
  records: readonly PersonRecord[],
  index: StateIndex<PersonEntity>,
  companyIdOf: ReadonlyMap<string, string>,
  companyMerged: ReadonlyMap<string, string>,
  settings: PersonSettings,
): PersonOutcome {
  const nodes: PersonNode[] = [
    ...index.entities.map((entity) => ({
      entity,
      companyIds: unique(
        entity.affiliations.map((a) => companyMerged.get(a.companyId) ?? a.companyId),
      ),
    })),
    ...records.map((record) => {
      const affiliationIds = record.affiliations.map((a) => companyIdOf.get(a.companyNode));
      const companyIds = unique(affiliationIds.filter((id): id is string => id !== undefined));
      return { record, companyIds, affiliationIds };
    }),
  ];
  const uf = new ConstrainedUnionFind(nodes.length);
  nodes.forEach((node, i) => {
    if (node.entity !== undefined) {
      uf.setEntity(i, node.entity.id, index.neverMerge.get(node.entity.id) ?? []);
    }
  });
  const log = new JoinLog('person', uf, nodes.length);

  joinManualAndSourceIds(nodes, index, log);
  joinByKey(
    nodes,
    log,
    (node) => claimedRefKeys(node, index),
    (key) => ({
      confidence: LINKED_ID_CONFIDENCE,
      evidence: { rule: 'linked_id', values: refValues(key) },
    }),
  );
  joinByKey(nodes, log, emailsOf, (email) => ({
    confidence: EMAIL_CONFIDENCE,
    evidence: { rule: 'email', values: { email } },
  }));
  joinSimilarNames(nodes, uf, log, settings);

  return settle(nodes, uf, log, index, companyMerged, settings);
}

function joinManualAndSourceIds(
  nodes: PersonNode[],
  index: StateIndex<PersonEntity>,
  log: JoinLog,
): void {
  const entityNode = new Map<string, number>();
  nodes.forEach((node, i) => {
    if (node.entity !== undefined) entityNode.set(node.entity.id, i);
  });

  for (const merge of index.merges) {
    const [a, b] = merge.entityIds.map((id) => entityNode.get(id));
    if (a === undefined || b === undefined) continue;
    log.join(a, b, { confidence: 1, evidence: { rule: 'manual_merge', decisionId: merge.id } });
  }

  nodes.forEach((node, i) => {
    const ref = node.record?.ref;
    if (ref === undefined) return;

    const pin = index.pins.get(refKey('person', ref));
    const pinned = pin === undefined ? undefined : entityNode.get(pin.entityId);
    if (pin !== undefined && pinned !== undefined) {
      log.join(pinned, i, { confidence: 1, evidence: { rule: 'manual_pin', decisionId: pin.id } });
      return;
    }

    const link = index.linkOf(ref);
    const linked = link === undefined ? undefined : entityNode.get(link.entityId);
    if (linked !== undefined) {
      log.join(linked, i, {
        confidence: 1,
        evidence: { rule: 'source_id', values: refValues(ref) },
      });
    }
  });
}

/**
 * Keys under which a node meets the records that name the same person by source id: its own
 * source ids and the ids it claims in other systems.
 */
function claimedRefKeys(node: PersonNode, index: StateIndex<PersonEntity>): string[] {
  const refs: SourceRef[] = [];
  if (node.record !== undefined) refs.push(node.record.ref, ...node.record.linkedIds);
  if (node.entity !== undefined) {
    refs.push(...index.linksOf(node.entity.id), ...node.entity.linkedIds);
  }

  return unique(refs.map(refText));
}

function emailsOf(node: PersonNode): string[] {
  return node.record?.emails ?? node.entity?.emails ?? [];
}

function refValues(ref: SourceRef | string): Record<string, string> {
  if (typeof ref !== 'string') return { sourceSystem: ref.sourceSystem, sourceId: ref.sourceId };

  const colon = ref.indexOf(':');
  return { sourceSystem: ref.slice(0, colon), sourceId: ref.slice(colon + 1) };
}

/** Joins every node to the first node that shares one of its keys. */
function joinByKey(
  nodes: PersonNode[],
  log: JoinLog,
  keysOf: (node: PersonNode) => string[],
  attachment: (key: string) => Attachment,
): void {
  const firstNode = new Map<string, number>();
  nodes.forEach((node, i) => {
    for (const key of keysOf(node)) {
      const first = firstNode.get(key);
      if (first === undefined) firstNode.set(key, i);
      else log.join(first, i, attachment(key));
    }
  });
}

/** Per-set facts used while joining by similar names; merged as sets join. */
interface NameProfile {
  names: ParsedName[];
  emails: Set<string>;
  /** Company domains of `emails`, kept so that comparisons need not derive them again. */
  emailDomains: Set<string>;
  cities: Set<string>;
  blocks: Set<string>;
  internal: boolean;
  hasRecord: boolean;
}

interface NamePair {
  a: number;
  b: number;
  block: string;
  score: NameScore;
  left: string;
  right: string;
  /**
   * The set whose best name gives only an initial, or only one name part, when that is what
   * matched. Such a set may join only a single candidate.
   */
  vagueSide?: number | undefined;
  email: EmailComparison;
}

function joinSimilarNames(
  nodes: PersonNode[],
  uf: ConstrainedUnionFind,
  log: JoinLog,
  settings: PersonSettings,
): void {
  const profiles = buildProfiles(nodes, uf);

  for (const pair of similarNamePairs(profiles, settings)) {
    const rootA = uf.find(pair.a);
    const rootB = uf.find(pair.b);
    if (rootA === rootB) continue;

    const profileA = profiles.get(rootA) as NameProfile;
    const profileB = profiles.get(rootB) as NameProfile;
    if (!namesMayJoin(profileA, profileB, pair.score, settings)) continue;

    const attachment = nameAttachment(pair);
    const [anchor, joiner] = uf.entityIds(rootA).size > 0 ? [rootA, rootB] : [rootB, rootA];
    if (!log.join(anchor, joiner, attachment)) continue;

    profiles.set(uf.find(rootA), mergeProfiles(profileA, profileB));
  }
}

/**
 * Evidence of a join by name. When the two sides also have nearly equal addresses, the rule is
 * `similar_email` and the confidence is the mean of the name score and the address similarity.
 */
function nameAttachment(pair: NamePair): Attachment {
  const score = roundScore(pair.score.score);
  const evidence = {
    block: pair.block.replace(/^person:/, ''),
    score,
    left: pair.left,
    right: pair.right,
    via: pair.score.via,
  };
  const { email } = pair;
  if (email.relation !== 'similar' || email.left === undefined || email.right === undefined) {
    return { confidence: score, evidence: { rule: 'name_in_block', ...evidence } };
  }

  const similarity = email.similarity ?? 0;
  return {
    confidence: roundScore(Math.min(0.95, (score + similarity) / 2)),
    evidence: {
      rule: 'similar_email',
      values: { leftEmail: email.left, rightEmail: email.right, edits: String(email.edits) },
      ...evidence,
    },
  };
}

/**
 * Tells whether a name score is enough for two sets, given how their addresses relate. With
 * nearly equal addresses, a one-part name or a name with a typo in each part joins. Every part
 * both names have must still match on its own, because `jsmith@` and `asmith@` are one edit
 * apart too and there the given names differ. Unrelated addresses at company domains need a
 * stronger name, and different addresses at one company domain need
 * `conflictingEmailThreshold`, which is off by default.
 */
function nameScoreSuffices(
  name: NameScore,
  email: EmailComparison,
  city: CityRelation,
  settings: PersonSettings,
): boolean {
  switch (email.relation) {
    case 'shared':
      return true;
    case 'similar':
      return name.weakestPart >= settings.similarEmailThreshold;
    case 'same_domain':
      return scoreAtLeast(name, settings.conflictingEmailThreshold, city, settings);
    case 'different':
      return scoreAtLeast(name, settings.differentEmailThreshold, city, settings);
    default:
      // A one-part name with nothing else to go on needs the same city, and then an exact part.
      if (name.via === 'partial_name' && city === 'same') return name.weakestPart === 1;
      return scoreAtLeast(name, settings.nameThreshold, city, settings);
  }
}

/**
 * True when the name reaches `threshold` (raised to `differentCityThreshold` when the two
 * sides give unrelated cities) and no name part scores below `partFloor`, so a perfect given
 * name cannot carry an unrelated family name (`Oliver Cook` is no typo of `Oliver Connolly`).
 */
function scoreAtLeast(
  name: NameScore,
  threshold: number,
  city: CityRelation,
  settings: PersonSettings,
): boolean {
  const required =
    city === 'different' ? Math.max(threshold, settings.differentCityThreshold) : threshold;
  return name.score >= required && name.weakestPart >= settings.partFloor;
}

/**
 * Checks a candidate join again for the two sets as they are now, because earlier joins may
 * have grown them. Internal and external people never join by name. The addresses and cities
 * of both sides set the score the names need (`nameScoreSuffices`). With a `nameFloor` above
 * 0, every name of one side must also reach the floor against every name of the other.
 */
function namesMayJoin(
  a: NameProfile,
  b: NameProfile,
  score: NameScore,
  settings: PersonSettings,
): boolean {
  if (a.internal !== b.internal) return false;
  const email = compareEmails(a.emails, b.emails, a.emailDomains, b.emailDomains);
  if (!nameScoreSuffices(score, email, compareCities(a.cities, b.cities), settings)) return false;

  // The floor is off by default (0), so the loop over every pair of names is skipped.
  if (settings.nameFloor <= 0) return true;
  for (const left of a.names) {
    for (const right of b.names) {
      if (compareNames(left, right).score < settings.nameFloor) return false;
    }
  }

  return true;
}

function buildProfiles(nodes: PersonNode[], uf: ConstrainedUnionFind): Map<number, NameProfile> {
  const profiles = new Map<number, NameProfile>();

  nodes.forEach((node, i) => {
    const root = uf.find(i);
    const profile = profiles.get(root) ?? {
      names: [],
      emails: new Set<string>(),
      emailDomains: new Set<string>(),
      cities: new Set<string>(),
      blocks: new Set<string>(),
      internal: false,
      hasRecord: false,
    };
    const emails = emailsOf(node);

    for (const name of namesOfNode(node)) addName(profile.names, name);
    for (const email of emails) profile.emails.add(email);
    for (const domain of emailCompanyDomains(emails)) profile.emailDomains.add(domain);
    for (const city of node.record?.cities ?? node.entity?.cities ?? []) profile.cities.add(city);
    for (const block of personEmailBlocks(emails)) profile.blocks.add(block);
    for (const companyId of node.companyIds) profile.blocks.add(personCompanyBlock(companyId));
    profile.internal ||= node.record?.internal ?? node.entity?.internal ?? false;
    profile.hasRecord ||= node.record !== undefined;
    profiles.set(root, profile);
  });

  return profiles;
}

function namesOfNode(node: PersonNode): ParsedName[] {
  if (node.record !== undefined) return node.record.names;

  return (node.entity?.names ?? []).flatMap((name) => parseNameCached(name) ?? []);
}

function addName(names: ParsedName[], name: ParsedName): void {
  const same = names.some((known) => known.given === name.given && known.family === name.family);
  if (!same && names.length < MAX_NAMES) names.push(name);
}

/**
 * Candidate pairs: sets in one block that share a name key (a name part, its formal name or its
 * Soundex code), scored by their best pair of names. At least one side contains a batch record,
 * because two stored people were compared when they were stored.
 */
function similarNamePairs(
  profiles: Map<number, NameProfile>,
  settings: PersonSettings,
): NamePair[] {
  // A one-part name scores at most 0.75 and still joins on a similar address.
  const minimum = Math.min(
    settings.nameThreshold,
    settings.conflictingEmailThreshold,
    settings.differentEmailThreshold,
    settings.similarEmailThreshold < 2 ? 0 : 2,
  );
  // block → name key → roots; two levels, so no composite key strings are built.
  const index = new Map<string, Map<string, number[]>>();
  for (const [root, profile] of profiles) {
    const keys = profileNameKeys(profile);
    for (const block of profile.blocks) {
      let byKey = index.get(block);
      if (byKey === undefined) {
        byKey = new Map();
        index.set(block, byKey);
      }
      for (const key of keys) {
        const list = byKey.get(key);
        if (list === undefined) byKey.set(key, [root]);
        else list.push(root);
      }
    }
  }

  const pairs: NamePair[] = [];
  for (const [root, profile] of profiles) {
    if (!profile.hasRecord) continue;

    const seen = new Set<number>();
    const keys = profileNameKeys(profile);
    for (const block of profile.blocks) {
      const byKey = index.get(block);
      if (byKey === undefined) continue;
      for (const key of keys) {
        for (const other of byKey.get(key) ?? []) {
          if (other === root) continue;
          const otherProfile = profiles.get(other) as NameProfile;
          if (otherProfile.hasRecord && other < root) continue;
          if (seen.has(other)) continue;
          seen.add(other);

          const best = bestNamePair(profile.names, otherProfile.names);
          if (best === undefined || best.score.score < minimum) continue;
          const email = compareEmails(
            profile.emails,
            otherProfile.emails,
            profile.emailDomains,
            otherProfile.emailDomains,
          );
          const city = compareCities(profile.cities, otherProfile.cities);
          if (!nameScoreSuffices(best.score, email, city, settings)) continue;
          let vagueSide: number | undefined;
          const vague = best.score.via === 'initial' || best.score.via === 'partial_name';
          if (vague && email.relation !== 'similar') vagueSide = best.leftIsVague ? root : other;
          pairs.push({
            a: root,
            b: other,
            block,
            score: best.score,
            left: best.left,
            right: best.right,
            vagueSide,
            email,
          });
        }
      }
    }
  }

  return withoutAmbiguousVagueNames(pairs).sort(
    (x, y) => y.score.score - x.score.score || x.a - y.a || x.b - y.b,
  );
}

/**
 * Drops the initial-only and one-part matches of a set that fits more than one other set
 * (`R. Tanaka` with both `Robert Tanaka` and `Rachel Tanaka`, `Tanaka` with both): the name
 * cannot tell which one it is.
 */
function withoutAmbiguousVagueNames(pairs: NamePair[]): NamePair[] {
  const vagueMatches = new Map<number, number>();
  for (const pair of pairs) {
    if (pair.vagueSide === undefined) continue;
    vagueMatches.set(pair.vagueSide, (vagueMatches.get(pair.vagueSide) ?? 0) + 1);
  }

  return pairs.filter(
    (pair) => pair.vagueSide === undefined || (vagueMatches.get(pair.vagueSide) ?? 0) < 2,
  );
}

/** Candidate keys of a set: the name keys of its names and the typo keys of its addresses. */
function profileNameKeys(profile: NameProfile): string[] {
  if (profile.names.length === 1 && profile.emails.size === 0) {
    return nameCandidateKeys(profile.names[0] as ParsedName);
  }

  const keys = new Set<string>();
  for (const name of profile.names) {
    for (const key of nameCandidateKeys(name)) keys.add(key);
  }
  for (const email of profile.emails) {
    for (const key of emailCandidateKeys(email)) keys.add(key);
  }

  return [...keys];
}

function bestNamePair(left: ParsedName[], right: ParsedName[]) {
  let best: { score: NameScore; left: string; right: string; leftIsVague: boolean } | undefined;
  for (const a of left) {
    for (const b of right) {
      const score = compareNames(a, b);
      if (best === undefined || score.score > best.score.score) {
        const leftIsVague =
          a.given?.length === 1 || a.given === undefined || a.family === undefined;
        best = { score, left: a.display, right: b.display, leftIsVague };
      }
    }
  }

  return best;
}

function mergeProfiles(a: NameProfile, b: NameProfile): NameProfile {
  const names = [...a.names];
  for (const name of b.names) addName(names, name);

  return {
    names,
    emails: new Set([...a.emails, ...b.emails]),
    emailDomains: new Set([...a.emailDomains, ...b.emailDomains]),
    cities: new Set([...a.cities, ...b.cities]),
    blocks: new Set([...a.blocks, ...b.blocks]),
    internal: a.internal || b.internal,
    hasRecord: a.hasRecord || b.hasRecord,
  };
}

function settle(
  nodes: PersonNode[],
  uf: ConstrainedUnionFind,
  log: JoinLog,
  index: StateIndex<PersonEntity>,
  companyMerged: ReadonlyMap<string, string>,
  settings: PersonSettings,
): PersonOutcome {
  const outcome: PersonOutcome = { entities: [], links: [], merges: [], conflicts: log.conflicts };
  const planned = new Set<string>();

  for (const group of components(uf, nodes.length)) {
    const members = group.map((i) => nodes[i] as PersonNode);
    const hasRecord = members.some((member) => member.record !== undefined);
    const storedIds = [...uf.entityIds(group[0] as number)];
    const survivor = chooseSurvivor(storedIds, index);
    if (!hasRecord && storedIds.length <= 1 && !affectedByCompanyMerge(members, companyMerged)) {
      continue;
    }

    const id = survivor ?? settings.newId();
    const evidenceOf = (entityId: string) => {
      const node = group.find((i) => nodes[i]?.entity?.id === entityId);
      return node === undefined ? undefined : log.attachmentOf(node, group)?.evidence;
    };
    const merges = mergesInto('person', id, storedIds, evidenceOf);
    outcome.merges.push(...merges);

    const before = survivor === undefined ? undefined : index.entityById.get(survivor);
    const entity = buildPerson(id, before, members, companyMerged);
    if (entityChanged(before, entity) || merges.length > 0) outcome.entities.push(entity);

    for (const i of group) {
      const record = nodes[i]?.record;
      if (record === undefined) continue;
      planned.add(refKey('person', record.ref));
      const link = recordLink(index, record.ref, id, log.attachmentOf(i, group));
      if (link !== undefined) outcome.links.push(link);
    }
  }

  outcome.links.push(...movedLinks(index, outcome.merges, planned));

  return outcome;
}

function affectedByCompanyMerge(
  members: PersonNode[],
  companyMerged: ReadonlyMap<string, string>,
): boolean {
  return members.some((member) =>
    member.entity?.affiliations.some((affiliation) => companyMerged.has(affiliation.companyId)),
  );
}

/**
 * Builds a person's state from the stored survivor, the entities merged into it and the batch
 * records. The display name is the fullest name of the latest observation.
 */
function buildPerson(
  id: string,
  before: PersonEntity | undefined,
  members: PersonNode[],
  companyMerged: ReadonlyMap<string, string>,
): PersonEntity {
  const names: string[] = [...(before?.names ?? [])];
  const emails = new Set<string>(before?.emails ?? []);
  const cities = new Set<string>(before?.cities ?? []);
  const linked = new Map<string, SourceRef>();
  const affiliations = new Map<string, Affiliation>();
  let internal = before?.internal ?? false;
  let display = before?.name;
  let displayAt = Number.NEGATIVE_INFINITY;
  let displayFull = false;

  const addAffiliation = (companyId: string, first?: string, last?: string) => {
    const finalId = companyMerged.get(companyId) ?? companyId;
    const known = affiliations.get(finalId) ?? { companyId: finalId };
    known.firstSeen = minTime(known.firstSeen, first);
    known.lastSeen = maxTime(known.lastSeen, last);
    affiliations.set(finalId, known);
  };

  for (const ref of before?.linkedIds ?? []) linked.set(refText(ref), ref);
  for (const a of before?.affiliations ?? []) addAffiliation(a.companyId, a.firstSeen, a.lastSeen);

  for (const member of members) {
    const source = member.entity;
    if (source !== undefined && source.id !== id) {
      for (const name of source.names) addUnique(names, name);
      for (const email of source.emails) emails.add(email);
      for (const city of source.cities ?? []) cities.add(city);
      for (const ref of source.linkedIds) linked.set(refText(ref), ref);
      for (const a of source.affiliations) addAffiliation(a.companyId, a.firstSeen, a.lastSeen);
      internal ||= source.internal;
      display ??= source.name;
    }

    const record = member.record;
    if (record === undefined) continue;
    internal ||= record.internal;
    for (const email of record.emails) emails.add(email);
    for (const city of record.cities) cities.add(city);
    for (const ref of record.linkedIds) linked.set(refText(ref), ref);
    record.affiliations.forEach((affiliation, i) => {
      const companyId = member.affiliationIds?.[i];
      if (companyId === undefined) return;
      const at = affiliation.observedAt?.toISOString();
      addAffiliation(companyId, at, at);
    });

    record.observations.forEach((observation, i) => {
      const name = record.observationNames[i];
      if (name === undefined) return;
      addUnique(names, name.display);
      const at = observation.observedAt?.getTime() ?? 0;
      const full = name.given !== undefined && name.family !== undefined;
      if ((full && !displayFull) || (full === displayFull && at >= displayAt)) {
        display = name.display;
        displayAt = at;
        displayFull = full;
      }
    });
  }

  return {
    id,
    type: 'person',
    name: display,
    names: names.slice(0, MAX_NAMES),
    emails: [...emails].sort(compareText),
    internal,
    affiliations: [...affiliations.values()].sort(
      (a, b) =>
        compareText(a.firstSeen ?? '', b.firstSeen ?? '') || compareText(a.companyId, b.companyId),
    ),
    linkedIds: [...linked.values()].sort((a, b) => compareText(refText(a), refText(b))),
    cities: [...cities].sort(compareText),
  };
}

function minTime(a: string | undefined, b: string | undefined): string | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return a < b ? a : b;
}

function maxTime(a: string | undefined, b: string | undefined): string | undefined {
  if (a === undefined) return b;
  if (b === undefined) return a;
  return a > b ? a : b;
}

function addUnique(list: string[], value: string): void {
  if (!list.includes(value)) list.push(value);
}

function unique(values: string[]): string[] {
  return [...new Set(values)];
}
