import { describe, expect, it } from 'vitest';
import type { CompanyObservation } from '../../src/model.js';
import { MemoryStore } from '../../src/resolve/memory-store.js';
import { resolveBatch } from '../../src/resolve/resolver.js';
import { Harness, hubspotCompany, salesforceAccount } from './fixtures.js';

describe('equal brands', () => {
  it('joins subsidiaries named after one brand', async () => {
    const h = new Harness();
    await h.run([
      hubspotCompany('co-1', 'Koninklijke Norvik Electronics N.V.'),
      salesforceAccount('001', 'Norvik Electronics UK Limited'),
      salesforceAccount('002', 'U.S. Norvik Corporation'),
      salesforceAccount('003', 'Naamloze Vennootschap Norvik, Utrecht, NL'),
    ]);

    const ids = new Set(['001', '002', '003'].map((id) => h.companyId('salesforce', id)));
    ids.add(h.companyId('hubspot', 'co-1'));
    expect(ids.size).toBe(1);
  });

  it('records the brand as evidence', async () => {
    const h = new Harness();
    await h.run([
      hubspotCompany('co-1', 'Halbrecht Holding B.V.'),
      salesforceAccount('001', 'Halbrecht Research Maatschappij B.V.'),
    ]);

    const evidence = h.store.linkOf('company', 'salesforce', '001')?.evidence;
    expect(evidence?.rule).toBe('company_brand');
    expect(evidence?.via).toBe('equal_brand');
    expect(evidence?.left).toBe('Halbrecht Holding B.V.');
    expect(evidence?.right).toBe('Halbrecht Research Maatschappij B.V.');
  });

  it('keeps two brands with a shared descriptor apart', async () => {
    const h = new Harness();
    await h.run([
      hubspotCompany('co-1', 'Norvik Systems B.V.'),
      hubspotCompany('co-2', 'Halbrecht Systems B.V.'),
    ]);

    expect(h.companyId('hubspot', 'co-1')).not.toBe(h.companyId('hubspot', 'co-2'));
  });

  it('keeps equal brands apart when their domains differ', async () => {
    const h = new Harness();
    await h.run([
      hubspotCompany('co-1', 'Norvik Holding', ['norvik.example']),
      hubspotCompany('co-2', 'Norvik Research', ['norvik-research.example']),
    ]);

    expect(h.companyId('hubspot', 'co-1')).not.toBe(h.companyId('hubspot', 'co-2'));
  });

  it('joins a new name to a stored company of the same brand', async () => {
    const h = new Harness();
    await h.run([hubspotCompany('co-1', 'Norvik Electronics N.V.')]);
    await h.run([salesforceAccount('001', 'Koninklijke Norvik Holding B.V.')]);

    expect(h.companyId('salesforce', '001')).toBe(h.companyId('hubspot', 'co-1'));
  });

  it('does not join two stored companies without a new name', async () => {
    const store = new MemoryStore();
    let next = 0;
    const newId = () => `id-${++next}`;
    const stored = [
      hubspotCompany('co-1', 'Norvik Electronics N.V.'),
      hubspotCompany('co-2', 'Norvik Holding B.V.'),
    ];
    // Name rules off, so the two are stored apart as a never-compared pair.
    store.apply(await resolveBatch(stored, store, { newId, companyNameThreshold: 2 }));

    const result = await resolveBatch([stored[0] as CompanyObservation], store, { newId });
    store.apply(result);

    expect(result.merges).toEqual([]);
    expect(store.entityIdOf('company', 'hubspot', 'co-1')).not.toBe(
      store.entityIdOf('company', 'hubspot', 'co-2'),
    );
  });

  it('joins two stored companies when a new name of the brand arrives', async () => {
    const store = new MemoryStore();
    let next = 0;
    const newId = () => `id-${++next}`;
    const stored = [
      hubspotCompany('co-1', 'Norvik Electronics N.V.'),
      hubspotCompany('co-2', 'Norvik Holding B.V.'),
    ];
    store.apply(await resolveBatch(stored, store, { newId, companyNameThreshold: 2 }));

    const result = await resolveBatch([salesforceAccount('001', 'Norvik Group')], store, {
      newId,
    });
    store.apply(result);

    expect(result.merges).toHaveLength(1);
    expect(store.entityIdOf('company', 'hubspot', 'co-1')).toBe(
      store.entityIdOf('company', 'hubspot', 'co-2'),
    );
  });
});

