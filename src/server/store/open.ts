/**
 * Opens the database: PostgreSQL when `DATABASE_URL` is set (a trust or local authority running
 * several server processes), otherwise PGlite in `DATA_DIR` (one process owns the directory).
 * Both are driven through the same Kysely schema and queries, and migrated on open.
 */
import { PGlite } from '@electric-sql/pglite';
import { Kysely, PostgresDialect } from 'kysely';
import { Migrator } from 'kysely/migration';
import pg from 'pg';
import { migrationProvider } from './migrations.ts';
import { PgliteDialect } from './pgliteDialect.ts';
import type { Database } from './schema.ts';

export type StoreKind = 'pglite' | 'postgres';

export interface OpenedDatabase {
  readonly kind: StoreKind;
  readonly db: Kysely<Database>;
  /** Subscribe to cross-process change notices (PostgreSQL LISTEN); PGlite has one process. */
  listen(onSchoolChanged: (schoolId: string) => void): Promise<() => Promise<void>>;
  /** Tell other processes a school's data changed (PostgreSQL NOTIFY). */
  notify(schoolId: string): Promise<void>;
  /**
   * Housekeeping after bulk writes: PGlite has no autovacuum, and without VACUUM its planner
   * cannot use index-only scans (reports read three times slower). PostgreSQL does this itself.
   */
  maintain(): Promise<void>;
  close(): Promise<void>;
}

export interface OpenOptions {
  /** A PostgreSQL URL; when absent, PGlite is used. */
  readonly databaseUrl?: string | undefined;
  /** PGlite's directory; `memory://` for an in-memory database (tests). */
  readonly dataDir?: string | undefined;
  /** PostgreSQL only: keep every table in this schema (created if missing), so test runs stay apart. */
  readonly pgSchema?: string | undefined;
  /** PostgreSQL only, for tests: drop `pgSchema` and everything in it on close. */
  readonly dropSchemaOnClose?: boolean | undefined;
}

/** One notification channel per database schema, so deployments (and test runs) never hear each other. */
function channelFor(schema: string | undefined): string {
  return schema === undefined ? 'rollcall_changes' : `rollcall_changes_${schema}`.slice(0, 63);
}

async function migrate(db: Kysely<Database>, schema?: string): Promise<void> {
  const migrator = new Migrator({
    db,
    provider: migrationProvider,
    ...(schema === undefined ? {} : { migrationTableSchema: schema }),
  });
  const { error } = await migrator.migrateToLatest();
  if (error !== undefined)
    throw error instanceof Error ? error : new Error('database migration failed');
}

async function openPostgres(
  url: string,
  schema: string | undefined,
  dropOnClose: boolean,
): Promise<OpenedDatabase> {
  if (schema !== undefined) {
    if (!/^[a-z_][a-z0-9_]*$/.test(schema)) throw new Error(`invalid schema name ${schema}`);
    const setup = new pg.Client({ connectionString: url });
    await setup.connect();
    await setup.query(`create schema if not exists ${schema}`);
    await setup.end();
  }
  const pool = new pg.Pool({
    connectionString: url,
    max: 10,
    ...(schema === undefined ? {} : { options: `-c search_path=${schema}` }),
  });
  const db = new Kysely<Database>({ dialect: new PostgresDialect({ pool }) });
  const channel = channelFor(schema);
  await migrate(db, schema);
  return {
    kind: 'postgres',
    db,
    async listen(onSchoolChanged) {
      const client = await pool.connect();
      client.on('notification', (message) => {
        if (message.payload !== undefined) onSchoolChanged(message.payload);
      });
      await client.query(`listen ${channel}`);
      return async () => {
        await client.query(`unlisten ${channel}`);
        client.release();
      };
    },
    async notify(schoolId) {
      await pool.query('select pg_notify($1, $2)', [channel, schoolId]);
    },
    maintain() {
      return Promise.resolve();
    },
    async close() {
      if (dropOnClose && schema !== undefined) await pool.query(`drop schema ${schema} cascade`);
      await db.destroy();
    },
  };
}

async function openPglite(dataDir: string): Promise<OpenedDatabase> {
  const pglite = await PGlite.create(dataDir);
  // PGlite's pages are read from memory or a local file, where a random read costs about what a
  // sequential one does. PostgreSQL's default (4, for spinning disks) steers the planner away
  // from the reports' covering index, which counts a year's marks in half the time of a scan.
  await pglite.exec('set random_page_cost = 1.1');
  const db = new Kysely<Database>({ dialect: new PgliteDialect(pglite) });
  await migrate(db);
  return {
    kind: 'pglite',
    db,
    listen() {
      return Promise.resolve(() => Promise.resolve());
    },
    notify() {
      return Promise.resolve();
    },
    async maintain() {
      await pglite.exec('vacuum analyze');
    },
    async close() {
      await db.destroy();
      await pglite.close();
    },
  };
}

export async function openDatabase(options: OpenOptions): Promise<OpenedDatabase> {
  if (options.databaseUrl !== undefined && options.databaseUrl !== '') {
    return openPostgres(options.databaseUrl, options.pgSchema, options.dropSchemaOnClose === true);
  }
  return openPglite(options.dataDir ?? './data');
}
