/**
 * The one shortest-path search every pathfinder query runs (Yen's spurs, disjoint paths): Dijkstra
 * on the compiled switch-level graph with typed arrays, a lazy binary heap, and per-search blocked
 * switches and links (generation stamps, so nothing is cleared between searches).
 *
 * Keys are pairs (major, minor) compared lexicographically. Ordinary searches use minor = cost and
 * major = 0; the disjoint search puts its sharing penalty in major (see disjoint.ts).
 *
 * Ties are broken by hop sequence, deterministically: the search runs backwards from the target, so
 * that every switch settled gets its exact distance *to* the target; the path is then read forwards
 * from the source, taking at each switch the first arc (in the graph's arc order, which is hop
 * order) that stays on a cheapest path: an arc x→y is on one iff dist(y) + key(x→y) = dist(x). The
 * greedy choice yields the smallest hop list among the cheapest paths, because two paths from x
 * first differ at an arc leaving the same switch, and every choice it makes can still be completed
 * to a cheapest path. For x settled, dist(x) was last set to dist(y*) + key(x→y*) with y* settled,
 * with the same floating-point operations the check repeats, so at least one arc always passes and
 * the walk ends at the target (distances fall strictly: every arc costs at least 2).
 *
 * graphology-shortest-path is not used even for k = 1: its ties follow insertion order, and the
 * answer for k = 1 must be the first path of the answer for any larger k.
 */
import type { PathGraph } from './graph';

/** Per-link and per-switch additions to the major key, for the disjoint search. */
export interface MajorKeys {
  /** Added when the path crosses the link. */
  readonly link: Float64Array;
  /** Added when the path enters the switch (leave 0 at both ends). */
  readonly node: Float64Array;
}

/**
 * Scratch space for searches on one PathGraph. Impure (it is reused between searches); create
 * one per query, never share it between concurrent queries.
 */
export class Searcher {
  private readonly distMajor: Float64Array;
  private readonly distMinor: Float64Array;
  private readonly reached: Int32Array;
  private readonly settled: Int32Array;
  private readonly blockedNode: Int32Array;
  private readonly blockedLink: Int32Array;
  private searchGen = 0;
  private blockGen = 1;
  // Lazy heap: a switch may be pushed once per improvement; at most one push per arc plus the target.
  private readonly heapNode: Int32Array;
  private readonly heapMajor: Float64Array;
  private readonly heapMinor: Float64Array;
  private heapSize = 0;
  private readonly zeroLinks: Float64Array;
  private readonly zeroNodes: Float64Array;

  constructor(private readonly g: PathGraph) {
    const n = g.switchCount;
    this.distMajor = new Float64Array(n);
    this.distMinor = new Float64Array(n);
    this.reached = new Int32Array(n);
    this.settled = new Int32Array(n);
    this.blockedNode = new Int32Array(n);
    this.blockedLink = new Int32Array(g.linkCount);
    const cap = g.arcHead.length + 1;
    this.heapNode = new Int32Array(cap);
    this.heapMajor = new Float64Array(cap);
    this.heapMinor = new Float64Array(cap);
    this.zeroLinks = new Float64Array(g.linkCount);
    this.zeroNodes = new Float64Array(n);
  }

  /** Impure. Lifts every block set by blockSwitch/blockLink. */
  clearBlocks(): void {
    this.blockGen++;
  }

  /** Impure. The following searches avoid switch `v` (until clearBlocks). */
  blockSwitch(v: number): void {
    this.blockedNode[v] = this.blockGen;
  }

  /** Impure. The following searches avoid link `l` (until clearBlocks). */
  blockLink(l: number): void {
    this.blockedLink[l] = this.blockGen;
  }

