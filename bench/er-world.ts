/**
 * A generated cross-system CRM world with known truth, for the entity-resolution benchmark.
 * Companies have domains and name variants. Each person appears in one to four systems, with
 * nicknames, typos, `Last, First` order, initials, missing e-mails and CRM ids on Gong parties.
 * Some people share a name across companies, a few companies have two people of one name, some
 * people moved companies, and the seller's own staff appear as internal people. Everything comes
 * from a seeded PRNG, so a seed always yields the same world.
 */
import type {
  CompanyHint,
  CompanyObservation,
  EntityObservation,
  PersonObservation,
  SourceSystem,
} from '../src/model.js';
import { formalNameList, nicknamesOf } from '../src/resolve/nicknames.js';

export interface WorldOptions {
  seed: number;
  /** The world adds people until it contains at least this many person records. */
  minPersonRecords: number;
  /** Observations per batch handed to the resolver. */
  batchSize: number;
}

export interface World {
  batches: EntityObservation[][];
  /** True person id of each person record, by `system:sourceId`. */
  personTruth: Map<string, string>;
  /** True company id of each company record, by `system:sourceId`. */
  companyTruth: Map<string, string>;
  stats: Record<string, number>;
}

/** Mulberry32: a small, fast 32-bit PRNG with good enough spread for test data. */
export function mulberry32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const EXTRA_GIVEN = [
  'priya',
  'wei',
  'sofia',
  'mateo',
  'yuki',
  'ana',
  'olu',
  'aisha',
  'chen',
  'ravi',
  'ingrid',
  'lars',
  'fatima',
  'omar',
  'hana',
  'kenji',
  'lucia',
  'diego',
  'amara',
  'nia',
  'tariq',
  'zara',
  'josé',
  'zoë',
  'renée',
  'søren',
  'björn',
  'chloé',
  'andré',
  'noémie',
  'joão',
  'élodie',
];

const SURNAMES = `
smith johnson williams brown jones garcia miller davis rodriguez martinez hernandez lopez
gonzalez wilson anderson thomas taylor moore jackson martin lee perez thompson white harris
sanchez clark ramirez lewis robinson walker young allen king wright scott torres nguyen hill
flores green adams nelson baker hall rivera campbell mitchell carter roberts gomez phillips
evans turner diaz parker cruz edwards collins reyes stewart morris morales murphy cook rogers
gutierrez ortiz morgan cooper peterson bailey reed kelly howard ramos kim cox ward richardson
watson brooks chavez wood james bennett gray mendoza ruiz hughes price alvarez castillo sanders
patel myers long ross foster jimenez powell jenkins perry russell sullivan bell coleman butler
henderson barnes gonzales fisher vasquez simmons romero jordan patterson alexander hamilton
graham reynolds griffin wallace moreno west cole hayes bryant herrera gibson ellis tran medina
aguilar stevens murray ford castro marshall owens harrison fernandez mcdonald woods washington
kennedy wells vargas henry chen freeman webb tucker guzman burns crawford olson simpson porter
hunter gordon mendez silva shaw snyder mason dixon munoz hunt hicks holmes palmer wagner black
robertson boyd rose stone salazar fox warren mills meyer rice schmidt garza daniels ferguson
nichols stephens soto weaver ryan gardner payne grant dunn kelley spencer hawkins arnold pierce
hansen peters santos hart bradley knight elliott cunningham duncan armstrong hudson carroll lane
riley andrews alvarado ray delgado berry perkins hoffman johnston matthews pena richards willis
carpenter lawrence sandoval tanaka yamamoto suzuki sato nakamura kobayashi watanabe ito
müller schäfer köhler groß núñez peña gómez díaz o'brien o'neill van der berg de la cruz
lindqvist nyström åberg østergaard kowalski nowak wiśniewski dvořák novák horváth nagy
papadopoulos rossi ferrari esposito bianchi romano colombo ricci marino greco bruno gallo
`
  .split(/\s+/)
  .filter(Boolean);

