import { describe, expect, it } from 'vitest';
import type { Evidence } from '../../src/resolve/types.js';
import { Harness, hubspotContact, salesforceContact, slackUser } from './fixtures.js';

const CORVANE = { sourceSystem: 'hubspot' as const, sourceId: 'co-corvane' };

/** Evidence of the join between records: the link that is not the first of a new entity. */
function joinEvidence(h: Harness, refs: [string, string][]): Evidence | undefined {
  const evidence = refs.map(([system, id]) => h.store.linkOf('person', system, id)?.evidence);
  return evidence.find((item) => item !== undefined && item.rule !== 'new_entity');
}

describe('similar e-mail addresses', () => {
  it('joins a one-part name through a mistyped address', async () => {
    const h = new Harness();
    await h.run([
      hubspotContact('201', {
        firstName: 'Hannah',
        lastName: 'Oduya',
        emails: ['hannah.oduya@corvane.example'],
        company: CORVANE,
      }),
      salesforceContact('003A', {
        firstName: 'Hannah',
        emails: ['hannah.oduay@corvane.example'],
        company: CORVANE,
      }),
    ]);

    expect(h.personId('salesforce', '003A')).toBe(h.personId('hubspot', '201'));
    const evidence = joinEvidence(h, [
      ['hubspot', '201'],
      ['salesforce', '003A'],
    ]);
    expect(evidence?.rule).toBe('similar_email');
    expect(evidence?.values).toEqual({
      leftEmail: 'hannah.oduya@corvane.example',
      rightEmail: 'hannah.oduay@corvane.example',
      edits: '1',
    });
  });

  it('finds a stored person by a mistyped address in a later batch', async () => {
    const h = new Harness();
    await h.run([
      hubspotContact('201', {
        firstName: 'Hannah',
        lastName: 'Oduya',
        emails: ['hannah.oduya@corvane.example'],
      }),
    ]);
    await h.run([
      slackUser('U9', { name: 'Hannah Oduya', emails: ['hanah.oduya@corvane.example'] }),
    ]);

    expect(h.personId('slack', 'U9')).toBe(h.personId('hubspot', '201'));
  });

  it('keeps colleagues one edit apart when their given names differ', async () => {
    const h = new Harness();
    await h.run([
      hubspotContact('201', {
        firstName: 'Anna',
        lastName: 'Smolak',
        emails: ['asmolak@corvane.example'],
        company: CORVANE,
      }),
      hubspotContact('202', {
        firstName: 'Jonas',
        lastName: 'Smolak',
        emails: ['jsmolak@corvane.example'],
        company: CORVANE,
      }),
    ]);

    expect(h.personId('hubspot', '202')).not.toBe(h.personId('hubspot', '201'));
  });

  it('keeps two people of one name with numbered addresses apart', async () => {
    const h = new Harness();
    await h.run([
      hubspotContact('201', {
        firstName: 'Leo',
        lastName: 'Okafor',
        emails: ['lokafor@corvane.example'],
        company: CORVANE,
      }),
      hubspotContact('202', {
        firstName: 'Leo',
        lastName: 'Okafor',
        emails: ['lokafor2@corvane.example'],
        company: CORVANE,
      }),
    ]);

    expect(h.personId('hubspot', '202')).not.toBe(h.personId('hubspot', '201'));
  });
});

