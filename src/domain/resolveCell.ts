/**
 * The register cell: how a mark is worked out from its amendments (docs/attendance-rules.md §4.3).
 *
 * A cell is one pupil, one date, one session. Nothing in it is ever overwritten: every change is
 * an amendment (docs/attendance-rules.md §4), and the mark shown is a deterministic fold over the
 * cell's amendments in server order. Server and client run this same pure function, so every
 * replica that holds the same log shows the same register, whatever order the log reached it in.
 *
 * Like Excalidraw's `data/reconcile.ts`, this is deliberately small: a step classifier, a fold,
 * and two ways in (server order, and server order with this device's unsent ops on top).
 */
import { isKnownMark } from './codes.ts';

/**
 * The part of an amendment the fold reads (docs/architecture.md §2.6). `code: null` is a clear
 * (the teacher's undo while the register is open); `basedOn` is the `opId` its author saw as the
 * cell's current amendment, or null when they saw a blank cell.
 */
export interface CellAmendment {
  readonly opId: string;
  readonly code: string | null;
  readonly basedOn: string | null;
}

/**
 * What the fold made of each amendment (docs/architecture.md §2.6 `outcome`, without `rejected`: a
 * rejected op never enters the fold).
 * - `current`: the cell's head, the amendment whose code the register shows;
 * - `conflict`: a known mark displaced by a concurrent, different known mark, while that conflict
 *   is still unresolved: the office sees every side of it;
 * - `superseded`: everything else — replaced by an amendment that saw it, replaced while the cell
 *   was not in conflict, a concurrent `N` or clear kept aside, or a side of a conflict that has
 *   since been resolved.
 */
export type CellOutcome = 'current' | 'superseded' | 'conflict';

/** The resolved cell (docs/attendance-rules.md §4.3). */
export interface CellResolution<A extends CellAmendment> {
  /** The current amendment, or null when nothing was ever recorded. A head with `code: null` is a clear. */
  readonly head: A | null;
  /** The mark the register shows: the head's code, null for a blank (never marked, or cleared) cell. */
  readonly code: string | null;
  /** The cell needs the office: two concurrent, different known marks, not yet resolved. */
  readonly conflict: boolean;
  /** One outcome per distinct `opId`, in order of first delivery; exactly one `current` unless empty. */
  readonly outcomes: ReadonlyMap<string, CellOutcome>;
}

/**
 * How one amendment meets the head (docs/attendance-rules.md §4.3 rules 1–2):
 * - `follows`: its author saw the head (or both are blank), so it becomes the head, and resolves
 *   any conflict;
 * - `kept-aside`: a concurrent `N` or clear meeting a marked cell: it changes nothing;
 * - `replaces`: a concurrent amendment that takes the head without a conflict;
 * - `conflicts`: a concurrent known mark that differs from the known mark at the head.
 */
type Step = 'follows' | 'kept-aside' | 'replaces' | 'conflicts';

/**
 * Classifies `next` against the current head. The ties, in the order they are tested:
 *
 * 1. `basedOn` equal to the head's `opId`, or both null (a first mark on a blank cell): the author
 *    saw what the cell shows, so whatever they wrote wins, even an `N` or a clear over a known
 *    mark. That is how the office corrects a mark and how a teacher undoes one.
 * 2. Every other amendment is concurrent: its author did not see the head. This includes one
 *    based on an older amendment of the cell, on an op this replica never received, or null
 *    while the cell already has a head.
 * 3. A blank cell (no head, or a cleared head) has nothing to protect, so any concurrent
 *    amendment fills it, even an `N` or another clear.
 * 4. A concurrent `N` or clear never replaces a marked cell. Over a known mark that is the rule
 *    ("`N` never replaces a known mark": a teacher's offline `N` arriving after reception's `L`
 *    leaves `L`). Over an `N` it would either change nothing the register shows (`N` over `N`) or
 *    blank a cell whose `N` its author never saw (clear over `N`) — and a blank cell on a closed
 *    register is exactly what the close job's `N` is there to prevent (docs/attendance-rules.md
 *    §10).
 * 5. A concurrent known mark replaces an `N` head (a phone-in or a late sign-in beats the close
 *    job's placeholder) and a head with the same code (identical codes are not a conflict): no
 *    conflict is raised, and none is resolved either, because the author saw neither side.
 * 6. Otherwise two people recorded different things without seeing each other: the later in
 *    server order becomes the head and the cell is flagged for the office.
 */
function stepFor(head: CellAmendment | null, next: CellAmendment): Step {
  if (next.basedOn === (head?.opId ?? null)) return 'follows';
  const headCode = head?.code ?? null;
  if (headCode === null) return 'replaces';
  if (!isKnownMark(next.code)) return 'kept-aside';
  if (!isKnownMark(headCode) || next.code === headCode) return 'replaces';
  return 'conflicts';
}