/** Multi-word surnames from the list above, re-joined. */
const SURNAME_LIST = joinParticles(SURNAMES);

const SYLLABLES = [
  'vel',
  'ora',
  'tek',
  'nor',
  'wind',
  'blu',
  'fin',
  'cres',
  'cent',
  'al',
  'pha',
  'zen',
  'tri',
  'max',
  'ion',
  'lu',
  'mi',
  'nova',
  'sol',
  'ar',
  'quin',
  'dex',
  'pol',
  'ris',
  'kor',
  'tal',
  'ven',
  'tura',
  'sky',
  'brook',
  'stone',
  'field',
  'gate',
  'bridge',
  'path',
  'core',
  'sig',
  'ma',
  'tor',
];
const INDUSTRY = [
  'Analytics',
  'Logistics',
  'Foods',
  'Robotics',
  'Health',
  'Systems',
  'Labs',
  'Partners',
  'Capital',
  'Energy',
  'Media',
  'Software',
  'Biotech',
  'Networks',
  'Freight',
  'Dynamics',
  'Consulting',
  'Instruments',
  'Materials',
  'Security',
];
const SUFFIXES = [
  '',
  '',
  '',
  ' Inc.',
  ', Inc.',
  ' Inc',
  ' Incorporated',
  ' Corp.',
  ' Corporation',
  ' LLC',
  ' L.L.C.',
  ' Ltd',
  ' Ltd.',
  ' Limited',
  ' GmbH',
  ' AG',
  ' S.A.',
  ' SAS',
  ' B.V.',
  ' N.V.',
  ' PLC',
  ' Pty Ltd',
  ' SRL',
  ' S.p.A.',
  ' Oy',
  ' AB',
  ' KK',
  ' Co.',
];
const TLDS = ['example', 'example', 'example', 'test'];

interface TrueCompany {
  id: string;
  name: string;
  domain: string;
  emailPattern: number;
  hubspotId: string;
  salesforceId: string;
}

interface TruePerson {
  id: string;
  given: string;
  family: string;
  companies: TrueCompany[];
  personalEmail?: string | undefined;
  internal: boolean;
}

