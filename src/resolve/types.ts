import type { EntityType, SourceRef, SourceSystem } from '../model.js';

/** A period during which a person was seen at a company. */
export interface Affiliation {
  companyId: string;
  /** ISO 8601 time of the earliest observation that placed the person there, when known. */
  firstSeen?: string | undefined;
  /** ISO 8601 time of the latest such observation, when known. */
  lastSeen?: string | undefined;
}

/** A unified person: every source record linked to it describes the same human. */
export interface PersonEntity {
  id: string;
  type: 'person';
  /** Display name: the fullest name from the most recent observation. */
  name?: string | undefined;
  /** Distinct names as the sources wrote them, oldest first. */
  names: string[];
  /** Lower-cased e-mail addresses, sorted. */
  emails: string[];
  /** True when any linked record belongs to the sales team's own people. */
  internal: boolean;
  affiliations: Affiliation[];
  /** Ids in other systems that linked records claim for this person (CRM ids on Gong parties). */
  linkedIds: SourceRef[];
  /** Folded cities the records give, sorted; absent on people stored before cities were kept. */
  cities?: string[] | undefined;
}

/** A unified company. */
export interface CompanyEntity {
  id: string;
  type: 'company';
  /** Display name: the name from the most recent company record, else a hint or the domain. */
  name?: string | undefined;
  /** Distinct names as the sources wrote them, oldest first. */
  names: string[];
  /** Registrable web domains, sorted. */
  domains: string[];
}

export type Entity = PersonEntity | CompanyEntity;

/** The rule that put a record on its entity, or two entities together. */
export type EvidenceRule =
  | 'source_id'
  | 'linked_id'
  | 'email'
  | 'name_in_block'
  | 'similar_email'
  | 'domain'
  | 'company_name'
  | 'company_name_fuzzy'
  | 'company_brand'
  | 'manual_merge'
  | 'manual_pin'
  | 'new_entity';

/**
 * Reason for a link, stored with it. `values` contains the exact keys that matched, and name
 * rules add the block, the score and the two names compared.
 */
export interface Evidence {
  rule: EvidenceRule;
  values?: Record<string, string> | undefined;
  block?: string | undefined;
  score?: number | undefined;
  left?: string | undefined;
  right?: string | undefined;
  /** Kind of name match: exact, nickname, initial, typo, swapped_order or partial_name. */
  via?: string | undefined;
  decisionId?: string | undefined;
}

/** One source record mapped to a unified entity (a row of `entity_mappings`). */
export interface Link {
  entityId: string;
  entityType: EntityType;
  sourceSystem: SourceSystem;
  sourceId: string;
  /** 0..1; 1 for exact keys and manual decisions. */
  confidence: number;
  evidence: Evidence;
  /** Set by a manual pin: the resolver never moves this link. */
  pinned?: boolean | undefined;
}

/** A decision a person made, which automatic resolution must respect. */
export type ManualDecision =
  | {
      id: string;
      kind: 'merge';
      entityType: EntityType;
      entityIds: [string, string];
      decidedAt?: string | undefined;
    }
  | {
      id: string;
      kind: 'never_merge';
      entityType: EntityType;
      entityIds: [string, string];
      decidedAt?: string | undefined;
    }
  | {
      id: string;
      kind: 'pin';
      entityType: EntityType;
      ref: SourceRef;
      entityId: string;
      decidedAt?: string | undefined;
    };

/** The stored entities of the requested keys, their links and the decisions that touch them. */
export interface ResolutionState {
  entities: Entity[];
  /** Every link of the returned entities, and any link of a requested source-id key. */
  links: Link[];
  /** Decisions naming a returned entity or a linked source id. */
  decisions: ManualDecision[];
}

/**
 * Access to stored resolution state. `load` returns every entity of the type that `entityKeys`
 * indexes under any of the given keys, plus the other entity of each manual merge that names a
 * returned one. It also returns all of their links and the decisions that name them or their
 * source ids.
 * The resolver calls it up to five times per batch: up to three times for companies, then
 * twice for persons.
 */
export interface ResolutionStore {
  load(entityType: EntityType, keys: readonly string[]): ResolutionState | Promise<ResolutionState>;
  /**
   * Returns which of `keys` index at least one stored entity. Optional. When present, the
   * resolver builds block-scoped candidate keys only for the occupied blocks of a batch, and on
   * a first sync no block is occupied.
   */
  existingKeys?(
    entityType: EntityType,
    keys: readonly string[],
  ): ReadonlySet<string> | Promise<ReadonlySet<string>>;
}

/** An entity retired because it was merged into another. */
export interface EntityMerge {
  entityType: EntityType;
  from: string;
  into: string;
  evidence: Evidence;
}

/** An exact-key match the resolver did not apply because a manual decision forbids it. */
export interface ResolutionConflict {
  entityType: EntityType;
  entityIds: string[];
  reason: string;
  evidence: Evidence;
}

/** Changes from one batch, to be applied in one transaction. */
export interface ResolutionResult {
  /** New and changed entities in their final state. */
  entities: Entity[];
  /** New links and links whose entity, confidence or evidence changed. */
  links: Link[];
  /** Entities to delete after moving their links and decisions to `into`. */
  merges: EntityMerge[];
  blocks: {
    /** Block keys (`person:domain:…`, `person:company:…`, `company:token:…`) that were loaded. */
    loaded: string[];
    /** Block keys of the entities that changed. */
    changed: string[];
  };
  conflicts: ResolutionConflict[];
}

/** Tuning of the resolver; the defaults are the measured values in docs/entity-resolution.md. */
export interface ResolveOptions {
  /** Id for a new entity; defaults to `crypto.randomUUID`. */
  newId?: (() => string) | undefined;
  /**
   * Compares every record with the stored entities again. By default a record whose stored
   * entity already carries all its facts is settled without comparing it. That keeps re-syncs
   * cheap but never applies a changed rule to it, so re-resolution after a rule change sets this.
   */
  revisitSettled?: boolean | undefined;
  /** Minimum name score for two people in one block to be one person. */
  personNameThreshold?: number | undefined;
  /**
   * Minimum name score when both people have different e-mail addresses at the same company
   * domain; above 1 turns such merges off.
   */
  conflictingEmailThreshold?: number | undefined;
  /** Minimum name score when both people have addresses a few typos apart. */
  similarEmailThreshold?: number | undefined;
  /**
   * Minimum name score when both people have company-domain addresses at different domains and
   * none shared or similar.
   */
  differentEmailThreshold?: number | undefined;
  /** Minimum name score when both people give cities and no two are alike. */
  differentCityThreshold?: number | undefined;
  /**
   * Minimum score of each name part (given, family) for a join by name; a perfect given name
   * cannot carry an unrelated family name.
   */
  personNamePartFloor?: number | undefined;
  /**
   * Every pair of names inside a merged person must score at least this much; 0 (the default)
   * turns the check off.
   */
  personNameFloor?: number | undefined;
  /**
   * Minimum score for two company names to be one company; above 1 turns fuzzy names and the
   * brand rules off.
   */
  companyNameThreshold?: number | undefined;
}
