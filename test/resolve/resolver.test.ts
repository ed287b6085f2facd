import { describe, expect, it } from 'vitest';
import { MemoryStore } from '../../src/resolve/memory-store.js';
import { resolveBatch } from '../../src/resolve/resolver.js';
import {
  gongParty,
  Harness,
  hubspotCompany,
  hubspotContact,
  salesforceAccount,
  salesforceContact,
  slackUser,
} from './fixtures.js';

const ACME = { sourceSystem: 'hubspot' as const, sourceId: 'co-acme' };

describe('exact keys', () => {
  it('keeps a mapped source id on its entity when its data changes', async () => {
    const h = new Harness();
    await h.run([
      hubspotContact('101', {
        firstName: 'Robert',
        lastName: 'Tanaka',
        emails: ['robert@acme.example'],
      }),
    ]);
    const first = h.personId('hubspot', '101');

    const result = await h.run([
      hubspotContact('101', {
        firstName: 'Rob',
        lastName: 'Tanaka-Ito',
        emails: ['rt@elsewhere.example'],
      }),
    ]);

    expect(h.personId('hubspot', '101')).toBe(first);
    expect(result.links).toEqual([]);
    expect(h.person('hubspot', '101').emails).toEqual([
      'robert@acme.example',
      'rt@elsewhere.example',
    ]);
  });

  it('joins records by e-mail regardless of case', async () => {
    const h = new Harness();
    await h.run([
      hubspotContact('101', {
        firstName: 'Robert',
        lastName: 'Tanaka',
        emails: ['Robert.Tanaka@Acme.example'],
      }),
      slackUser('U01', { name: 'rtanaka', emails: ['robert.tanaka@acme.example'] }),
    ]);

    expect(h.personId('slack', 'U01')).toBe(h.personId('hubspot', '101'));
    expect(h.store.linkOf('person', 'slack', 'U01')?.evidence).toEqual({
      rule: 'email',
      values: { email: 'robert.tanaka@acme.example' },
    });
  });

  it('joins records through an alternate e-mail', async () => {
    const h = new Harness();
    await h.run([
      hubspotContact('101', {
        firstName: 'Mina',
        lastName: 'Okafor',
        emails: ['mina@acme.example', 'mina.okafor@gmail.com'],
      }),
    ]);
    await h.run([slackUser('U02', { name: 'Mina O', emails: ['mina.okafor@gmail.com'] })]);

    expect(h.personId('slack', 'U02')).toBe(h.personId('hubspot', '101'));
  });

  it('joins a Gong party to the CRM contact whose id it carries', async () => {
    const h = new Harness();
    await h.run([
      salesforceContact('003A', {
        firstName: 'Ines',
        lastName: 'Varga',
        emails: ['ines@globex.example'],
      }),
    ]);
    await h.run([
      gongParty('party-1', {
        name: 'Ines V.',
        linkedIds: [{ sourceSystem: 'salesforce', sourceId: '003A' }],
      }),
    ]);

    expect(h.personId('gong', 'party-1')).toBe(h.personId('salesforce', '003A'));
    expect(h.store.linkOf('person', 'gong', 'party-1')?.evidence).toEqual({
      rule: 'linked_id',
      values: { sourceSystem: 'salesforce', sourceId: '003A' },
    });
  });

  it('joins a CRM contact that arrives after the Gong party naming it', async () => {
    const h = new Harness();
    await h.run([
      gongParty('party-1', {
        name: 'Ines Varga',
        linkedIds: [{ sourceSystem: 'hubspot', sourceId: '555' }],
      }),
    ]);
    await h.run([
      hubspotContact('555', {
        firstName: 'Inés',
        lastName: 'Varga',
        emails: ['iv@globex.example'],
      }),
    ]);

    expect(h.personId('hubspot', '555')).toBe(h.personId('gong', 'party-1'));
    expect(h.people()).toHaveLength(1);
  });
});