/** Generates the world; see the module comment for what it contains. */
export function generateWorld(options: WorldOptions): World {
  const random = mulberry32(options.seed);
  const pick = <T>(list: readonly T[]): T => list[Math.floor(random() * list.length)] as T;
  const chance = (p: number) => random() < p;

  const givenNames = [...formalNameList(), ...EXTRA_GIVEN];
  const companies = makeCompanies(Math.ceil(options.minPersonRecords / 24), random, pick);
  const stats: Record<string, number> = {};
  const count = (key: string, n = 1) => {
    stats[key] = (stats[key] ?? 0) + n;
  };

  const companyObservations: EntityObservation[] = [];
  const companyTruth = new Map<string, string>();
  for (const company of companies) {
    companyObservations.push(companyObservation('hubspot', company, random, pick, chance(0.85)));
    companyTruth.set(`hubspot:${company.hubspotId}`, company.id);
    if (chance(0.8)) {
      companyObservations.push(
        companyObservation('salesforce', company, random, pick, chance(0.6)),
      );
      companyTruth.set(`salesforce:${company.salesforceId}`, company.id);
    }
  }
  count('companies', companies.length);
  count('companyRecords', companyObservations.length);

  const personObservations: PersonObservation[] = [];
  const personTruth = new Map<string, string>();
  const people: TruePerson[] = [];
  const seller: TrueCompany = {
    id: 'seller',
    name: 'Seller',
    domain: 'seller.example',
    emailPattern: 0,
    hubspotId: 'seller',
    salesforceId: 'seller',
  };

  let records = 0;
  let serial = 0;
  const usedEmails = new Map<string, string>();
  const emit = (person: TruePerson, observation: PersonObservation) => {
    personObservations.push(observation);
    personTruth.set(`${observation.sourceSystem}:${observation.sourceId}`, person.id);
    records++;
  };

  const makePerson = (internal: boolean): TruePerson => {
    serial++;
    const company = internal ? seller : pick(companies);
    const person: TruePerson = {
      id: `person-${serial}`,
      given: pick(givenNames),
      family: pick(SURNAME_LIST),
      companies: [company],
      internal,
    };
    if (!internal && chance(0.15)) {
      person.personalEmail = `${ascii(person.given)}.${ascii(person.family)}${serial}@${pick(['gmail.com', 'yahoo.co.uk', 'outlook.com', 'proton.me'])}`;
    }
    return person;
  };

  for (let i = 0; i < Math.max(50, Math.round(options.minPersonRecords / 400)); i++) {
    const rep = makePerson(true);
    people.push(rep);
    count('internalPeople');
    for (const observation of internalRecords(rep, serial, random)) emit(rep, observation);
  }

  while (records < options.minPersonRecords) {
    const person = makePerson(false);
    const base = people[Math.floor(random() * people.length)];

    if (base !== undefined && !base.internal && chance(0.03)) {
      // Same name as someone else, at another company.
      person.given = base.given;
      person.family = base.family;
      count('sameNameOtherCompany');
    } else if (base !== undefined && !base.internal && chance(0.004)) {
      // Two different people of one name at one company.
      person.given = base.given;
      person.family = base.family;
      person.companies = [...base.companies.slice(0, 1)];
      count('sameNameSameCompany');
    } else if (base?.internal && chance(0.01)) {
      // A customer who shares a name with one of the seller's staff.
      person.given = base.given;
      person.family = base.family;
      count('sameNameAsInternal');
    }
    if (chance(0.03)) {
      let next = pick(companies);
      while (next === person.companies[0]) next = pick(companies);
      person.companies.push(next);
      count('moved');
    }

    people.push(person);
    count('externalPeople');
    for (const observation of externalRecords(
      person,
      serial,
      usedEmails,
      random,
      pick,
      chance,
      count,
    )) {
      emit(person, observation);
    }
  }
  count('personRecords', records);

  return {
    batches: toBatches(
      [...companyObservations, ...orderBySystem(personObservations)],
      options.batchSize,
    ),
    personTruth,
    companyTruth,
    stats,
  };
}

function makeCompanies(
  count: number,
  random: () => number,
  pick: <T>(list: readonly T[]) => T,
): TrueCompany[] {
  const companies: TrueCompany[] = [];
  const usedNames = new Set<string>();
  const usedDomains = new Set<string>();

  while (companies.length < count) {
    const syllables = 2 + Math.floor(random() * 2);
    let stem = '';
    for (let i = 0; i < syllables; i++) stem += pick(SYLLABLES);
    const word = stem.charAt(0).toUpperCase() + stem.slice(1);
    // Some stems get two industries, which makes near-name pairs (`Velora Foods`, `Velora Labs`).
    const industries = random() < 0.25 ? 2 : 1;

    for (let i = 0; i < industries; i++) {
      const name = `${word} ${pick(INDUSTRY)}`;
      if (usedNames.has(name)) continue;
      let domain = `${stem}${i === 0 ? '' : name.split(' ')[1]?.toLowerCase()}.${pick(TLDS)}`;
      while (usedDomains.has(domain)) domain = `${Math.floor(random() * 10)}${domain}`;
      usedNames.add(name);
      usedDomains.add(domain);
      const n = companies.length + 1;
      companies.push({
        id: `company-${n}`,
        name,
        domain,
        emailPattern: Math.floor(random() * 3),
        hubspotId: String(9000000 + n),
        salesforceId: `001${String(n).padStart(12, '0')}`,
      });
    }
  }

  return companies;
}

