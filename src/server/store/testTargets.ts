/**
 * The stores every server test suite runs against: PGlite (in memory) always, and PostgreSQL when
 * `DATABASE_URL` is set (CI sets it). Each suite gets its own PostgreSQL schema, named after the
 * suite and the process, so suites and repeated runs never see each other's rows.
 */
import type { OpenOptions, StoreKind } from './open.ts';

export interface StoreTarget {
  readonly kind: StoreKind;
  options(suite: string): OpenOptions;
}

export function storeTargets(): StoreTarget[] {
  const targets: StoreTarget[] = [{ kind: 'pglite', options: () => ({ dataDir: 'memory://' }) }];
  const url = process.env['DATABASE_URL'];
  if (url !== undefined && url !== '') {
    targets.push({
      kind: 'postgres',
      options: (suite) => ({
        databaseUrl: url,
        dropSchemaOnClose: true,
        pgSchema: `t_${suite.replace(/[^a-z0-9]/gi, '_').toLowerCase()}_${String(process.pid)}_${String(Date.now())}`,
      }),
    });
  }
  return targets;
}