describe('companies', () => {
  it.each([
    ['a dropped letter', 'Halbrecht', 'Halbrect'],
    ['an added letter', 'Corvane', 'Corvanne'],
    ['a changed letter', 'Corvane', 'Corvame'],
  ])('joins one-word names with %s across batches', async (_case, stored, typed) => {
    const h = new Harness();
    await h.run([hubspotCompany('co-1', stored)]);
    await h.run([salesforceAccount('001X', typed)]);

    expect(h.companyId('salesforce', '001X')).toBe(h.companyId('hubspot', 'co-1'));
    expect(h.store.linkOf('company', 'salesforce', '001X')?.evidence.rule).toBe(
      'company_name_fuzzy',
    );
  });

  it('affiliates a person with the company of their e-mail domain', async () => {
    const h = new Harness();
    await h.run([hubspotCompany('co-acme', 'Acme Inc.', ['acme.example'])]);
    await h.run([slackUser('U03', { name: 'Lena Park', emails: ['lena@acme.example'] })]);

    const companyId = h.companyId('hubspot', 'co-acme');
    expect(h.person('slack', 'U03').affiliations.map((a) => a.companyId)).toEqual([companyId]);
  });

  it('creates no company from a free-mail domain', async () => {
    const h = new Harness();
    await h.run([
      slackUser('U04', { name: 'Omar Haddad', emails: ['omar.h@gmail.com'] }),
      slackUser('U05', { name: 'Omar Hadad', emails: ['ohaddad@gmail.com'] }),
    ]);

    expect(h.store.allEntities('company')).toEqual([]);
    expect(h.person('slack', 'U04').affiliations).toEqual([]);
    // Free-mail is no block, so similar names there are never compared.
    expect(h.personId('slack', 'U04')).not.toBe(h.personId('slack', 'U05'));
  });

  it('unifies companies by normalized name and by shared domain', async () => {
    const h = new Harness();
    const result = await h.run([
      hubspotCompany('co-1', 'Acme Inc.', ['acme.example']),
      salesforceAccount('001A', 'ACME Corporation'),
      salesforceAccount('001B', 'The Acme Co.'),
      hubspotCompany('co-2', 'Acme Robotics Holdings', ['www.acme.example']),
    ]);

    const ids = new Set(['co-1', 'co-2'].map((id) => h.companyId('hubspot', id)));
    ids.add(h.companyId('salesforce', '001A'));
    ids.add(h.companyId('salesforce', '001B'));
    expect(ids.size).toBe(1);
    expect(result.links.find((link) => link.sourceId === 'co-2')?.evidence).toEqual({
      rule: 'domain',
      values: { domain: 'acme.example' },
    });
  });

  it('keeps similar names with different domains apart', async () => {
    const h = new Harness();
    await h.run([
      hubspotCompany('co-1', 'Northwind Analytics', ['northwind.example']),
      hubspotCompany('co-2', 'Northwind Analytica', ['northwind-labs.example']),
    ]);

    expect(h.companyId('hubspot', 'co-1')).not.toBe(h.companyId('hubspot', 'co-2'));
  });

  it('joins a company name with a typo when no domain contradicts it', async () => {
    const h = new Harness();
    await h.run([
      hubspotCompany('co-1', 'Akzo Nobel N.V.', ['akzo.example']),
      salesforceAccount('001', 'AKZO NOVEL NV'),
    ]);

    expect(h.companyId('salesforce', '001')).toBe(h.companyId('hubspot', 'co-1'));
    expect(h.store.linkOf('company', 'salesforce', '001')?.evidence.rule).toBe(
      'company_name_fuzzy',
    );
  });
});