function companyObservation(
  system: 'hubspot' | 'salesforce',
  company: TrueCompany,
  random: () => number,
  pick: <T>(list: readonly T[]) => T,
  withDomain: boolean,
): CompanyObservation {
  let name = company.name + pick(SUFFIXES);
  if (random() < 0.15) name = name.toUpperCase();
  if (random() < 0.05) name = `The ${name}`;
  if (random() < 0.03) name = typo(name, random);

  const website = random() < 0.5 ? `https://www.${company.domain}/` : company.domain;
  return {
    type: 'company',
    sourceSystem: system,
    sourceId: system === 'hubspot' ? company.hubspotId : company.salesforceId,
    objectType: system === 'hubspot' ? 'company' : 'Account',
    name,
    domains: withDomain ? [website.replace(/^https:\/\/www\./, '').replace(/\/$/, '')] : [],
  };
}

function internalRecords(
  rep: TruePerson,
  serial: number,
  random: () => number,
): PersonObservation[] {
  const email = `${ascii(rep.given)}.${ascii(rep.family)}${serial}@seller.example`;
  const name = `${cap(rep.given)} ${cap(rep.family)}`;
  const base = { type: 'person' as const, internal: true, linkedIds: [], emails: [email] };
  const records: PersonObservation[] = [
    { ...base, sourceSystem: 'slack', sourceId: `U${serial}`, objectType: 'user', name },
    { ...base, sourceSystem: 'gong', sourceId: `G${serial}`, objectType: 'user', name },
    {
      ...base,
      sourceSystem: 'salesforce',
      sourceId: `005${serial}`,
      objectType: 'User',
      firstName: cap(rep.given),
      lastName: cap(rep.family),
    },
  ];
  if (random() < 0.7) {
    records.push({
      ...base,
      sourceSystem: 'hubspot',
      sourceId: `owner-${serial}`,
      objectType: 'owner',
      name,
    });
  }

  return records;
}

