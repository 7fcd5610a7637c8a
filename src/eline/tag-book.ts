/**
 * The circuits' tag holdings, kept in memory between requests (kytos-api.md §2.3). Each operation
 * takes a snapshot of just the interfaces it touches (UNIs, candidate path ends), with their pools
 * as the topology has them now, runs the pure functions of tags.ts over it, and commits what they
 * return. Snapshots share the held maps (tags.ts copies on write), so one costs only the
 * interfaces it names, whatever the number of circuits. Callers take a snapshot and commit it
 * without awaiting in between, so two requests never allocate from the same state.
 */
import type { InterfaceId } from '../topology/model';
import type { TagUsage } from '../topology/topology-service';
import { OverlayMap } from './overlay-map';
import { combine, holdingsOf, usageOf, type CircuitTags, type Holdings, type TagPool, type TagSnapshot } from './tags';

/** The pool of an interface the topology does not know: nothing to hand out. */
const NO_POOL: TagPool = { tagRanges: [], specialTags: [], lldpVlan: undefined };

export class TagBook {
  private held = new Map<InterfaceId, Holdings>();

  /** `poolOf` reads an interface's pool from the topology; undefined for an interface it does not know. */
  constructor(private readonly poolOf: (id: InterfaceId) => TagPool | undefined) {}

  /** Replaces every holding by what `circuits` hold (at load). */
  load(circuits: readonly CircuitTags[]): void {
    this.held = holdingsOf(circuits);
  }

  /**
   * The snapshot of `ids` with their current pools and holdings: those the topology knows, and
   * those it does not know now (a deleted port) where circuits still hold tags, with an empty
   * pool, so that what is held there can be given back while nothing is handed out.
   */
  snapshot(ids: Iterable<InterfaceId>): TagSnapshot {
    const pools = new Map<InterfaceId, TagPool>();
    for (const id of ids) {
      if (pools.has(id)) continue;
      const pool = this.poolOf(id) ?? (this.held.has(id) ? NO_POOL : undefined);
      if (pool !== undefined) pools.set(id, pool);
    }
    return combine(pools, this.held);
  }

  /**
   * Makes the holdings of every interface in `snapshot` the book's. The snapshot's maps are
   * overlays of the book's own (tags.ts): their changes are folded into them in place, so a commit
   * costs what changed. Snapshots taken before a commit must not be used after it.
   */
  commit(snapshot: TagSnapshot): void {
    for (const [id, e] of snapshot.interfaces) {
      if (e.vlans.size === 0 && e.special.size === 0 && e.epl.size === 0) this.held.delete(id);
      else this.held.set(id, { vlans: OverlayMap.fold(e.vlans), special: OverlayMap.fold(e.special), epl: OverlayMap.fold(e.epl), used: e.used });
    }
  }

  /** A live view of the holdings for the topology (tag_ranges `available`, delete checks). */
  usage(): TagUsage {
    return {
      usedVlans: (id) => usageOf({ interfaces: this.held }).usedVlans(id),
      usedSpecial: (id) => usageOf({ interfaces: this.held }).usedSpecial(id),
    };
  }
}