describe('names inside a block', () => {
  const crmRobert = () => [
    hubspotCompany('co-acme', 'Acme Inc.', ['acme.example']),
    hubspotContact('101', {
      firstName: 'Robert',
      lastName: 'Tanaka',
      emails: ['robert.tanaka@acme.example'],
      company: ACME,
    }),
  ];

  it.each([
    ['nickname', 'Bob Tanaka', 'nickname'],
    ['Last, First order', 'Tanaka, Robert', 'exact'],
    ['initial', 'R. Tanaka', 'initial'],
    ['diacritics', 'Röbert Tanaká', 'exact'],
    ['single typo', 'Robert Tanaak', 'typo'],
    ['swapped order', 'Tanaka Robert', 'swapped_order'],
  ])('matches %s without an e-mail', async (_case, name, via) => {
    const h = new Harness();
    await h.run(crmRobert());
    await h.run([gongParty('party-9', { name, company: { name: 'ACME, Inc.' } })]);

    expect(h.personId('gong', 'party-9')).toBe(h.personId('hubspot', '101'));
    expect(h.store.linkOf('person', 'gong', 'party-9')?.evidence.via).toBe(via);
  });

  it('records the block, score and both names as evidence', async () => {
    const h = new Harness();
    await h.run(crmRobert());
    await h.run([
      gongParty('party-9', { name: 'Bob Tanaka', company: { domain: 'acme.example' } }),
    ]);

    const link = h.store.linkOf('person', 'gong', 'party-9');
    const companyId = h.companyId('hubspot', 'co-acme');
    expect(link?.evidence).toMatchObject({
      rule: 'name_in_block',
      block: `company:${companyId}`,
      left: 'Bob Tanaka',
      right: 'Robert Tanaka',
      via: 'nickname',
    });
    expect(link?.evidence.score).toBeGreaterThan(0.9);
    expect(link?.confidence).toBe(link?.evidence.score);
  });

  it('matches inside an e-mail domain block without any company record', async () => {
    const h = new Harness();
    await h.run([
      hubspotContact('7', {
        firstName: 'William',
        lastName: 'Osei',
        emails: ['w.osei@initech.example'],
      }),
    ]);
    await h.run([
      slackUser('U7', { name: 'Bill Osei', emails: ['bill.osei.home@initech.example'] }),
    ]);

    // Two addresses at one company domain are two people unless an exact key joins them.
    expect(h.personId('slack', 'U7')).not.toBe(h.personId('hubspot', '7'));
  });

  it('keeps one name at two companies as two people', async () => {
    const h = new Harness();
    await h.run([
      hubspotContact('1', {
        firstName: 'Maria',
        lastName: 'Lopez',
        emails: ['maria.lopez@acme.example'],
      }),
      hubspotContact('2', {
        firstName: 'Maria',
        lastName: 'Lopez',
        emails: ['mlopez@globex.example'],
      }),
      gongParty('p-3', { name: 'Maria Lopez', company: { domain: 'globex.example' } }),
    ]);

    expect(h.personId('hubspot', '1')).not.toBe(h.personId('hubspot', '2'));
    expect(h.personId('gong', 'p-3')).toBe(h.personId('hubspot', '2'));
  });

  it('lets an initial join only one of two people it fits', async () => {
    const h = new Harness();
    await h.run([
      hubspotCompany('co-acme', 'Acme Inc.', ['acme.example']),
      hubspotContact('1', { firstName: 'Robert', lastName: 'Tanaka', company: ACME }),
      hubspotContact('2', { firstName: 'Rachel', lastName: 'Tanaka', company: ACME }),
    ]);
    await h.run([gongParty('p-1', { name: 'R. Tanaka', company: { domain: 'acme.example' } })]);

    expect(h.personId('hubspot', '1')).not.toBe(h.personId('hubspot', '2'));
  });

  it('never joins internal and external people by name', async () => {
    const sameDomain = { conflictingEmailThreshold: 0 };
    const internal = new Harness(sameDomain);
    await internal.run([
      slackUser('U1', {
        name: 'Dana Whitfield',
        emails: ['dana.whitfield@seller.example'],
        internal: true,
      }),
      hubspotContact('9', {
        firstName: 'Dana',
        lastName: 'Whitfield',
        emails: ['dana.w@seller.example'],
      }),
    ]);
    const external = new Harness(sameDomain);
    await external.run([
      slackUser('U1', { name: 'Dana Whitfield', emails: ['dana.whitfield@seller.example'] }),
      hubspotContact('9', {
        firstName: 'Dana',
        lastName: 'Whitfield',
        emails: ['dana.w@seller.example'],
      }),
    ]);

    expect(internal.personId('slack', 'U1')).not.toBe(internal.personId('hubspot', '9'));
    expect(internal.person('slack', 'U1').internal).toBe(true);
    expect(internal.person('hubspot', '9').internal).toBe(false);
    expect(external.personId('slack', 'U1')).toBe(external.personId('hubspot', '9'));
  });

  it('marks a person internal when any record is internal', async () => {
    const h = new Harness();
    await h.run([
      gongParty('user-1', {
        name: 'Priya Raman',
        emails: ['priya@seller.example'],
        internal: true,
      }),
      salesforceContact('005A', {
        firstName: 'Priya',
        lastName: 'Raman',
        emails: ['priya@seller.example'],
      }),
    ]);

    expect(h.person('salesforce', '005A').internal).toBe(true);
  });
});

