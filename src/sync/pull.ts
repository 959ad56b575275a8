/**
 * The pull half of a sync cycle (docs/sync-protocol.md §6): page after page from the signed-in
 * person's cursor until `hasMore` is false. Each page is checked with `pullPageSchema` and written
 * with its cursor in one transaction (`applyPullPage`), so a page is stored whole or not at all.
 */
import { PULL_DEFAULT_LIMIT } from '../schema/protocol.ts';
import { applyPullPage, cursorFor } from '../storage/applyPull.ts';
import { pullPageSchema } from '../schema/sync.ts';
import { exchange, type CycleContext } from './exchange.ts';
import { badResponse, failureOf, storageFailure, type SyncFailure } from './failures.ts';

/** A pull that has not ended after this many pages is treated as a misbehaving server. */
const MAX_PAGES_PER_CYCLE = 10_000;

/** Pulls everything new; null when done, or why it stopped (pages already written stay). */
export async function pullAll(
  ctx: CycleContext,
  limit = PULL_DEFAULT_LIMIT,
): Promise<SyncFailure | null> {
  const start = await cursorFor(ctx.db, ctx.staffId);
  if (!start.ok) return storageFailure(start.error);
  let cursor = start.value;
  for (let page = 0; page < MAX_PAGES_PER_CYCLE; page++) {
    const path = `/api/sync/pull?cursor=${String(cursor)}&limit=${String(limit)}`;
    const answer = await exchange(ctx, path);
    if (!answer.ok) return failureOf(answer.error);
    const parsed = pullPageSchema.safeParse(answer.value.body);
    // A page that claims more but does not move the cursor would loop for ever.
    if (!parsed.success || (parsed.data.hasMore && parsed.data.cursor <= cursor))
      return badResponse();
    const written = await applyPullPage(ctx.db, ctx.staffId, parsed.data);
    if (!written.ok) return storageFailure(written.error);
    cursor = parsed.data.cursor;
    if (!parsed.data.hasMore) return null;
  }
  return badResponse();
}
