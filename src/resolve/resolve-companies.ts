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
import { type CompanyRecord, compareText } from './batch.js';
import { brandKey, companyBrand } from './company-brand.js';
import { companyTokens, compareCompanyNames, normalizeCompanyName } from './company-name.js';
import { refKey, tokenBlockKeys } from './keys.js';
import type { StateIndex } from './state-index.js';
import type { CompanyEntity, EntityMerge, Evidence, Link, ResolutionConflict } from './types.js';
import { ConstrainedUnionFind } from './union-find.js';

export interface CompanyOutcome {
  /** Final company entity id of each batch company node (`CompanyRecord.nodeKey`). */
  companyIdOf: Map<string, string>;
  /** Final id of every stored company that was merged into another, by its old id. */
  mergedInto: Map<string, string>;
  entities: CompanyEntity[];
  links: Link[];
  merges: EntityMerge[];
  conflicts: ResolutionConflict[];
}

export interface CompanySettings {
  nameThreshold: number;
  newId: () => string;
  /** Batch nodes whose names are new, the only ones searched by similar names. */
  fuzzyNodes: ReadonlySet<string>;
}

/** Confidence of a shared web domain: a domain can change owners or be a parent's. */
const DOMAIN_CONFIDENCE = 0.97;
/** Confidence of equal normalized names: two small firms may share a name. */
const NAME_CONFIDENCE = 0.9;
/**
 * Name keys shared by more companies than this (`analytics`, `group`) are too common to find
 * candidates by, so pairs that share only such words are not compared.
 */
const MAX_TOKEN_BLOCK = 100;
/** Confidence of equal brand forms: subsidiaries and branches of one brand are one account. */
const BRAND_CONFIDENCE = 0.8;
/** Confidence of a brand contained in a longer one (`norvik` in `norvik lighting`). */
const CONTAINED_BRAND_CONFIDENCE = 0.7;
/**
 * A contained brand needs a word of at least this many letters, so `vdk` does not take in
 * `vdk lampen`: three-letter brands are often initials that many firms share.
 */
const MIN_CONTAINED_TOKEN = 4;
/**
 * A contained brand's words must each be in the brands of at most this many sets, so a common
 * word does not bridge the companies whose names extend it.
 * NOTE: the value is an estimate. On the PATSTAT Dutch patent holders (dedupe-examples) the
 * largest brand needs 14, and the count covers only the sets a batch loads.
 */
const MAX_CONTAINED_SETS = 20;
/** Brands with more distinct words than this are looked up by their one- and two-word parts. */
const MAX_SUBSET_TOKENS = 8;

/** A node of the company graph: a stored entity or a batch record. */
interface CompanyNode {
  entity?: CompanyEntity | undefined;
  record?: CompanyRecord | undefined;
}

/**
 * Resolves the batch's companies against the loaded ones: stored source ids, then shared
 * domains, then equal normalized names, then similar names (scored by `compareCompanyNames`)
 * among companies that share a name token and do not have different domains, then brand forms
 * (`joinBrands`) under the same domain rule.
 */
export function resolveCompanies(
  records: readonly CompanyRecord[],
  index: StateIndex<CompanyEntity>,
  settings: CompanySettings,
): CompanyOutcome {
  const nodes: CompanyNode[] = [
    ...index.entities.map((entity) => ({ entity })),
    ...records.map((record) => ({ record })),
  ];
  const uf = new ConstrainedUnionFind(nodes.length);
  nodes.forEach((node, i) => {
    if (node.entity !== undefined) {
      uf.setEntity(i, node.entity.id, index.neverMerge.get(node.entity.id) ?? []);
    }
  });
  const log = new JoinLog('company', uf, nodes.length);

  joinExactKeys(nodes, index, log);
  joinSimilarNames(nodes, uf, log, settings);
  joinBrands(nodes, uf, log, settings);

  return settle(nodes, uf, log, index, settings);
}

