import type { Queryable } from '../db/database.js';
import type {
  CompanyHint,
  CompanyObservation,
  EntityObservation,
  PersonObservation,
} from '../model.js';
import { emailDomain } from '../sources/common.js';
import { EntityStore } from './store.js';

/** Links a batch of source observations to unified entities inside the batch's transaction. */
export interface EntityLinker {
  link(tx: Queryable, schema: string, observations: EntityObservation[]): Promise<void>;
}

const FREE_MAIL = new Set([
  'gmail.com',
  'googlemail.com',
  'yahoo.com',
  'hotmail.com',
  'outlook.com',
  'live.com',
  'icloud.com',
  'me.com',
  'aol.com',
  'proton.me',
  'protonmail.com',
  'gmx.com',
  'gmx.de',
  'mail.com',
]);

export function isFreeMailDomain(domain: string): boolean {
  return FREE_MAIL.has(domain);
}

/** Case- and accent-folded name with punctuation removed, for exact name comparison. */
export function foldName(name: string | undefined): string {
  if (name === undefined) return '';
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, ' ')
    .trim();
}

/**
 * First-pass linking by exact keys only: a mapped source id, a CRM id carried by another
 * record, a shared e-mail, a company's web domain or its exact folded name. Anything else
 * becomes a new entity.
 */
export class ExactKeyLinker implements EntityLinker {
  async link(tx: Queryable, schema: string, observations: EntityObservation[]): Promise<void> {
    const store = new EntityStore(tx, schema);
    // Companies first, so people can be affiliated with them in the same batch.
    for (const observation of observations) {
      if (observation.type === 'company') await this.linkCompany(store, observation);
    }
    for (const observation of observations) {
      if (observation.type === 'person') await this.linkPerson(store, observation);
    }
  }

  private async linkCompany(store: EntityStore, observation: CompanyObservation): Promise<void> {
    const ref = { sourceSystem: observation.sourceSystem, sourceId: observation.sourceId };
    const normalizedName = foldName(observation.name);
    let id = await store.findMapping(ref);
    let evidence: Record<string, unknown> = { rule: 'source_id' };

    if (id === undefined) {
      const byDomain = await store.findCompanyByDomain(observation.domains);
      const byName = byDomain ?? (await store.findByNormalizedName('company', normalizedName))[0];
      id = byName?.id;
      evidence = byDomain
        ? { rule: 'domain', values: { domains: observation.domains } }
        : { rule: 'company_name', values: { name: normalizedName } };
    }
    if (id === undefined) {
      id = await store.create({
        type: 'company',
        name: observation.name ?? observation.domains[0] ?? observation.sourceId,
        normalizedName,
        emails: [],
        domains: observation.domains,
        internal: false,
      });
      evidence = { rule: 'new_entity' };
    } else {
      await store.enrich(id, {
        name: observation.name,
        normalizedName,
        emails: [],
        domains: observation.domains,
        internal: false,
      });
    }

    await store.upsertMapping({
      type: 'company',
      unifiedId: id,
      ref,
      confidence: 1,
      metadata: { objectType: observation.objectType, evidence },
    });
  }

  private async linkPerson(store: EntityStore, observation: PersonObservation): Promise<void> {
    const ref = { sourceSystem: observation.sourceSystem, sourceId: observation.sourceId };
    let id = await store.findMapping(ref);
    let evidence: Record<string, unknown> = { rule: 'source_id' };

    if (id === undefined) {
      for (const linked of observation.linkedIds) {
        id = await store.findMapping(linked);
        if (id !== undefined) {
          evidence = { rule: 'crm_id', values: { linked } };
          break;
        }
      }
    }
    if (id === undefined) {
      const match = (await store.findByEmails('person', observation.emails))[0];
      if (match !== undefined) {
        id = match.id;
        evidence = {
          rule: 'email',
          values: { emails: match.emails.filter((e) => observation.emails.includes(e)) },
        };
      }
    }

    const name =
      observation.name ??
      ([observation.firstName, observation.lastName].filter(Boolean).join(' ') || undefined);
    if (id === undefined) {
      id = await store.create({
        type: 'person',
        name: name ?? observation.emails[0] ?? observation.sourceId,
        normalizedName: foldName(name),
        emails: observation.emails,
        domains: [],
        internal: observation.internal,
      });
      evidence = { rule: 'new_entity' };
    } else {
      await store.enrich(id, {
        name,
        normalizedName: foldName(name),
        emails: observation.emails,
        domains: [],
        internal: observation.internal,
      });
    }

    await store.upsertMapping({
      type: 'person',
      unifiedId: id,
      ref,
      confidence: 1,
      metadata: { objectType: observation.objectType, evidence },
    });
    for (const linked of observation.linkedIds) {
      if ((await store.findMapping(linked)) === undefined) {
        await store.upsertMapping({
          type: 'person',
          unifiedId: id,
          ref: linked,
          confidence: 1,
          metadata: {
            objectType: 'linked_id',
            evidence: { rule: 'crm_id', values: { carriedBy: ref } },
          },
        });
      }
    }

    if (!observation.internal) await this.affiliate(store, id, observation);
  }

  private async affiliate(
    store: EntityStore,
    personId: string,
    observation: PersonObservation,
  ): Promise<void> {
    const domains = observation.emails
      .map(emailDomain)
      .filter((domain): domain is string => domain !== undefined && !isFreeMailDomain(domain));
    const companyId = await resolveCompanyHint(store, observation.company, domains);
    if (companyId === undefined) return;

    await store.affiliate(personId, companyId, observation.observedAt, {
      rule: observation.company?.sourceId ? 'crm_company' : 'email_domain',
      values: { company: observation.company ?? null, domains },
    });
  }
}

/**
 * Find the unified company a hint points to: its source id, then its domain, then its exact
 * folded name. With only an e-mail domain, a company entity is created for the domain.
 */
export async function resolveCompanyHint(
  store: EntityStore,
  hint: CompanyHint | undefined,
  emailDomains: string[] = [],
): Promise<string | undefined> {
  if (hint?.sourceSystem !== undefined && hint.sourceId !== undefined) {
    const mapped = await store.findMapping({
      sourceSystem: hint.sourceSystem,
      sourceId: hint.sourceId,
    });
    if (mapped !== undefined) return mapped;
  }

  const domains = [hint?.domain, ...emailDomains].filter(
    (domain): domain is string => domain !== undefined && !isFreeMailDomain(domain),
  );
  const byDomain = await store.findCompanyByDomain(domains);
  if (byDomain !== undefined) return byDomain.id;

  const byName = (await store.findByNormalizedName('company', foldName(hint?.name)))[0];
  if (byName !== undefined) return byName.id;

  const domain = domains[0];
  if (domain === undefined) return undefined;

  return store.create({
    type: 'company',
    name: hint?.name ?? domain,
    normalizedName: foldName(hint?.name ?? domain),
    emails: [],
    domains: [domain],
    internal: false,
  });
}
