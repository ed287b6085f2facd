import { randomUUID } from 'node:crypto';
import type { Queryable } from '../db/database.js';
import type { EntityType, SourceRef } from '../model.js';

/** Row of the `entities` table as the linker reads it. */
export interface EntityRow {
  id: string;
  entity_type: EntityType;
  display_name: string;
  emails: string[];
  domains: string[];
  is_internal: boolean;
  company_id: string | null;
}

/** Reads and writes of entities and their mappings in one domain schema. */
export class EntityStore {
  constructor(
    private readonly tx: Queryable,
    private readonly schema: string,
  ) {}

  async findMapping(ref: SourceRef): Promise<string | undefined> {
    const rows = await this.tx.query<{ unified_id: string }>(
      `SELECT unified_id FROM ${this.schema}.entity_mappings WHERE source_system = $1 AND source_id = $2`,
      [ref.sourceSystem, ref.sourceId],
    );
    return rows[0]?.unified_id;
  }

  async findByEmails(type: EntityType, emails: string[]): Promise<EntityRow[]> {
    if (emails.length === 0) return [];
    return this.tx.query<EntityRow>(
      `SELECT * FROM ${this.schema}.entities WHERE entity_type = $1 AND emails && $2::text[]
       ORDER BY created_at, id`,
      [type, emails],
    );
  }

  async findCompanyByDomain(domains: string[]): Promise<EntityRow | undefined> {
    if (domains.length === 0) return undefined;
    const rows = await this.tx.query<EntityRow>(
      `SELECT * FROM ${this.schema}.entities WHERE entity_type = 'company' AND domains && $1::text[]
       ORDER BY created_at, id LIMIT 1`,
      [domains],
    );
    return rows[0];
  }

  async findByNormalizedName(type: EntityType, normalizedName: string): Promise<EntityRow[]> {
    if (normalizedName === '') return [];
    return this.tx.query<EntityRow>(
      `SELECT * FROM ${this.schema}.entities WHERE entity_type = $1 AND normalized_name = $2
       ORDER BY created_at, id`,
      [type, normalizedName],
    );
  }

  async get(id: string): Promise<EntityRow | undefined> {
    const rows = await this.tx.query<EntityRow>(
      `SELECT * FROM ${this.schema}.entities WHERE id = $1`,
      [id],
    );
    return rows[0];
  }

  async create(entity: {
    type: EntityType;
    name: string;
    normalizedName: string;
    emails: string[];
    domains: string[];
    internal: boolean;
    id?: string;
  }): Promise<string> {
    const id = entity.id ?? randomUUID();
    await this.tx.query(
      `INSERT INTO ${this.schema}.entities
         (id, entity_type, display_name, normalized_name, emails, domains, is_internal)
       VALUES ($1, $2, $3, $4, $5, $6, $7)`,
      [
        id,
        entity.type,
        entity.name,
        entity.normalizedName,
        entity.emails,
        entity.domains,
        entity.internal,
      ],
    );
    return id;
  }

  /**
   * Add e-mails and domains to an entity and keep the internal flag sticky. A name replaces the
   * stored one only when that is a placeholder (empty, an e-mail address or a bare domain).
   */
  async enrich(
    id: string,
    update: {
      name?: string | undefined;
      normalizedName?: string;
      emails: string[];
      domains: string[];
      internal: boolean;
    },
  ): Promise<void> {
    await this.tx.query(
      `UPDATE ${this.schema}.entities SET
         emails = ARRAY(SELECT DISTINCT unnest(emails || $2::text[])),
         domains = ARRAY(SELECT DISTINCT unnest(domains || $3::text[])),
         is_internal = is_internal OR $4,
         display_name = CASE WHEN display_name = '' OR display_name LIKE '%@%' OR display_name = ANY(domains)
                             THEN COALESCE($5, display_name) ELSE display_name END,
         normalized_name = CASE WHEN normalized_name = '' OR display_name = ANY(domains)
                                THEN COALESCE($6, normalized_name) ELSE normalized_name END,
         updated_at = now()
       WHERE id = $1`,
      [
        id,
        update.emails,
        update.domains,
        update.internal,
        update.name ?? null,
        update.normalizedName ?? null,
      ],
    );
  }

  async upsertMapping(link: {
    type: EntityType;
    unifiedId: string;
    ref: SourceRef;
    confidence: number;
    metadata: Record<string, unknown>;
  }): Promise<void> {
    await this.tx.query(
      `INSERT INTO ${this.schema}.entity_mappings
         (entity_type, unified_id, source_system, source_id, confidence_score, metadata)
       VALUES ($1, $2, $3, $4, $5, $6)
       ON CONFLICT (source_system, source_id) DO UPDATE SET
         unified_id = EXCLUDED.unified_id,
         confidence_score = EXCLUDED.confidence_score,
         metadata = EXCLUDED.metadata`,
      [
        link.type,
        link.unifiedId,
        link.ref.sourceSystem,
        link.ref.sourceId,
        link.confidence,
        link.metadata,
      ],
    );
  }

  /** Record that a person works at a company, widening the seen-interval; updates the current company. */
  async affiliate(
    personId: string,
    companyId: string,
    seenAt: Date | undefined,
    evidence: object,
  ): Promise<void> {
    const seen = seenAt ?? null;
    await this.tx.query(
      `INSERT INTO ${this.schema}.entity_affiliations (person_id, company_id, first_seen, last_seen, evidence)
       VALUES ($1, $2, $3, $3, $4)
       ON CONFLICT (person_id, company_id) DO UPDATE SET
         first_seen = LEAST(${this.schema}.entity_affiliations.first_seen, EXCLUDED.first_seen),
         last_seen = GREATEST(${this.schema}.entity_affiliations.last_seen, EXCLUDED.last_seen)`,
      [personId, companyId, seen, evidence],
    );
    await this.tx.query(
      `UPDATE ${this.schema}.entities e SET company_id = (
         SELECT company_id FROM ${this.schema}.entity_affiliations a
         WHERE a.person_id = e.id ORDER BY a.last_seen DESC NULLS LAST, a.first_seen DESC NULLS LAST LIMIT 1)
       WHERE e.id = $1`,
      [personId],
    );
  }
}