function joinExactKeys(nodes: CompanyNode[], index: StateIndex<CompanyEntity>, log: JoinLog): void {
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

    const pin = index.pins.get(refKey('company', ref));
    const pinned = pin === undefined ? undefined : entityNode.get(pin.entityId);
    if (pin !== undefined && pinned !== undefined) {
      log.join(pinned, i, { confidence: 1, evidence: { rule: 'manual_pin', decisionId: pin.id } });
      return;
    }

    const link = index.linkOf(ref);
    const linked = link === undefined ? undefined : entityNode.get(link.entityId);
    if (linked !== undefined) {
      const values = { sourceSystem: ref.sourceSystem, sourceId: ref.sourceId };
      log.join(linked, i, { confidence: 1, evidence: { rule: 'source_id', values } });
    }
  });

  joinByKey(nodes, log, domainsOf, (domain) => ({
    confidence: DOMAIN_CONFIDENCE,
    evidence: { rule: 'domain', values: { domain } },
  }));
  joinByKey(nodes, log, normalizedNamesOf, (name) => ({
    confidence: NAME_CONFIDENCE,
    evidence: { rule: 'company_name', values: { name } },
  }));
}

/** Joins every node to the first node that shares one of its keys. */
function joinByKey(
  nodes: CompanyNode[],
  log: JoinLog,
  keysOf: (node: CompanyNode) => string[],
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

function domainsOf(node: CompanyNode): string[] {
  return node.entity?.domains ?? node.record?.domains ?? [];
}

function namesOf(node: CompanyNode): string[] {
  if (node.entity !== undefined) return node.entity.names;
  const record = node.record;

  return record === undefined ? [] : [...record.names, ...record.hintNames];
}

/**
 * Normalized names without spaces, so `ST Microelectronics` meets `STMicroelectronics` and
 * `D S M` meets `DSM`.
 */
function normalizedNamesOf(node: CompanyNode): string[] {
  const names = new Set<string>();
  for (const name of namesOf(node)) {
    const normalized = normalizeCompanyName(name);
    if (normalized !== undefined) names.add(normalized.replaceAll(' ', ''));
  }

  return [...names];
}

/** Per-set facts used while joining by similar names; merged as sets join. */
interface NameProfile {
  tokens: string[][];
  display: string[];
  domains: Set<string>;
  /** True when the set contains a batch record with a name no stored company carries. */
  hasRecord: boolean;
}

function joinSimilarNames(
  nodes: CompanyNode[],
  uf: ConstrainedUnionFind,
  log: JoinLog,
  settings: CompanySettings,
): void {
  const threshold = settings.nameThreshold;
  if (threshold > 1) return;

  const profiles = new Map<number, NameProfile>();
  nodes.forEach((node, i) => {
    const root = uf.find(i);
    const profile = profiles.get(root) ?? {
      tokens: [],
      display: [],
      domains: new Set(),
      hasRecord: false,
    };
    for (const name of namesOf(node)) {
      const tokens = companyTokens(name);
      const joined = tokens.join(' ');
      if (tokens.length > 0 && !profile.tokens.some((known) => known.join(' ') === joined)) {
        profile.tokens.push(tokens);
        profile.display.push(name);
      }
    }
    for (const domain of domainsOf(node)) profile.domains.add(domain);
    profile.hasRecord ||= node.record !== undefined && settings.fuzzyNodes.has(node.record.nodeKey);
    profiles.set(root, profile);
  });

  const candidates = similarNamePairs(profiles, threshold);
  for (const candidate of candidates) {
    const rootA = uf.find(candidate.a);
    const rootB = uf.find(candidate.b);
    if (rootA === rootB) continue;

    const profileA = profiles.get(rootA);
    const profileB = profiles.get(rootB);
    if (profileA === undefined || profileB === undefined) continue;
    if (differentDomains(profileA.domains, profileB.domains)) continue;

    const evidence: Evidence = {
      rule: 'company_name_fuzzy',
      score: roundScore(candidate.score),
      left: candidate.left,
      right: candidate.right,
    };
    // The stored side anchors the join; between two new sets, the earlier record does.
    const storedA = uf.entityIds(rootA).size > 0;
    const storedB = uf.entityIds(rootB).size > 0;
    const aAnchors = storedA || (!storedB && candidate.a < candidate.b);
    const [anchor, joiner] = aAnchors ? [rootA, rootB] : [rootB, rootA];
    if (!log.join(anchor, joiner, { confidence: roundScore(candidate.score), evidence })) continue;

    const root = uf.find(rootA);
    profiles.set(root, mergeProfiles(profileA, profileB));
  }
}

interface NamePair {
  a: number;
  b: number;
  score: number;
  left: string;
  right: string;
}

/**
 * Pairs of sets that share a name key (`tokenBlockKeys`, so `akzo novel` meets `akzo nobel`)
 * and whose best name pair reaches the threshold.
 */
function similarNamePairs(profiles: Map<number, NameProfile>, threshold: number): NamePair[] {
  const byKey = new Map<string, number[]>();
  for (const [root, profile] of profiles) {
    for (const key of profileTokenKeys(profile)) {
      const list = byKey.get(key);
      if (list === undefined) byKey.set(key, [root]);
      else list.push(root);
    }
  }

  const seen = new Set<number>();
  const stride = Math.max(...profiles.keys(), 0) + 1;
  const pairs: NamePair[] = [];
  for (const roots of byKey.values()) {
    if (roots.length < 2 || roots.length > MAX_TOKEN_BLOCK) continue;
    for (let i = 0; i < roots.length; i++) {
      for (let j = i + 1; j < roots.length; j++) {
        const a = Math.min(roots[i] as number, roots[j] as number);
        const b = Math.max(roots[i] as number, roots[j] as number);
        const profileA = profiles.get(a) as NameProfile;
        const profileB = profiles.get(b) as NameProfile;
        // Only new evidence is compared: two stored companies were compared when they were stored.
        if (!profileA.hasRecord && !profileB.hasRecord) continue;
        if (seen.has(a * stride + b)) continue;
        seen.add(a * stride + b);

        const best = bestNamePair(profileA, profileB, threshold);
        if (best.score >= threshold) pairs.push({ a, b, ...best });
      }
    }
  }

  return pairs.sort((x, y) => y.score - x.score || x.a - y.a || x.b - y.b);
}

function profileTokenKeys(profile: NameProfile): Set<string> {
  return tokenBlockKeys(profile.tokens);
}

function bestNamePair(a: NameProfile, b: NameProfile, threshold: number) {
  let best = { score: 0, left: '', right: '' };
  a.tokens.forEach((left, i) => {
    b.tokens.forEach((right, j) => {
      // The score is at most the ratio of token counts, so lopsided pairs are skipped unscored.
      const ratio = Math.min(left.length, right.length) / Math.max(left.length, right.length);
      if (ratio < threshold || ratio <= best.score) return;
      const score = compareCompanyNames(left, right);
      if (score > best.score) best = { score, left: a.display[i] ?? '', right: b.display[j] ?? '' };
    });
  });

  return best;
}

/** Both sets know their domains and share none: a name alike is not enough then. */
function differentDomains(a: Set<string>, b: Set<string>): boolean {
  if (a.size === 0 || b.size === 0) return false;
  for (const domain of a) if (b.has(domain)) return false;

  return true;
}

function mergeProfiles(a: NameProfile, b: NameProfile): NameProfile {
  return {
    tokens: [...a.tokens, ...b.tokens],
    display: [...a.display, ...b.display],
    domains: new Set([...a.domains, ...b.domains]),
    hasRecord: a.hasRecord || b.hasRecord,
  };
}

/** Brand forms of one set's names, with the name each came from. */
interface BrandProfile {
  /** Brand tokens by `brandKey`. */
  brands: Map<string, { tokens: string[]; display: string; bare: boolean }>;
  domains: Set<string>;
  /** True when the set contains a batch record with a name no stored company carries. */
  hasRecord: boolean;
}

interface BrandPair {
  a: number;
  b: number;
  score: number;
  via: 'equal_brand' | 'contained_brand';
  left: string;
  right: string;
}

/**
 * Joins sets whose names have equal brand forms (`companyBrandTokens`), then sets where one
 * brand's tokens are all in the other's and the shorter brand is distinctive
 * (`containedBrandPairs`). Like similar names, brands never join two sets whose domains differ,
 * and two stored sets join only through a set with a new name. A name threshold above 1 turns
 * brands off along with similar names.
 */
function joinBrands(
  nodes: CompanyNode[],
  uf: ConstrainedUnionFind,
  log: JoinLog,
  settings: CompanySettings,
): void {
  // Without a new name there is no new evidence, and stored sets were compared when stored.
  if (settings.nameThreshold > 1 || settings.fuzzyNodes.size === 0) return;

  const profiles = brandProfiles(nodes, uf, settings);
  joinBrandPairs(equalBrandPairs(profiles, brandIndex(profiles)), profiles, uf, log);

  // Sets joined by equal brands count once when containment measures how common a token is.
  // `joinBrandPairs` keeps the merged profile of every set under its current root.
  const joined = new Map([...profiles].filter(([root]) => uf.find(root) === root));
  joinBrandPairs(containedBrandPairs(joined, brandIndex(joined)), joined, uf, log);
}

/** Sets by the key of each brand they have. */
function brandIndex(profiles: Map<number, BrandProfile>): Map<string, number[]> {
  const byKey = new Map<string, number[]>();
  for (const [root, profile] of profiles) {
    for (const key of profile.brands.keys()) {
      const list = byKey.get(key);
      if (list === undefined) byKey.set(key, [root]);
      else list.push(root);
    }
  }

  return byKey;
}

function joinBrandPairs(
  pairs: BrandPair[],
  profiles: Map<number, BrandProfile>,
  uf: ConstrainedUnionFind,
  log: JoinLog,
): void {
  pairs.sort((x, y) => x.a - y.a || x.b - y.b);

  for (const pair of pairs) {
    const rootA = uf.find(pair.a);
    const rootB = uf.find(pair.b);
    if (rootA === rootB) continue;

    const profileA = profiles.get(rootA);
    const profileB = profiles.get(rootB);
    if (profileA === undefined || profileB === undefined) continue;
    if (!profileA.hasRecord && !profileB.hasRecord) continue;
    if (differentDomains(profileA.domains, profileB.domains)) continue;

    const evidence: Evidence = {
      rule: 'company_brand',
      score: pair.score,
      left: pair.left,
      right: pair.right,
      via: pair.via,
    };
    const storedA = uf.entityIds(rootA).size > 0;
    const storedB = uf.entityIds(rootB).size > 0;
    const aAnchors = storedA || (!storedB && pair.a < pair.b);
    const [anchor, joiner] = aAnchors ? [rootA, rootB] : [rootB, rootA];
    if (!log.join(anchor, joiner, { confidence: pair.score, evidence })) continue;

    profiles.set(uf.find(rootA), mergeBrandProfiles(profileA, profileB));
  }
}

function brandProfiles(
  nodes: CompanyNode[],
  uf: ConstrainedUnionFind,
  settings: CompanySettings,
): Map<number, BrandProfile> {
  const profiles = new Map<number, BrandProfile>();
  nodes.forEach((node, i) => {
    const root = uf.find(i);
    const profile = profiles.get(root) ?? {
      brands: new Map(),
      domains: new Set(),
      hasRecord: false,
    };
    for (const name of namesOf(node)) {
      const { tokens, described, key } = companyBrand(name);
      if (tokens.length === 0) continue;
      const known = profile.brands.get(key);
      if (known === undefined) profile.brands.set(key, { tokens, display: name, bare: !described });
      else known.bare ||= !described;
    }
    for (const domain of domainsOf(node)) profile.domains.add(domain);
    profile.hasRecord ||= node.record !== undefined && settings.fuzzyNodes.has(node.record.nodeKey);
    profiles.set(root, profile);
  });

  return profiles;
}

/**
 * Pairs every set that has a brand with one pivot set of that brand: the lowest set with a new
 * name, so a new name can join stored sets of its brand. Brands without a new name give no pairs.
 */
function equalBrandPairs(
  profiles: Map<number, BrandProfile>,
  byKey: Map<string, number[]>,
): BrandPair[] {
  const pairs: BrandPair[] = [];
  for (const [key, roots] of byKey) {
    if (roots.length < 2) continue;
    const sorted = [...roots].sort((x, y) => x - y);
    const pivot = sorted.find((root) => profiles.get(root)?.hasRecord);
    if (pivot === undefined) continue;

    const pivotName = profiles.get(pivot)?.brands.get(key)?.display ?? '';
    for (const root of sorted) {
      if (root === pivot) continue;
      const name = profiles.get(root)?.brands.get(key)?.display ?? '';
      const [left, right] = root < pivot ? [name, pivotName] : [pivotName, name];
      pairs.push({
        a: Math.min(root, pivot),
        b: Math.max(root, pivot),
        score: BRAND_CONFIDENCE,
        via: 'equal_brand',
        left,
        right,
      });
    }
  }

  return pairs;
}

/**
 * Pairs a set whose brand has every token of a shorter brand with the sets that have that
 * shorter brand (`norvik lampenfabriek` with `norvik`), in any word order, because some sources
 * sort a name's words. The shorter brand is found by looking up each subset of the longer
 * brand's tokens, so no block is compared pair by pair. The shorter brand must be bare (no
 * descriptor was removed to reach it, so `Norvik Systems` does not take in `Norvik Freight`),
 * have a word of `MIN_CONTAINED_TOKEN` letters or more, and have only words that at most
 * `MAX_CONTAINED_SETS` sets' brands contain.
 */
function containedBrandPairs(
  profiles: Map<number, BrandProfile>,
  byKey: Map<string, number[]>,
): BrandPair[] {
  const setsWithToken = new Map<string, number>();
  for (const profile of profiles.values()) {
    const tokens = new Set([...profile.brands.keys()].flatMap((key) => key.split(' ')));
    for (const token of tokens) setsWithToken.set(token, (setsWithToken.get(token) ?? 0) + 1);
  }
  const distinctive = (tokens: readonly string[]) =>
    tokens.some((token) => token.length >= MIN_CONTAINED_TOKEN) &&
    tokens.every((token) => (setsWithToken.get(token) ?? 0) <= MAX_CONTAINED_SETS);

  const pairs: BrandPair[] = [];
  for (const [root, profile] of profiles) {
    for (const { tokens, display } of profile.brands.values()) {
      const found: { subset: string[]; pairs: BrandPair[] }[] = [];
      for (const subset of properSubsets(tokens)) {
        const key = brandKey(subset);
        const shorterRoots = byKey.get(key);
        if (shorterRoots === undefined || shorterRoots.length > MAX_TOKEN_BLOCK) continue;
        if (!distinctive(subset)) continue;

        const subsetPairs: BrandPair[] = [];
        for (const shorterRoot of shorterRoots) {
          if (shorterRoot === root) continue;
          const shorter = profiles.get(shorterRoot)?.brands.get(key);
          if (shorter === undefined || !shorter.bare) continue;
          subsetPairs.push({
            a: Math.min(root, shorterRoot),
            b: Math.max(root, shorterRoot),
            score: CONTAINED_BRAND_CONFIDENCE,
            via: 'contained_brand',
            left: shorter.display,
            right: display,
          });
        }
        if (subsetPairs.length > 0) found.push({ subset, pairs: subsetPairs });
      }

      // Two brands without a common word inside one name (`Norvik Halbrecht`) make it a joint
      // or merged name, which is no evidence that it belongs to either.
      if (hasDisjointSubsets(found.map((match) => match.subset))) continue;
      for (const match of found) pairs.push(...match.pairs);
    }
  }

  return pairs;
}

function hasDisjointSubsets(subsets: string[][]): boolean {
  for (let i = 0; i < subsets.length; i++) {
    for (let j = i + 1; j < subsets.length; j++) {
      const other = subsets[j] as string[];
      if (!(subsets[i] as string[]).some((token) => other.includes(token))) return true;
    }
  }

  return false;
}

/**
 * Lists the non-empty proper subsets of a brand's distinct tokens, in token order. Brands longer than
 * `MAX_SUBSET_TOKENS` give only their one- and two-token subsets, which bounds the work per name.
 */
function properSubsets(tokens: readonly string[]): string[][] {
  const distinct = [...new Set(tokens)];
  const n = distinct.length;
  if (n < 2) return [];

  const subsets: string[][] = [];
  if (n > MAX_SUBSET_TOKENS) {
    for (let i = 0; i < n; i++) {
      subsets.push([distinct[i] as string]);
      for (let j = i + 1; j < n; j++) subsets.push([distinct[i] as string, distinct[j] as string]);
    }
    return subsets;
  }

  for (let mask = 1; mask < (1 << n) - 1; mask++) {
    subsets.push(distinct.filter((_, i) => (mask & (1 << i)) !== 0));
  }
  return subsets;
}

function mergeBrandProfiles(a: BrandProfile, b: BrandProfile): BrandProfile {
  const brands = new Map(a.brands);
  for (const [key, brand] of b.brands) {
    const known = brands.get(key);
    brands.set(key, known === undefined ? brand : { ...known, bare: known.bare || brand.bare });
  }

  return {
    brands,
    domains: new Set([...a.domains, ...b.domains]),
    hasRecord: a.hasRecord || b.hasRecord,
  };
}

function settle(
  nodes: CompanyNode[],
  uf: ConstrainedUnionFind,
  log: JoinLog,
  index: StateIndex<CompanyEntity>,
  settings: CompanySettings,
): CompanyOutcome {
  const outcome: CompanyOutcome = {
    companyIdOf: new Map(),
    mergedInto: new Map(),
    entities: [],
    links: [],
    merges: [],
    conflicts: log.conflicts,
  };
  const planned = new Set<string>();

  for (const group of components(uf, nodes.length)) {
    const members = group.map((i) => nodes[i] as CompanyNode);
    if (members.every((member) => member.record === undefined)) continue;

    const storedIds = [...uf.entityIds(group[0] as number)];
    const survivor = chooseSurvivor(storedIds, index);
    const id = survivor ?? settings.newId();

    const evidenceOf = (entityId: string) => {
      const node = group.find((i) => nodes[i]?.entity?.id === entityId);
      return node === undefined ? undefined : log.attachmentOf(node, group)?.evidence;
    };
    const merges = mergesInto('company', id, storedIds, evidenceOf);
    outcome.merges.push(...merges);
    for (const merge of merges) outcome.mergedInto.set(merge.from, id);

    const before = survivor === undefined ? undefined : index.entityById.get(survivor);
    const entity = buildCompany(id, before, members);
    if (entityChanged(before, entity) || merges.length > 0) outcome.entities.push(entity);

    for (const i of group) {
      const record = nodes[i]?.record;
      if (record === undefined) continue;
      outcome.companyIdOf.set(record.nodeKey, id);
      if (record.ref === undefined) continue;

      planned.add(refKey('company', record.ref));
      const link = recordLink(index, record.ref, id, log.attachmentOf(i, group));
      if (link !== undefined) outcome.links.push(link);
    }
  }

  outcome.links.push(...movedLinks(index, outcome.merges, planned));

  return outcome;
}

/**
 * Builds a company's state: stored entities first, then batch records. The display name is the
 * latest company record's name, else the stored name, else a hint's name, else the domain.
 */
function buildCompany(
  id: string,
  before: CompanyEntity | undefined,
  members: CompanyNode[],
): CompanyEntity {
  const names: string[] = [...(before?.names ?? [])];
  const domains = new Set<string>(before?.domains ?? []);
  let observedName: string | undefined;
  let observedAt = -1;
  let hintName: string | undefined;

  for (const member of members) {
    const source = member.entity;
    if (source !== undefined && source.id !== id) {
      for (const name of source.names) addUnique(names, name);
      for (const domain of source.domains) domains.add(domain);
    }
    const record = member.record;
    if (record === undefined) continue;
    for (const name of record.names) addUnique(names, name);
    for (const name of record.hintNames) addUnique(names, name);
    for (const domain of record.domains) domains.add(domain);
    const latest = record.names.at(-1);
    if (latest !== undefined && record.observedAt > observedAt) {
      observedName = latest;
      observedAt = record.observedAt;
    }
    hintName ??= record.hintNames[0];
  }

  const sortedDomains = [...domains].sort(compareText);
  const name = observedName ?? before?.name ?? hintName ?? sortedDomains[0];

  return { id, type: 'company', name, names, domains: sortedDomains };
}

function addUnique(list: string[], value: string): void {
  if (!list.includes(value)) list.push(value);
}