  /**
   * Impure (scratch only). The cheapest path from switch `from` to switch `to` over the links with
   * allowed[l] = 1 and not blocked, through switches not blocked, with the smallest hop list among
   * the cheapest; as arc indices, or undefined when there is none. `from` must differ from `to`.
   * With `limit` (ordinary searches only: no `major`), a path costing more than it counts as none,
   * and the search stops as soon as every remaining switch is farther than that.
   */
  shortest(from: number, to: number, cost: Float64Array, allowed: Uint8Array, major?: MajorKeys, limit = Infinity): number[] | undefined {
    const g = this.g;
    const arcStart = g.arcStart;
    const arcHead = g.arcHead;
    const arcLink = g.arcLink;
    const dMaj = this.distMajor;
    const dMin = this.distMinor;
    const reached = this.reached;
    const settled = this.settled;
    const bNode = this.blockedNode;
    const bLink = this.blockedLink;
    const bGen = this.blockGen;
    const linkMajor = major?.link ?? this.zeroLinks;
    const nodeMajor = major?.node ?? this.zeroNodes;
    const gen = ++this.searchGen;

    this.heapSize = 0;
    dMaj[to] = 0;
    dMin[to] = 0;
    reached[to] = gen;
    this.push(to, 0, 0);
    while (this.heapSize > 0) {
      const y = this.pop();
      if (settled[y] === gen) continue;
      // Keys come out in order: past the limit, `from` can only be farther still.
      if ((dMin[y] as number) > limit) break;
      settled[y] = gen;
      if (y === from) break;
      const yMaj = dMaj[y] as number;
      const yMin = dMin[y] as number;
      // Reverse relaxation of the forward arc x→y: entering y adds y's major key.
      const enterMaj = yMaj + (nodeMajor[y] as number);
      for (let a = arcStart[y] as number, end = arcStart[y + 1] as number; a < end; a++) {
        const l = arcLink[a] as number;
        const x = arcHead[a] as number;
        if (allowed[l] === 0 || bLink[l] === bGen || bNode[x] === bGen || settled[x] === gen) continue;
        const nMaj = enterMaj + (linkMajor[l] as number);
        const nMin = yMin + (cost[l] as number);
        if (reached[x] !== gen || nMaj < (dMaj[x] as number) || (nMaj === dMaj[x] && nMin < (dMin[x] as number))) {
          reached[x] = gen;
          dMaj[x] = nMaj;
          dMin[x] = nMin;
          this.push(x, nMaj, nMin);
        }
      }
    }
    if (settled[from] !== gen) return undefined;

    const arcs: number[] = [];
    let x = from;
    while (x !== to) {
      const xMaj = dMaj[x] as number;
      const xMin = dMin[x] as number;
      let next = -1;
      for (let a = arcStart[x] as number, end = arcStart[x + 1] as number; a < end; a++) {
        const l = arcLink[a] as number;
        const y = arcHead[a] as number;
        if (allowed[l] === 0 || bLink[l] === bGen || bNode[y] === bGen || settled[y] !== gen) continue;
        if ((dMaj[y] as number) + (nodeMajor[y] as number) + (linkMajor[l] as number) === xMaj && (dMin[y] as number) + (cost[l] as number) === xMin) {
          arcs.push(a);
          next = y;
          break;
        }
      }
      // Unreachable by the argument in the module comment; a loud failure beats a wrong path.
      if (next < 0) throw new Error('pathfinder: no tight arc while reading a settled path');
      x = next;
    }
    return arcs;
  }

  private less(i: number, j: number): boolean {
    const a = this.heapMajor[i] as number;
    const b = this.heapMajor[j] as number;
    return a < b || (a === b && (this.heapMinor[i] as number) < (this.heapMinor[j] as number));
  }

  private swap(i: number, j: number): void {
    const hn = this.heapNode;
    const ha = this.heapMajor;
    const hb = this.heapMinor;
    const n = hn[i] as number;
    hn[i] = hn[j] as number;
    hn[j] = n;
    const a = ha[i] as number;
    ha[i] = ha[j] as number;
    ha[j] = a;
    const b = hb[i] as number;
    hb[i] = hb[j] as number;
    hb[j] = b;
  }

  private push(v: number, maj: number, min: number): void {
    let i = this.heapSize++;
    this.heapNode[i] = v;
    this.heapMajor[i] = maj;
    this.heapMinor[i] = min;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (!this.less(i, p)) break;
      this.swap(i, p);
      i = p;
    }
  }

  private pop(): number {
    const top = this.heapNode[0] as number;
    const last = --this.heapSize;
    if (last > 0) {
      this.heapNode[0] = this.heapNode[last] as number;
      this.heapMajor[0] = this.heapMajor[last] as number;
      this.heapMinor[0] = this.heapMinor[last] as number;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= last) break;
        const r = l + 1;
        const c = r < last && this.less(r, l) ? r : l;
        if (!this.less(c, i)) break;
        this.swap(c, i);
        i = c;
      }
    }
    return top;
  }
}