describe('cities', () => {
  it('keeps one name in two unrelated cities apart', async () => {
    const h = new Harness();
    await h.run([
      hubspotContact('201', {
        firstName: 'Leo',
        lastName: 'Okafor',
        city: 'Manchester',
        company: CORVANE,
      }),
      hubspotContact('202', {
        firstName: 'Leo',
        lastName: 'Okafor',
        city: 'Bristol',
        company: CORVANE,
      }),
    ]);

    expect(h.personId('hubspot', '202')).not.toBe(h.personId('hubspot', '201'));
  });

  it('joins one name in one city, typo included', async () => {
    const h = new Harness();
    await h.run([
      hubspotContact('201', {
        firstName: 'Leo',
        lastName: 'Okafor',
        city: 'Manchester',
        company: CORVANE,
      }),
      hubspotContact('202', {
        firstName: 'Leo',
        lastName: 'Okafor',
        city: 'Manchestr',
        company: CORVANE,
      }),
    ]);

    expect(h.personId('hubspot', '202')).toBe(h.personId('hubspot', '201'));
  });

  it('joins a lone family name in one city', async () => {
    const h = new Harness();
    await h.run([
      hubspotContact('201', {
        firstName: 'Leo',
        lastName: 'Okafor',
        city: 'Bristol',
        company: CORVANE,
      }),
      hubspotContact('202', { lastName: 'Okafor', city: 'Bristol', company: CORVANE }),
    ]);

    expect(h.personId('hubspot', '202')).toBe(h.personId('hubspot', '201'));
    expect(
      joinEvidence(h, [
        ['hubspot', '201'],
        ['hubspot', '202'],
      ]),
    ).toMatchObject({ rule: 'name_in_block', via: 'partial_name' });
  });

  it('keeps an ambiguous lone family name apart', async () => {
    const h = new Harness();
    await h.run([
      hubspotContact('201', {
        firstName: 'Leo',
        lastName: 'Okafor',
        city: 'Bristol',
        company: CORVANE,
      }),
      hubspotContact('202', {
        firstName: 'Ada',
        lastName: 'Okafor',
        city: 'Bristol',
        company: CORVANE,
      }),
      hubspotContact('203', { lastName: 'Okafor', city: 'Bristol', company: CORVANE }),
    ]);

    expect(h.personId('hubspot', '203')).not.toBe(h.personId('hubspot', '201'));
    expect(h.personId('hubspot', '203')).not.toBe(h.personId('hubspot', '202'));
  });

  it('leaves a family name alone without a city', async () => {
    const h = new Harness();
    await h.run([
      hubspotContact('201', { firstName: 'Leo', lastName: 'Okafor', company: CORVANE }),
      hubspotContact('202', { lastName: 'Okafor', company: CORVANE }),
    ]);

    expect(h.personId('hubspot', '202')).not.toBe(h.personId('hubspot', '201'));
  });

  it('keeps the cities of a person', async () => {
    const h = new Harness();
    await h.run([
      hubspotContact('201', {
        firstName: 'Leo',
        lastName: 'Okafor',
        emails: ['leo.okafor@corvane.example'],
        city: 'Bristol',
      }),
      salesforceContact('003B', {
        firstName: 'Leo',
        lastName: 'Okafor',
        emails: ['leo.okafor@corvane.example'],
        city: 'Bath',
      }),
    ]);

    expect(h.person('hubspot', '201').cities).toEqual(['bath', 'bristol']);
  });
});

describe('name parts', () => {
  it('keeps an unrelated family name apart behind one given name', async () => {
    const h = new Harness();
    await h.run([
      hubspotContact('201', { firstName: 'Oliver', lastName: 'Cook', company: CORVANE }),
      hubspotContact('202', { firstName: 'Oliver', lastName: 'Connolly', company: CORVANE }),
    ]);

    expect(h.personId('hubspot', '202')).not.toBe(h.personId('hubspot', '201'));
  });

  it('joins a family name typed out of order', async () => {
    const h = new Harness();
    await h.run([
      hubspotContact('201', { firstName: 'Daniel', lastName: 'Ellis', company: CORVANE }),
      hubspotContact('202', { firstName: 'Daniel', lastName: 'Sille', company: CORVANE }),
    ]);

    expect(h.personId('hubspot', '202')).toBe(h.personId('hubspot', '201'));
    expect(
      joinEvidence(h, [
        ['hubspot', '201'],
        ['hubspot', '202'],
      ]),
    ).toMatchObject({ rule: 'name_in_block', via: 'scrambled' });
  });
});