/** Records of one external person in one to four systems. */
function externalRecords(
  person: TruePerson,
  serial: number,
  usedEmails: Map<string, string>,
  random: () => number,
  pick: <T>(list: readonly T[]) => T,
  chance: (p: number) => boolean,
  count: (key: string, n?: number) => void,
): PersonObservation[] {
  const [first, second] = person.companies;
  const systems = chooseSystems(random);
  // A move is only knowable through a record that spans it: the updated CRM contact.
  if (second !== undefined && !systems.includes('hubspot')) systems.unshift('hubspot');
  const records: PersonObservation[] = [];
  const home = first as TrueCompany;
  const start = Date.UTC(2023, 0, 1) + Math.floor(random() * 400) * 86_400_000;
  const moveAt = start + 200 * 86_400_000;
  const workEmail = (company: TrueCompany) => emailAt(person, company, usedEmails);
  // Some people write from an alias in one system (bob@ besides robert.tanaka@).
  const aliasSystem = chance(0.02) ? pick(systems) : undefined;
  if (aliasSystem !== undefined) count('aliasEmail');

  const crm: { system: SourceSystem; id: string }[] = [];
  for (const system of systems) {
    // A moved person shows the new company in later records of some systems.
    const moved = second !== undefined && (system === 'hubspot' || chance(0.5));
    const company = moved ? (second as TrueCompany) : home;
    const observedAt = new Date(moved ? moveAt + Math.floor(random() * 100) * 86_400_000 : start);
    let email: string | undefined = workEmail(company);
    if (aliasSystem === system)
      email = `${ascii(nick(person.given, pick) ?? person.given)}@${company.domain}`;
    const id = `${system}-${serial}`;

    if (system === 'hubspot') {
      const emails = chance(0.93) ? [email] : [];
      if (person.personalEmail !== undefined && chance(0.6)) emails.push(person.personalEmail);
      const names = nameVariant(person, random, pick, { nickname: 0.1, typo: 0.04, lastFirst: 0 });
      if (moved) {
        // The contact record was first synced at the old company, then updated.
        records.push({
          ...personBase('hubspot', id, 'contact'),
          ...names,
          emails: [workEmail(home)],
          company: { sourceSystem: 'hubspot', sourceId: home.hubspotId },
          observedAt: new Date(start),
        });
      }
      records.push({
        ...personBase('hubspot', id, 'contact'),
        ...names,
        emails,
        company: { sourceSystem: 'hubspot', sourceId: company.hubspotId },
        observedAt,
      });
      crm.push({ system, id });
    } else if (system === 'salesforce') {
      const emails = chance(0.85) ? [email] : [];
      records.push({
        ...personBase('salesforce', id, 'Contact'),
        ...nameVariant(person, random, pick, { nickname: 0.08, typo: 0.04, lastFirst: 0 }),
        emails,
        company: { sourceSystem: 'salesforce', sourceId: company.salesforceId },
        observedAt,
      });
      crm.push({ system, id });
    } else if (system === 'gong') {
      const emails = chance(0.6) ? [email] : [];
      const linkedIds = crm
        .filter(() => chance(0.5))
        .map((ref) => ({ sourceSystem: ref.system, sourceId: ref.id }));
      const hint: CompanyHint = chance(0.7)
        ? { sourceSystem: 'salesforce', sourceId: company.salesforceId, name: company.name }
        : { domain: company.domain };
      records.push({
        ...personBase('gong', id, 'party'),
        name: fullName(person, random, pick, {
          nickname: 0.25,
          typo: 0.05,
          lastFirst: 0.1,
          initial: 0.04,
        }),
        emails,
        linkedIds,
        company: hint,
        observedAt,
      });
    } else {
      const emails = chance(0.7)
        ? [email]
        : person.personalEmail !== undefined && chance(0.5)
          ? [person.personalEmail]
          : [];
      records.push({
        ...personBase('slack', id, 'user'),
        name: fullName(person, random, pick, {
          nickname: 0.3,
          typo: 0.03,
          lastFirst: 0.03,
          initial: 0,
        }),
        emails,
        // Slack Connect users carry no company; their e-mail domain or the Slack team name does.
        company: emails.length > 0 ? undefined : { name: company.name },
        observedAt,
      });
    }
  }

  return records;
}

function personBase(system: SourceSystem, id: string, objectType: string) {
  return {
    type: 'person' as const,
    sourceSystem: system,
    sourceId: id,
    objectType,
    internal: false,
    linkedIds: [],
  };
}

function chooseSystems(random: () => number): SourceSystem[] {
  const all: SourceSystem[] = ['hubspot', 'salesforce', 'gong', 'slack'];
  // 25 % of people are in one system, 35 % in two, 25 % in three, 15 % in all four.
  const roll = random();
  let n = 4;
  if (roll < 0.25) n = 1;
  else if (roll < 0.6) n = 2;
  else if (roll < 0.85) n = 3;
  const shuffled = [...all].sort(() => random() - 0.5);
  const chosen = shuffled.slice(0, n);

  return all.filter((system) => chosen.includes(system));
}

interface NoiseRates {
  nickname: number;
  typo: number;
  lastFirst: number;
  initial?: number;
}

function nameVariant(
  person: TruePerson,
  random: () => number,
  pick: <T>(list: readonly T[]) => T,
  rates: NoiseRates,
): { firstName: string; lastName: string } {
  let given = random() < rates.nickname ? (nick(person.given, pick) ?? person.given) : person.given;
  let family = person.family;
  if (random() < rates.typo) {
    if (random() < 0.5) given = typo(given, random);
    else family = typo(family, random);
  }
  if (random() < 0.1) [given, family] = [stripMarks(given), stripMarks(family)];

  return { firstName: cap(given), lastName: cap(family) };
}

