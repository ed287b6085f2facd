import { describe, expect, it } from 'vitest';
import {
  gongParty,
  Harness,
  hubspotCompany,
  hubspotContact,
  salesforceAccount,
  slackUser,
} from './fixtures.js';

const ACME = { sourceSystem: 'hubspot' as const, sourceId: 'co-acme' };

describe('manual merge', () => {
  it('joins two entities the rules kept apart', async () => {
    const h = new Harness();
    await h.run([
      slackUser('U1', { name: 'Kofi Mensah', emails: ['kofi.m@gmail.com'] }),
      hubspotContact('5', {
        firstName: 'Kwame',
        lastName: 'Mensah',
        emails: ['kwame@initech.example'],
      }),
    ]);
    const slackId = h.personId('slack', 'U1') as string;
    const hubspotId = h.personId('hubspot', '5') as string;
    expect(slackId).not.toBe(hubspotId);

    h.store.decide({
      id: 'd-1',
      kind: 'merge',
      entityType: 'person',
      entityIds: [slackId, hubspotId],
    });
    const result = await h.run([
      slackUser('U1', { name: 'Kofi Mensah', emails: ['kofi.m@gmail.com'] }),
    ]);

    expect(result.merges).toHaveLength(1);
    expect(result.merges[0]?.evidence).toEqual({ rule: 'manual_merge', decisionId: 'd-1' });
    expect(h.personId('slack', 'U1')).toBe(h.personId('hubspot', '5'));
    expect(h.people()).toHaveLength(1);
    expect(h.person('hubspot', '5').emails).toEqual(['kofi.m@gmail.com', 'kwame@initech.example']);
  });
});

describe('manual split', () => {
  const records = () => [
    hubspotCompany('co-acme', 'Acme Inc.', ['acme.example']),
    hubspotContact('1', {
      firstName: 'Robert',
      lastName: 'Tanaka',
      emails: ['robert@acme.example'],
      company: ACME,
    }),
    gongParty('p-1', { name: 'Bob Tanaka', company: { domain: 'acme.example' } }),
  ];

  it('is not re-merged when the same records come again', async () => {
    const h = new Harness();
    await h.run(records());
    const merged = h.personId('hubspot', '1') as string;
    expect(h.personId('gong', 'p-1')).toBe(merged);

    // The split: a new entity for the Gong party, its link pinned there, and the pair forbidden.
    h.store.putEntity({
      id: 'split-1',
      type: 'person',
      name: 'Bob Tanaka',
      names: ['Bob Tanaka'],
      emails: [],
      internal: false,
      affiliations: [],
      linkedIds: [],
    });
    h.store.decide({
      id: 'd-pin',
      kind: 'pin',
      entityType: 'person',
      ref: { sourceSystem: 'gong', sourceId: 'p-1' },
      entityId: 'split-1',
    });
    h.store.decide({
      id: 'd-never',
      kind: 'never_merge',
      entityType: 'person',
      entityIds: [merged, 'split-1'],
    });

    const rerun = await h.run(records());

    expect(h.personId('gong', 'p-1')).toBe('split-1');
    expect(h.personId('hubspot', '1')).toBe(merged);
    expect(rerun.merges).toEqual([]);
    expect(h.store.linkOf('person', 'gong', 'p-1')?.pinned).toBe(true);
  });

  it('reports an exact key that a split forbids as a conflict', async () => {
    const h = new Harness();
    await h.run([
      hubspotContact('1', { firstName: 'Ada', lastName: 'Moss', emails: ['ada@acme.example'] }),
      slackUser('U1', { name: 'Ada Moss', emails: ['ada@acme.example'] }),
    ]);
    const merged = h.personId('hubspot', '1') as string;
    h.store.putEntity({
      id: 'split-2',
      type: 'person',
      name: 'Ada Moss',
      names: ['Ada Moss'],
      emails: ['ada@acme.example'],
      internal: false,
      affiliations: [],
      linkedIds: [],
    });
    h.store.decide({
      id: 'd-pin',
      kind: 'pin',
      entityType: 'person',
      ref: { sourceSystem: 'slack', sourceId: 'U1' },
      entityId: 'split-2',
    });
    h.store.decide({
      id: 'd-never',
      kind: 'never_merge',
      entityType: 'person',
      entityIds: [merged, 'split-2'],
    });

    const rerun = await h.run([
      slackUser('U1', { name: 'Ada Moss', emails: ['ada@acme.example'] }),
    ]);

    expect(h.personId('slack', 'U1')).toBe('split-2');
    expect(h.personId('hubspot', '1')).toBe(merged);
    expect(rerun.conflicts).toHaveLength(1);
    expect(rerun.conflicts[0]?.entityIds).toEqual([merged, 'split-2'].sort());
    expect(rerun.conflicts[0]?.evidence.rule).toBe('email');
  });

  it('lets a later merge decision undo a split', async () => {
    const h = new Harness();
    await h.run([
      hubspotContact('1', { firstName: 'Ada', lastName: 'Moss', emails: ['ada@acme.example'] }),
      slackUser('U1', { name: 'Ada Moss', emails: ['ada.moss@gmail.com'] }),
    ]);
    const a = h.personId('hubspot', '1') as string;
    const b = h.personId('slack', 'U1') as string;
    h.store.decide({
      id: 'd1',
      kind: 'never_merge',
      entityType: 'person',
      entityIds: [a, b],
      decidedAt: '2024-01-01T00:00:00Z',
    });
    h.store.decide({
      id: 'd2',
      kind: 'merge',
      entityType: 'person',
      entityIds: [a, b],
      decidedAt: '2024-02-01T00:00:00Z',
    });

    await h.run([slackUser('U1', { name: 'Ada Moss', emails: ['ada.moss@gmail.com'] })]);

    expect(h.personId('slack', 'U1')).toBe(h.personId('hubspot', '1'));
  });
});