describe('contained brands', () => {
  it('joins a longer brand to the bare brand it contains', async () => {
    const h = new Harness();
    await h.run([
      hubspotCompany('co-1', 'Norvik N.V.'),
      salesforceAccount('001', 'N.V. Norvik Lampenfabriek'),
    ]);

    expect(h.companyId('salesforce', '001')).toBe(h.companyId('hubspot', 'co-1'));
    const evidence = h.store.linkOf('company', 'salesforce', '001')?.evidence;
    expect(evidence?.rule).toBe('company_brand');
    expect(evidence?.via).toBe('contained_brand');
  });

  it('scores containment below an equal brand', async () => {
    const h = new Harness();
    await h.run([
      hubspotCompany('co-1', 'Norvik N.V.'),
      salesforceAccount('001', 'Norvik Holding B.V.'),
      salesforceAccount('002', 'Norvik Lampenfabriek B.V.'),
    ]);

    const equal = h.store.linkOf('company', 'salesforce', '001');
    const contained = h.store.linkOf('company', 'salesforce', '002');
    expect(equal?.evidence.via).toBe('equal_brand');
    expect(contained?.evidence.via).toBe('contained_brand');
    expect(contained?.confidence ?? 1).toBeLessThan(equal?.confidence ?? 0);
  });

  it('matches contained words in any order', async () => {
    const h = new Harness();
    await h.run([
      hubspotCompany('co-1', 'HALBRECHT'),
      salesforceAccount('001', 'LAMPENFABRIEK HALBRECHT UTRECHT'),
    ]);

    expect(h.companyId('salesforce', '001')).toBe(h.companyId('hubspot', 'co-1'));
  });

  it('keeps contained brands apart when their domains differ', async () => {
    const h = new Harness();
    await h.run([
      hubspotCompany('co-1', 'Norvik N.V.', ['norvik.example']),
      hubspotCompany('co-2', 'Norvik Lampenfabriek N.V.', ['lampenfabriek.example']),
    ]);

    expect(h.companyId('hubspot', 'co-1')).not.toBe(h.companyId('hubspot', 'co-2'));
  });

  it('does not extend a brand that lost a descriptor', async () => {
    const h = new Harness();
    await h.run([
      hubspotCompany('co-1', 'Norvik Systems'),
      hubspotCompany('co-2', 'Norvik Freight'),
    ]);

    expect(h.companyId('hubspot', 'co-1')).not.toBe(h.companyId('hubspot', 'co-2'));
  });

  it('ignores a contained brand of three letters', async () => {
    const h = new Harness();
    await h.run([hubspotCompany('co-1', 'Vdk N.V.'), hubspotCompany('co-2', 'Vdk Lampen N.V.')]);

    expect(h.companyId('hubspot', 'co-1')).not.toBe(h.companyId('hubspot', 'co-2'));
  });

  it('joins no brand into a name that contains two', async () => {
    const h = new Harness();
    await h.run([
      hubspotCompany('co-1', 'Norvik N.V.'),
      hubspotCompany('co-2', 'Halbrecht B.V.'),
      hubspotCompany('co-3', 'Norvik Halbrecht Lampen V.O.F.'),
    ]);

    const joint = h.companyId('hubspot', 'co-3');
    expect(joint).not.toBe(h.companyId('hubspot', 'co-1'));
    expect(joint).not.toBe(h.companyId('hubspot', 'co-2'));
  });
});

describe('common words', () => {
  const extensions = (count: number) =>
    Array.from({ length: count }, (_, i) =>
      hubspotCompany(`co-${i}`, `Meridian ${WORDS[i] ?? ''} Ltd`),
    );

  it('lets a word in many brands bridge nothing', async () => {
    const h = new Harness();
    await h.run([salesforceAccount('001', 'Meridian Inc.'), ...extensions(25)]);

    const ids = new Set(Array.from({ length: 25 }, (_, i) => h.companyId('hubspot', `co-${i}`)));
    expect(ids.has(h.companyId('salesforce', '001'))).toBe(false);
    expect(ids.size).toBe(25);
  });

  it('lets a word in a few brands join them', async () => {
    const h = new Harness();
    await h.run([salesforceAccount('001', 'Meridian Inc.'), ...extensions(3)]);

    const ids = new Set(Array.from({ length: 3 }, (_, i) => h.companyId('hubspot', `co-${i}`)));
    expect([...ids]).toEqual([h.companyId('salesforce', '001')]);
  });
});

/** Invented words, each at least two edits from the others so fuzzy names join none of them. */
const WORDS = [
  'Bakrol',
  'Dumesti',
  'Fonvar',
  'Gilbrat',
  'Kestrum',
  'Lomvik',
  'Mardune',
  'Nesqua',
  'Pultor',
  'Rivamo',
  'Sokhel',
  'Tarvez',
  'Ulbrin',
  'Vexaro',
  'Wendrik',
  'Yastol',
  'Zorbin',
  'Calvex',
  'Durmont',
  'Elskar',
  'Fryton',
  'Gavrel',
  'Hoskin',
  'Ivarto',
  'Jelbrun',
];
