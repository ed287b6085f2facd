/**
 * Location and reading of the tables the Airbyte PostgreSQL destination writes: typed direct-load
 * tables `"<namespace>"."<stream>"` (one column per top-level field, names quoted and case kept)
 * and the legacy raw tables `airbyte_internal."<namespace>_raw__stream_<stream>"` with
 * the record in `_airbyte_data`. Both carry `_airbyte_raw_id`, `_airbyte_extracted_at`,
 * `_airbyte_meta` and `_airbyte_generation_id`.
 */
import pg from 'pg';

export type TableLayout = 'typed' | 'raw';

/** A destination table found for one stream. */
export interface DestinationTable {
  schema: string;
  name: string;
  layout: TableLayout;
  hasGeneration: boolean;
  hasMeta: boolean;
}

/** Position after the last committed row, in `(_airbyte_extracted_at, _airbyte_raw_id)` order. */
export interface TableCursor {
  /** `_airbyte_extracted_at` as PostgreSQL prints it, so microseconds survive the round trip. */
  extractedAt: string;
  rawId: string;
}

/** One destination row, split into its Airbyte metadata and the record it carries. */
export interface DestinationRow {
  cursor: TableCursor;
  extractedAt: Date | undefined;
  generation: number;
  /** `_airbyte_meta.changes`: fields the destination nulled or truncated, with the reason. */
  changes: unknown[];
  /** The record object, or the raw `_airbyte_data` value when it is not an object. */
  data: unknown;
}

const AIRBYTE_PREFIX = '_airbyte_';
const INT8_OID = 20;
const NUMERIC_OID = 1700;
const DATE_OID = 1082;
const TIME_OID = 1083;
const TIMETZ_OID = 1266;
const TIMESTAMP_OID = 1114;
const TIMESTAMPTZ_OID = 1184;

/**
 * Type parsers that return what the source connector emitted: ISO 8601 strings for timestamps,
 * `YYYY-MM-DD` for dates (never shifted by the local time zone), and numbers for `bigint` and
 * `decimal` when they fit a double without loss.
 */
const recordTypes = {
  getTypeParser(oid: number, format?: string): (value: string) => unknown {
    switch (oid) {
      case INT8_OID:
        return (value) => (Number.isSafeInteger(Number(value)) ? Number(value) : value);
      case NUMERIC_OID:
        return numericText;
      case DATE_OID:
      case TIME_OID:
      case TIMETZ_OID:
        return (value) => value;
      case TIMESTAMP_OID:
        return (value) => value.replace(' ', 'T');
      case TIMESTAMPTZ_OID: {
        const parse = pg.types.getTypeParser(TIMESTAMPTZ_OID) as (value: string) => unknown;
        return (value) => {
          const date = parse(value);
          return date instanceof Date && !Number.isNaN(date.getTime()) ? date.toISOString() : value;
        };
      }
      default:
        return pg.types.getTypeParser(oid, format as 'text') as (value: string) => unknown;
    }
  },
};

/** `decimal` text such as `12.50` is a number too; only values a double would change stay text. */
function numericText(value: string): number | string {
  const number = Number(value);
  return Number.isFinite(number) && Math.abs(number) < Number.MAX_SAFE_INTEGER ? number : value;
}

/** Opens a read connection to the destination database, with the record type parsers. */
export async function connectDestination(url: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: url, types: recordTypes });
  await client.connect();

  return client;
}

export function quoteIdent(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}

export function qualifiedName(table: Pick<DestinationTable, 'schema' | 'name'>): string {
  return `${quoteIdent(table.schema)}.${quoteIdent(table.name)}`;
}

async function columnsOf(client: pg.Client, schema: string, table: string): Promise<string[]> {
  const result = await client.query<{ column_name: string }>(
    `SELECT column_name FROM information_schema.columns WHERE table_schema = $1 AND table_name = $2`,
    [schema, table],
  );

  return result.rows.map((row) => row.column_name);
}

/** A table that exists but cannot be read, with the reason. */
export type Unreadable = { table: string; reason: string };

/**
 * Finds the table of one stream: the typed table first, then the raw table (exact name, then
 * lower-cased as the 3.x raw mode writes it). Returns undefined when neither exists.
 */