describe('incremental runs', () => {
  const world = () => [
    hubspotCompany('co-acme', 'Acme Inc.', ['acme.example']),
    hubspotCompany('co-globex', 'Globex GmbH', ['globex.example']),
    hubspotContact('1', {
      firstName: 'Robert',
      lastName: 'Tanaka',
      emails: ['robert@acme.example'],
      company: ACME,
    }),
    hubspotContact('2', { firstName: 'Lina', lastName: 'Berg', emails: ['lina@globex.example'] }),
  ];

  it('loads and changes only the blocks a batch touches', async () => {
    const h = new Harness();
    await h.run(world());
    const acme = h.companyId('hubspot', 'co-acme') as string;
    const globex = h.companyId('hubspot', 'co-globex') as string;
    const loadsBefore = h.store.loads.length;

    const result = await h.run([
      gongParty('p-7', { name: 'Lina Berg', company: { domain: 'globex.example' } }),
    ]);

    expect(h.personId('gong', 'p-7')).toBe(h.personId('hubspot', '2'));
    expect(result.blocks.loaded).toContain(`person:company:${globex}`);
    expect(result.blocks.loaded).not.toContain(`person:company:${acme}`);
    expect(result.blocks.loaded).not.toContain('person:domain:acme.example');
    expect(result.blocks.changed).toEqual([
      `person:company:${globex}`,
      'person:domain:globex.example',
    ]);

    const personLoad = h.store.loads
      .slice(loadsBefore)
      .find((load) => load.entityType === 'person');
    expect(personLoad?.keys.some((key) => key.includes('acme'))).toBe(false);
    expect(result.entities).toEqual([]);
    expect(result.links.map((link) => `${link.sourceSystem}:${link.sourceId}`)).toEqual([
      'gong:p-7',
    ]);
  });

  it('skips candidate keys of blocks nobody occupies', async () => {
    const h = new Harness();
    await h.run(world());
    const acme = h.companyId('hubspot', 'co-acme') as string;
    const loadsBefore = h.store.loads.length;

    await h.run([
      gongParty('p-8', { name: 'Rob Tanaka', company: { domain: 'acme.example' } }),
      gongParty('p-9', { name: 'Ivo Brandt', company: { domain: 'initech.example' } }),
    ]);

    const keys = h.store.loads
      .slice(loadsBefore)
      .filter((load) => load.entityType === 'person')
      .flatMap((load) => load.keys);
    expect(h.personId('gong', 'p-8')).toBe(h.personId('hubspot', '1'));
    expect(keys.some((key) => key.startsWith(`person:company:${acme}|`))).toBe(true);
    expect(keys.some((key) => key.startsWith('person:domain:initech.example|'))).toBe(false);
  });

  it('reads no blocks for an unchanged re-sync', async () => {
    const h = new Harness();
    await h.run(world());
    const loadsBefore = h.store.loads.length;

    const result = await h.run(world());

    const keys = h.store.loads.slice(loadsBefore).flatMap((load) => load.keys);
    expect(keys.filter((key) => key.startsWith('person:company:'))).toEqual([]);
    expect(keys.filter((key) => key.startsWith('company:token:'))).toEqual([]);
    expect(result.blocks.loaded).toEqual([]);
  });

  it('widens affiliation dates on a re-sync', async () => {
    const h = new Harness();
    const contact = (observedAt: string) =>
      hubspotContact('1', {
        firstName: 'Robert',
        lastName: 'Tanaka',
        emails: ['robert@acme.example'],
        company: ACME,
        observedAt,
      });
    await h.run([
      hubspotCompany('co-acme', 'Acme Inc.', ['acme.example']),
      contact('2024-03-01T00:00:00Z'),
    ]);

    const result = await h.run([contact('2024-05-01T00:00:00Z')]);

    expect(result.links).toEqual([]);
    expect(h.person('hubspot', '1').affiliations).toEqual([
      {
        companyId: h.companyId('hubspot', 'co-acme'),
        firstSeen: '2024-03-01T00:00:00.000Z',
        lastSeen: '2024-05-01T00:00:00.000Z',
      },
    ]);
  });

  it('changes nothing when a batch repeats what is stored', async () => {
    const h = new Harness();
    await h.run(world());

    const result = await h.run(world());

    expect(result.entities).toEqual([]);
    expect(result.links).toEqual([]);
    expect(result.merges).toEqual([]);
    expect(result.blocks.changed).toEqual([]);
  });

  it('resolves across batches as it does in one batch', async () => {
    const records = [
      ...world(),
      gongParty('p-1', { name: 'Bob Tanaka', company: { name: 'ACME Corporation' } }),
      slackUser('U2', { name: 'lina', emails: ['lina@globex.example'] }),
      salesforceAccount('001', 'Globex'),
    ];
    const together = new Harness();
    await together.run(records);
    const apart = new Harness();
    for (const record of records) await apart.run([record]);

    const groups = (h: Harness) => [
      h.personId('gong', 'p-1') === h.personId('hubspot', '1'),
      h.personId('slack', 'U2') === h.personId('hubspot', '2'),
      h.companyId('salesforce', '001') === h.companyId('hubspot', 'co-globex'),
    ];
    expect(groups(together)).toEqual([true, true, true]);
    expect(groups(apart)).toEqual(groups(together));
  });

  it('moves people to the surviving company when companies merge', async () => {
    const h = new Harness();
    await h.run([
      hubspotCompany('co-1', 'Initech LLC'),
      hubspotContact('1', {
        firstName: 'Milton',
        lastName: 'Waddams',
        company: { sourceSystem: 'hubspot', sourceId: 'co-1' },
      }),
      salesforceAccount('001', 'Initrode', ['initech.example']),
    ]);
    const before = h.person('hubspot', '1').affiliations[0]?.companyId;

    const result = await h.run([hubspotCompany('co-1', 'Initech LLC', ['initech.example'])]);

    const survivor = h.companyId('hubspot', 'co-1');
    expect(result.merges).toHaveLength(1);
    expect(h.companyId('salesforce', '001')).toBe(survivor);
    expect(before).not.toBeUndefined();
    expect(h.person('hubspot', '1').affiliations.map((a) => a.companyId)).toEqual([survivor]);
  });
});