function fullName(
  person: TruePerson,
  random: () => number,
  pick: <T>(list: readonly T[]) => T,
  rates: NoiseRates,
): string {
  const { firstName, lastName } = nameVariant(person, random, pick, rates);
  if (random() < (rates.initial ?? 0)) return `${firstName.charAt(0)}. ${lastName}`;
  if (random() < rates.lastFirst) return `${lastName}, ${firstName}`;

  return `${firstName} ${lastName}`;
}

function nick(given: string, pick: <T>(list: readonly T[]) => T): string | undefined {
  const options = nicknamesOf(given);
  return options.length === 0 ? undefined : pick(options);
}

/**
 * Work address of a person at a company, by the company's pattern. A company never gives one
 * address to two people, so a taken address gets the person's number appended (`rray1138@`).
 */
function emailAt(person: TruePerson, company: TrueCompany, used: Map<string, string>): string {
  const given = ascii(person.given);
  const family = ascii(person.family);
  const local =
    company.emailPattern === 0
      ? `${given}.${family}`
      : company.emailPattern === 1
        ? `${given.charAt(0)}${family}`
        : `${given}${family.charAt(0)}`;

  let email = `${local}@${company.domain}`.toLowerCase();
  const owner = used.get(email);
  if (owner !== undefined && owner !== person.id) {
    email = `${local}${person.id.replace(/\D/g, '')}@${company.domain}`.toLowerCase();
  }
  used.set(email, person.id);

  return email;
}

/** Applies one random edit: substitution, deletion, insertion or adjacent transposition. */
function typo(word: string, random: () => number): string {
  if (word.length < 3) return word;
  const i = 1 + Math.floor(random() * (word.length - 2));
  const letter = String.fromCharCode(97 + Math.floor(random() * 26));
  const kind = Math.floor(random() * 4);
  if (kind === 0) return word.slice(0, i) + letter + word.slice(i + 1);
  if (kind === 1) return word.slice(0, i) + word.slice(i + 1);
  if (kind === 2) return word.slice(0, i) + letter + word.slice(i);

  return word.slice(0, i - 1) + (word[i] ?? '') + (word[i - 1] ?? '') + word.slice(i + 1);
}

function stripMarks(text: string): string {
  return text.normalize('NFKD').replace(/\p{M}/gu, '');
}

function ascii(text: string): string {
  return stripMarks(text)
    .toLowerCase()
    .replace(/[^a-z]/g, '');
}

function cap(text: string): string {
  return text
    .split(' ')
    .map((word) =>
      ['van', 'der', 'de', 'la'].includes(word)
        ? word
        : word.charAt(0).toUpperCase() + word.slice(1),
    )
    .join(' ');
}

function joinParticles(words: string[]): string[] {
  const result: string[] = [];
  for (let i = 0; i < words.length; i++) {
    const word = words[i] as string;
    if (word === 'van' && words[i + 1] === 'der') {
      result.push(`van der ${words[i + 2]}`);
      i += 2;
    } else if (word === 'de' && words[i + 1] === 'la') {
      result.push(`de la ${words[i + 2]}`);
      i += 2;
    } else {
      result.push(word);
    }
  }

  return result;
}

/** Person records in the order a sync would see them: CRM first, then Gong, then Slack. */
function orderBySystem(observations: PersonObservation[]): PersonObservation[] {
  const rank: Record<SourceSystem, number> = { hubspot: 0, salesforce: 1, gong: 2, slack: 3 };
  return observations
    .map((observation, i) => ({ observation, i }))
    .sort(
      (a, b) => rank[a.observation.sourceSystem] - rank[b.observation.sourceSystem] || a.i - b.i,
    )
    .map((entry) => entry.observation);
}

function toBatches(observations: EntityObservation[], size: number): EntityObservation[][] {
  const batches: EntityObservation[][] = [];
  for (let i = 0; i < observations.length; i += size) batches.push(observations.slice(i, i + size));

  return batches;
}
