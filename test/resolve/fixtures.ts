/**
 * Small cross-system fixtures about invented people and companies, shaped like the observations
 * the source normalizers emit for HubSpot contacts and companies, Salesforce contacts and
 * accounts, Gong call parties and Slack users.
 */
import type {
  CompanyHint,
  CompanyObservation,
  EntityObservation,
  PersonObservation,
  SourceRef,
} from '../../src/model.js';
import { MemoryStore } from '../../src/resolve/memory-store.js';
import { resolveBatch } from '../../src/resolve/resolver.js';
import type {
  Entity,
  PersonEntity,
  ResolutionResult,
  ResolveOptions,
} from '../../src/resolve/types.js';

interface PersonFields {
  name?: string;
  firstName?: string;
  lastName?: string;
  emails?: string[];
  city?: string;
  company?: CompanyHint;
  linkedIds?: SourceRef[];
  internal?: boolean;
  observedAt?: string;
}

function person(
  sourceSystem: PersonObservation['sourceSystem'],
  objectType: string,
  sourceId: string,
  fields: PersonFields,
): PersonObservation {
  return {
    type: 'person',
    sourceSystem,
    sourceId,
    objectType,
    name: fields.name,
    firstName: fields.firstName,
    lastName: fields.lastName,
    emails: (fields.emails ?? []).map((email) => email.toLowerCase()),
    city: fields.city,
    internal: fields.internal ?? false,
    company: fields.company,
    linkedIds: fields.linkedIds ?? [],
    observedAt: fields.observedAt === undefined ? undefined : new Date(fields.observedAt),
  };
}

export const hubspotContact = (id: string, fields: PersonFields) =>
  person('hubspot', 'contact', id, fields);
export const salesforceContact = (id: string, fields: PersonFields) =>
  person('salesforce', 'Contact', id, fields);
export const gongParty = (id: string, fields: PersonFields) => person('gong', 'party', id, fields);
export const slackUser = (id: string, fields: PersonFields) => person('slack', 'user', id, fields);

export function hubspotCompany(
  id: string,
  name: string,
  domains: string[] = [],
): CompanyObservation {
  return {
    type: 'company',
    sourceSystem: 'hubspot',
    sourceId: id,
    objectType: 'company',
    name,
    domains,
  };
}

export function salesforceAccount(
  id: string,
  name: string,
  domains: string[] = [],
): CompanyObservation {
  return {
    type: 'company',
    sourceSystem: 'salesforce',
    sourceId: id,
    objectType: 'Account',
    name,
    domains,
  };
}

/** A store plus a resolver run with counter ids (`p1`, `p2`, …), applying each result. */
export class Harness {
  readonly store = new MemoryStore();
  private next = 0;

  constructor(private readonly options: ResolveOptions = {}) {}

  async run(observations: EntityObservation[]): Promise<ResolutionResult> {
    const result = await resolveBatch(observations, this.store, {
      ...this.options,
      newId: () => `id-${++this.next}`,
    });
    this.store.apply(result);
    return result;
  }

  personId(system: string, sourceId: string): string | undefined {
    return this.store.entityIdOf('person', system, sourceId);
  }

  companyId(system: string, sourceId: string): string | undefined {
    return this.store.entityIdOf('company', system, sourceId);
  }

  person(system: string, sourceId: string): PersonEntity {
    const id = this.personId(system, sourceId);
    const entity: Entity | undefined = id === undefined ? undefined : this.store.entity(id);
    if (entity?.type !== 'person') throw new Error(`no person linked to ${system}:${sourceId}`);
    return entity;
  }

  people(): Entity[] {
    return this.store.allEntities('person');
  }
}
