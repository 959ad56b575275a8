/**
 * `npx rollcall import FILE`: loads a school bundle (docs/sync-protocol.md §10) into the configured
 * database (`DATABASE_URL`, else PGlite in `DATA_DIR`). Every problem is listed with the path of
 * the bad field, and nothing is written unless the whole file is valid. With PGlite, stop the
 * server first: one process owns the data directory.
 */
import { readFile } from 'node:fs/promises';
import { readConfig } from './config.ts';
import { importBundle } from './school/importBundle.ts';
import { validateBundle } from './school/validateBundle.ts';
import { openDatabase } from './store/open.ts';

const USAGE = 'Usage: rollcall import FILE.json';

async function importFile(file: string): Promise<number> {
  let json: unknown;
  try {
    // Bytes that are not UTF-8 are refused, not read as U+FFFD: names must arrive as written.
    json = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(await readFile(file)));
  } catch (error) {
    console.error(
      `Cannot read ${file} as JSON: ${error instanceof Error ? error.message : String(error)}`,
    );
    return 1;
  }
  const check = validateBundle(json);
  if (!check.ok) {
    console.error(`${file} was not imported; nothing was changed. Problems:`);
    for (const problem of check.error) console.error(`  ${problem.path}: ${problem.message}`);
    return 1;
  }
  const config = readConfig(process.env);
  const store = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir });
  try {
    const summary = await importBundle(
      store.db,
      check.value,
      new Date(config.startAt ?? Date.now()).toISOString(),
    );
    await store.maintain();
    const verb = summary.created ? 'Imported' : 'Updated';
    console.log(
      `${verb} ${check.value.bundle.school.name} (URN ${check.value.bundle.school.urn}): ${String(summary.groups)} groups, ${String(summary.pupils)} pupils, ${String(summary.staff)} staff.`,
    );
    return 0;
  } finally {
    await store.close();
  }
}

async function run(args: readonly string[]): Promise<number> {
  const [command, file] = args;
  if (command === 'import' && file !== undefined) return importFile(file);
  console.error(USAGE);
  return 2;
}

process.exitCode = await run(process.argv.slice(2));