export async function locateTable(
  client: pg.Client,
  namespace: string,
  stream: string,
  rawSchema: string,
): Promise<DestinationTable | Unreadable | undefined> {
  const rawName = `${namespace}_raw__stream_${stream}`;
  const candidates: [string, string, TableLayout][] = [
    [namespace, stream, 'typed'],
    [rawSchema, rawName, 'raw'],
    [rawSchema, rawName.toLowerCase(), 'raw'],
  ];

  for (const [schema, name, layout] of candidates) {
    const columns = await columnsOf(client, schema, name);
    if (columns.length === 0) continue;

    const required = ['_airbyte_raw_id', '_airbyte_extracted_at'];
    if (layout === 'raw') required.push('_airbyte_data');
    const missing = required.filter((column) => !columns.includes(column));
    if (missing.length > 0) {
      return {
        table: qualifiedName({ schema, name }),
        reason: `no ${missing.join(', ')} column; tables written before Destinations V2 (with _airbyte_ab_id) are not read`,
      };
    }

    return {
      schema,
      name,
      layout,
      hasGeneration: columns.includes('_airbyte_generation_id'),
      hasMeta: columns.includes('_airbyte_meta'),
    };
  }

  return undefined;
}

/** Returns the highest `_airbyte_generation_id` of the table, 0 when it has none. */
export async function latestGeneration(
  client: pg.Client,
  table: DestinationTable,
): Promise<number> {
  if (!table.hasGeneration) return 0;
  const result = await client.query<{ generation: number | string | null }>(
    `SELECT max(coalesce(_airbyte_generation_id, 0)) AS generation FROM ${qualifiedName(table)}`,
  );

  return Number(result.rows[0]?.generation ?? 0);
}

/**
 * Reads the next rows of generation `generation` or later after `cursor`, in keyset order. The
 * cursor is compared on the server, so no timestamp precision is lost.
 */
export async function readRows(
  client: pg.Client,
  table: DestinationTable,
  request: { generation: number; cursor: TableCursor | undefined; limit: number },
): Promise<DestinationRow[]> {
  // Every column is qualified by `t`: the select list repeats Airbyte's column names, and an
  // unqualified ORDER BY name would be ambiguous.
  const generation = table.hasGeneration ? 'coalesce(t._airbyte_generation_id, 0)' : '0';
  const meta = table.hasMeta ? 't._airbyte_meta' : 'NULL';
  const record = table.layout === 'raw' ? 't._airbyte_data' : 't.*';
  const result = await client.query<unknown[]>({
    text: `SELECT t._airbyte_extracted_at::text, t._airbyte_raw_id, t._airbyte_extracted_at,
                  ${generation}, ${meta}, ${record}
           FROM ${qualifiedName(table)} t
           WHERE ${generation} >= $1
             AND ($2::text IS NULL
                  OR (t._airbyte_extracted_at, t._airbyte_raw_id) > ($2::timestamptz, $3::text))
           ORDER BY t._airbyte_extracted_at, t._airbyte_raw_id
           LIMIT $4`,
    values: [
      request.generation,
      request.cursor?.extractedAt ?? null,
      request.cursor?.rawId ?? null,
      request.limit,
    ],
    rowMode: 'array',
  });
  const names = result.fields.map((field) => field.name);

  return result.rows.map((values) => ({
    cursor: { extractedAt: String(values[0]), rawId: String(values[1]) },
    extractedAt: typeof values[2] === 'string' ? new Date(values[2]) : undefined,
    generation: Number(values[3] ?? 0),
    changes: metaChanges(values[4]),
    data: table.layout === 'raw' ? rawData(values[5]) : typedRecord(names, values),
  }));
}

function metaChanges(meta: unknown): unknown[] {
  if (meta === null || typeof meta !== 'object') return [];
  const changes = (meta as { changes?: unknown }).changes;

  return Array.isArray(changes) ? changes : [];
}

/** `_airbyte_data` is jsonb, though some writers stored the record as a JSON string inside it. */
function rawData(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  try {
    return JSON.parse(value);
  } catch {
    return value;
  }
}

/**
 * Rebuilds the record object from a typed row: every column except Airbyte's own. Null columns
 * are left out, because the typed table has a column for every field of the stream's schema and
 * the source omitted most of them.
 */
function typedRecord(names: string[], values: unknown[]): Record<string, unknown> {
  const record: Record<string, unknown> = {};
  for (let index = 5; index < names.length; index++) {
    const name = names[index] as string;
    const value = values[index];
    if (name.startsWith(AIRBYTE_PREFIX) || value === null || value === undefined) continue;
    record[name] = value;
  }

  return record;
}
