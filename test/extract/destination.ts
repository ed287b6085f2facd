import { randomBytes, randomUUID } from 'node:crypto';
import pg from 'pg';

/**
 * An Airbyte PostgreSQL destination laid out in a real PostgreSQL database: typed direct-load
 * tables with quoted, case-kept names, and legacy raw tables with `_airbyte_data`. Every schema
 * carries a random prefix, so tests running at the same time never share one.
 */
export class TestDestination {
  readonly prefix = `dst_${randomBytes(4).toString('hex')}`;
  readonly rawSchema = `${this.prefix}_internal`;
  private constructor(
    readonly url: string,
    private readonly client: pg.Client,
  ) {}

  static async open(url: string): Promise<TestDestination> {
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    const destination = new TestDestination(url, client);
    await client.query(`CREATE SCHEMA "${destination.rawSchema}"`);

    return destination;
  }

  /** Schema name of a source's namespace. */
  namespace(source: string): string {
    return `${this.prefix}_${source}`;
  }

  async query(sql: string, params: unknown[] = []): Promise<pg.QueryResult> {
    return this.client.query(sql, params);
  }

  /** Creates a typed table with the four Airbyte columns and the given `"column" type` list. */
  async createTyped(
    source: string,
    stream: string,
    columns: Record<string, string>,
  ): Promise<void> {
    const schema = this.namespace(source);
    await this.client.query(`CREATE SCHEMA IF NOT EXISTS "${schema}"`);
    const definitions = Object.entries(columns).map(([name, type]) => `"${name}" ${type}`);
    await this.client.query(
      `CREATE TABLE "${schema}"."${stream}" (
         "_airbyte_raw_id" varchar NOT NULL,
         "_airbyte_extracted_at" timestamp with time zone NOT NULL,
         "_airbyte_meta" jsonb NOT NULL,
         "_airbyte_generation_id" bigint,
         ${definitions.join(',\n')})`,
    );
  }

  /** Inserts typed rows; object and array values are written as jsonb. */
  async insertTyped(
    source: string,
    stream: string,
    rows: Record<string, unknown>[],
    airbyte: AirbyteColumns = {},
  ): Promise<void> {
    for (const row of rows) {
      const names = Object.keys(row);
      const values = names.map((name) => {
        const value = row[name];
        return value !== null && typeof value === 'object' ? JSON.stringify(value) : value;
      });
      await this.client.query(
        `INSERT INTO "${this.namespace(source)}"."${stream}"
           ("_airbyte_raw_id", "_airbyte_extracted_at", "_airbyte_meta", "_airbyte_generation_id"${names.map((name) => `, "${name}"`).join('')})
         VALUES ($1, $2, $3, $4${names.map((_, index) => `, $${index + 5}`).join('')})`,
        [...airbyteValues(airbyte), ...values],
      );
    }
  }

  /** Creates `<raw schema>."<namespace>_raw__stream_<stream>"` as the 3.x raw mode writes it. */
  async createRaw(source: string, stream: string): Promise<void> {
    await this.client.query(
      `CREATE TABLE "${this.rawSchema}"."${this.rawTable(source, stream)}" (
         "_airbyte_raw_id" varchar NOT NULL,
         "_airbyte_extracted_at" timestamp with time zone NOT NULL,
         "_airbyte_loaded_at" timestamp with time zone,
         "_airbyte_data" jsonb NOT NULL,
         "_airbyte_meta" jsonb,
         "_airbyte_generation_id" bigint)`,
    );
  }

  async insertRaw(
    source: string,
    stream: string,
    records: unknown[],
    airbyte: AirbyteColumns = {},
  ): Promise<void> {
    for (const record of records) {
      await this.client.query(
        `INSERT INTO "${this.rawSchema}"."${this.rawTable(source, stream)}"
           ("_airbyte_raw_id", "_airbyte_extracted_at", "_airbyte_meta", "_airbyte_generation_id", "_airbyte_data")
         VALUES ($1, $2, $3, $4, $5)`,
        [...airbyteValues(airbyte), JSON.stringify(record)],
      );
    }
  }

  rawTable(source: string, stream: string): string {
    return `${this.namespace(source)}_raw__stream_${stream}`.toLowerCase();
  }

  /** Drops every schema this destination created. */
  async close(): Promise<void> {
    const schemas = await this.client.query<{ nspname: string }>(
      `SELECT nspname FROM pg_namespace WHERE nspname LIKE $1`,
      [`${this.prefix}\\_%`],
    );
    for (const row of schemas.rows) await this.client.query(`DROP SCHEMA "${row.nspname}" CASCADE`);
    await this.client.end();
  }
}

export interface AirbyteColumns {
  extractedAt?: string;
  generation?: number | null;
  changes?: unknown[];
  rawId?: string;
}

function airbyteValues(airbyte: AirbyteColumns): unknown[] {
  return [
    airbyte.rawId ?? randomUUID(),
    airbyte.extractedAt ?? '2026-11-12T08:00:00.000001Z',
    JSON.stringify({ sync_id: 1, changes: airbyte.changes ?? [] }),
    airbyte.generation === undefined ? 1 : airbyte.generation,
  ];
}