describe('moves between companies', () => {
  it('keeps one identity with both affiliations over time', async () => {
    const h = new Harness();
    await h.run([
      hubspotCompany('co-acme', 'Acme Inc.', ['acme.example']),
      hubspotCompany('co-globex', 'Globex GmbH', ['globex.example']),
      hubspotContact('42', {
        firstName: 'Sam',
        lastName: 'Reyes',
        emails: ['sam.reyes@acme.example'],
        company: ACME,
        observedAt: '2024-01-10T00:00:00Z',
      }),
      slackUser('U42', {
        name: 'Sam Reyes',
        emails: ['sam.reyes@acme.example'],
        observedAt: '2024-02-01T00:00:00Z',
      }),
    ]);
    await h.run([
      hubspotContact('42', {
        firstName: 'Sam',
        lastName: 'Reyes',
        emails: ['sam.reyes@globex.example'],
        company: { sourceSystem: 'hubspot', sourceId: 'co-globex' },
        observedAt: '2024-09-01T00:00:00Z',
      }),
    ]);

    const sam = h.person('hubspot', '42');
    expect(h.personId('slack', 'U42')).toBe(sam.id);
    expect(sam.affiliations).toEqual([
      {
        companyId: h.companyId('hubspot', 'co-acme'),
        firstSeen: '2024-01-10T00:00:00.000Z',
        lastSeen: '2024-02-01T00:00:00.000Z',
      },
      {
        companyId: h.companyId('hubspot', 'co-globex'),
        firstSeen: '2024-09-01T00:00:00.000Z',
        lastSeen: '2024-09-01T00:00:00.000Z',
      },
    ]);
  });

  it('joins the old and new company records through a personal e-mail', async () => {
    const h = new Harness();
    await h.run([
      salesforceContact('003', {
        firstName: 'Ana',
        lastName: 'Silva',
        emails: ['ana@acme.example', 'ana.silva@proton.me'],
      }),
      hubspotContact('77', {
        firstName: 'Ana',
        lastName: 'Silva',
        emails: ['asilva@globex.example', 'ana.silva@proton.me'],
      }),
    ]);

    const ana = h.person('hubspot', '77');
    expect(h.personId('salesforce', '003')).toBe(ana.id);
    expect(ana.affiliations).toHaveLength(2);
  });
});

describe('ids', () => {
  it('produces the same entities for the same input and id generator', async () => {
    const input = [
      hubspotCompany('co-acme', 'Acme Inc.', ['acme.example']),
      hubspotContact('1', { firstName: 'Robert', lastName: 'Tanaka', company: ACME }),
      gongParty('p', { name: 'Bob Tanaka', company: { domain: 'acme.example' } }),
    ];
    const first = await new Harness().run(input);
    const second = await new Harness().run([...input].reverse());

    expect(second.entities).toEqual(first.entities);
    expect(second.links).toEqual(first.links);
  });

  it('uses random UUIDs when no generator is given', async () => {
    const result = await resolveBatch(
      [slackUser('U1', { name: 'Kim Lee', emails: ['kim@x.example'] })],
      new MemoryStore(),
    );

    for (const entity of result.entities) {
      expect(entity.id).toMatch(
        /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/,
      );
    }
  });
});