/** The fold's running state. `conflicting` is non-empty exactly when the cell is in conflict. */
interface FoldState<A extends CellAmendment> {
  head: A | null;
  /** Known marks displaced while the current conflict is unresolved: its other sides. */
  readonly conflicting: Set<string>;
  /** Every `opId` folded so far, in order of first delivery. */
  readonly seen: Set<string>;
}

/** Folds one amendment into the state (mutates: the state never escapes `resolveCell`). */
function applyAmendment<A extends CellAmendment>(state: FoldState<A>, next: A): void {
  if (state.seen.has(next.opId)) return; // re-delivery: the first occurrence counts
  state.seen.add(next.opId);
  const { head } = state;
  switch (stepFor(head, next)) {
    case 'follows':
      state.conflicting.clear(); // the author saw the head: any conflict is resolved
      state.head = next;
      return;
    case 'kept-aside':
      return;
    case 'replaces':
      // While a conflict is open, a displaced head stays one of its sides. Invariant: a cell in
      // conflict always has a known mark at its head (only `follows` can leave it otherwise, and
      // `follows` ends the conflict), so `head` is non-null here whenever `conflicting` is not empty.
      if (head !== null && state.conflicting.size > 0) state.conflicting.add(head.opId);
      state.head = next;
      return;
    case 'conflicts':
      if (head !== null) state.conflicting.add(head.opId);
      state.head = next;
      return;
  }
}

function outcomesOf<A extends CellAmendment>(state: FoldState<A>): Map<string, CellOutcome> {
  const outcomes = new Map<string, CellOutcome>();
  for (const opId of state.seen) {
    if (opId === state.head?.opId) outcomes.set(opId, 'current');
    else if (state.conflicting.has(opId)) outcomes.set(opId, 'conflict');
    else outcomes.set(opId, 'superseded');
  }
  return outcomes;
}

/**
 * Resolves a cell from its amendments, which must already be in server order (by `seq`; see
 * `resolveCellInServerOrder`). Starts from a blank cell and folds each amendment in turn by the
 * rules of docs/attendance-rules.md §4.3, explained at `stepFor` above:
 *
 * - a re-delivered `opId` is ignored entirely: the first occurrence counts, even if a later copy
 *   differs (the server rejects a reused `opId` with different content, docs/sync-protocol.md
 *   §4.3);
 * - an amendment based on the head becomes the head, its predecessor becomes `superseded`, and the
 *   conflict flag is cleared — this is how the office resolves a conflict, and the sides of the
 *   conflict then become `superseded` too;
 * - a concurrent `N` or clear never replaces a marked cell; a concurrent known mark replaces a
 *   blank, cleared or `N` cell, or one with the same code, silently; a concurrent different known
 *   mark becomes the head and flags the cell. While the flag is up, every known mark displaced
 *   from the head (by the conflicting mark, or by later concurrent marks) has outcome `conflict`.
 *
 * An amendment based on one side of a conflict that is not the head is concurrent like any other:
 * the office must resolve against the current head, which the conflict list shows.
 */
export function resolveCell<A extends CellAmendment>(amendments: readonly A[]): CellResolution<A> {
  const state: FoldState<A> = { head: null, conflicting: new Set(), seen: new Set() };
  for (const amendment of amendments) applyAmendment(state, amendment);
  return {
    head: state.head,
    code: state.head?.code ?? null,
    conflict: state.conflicting.size > 0,
    outcomes: outcomesOf(state),
  };
}

/**
 * Puts amendments in server order: ascending `seq`, ties (which a correct server never makes)
 * broken by `opId` so that the order is total and every replica still agrees. Returns a new
 * array; the input is untouched. Replicas receive a cell's log in any order (pulls page, pokes
 * race, pending ops interleave), so they sort before they fold (docs/attendance-rules.md §4.3).
 */
export function sortByServerOrder<A extends CellAmendment & { readonly seq: number }>(
  amendments: readonly A[],
): A[] {
  return [...amendments].sort(
    (a, b) => a.seq - b.seq || (a.opId < b.opId ? -1 : a.opId > b.opId ? 1 : 0),
  );
}

/**
 * `resolveCell` over amendments in any order that carry their server `seq`
 * (docs/attendance-rules.md §4.3).
 */
export function resolveCellInServerOrder<A extends CellAmendment & { readonly seq: number }>(
  amendments: readonly A[],
): CellResolution<A> {
  return resolveCell(sortByServerOrder(amendments));
}

/**
 * The client's read-your-writes view (docs/attendance-rules.md §4.3, last paragraph): the server's
 * amendments in server order, then this device's pending (unsent) ops in the order they were
 * recorded, folded as if the server had just received them. That is the server's own answer once
 * they arrive in that order, so a pull never hides an unsent mark, and never shows one the server
 * will overrule.
 *
 * A pending op the server already holds (same `opId`: pushed, but not yet cleared from the outbox
 * when the pull landed) keeps its server position and is not folded twice — the fold's re-delivery
 * rule does that for free.
 */
export function foldPending<A extends CellAmendment>(
  server: readonly A[],
  pending: readonly A[],
): CellResolution<A> {
  return resolveCell([...server, ...pending]);
}
