import type { PersonRecord } from './batch.js';
import { refKey } from './keys.js';
import type { StateIndex } from './state-index.js';
import type { Affiliation, PersonEntity } from './types.js';

/**
 * Person records that a re-sync brings back unchanged: linked to a stored person who already
 * carries every name, e-mail, claimed id and company of the record. Such a record cannot create
 * a new match (the stored person was matched with the same facts), so it skips block loading and
 * name matching, and only stretches the person's affiliation times. Pinned records and people
 * with a pending manual merge are never settled, so the full path applies the decision.
 */
export function settledPersons(
  records: readonly PersonRecord[],
  index: StateIndex<PersonEntity>,
  companyIdOf: ReadonlyMap<string, string>,
  companyMerged: ReadonlyMap<string, string>,
): Map<PersonRecord, PersonEntity> {
  const settled = new Map<PersonRecord, PersonEntity>();
  const merging = new Set(index.merges.flatMap((merge) => merge.entityIds));

  for (const record of records) {
    if (index.pins.has(refKey('person', record.ref))) continue;
    const entity = index.entityById.get(index.linkOf(record.ref)?.entityId ?? '');
    // A pending manual merge is applied by the full path.
    if (entity === undefined || merging.has(entity.id)) continue;
    if (knowsRecord(entity, record, companyIdOf, companyMerged)) settled.set(record, entity);
  }

  return settled;
}

function knowsRecord(
  entity: PersonEntity,
  record: PersonRecord,
  companyIdOf: ReadonlyMap<string, string>,
  companyMerged: ReadonlyMap<string, string>,
): boolean {
  if (record.internal && !entity.internal) return false;
  if (!record.emails.every((email) => entity.emails.includes(email))) return false;
  if (!record.names.every((name) => entity.names.includes(name.display))) return false;

  const claimed = new Set(entity.linkedIds.map((ref) => `${ref.sourceSystem}:${ref.sourceId}`));
  if (!record.linkedIds.every((ref) => claimed.has(`${ref.sourceSystem}:${ref.sourceId}`))) {
    return false;
  }

  // A company merged in this batch changes the person's affiliations, so the record is not settled.
  if (entity.affiliations.some((affiliation) => companyMerged.has(affiliation.companyId))) {
    return false;
  }
  const companies = new Set(entity.affiliations.map((affiliation) => affiliation.companyId));
  return record.affiliations.every((affiliation) => {
    const companyId = companyIdOf.get(affiliation.companyNode);
    return companyId === undefined || companies.has(companyId);
  });
}

/**
 * Returns the settled people whose affiliation times the records stretch, in their new state.
 * People the records leave unchanged are left out.
 */
export function touchSettled(
  settled: ReadonlyMap<PersonRecord, PersonEntity>,
  companyIdOf: ReadonlyMap<string, string>,
): PersonEntity[] {
  const updated = new Map<string, PersonEntity>();

  for (const [record, stored] of settled) {
    const current = updated.get(stored.id) ?? stored;
    let affiliations = current.affiliations;

    for (const affiliation of record.affiliations) {
      const companyId = companyIdOf.get(affiliation.companyNode);
      const at = affiliation.observedAt?.toISOString();
      if (companyId === undefined || at === undefined) continue;
      affiliations = stretch(affiliations, companyId, at);
    }

    if (affiliations !== current.affiliations) updated.set(stored.id, { ...current, affiliations });
  }

  return [...updated.values()];
}

/** Affiliations with one company's period widened to include `at`; the same array if inside. */
function stretch(affiliations: Affiliation[], companyId: string, at: string): Affiliation[] {
  const index = affiliations.findIndex((affiliation) => affiliation.companyId === companyId);
  const known = affiliations[index];
  if (known === undefined) return affiliations;

  const firstSeen = known.firstSeen === undefined || at < known.firstSeen ? at : known.firstSeen;
  const lastSeen = known.lastSeen === undefined || at > known.lastSeen ? at : known.lastSeen;
  if (firstSeen === known.firstSeen && lastSeen === known.lastSeen) return affiliations;

  const copy = [...affiliations];
  copy[index] = { ...known, firstSeen, lastSeen };
  return copy.sort(
    (a, b) => compareIso(a.firstSeen, b.firstSeen) || compareIso(a.companyId, b.companyId),
  );
}

function compareIso(a: string | undefined, b: string | undefined): number {
  const left = a ?? '';
  const right = b ?? '';
  if (left === right) return 0;
  return left < right ? -1 : 1;
}
