/**
 * Public labelled entity-resolution sets, mapped onto sophia's observations. The benchmark reads
 * them from the folder named by SOPHIA_ER_DATASETS and skips them when it is unset; nothing in
 * the project needs them. Expected layout:
 *
 *   splink_fake_1000/fake_1000_from_splink_demos.csv   (Splink test data, MIT)
 *   dedupe_examples/patstat_input.csv                  (dedupe-examples patent example, MIT)
 *   dedupe_examples/patstat_reference.csv
 *   dedupe_examples/csv_example_input_with_true_ids.csv
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { EntityObservation, SourceSystem } from '../src/model.js';

/** One labelled set as observations plus the true cluster of each record. */
export interface LabelledSet {
  name: string;
  entityType: 'person' | 'company';
  /** Mapping of the set's columns onto observations, for the report. */
  mapping: string;
  observations: EntityObservation[];
  /** True cluster id by `system:sourceId`. */
  truth: Map<string, string>;
  /** True when the set is outside what the resolver models; its score does not count. */
  informational?: boolean;
}

const SYSTEM: SourceSystem = 'hubspot';

/** Loads every set whose files exist under `dir`; returns the names of missing ones too. */
export function loadLabelledSets(dir: string): { sets: LabelledSet[]; missing: string[] } {
  const sets: LabelledSet[] = [];
  const missing: string[] = [];
  const loaders: [string, () => LabelledSet[]][] = [
    ['splink_fake_1000/fake_1000_from_splink_demos.csv', () => splinkSets(dir)],
    ['dedupe_examples/patstat_reference.csv', () => patstatSets(dir)],
    ['dedupe_examples/csv_example_input_with_true_ids.csv', () => [chicagoSites(dir)]],
  ];

  for (const [file, load] of loaders) {
    if (existsSync(join(dir, file))) sets.push(...load());
    else missing.push(file);
  }

  return { sets, missing };
}

/**
 * Splink fake_1000: first_name, surname, email, city and a cluster label. The resolver reads the
 * names, the e-mail and the city as the contact's city (HubSpot `city`). `dob` is not used
 * because observations have no birth date. Splink's records have no company, so the counted
 * mapping puts every record at one company: a single block of 1,000 people, the hardest case
 * for names. A second mapping also makes the city the company. A misspelt city then puts a
 * record in another block, which a real company record never does, so that mapping only shows
 * the cost of blocking on a noisy field and does not count toward the aim.
 */
function splinkSets(dir: string): LabelledSet[] {
  const rows = readCsv(join(dir, 'splink_fake_1000/fake_1000_from_splink_demos.csv'));
  const truth = new Map<string, string>();
  for (const row of rows) truth.set(`${SYSTEM}:${row.unique_id}`, row.cluster ?? '');

  const observations = (company: (row: Record<string, string>) => string | undefined) =>
    rows.map((row) => {
      const email = row.email?.trim().toLowerCase() ?? '';
      const companyName = company(row);
      return {
        type: 'person' as const,
        sourceSystem: SYSTEM,
        sourceId: row.unique_id ?? '',
        objectType: 'contact',
        firstName: row.first_name?.trim() || undefined,
        lastName: row.surname?.trim() || undefined,
        emails: email.includes('@') ? [email] : [],
        city: row.city?.trim() || undefined,
        internal: false,
        company: companyName === undefined ? undefined : { name: companyName },
        linkedIds: [],
      };
    });

  return [
    {
      name: 'splink fake_1000 (one company)',
      entityType: 'person',
      mapping: 'first_name, surname, email, city; every record at one company; dob unused',
      observations: observations(() => 'Splink Example Ltd'),
      truth,
    },
    {
      name: 'splink fake_1000 (city as company)',
      entityType: 'person',
      mapping: 'first_name, surname, email, city; city also as company name; dob unused',
      observations: observations((row) => row.city?.trim() || undefined),
      truth,
      informational: true,
    },
  ];
}

/**
 * PATSTAT Dutch patent holders: one company observation per person_id, labelled by KU Leuven's
 * hand-checked leuven_id. Mapped twice: with the raw holder name from patstat_reference.csv
 * (`Koninklijke Philips Electronics N.V.`), and with the pre-cleaned `Name` column of
 * patstat_input.csv (tokens sorted, legal forms removed, `ELECTRONICS KONINK PHILIPS`).
 */
function patstatSets(dir: string): LabelledSet[] {
  const reference = readCsv(join(dir, 'dedupe_examples/patstat_reference.csv'));
  const input = readCsv(join(dir, 'dedupe_examples/patstat_input.csv'));
  const cleanedName = new Map(input.map((row) => [row.person_id ?? '', row.Name ?? '']));

  const truth = new Map<string, string>();
  for (const row of reference) truth.set(`${SYSTEM}:${row.person_id}`, row.leuven_id ?? '');

  const observations = (name: (row: Record<string, string>) => string | undefined) =>
    reference.map((row) => ({
      type: 'company' as const,
      sourceSystem: SYSTEM,
      sourceId: row.person_id ?? '',
      objectType: 'company',
      name: name(row),
      domains: [],
    }));

  return [
    {
      name: 'patstat (raw names)',
      entityType: 'company',
      mapping: 'person_name from patstat_reference.csv as company name; leuven_id as truth',
      observations: observations((row) => row.person_name),
      truth,
    },
    {
      name: 'patstat (cleaned names)',
      entityType: 'company',
      mapping: 'Name from patstat_input.csv as company name; leuven_id as truth',
      observations: observations((row) => cleanedName.get(row.person_id ?? '')),
      truth,
    },
  ];
}

/**
 * Chicago early-childhood sites: site name only. A site is identified by its address and
 * phone, which company observations do not carry, so this set shows what name rules alone do
 * with branch-like records and does not count toward the aim.
 */
function chicagoSites(dir: string): LabelledSet {
  const rows = readCsv(join(dir, 'dedupe_examples/csv_example_input_with_true_ids.csv'));
  const truth = new Map<string, string>();
  const observations: EntityObservation[] = rows.map((row) => {
    truth.set(`${SYSTEM}:${row.Id}`, row['True Id'] ?? '');
    return {
      type: 'company',
      sourceSystem: SYSTEM,
      sourceId: row.Id ?? '',
      objectType: 'company',
      name: row['Site name']?.trim(),
      domains: [],
    };
  });

  return {
    name: 'chicago sites (names only)',
    entityType: 'company',
    mapping: 'Site name as company name; address and phone unused',
    observations,
    truth,
    informational: true,
  };
}

/** Parses RFC 4180 CSV (quoted fields, doubled quotes, newlines inside quotes) into rows. */
export function readCsv(path: string): Record<string, string>[] {
  const text = readFileSync(path, 'utf8').replace(/^\uFEFF/, '');
  const rows = parseCsv(text);
  const header = rows.shift() ?? [];

  return rows
    .filter((row) => row.length > 1 || (row[0] ?? '') !== '')
    .map((row) => Object.fromEntries(header.map((name, i) => [name.trim(), row[i] ?? ''])));
}

function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;

  for (let i = 0; i < text.length; i++) {
    const char = text[i];
    if (quoted) {
      if (char === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (char === '"') {
        quoted = false;
      } else {
        field += char;
      }
      continue;
    }

    if (char === '"') quoted = true;
    else if (char === ',') {
      row.push(field);
      field = '';
    } else if (char === '\n' || char === '\r') {
      if (char === '\r' && text[i + 1] === '\n') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else {
      field += char;
    }
  }
  if (field !== '' || row.length > 0) {
    row.push(field);
    rows.push(row);
  }

  return rows;
}
