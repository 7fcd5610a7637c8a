/**
 * VLAN range sets: the per-interface pools of kytos-api.md §2.3 (`tag_ranges`, `available_tags`,
 * special tags) and the set algebra that the topology API and circuit allocation (UNI C-VLANs,
 * per-hop S-VLANs) share. Pure functions over immutable data.
 *
 * A *normalised* list is sorted by first tag, and its ranges neither overlap nor touch
 * (`[[10,20],[22,30]]`, never `[[10,20],[21,30]]`). Every set operation takes normalised lists,
 * returns a new normalised list and runs in O(n + m) in the number of ranges; only `normalize` of
 * an unsorted list sorts (O(n log n)).
 */
import { SPECIAL_TAGS, DEFAULT_TAG_RANGES, type SpecialTag, type VlanRange } from './model';
import { err, ok, type Result } from './result';

/** 802.1Q VID bounds that a tag range may use (kytos-api.md §1.3: "min 1, max 4095"). */
export const MIN_TAG = 1;
export const MAX_TAG = 4095;

// Kytos prefixes the 400 description with the exception's class name
// (kytos core exceptions.py, `KytosInvalidTagRanges, <msg>`); clients that grep for it keep working.
const INVALID = 'KytosInvalidTagRanges, ';
const SET_ERROR = 'KytosSetTagRangeError, ';

/** Pure. `[[1, 500], [2096, 2096]]`: a range list as Kytos prints it in its messages. */
export function formatRanges(ranges: readonly VlanRange[]): string {
  return `[${ranges.map(formatRange).join(', ')}]`;
}

function formatRange(r: VlanRange): string {
  return `[${r[0]}, ${r[1]}]`;
}

/** A raw JSON value, shortened for an error message. */
function show(v: unknown): string {
  const text = JSON.stringify(v) ?? String(v);
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
}

/** An element of the request form: `7`, `[7]` or `[7, 9]`, each tag an integer. */
function rangeOfElement(e: unknown): VlanRange | undefined {
  if (Number.isInteger(e)) return [e as number, e as number];
  if (!Array.isArray(e) || e.length < 1 || e.length > 2 || !e.every((t) => Number.isInteger(t))) return undefined;
  const a = e[0] as number;
  return [a, (e[1] as number | undefined) ?? a];
}

/**
 * Pure. Parses the Kytos-ng request form of a VLAN pool, `[[1,500], 2096, [3001]]`, into
 * `[[1,500],[2096,2096],[3001,3001]]`. The list must be non-empty, ordered, non-overlapping and
 * non-adjacent (kytos-api.md §1.3), every tag in 1..4095. The message names the offending element.
 */
export function parseTagRanges(input: unknown): Result<VlanRange[], string> {
  if (!Array.isArray(input)) return err(`${INVALID}tag_ranges must be a list of ranges, not ${show(input)}`);
  // kytos core tag_ranges.py get_tag_ranges: "Tag range is empty".
  if (input.length === 0) return err(`${INVALID}Tag range is empty`);
  const out: VlanRange[] = [];
  for (let i = 0; i < input.length; i++) {
    const el: unknown = input[i];
    const r = rangeOfElement(el);
    const at = `tag_ranges[${i}]`;
    if (r === undefined) return err(`${INVALID}${at} must be a tag or a list of one or two tags, not ${show(el)}`);
    if (r[0] > r[1]) return err(`${INVALID}The range ${formatRange(r)} is not ordered (${at})`);
    if (r[0] < MIN_TAG) return err(`${INVALID}Minimum value for a tag is ${MIN_TAG} (${at} = ${show(el)})`);
    if (r[1] > MAX_TAG) return err(`${INVALID}Maximum value for a tag is ${MAX_TAG} (${at} = ${show(el)})`);
    const prev = out[out.length - 1];
    if (prev !== undefined) {
      const where = `(tag_ranges[${i - 1}] and ${at})`;
      if (prev[1] > r[0]) return err(`${INVALID}Tag ranges are not ordered. ${prev[1]} is higher than ${r[0]} ${where}`);
      if (prev[1] === r[0]) {
        return err(`${INVALID}Tag ranges have repetition. ${formatRange(prev)} have same values as ${formatRange(r)} ${where}`);
      }
      if (prev[1] + 1 === r[0]) {
        return err(
          `${INVALID}Tag ranges have an unnecessary partition. ${formatRange(prev)} and ${formatRange(r)} ${where} ` +
            `should be one range [${prev[0]}, ${r[1]}]`,
        );
      }
    }
    out.push(r);
  }
  return ok(out);
}

/** Pure. Whether `ranges` is normalised: each range non-empty, sorted, neither overlapping nor touching. */
export function isNormalized(ranges: readonly VlanRange[]): boolean {
  for (let i = 0; i < ranges.length; i++) {
    const r = ranges[i] as VlanRange;
    if (r[0] > r[1]) return false;
    const prev = ranges[i - 1];
    if (prev !== undefined && prev[1] + 1 >= r[0]) return false;
  }
  return true;
}

/** Appends [lo, hi] to a normalised `out` built in order of first tag, merging overlap and adjacency. */
function pushMerged(out: VlanRange[], lo: number, hi: number): void {
  const last = out[out.length - 1];
  if (last !== undefined && lo <= last[1] + 1) {
    if (hi > last[1]) out[out.length - 1] = [last[0], hi];
  } else {
    out.push([lo, hi]);
  }
}

/**
 * Pure. Any list of ranges (unsorted, overlapping, adjacent) as a normalised list; ranges with
 * first > last are empty and dropped. O(n) when already sorted by first tag, else O(n log n).
 */
export function normalize(ranges: readonly VlanRange[]): VlanRange[] {
  let sorted = true;
  for (let i = 1; i < ranges.length && sorted; i++) sorted = (ranges[i - 1] as VlanRange)[0] <= (ranges[i] as VlanRange)[0];
  const src = sorted ? ranges : [...ranges].sort((x, y) => x[0] - y[0]);
  const out: VlanRange[] = [];
  for (const r of src) if (r[0] <= r[1]) pushMerged(out, r[0], r[1]);
  return out;
}

/** Pure. The normalised set of the given single tags (duplicates allowed). */
export function fromTags(tags: readonly number[]): VlanRange[] {
  return normalize(tags.map((t): VlanRange => [t, t]));
}

/** Pure. a ∪ b, for normalised a and b. */
export function union(a: readonly VlanRange[], b: readonly VlanRange[]): VlanRange[] {
  const out: VlanRange[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    const x = a[i];
    const y = b[j];
    let next: VlanRange;
    if (y === undefined || (x !== undefined && x[0] <= y[0])) {
      next = x as VlanRange;
      i++;
    } else {
      next = y;
      j++;
    }
    pushMerged(out, next[0], next[1]);
  }
  return out;
}

/** Pure. a ∩ b, for normalised a and b. */
export function intersect(a: readonly VlanRange[], b: readonly VlanRange[]): VlanRange[] {
  const out: VlanRange[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const x = a[i] as VlanRange;
    const y = b[j] as VlanRange;
    const lo = Math.max(x[0], y[0]);
    const hi = Math.min(x[1], y[1]);
    // Pieces cannot touch: two normalised inputs have a gap between any two of their ranges.
    if (lo <= hi) out.push([lo, hi]);
    if (x[1] < y[1]) i++;
    else j++;
  }
  return out;
}

/** Pure. a \ b (the tags of a that are not in b), for normalised a and b. */
export function subtract(a: readonly VlanRange[], b: readonly VlanRange[]): VlanRange[] {
  const out: VlanRange[] = [];
  let j = 0;
  for (const r of a) {
    let lo = r[0];
    const hi = r[1];
    while (j < b.length && (b[j] as VlanRange)[1] < lo) j++;
    // Walk the b ranges that cut into r; one that runs past r may cut the next range of a too,
    // so j stays on it.
    let k = j;
    while (lo <= hi && k < b.length && (b[k] as VlanRange)[0] <= hi) {
      const cut = b[k] as VlanRange;
      if (cut[0] > lo) out.push([lo, cut[0] - 1]);
      lo = Math.max(lo, cut[1] + 1);
      if (cut[1] > hi) break;
      k++;
    }
    if (lo <= hi) out.push([lo, hi]);
    j = k;
  }
  return out;
}

/** Index of the range of normalised `ranges` holding `tag`, or -1. O(log n). */
function indexOf(ranges: readonly VlanRange[], tag: number): number {
  let lo = 0;
  let hi = ranges.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const r = ranges[mid] as VlanRange;
    if (tag < r[0]) hi = mid - 1;
    else if (tag > r[1]) lo = mid + 1;
    else return mid;
  }
  return -1;
}

/** Pure. Whether normalised `ranges` holds `tag`. O(log n). */
export function contains(ranges: readonly VlanRange[], tag: number): boolean {
  return indexOf(ranges, tag) >= 0;
}

/** Pure. Whether every tag of normalised `sub` is in normalised `ranges` (sub ⊆ ranges). */
export function containsAll(ranges: readonly VlanRange[], sub: readonly VlanRange[]): boolean {
  let i = 0;
  for (const s of sub) {
    while (i < ranges.length && (ranges[i] as VlanRange)[1] < s[0]) i++;
    const r = ranges[i];
    // A contiguous run inside a normalised set lies inside a single one of its ranges.
    if (r === undefined || r[0] > s[0] || r[1] < s[1]) return false;
  }
  return true;
}

/** Pure. The number of tags in normalised `ranges`. */
export function size(ranges: readonly VlanRange[]): number {
  let n = 0;
  for (const r of ranges) n += r[1] - r[0] + 1;
  return n;
}

/** Pure. The lowest tag of normalised `ranges`, or undefined when it is empty. */
export function first(ranges: readonly VlanRange[]): number | undefined {
  return ranges[0]?.[0];
}

function assertTag(tag: number): void {
  if (!Number.isInteger(tag) || tag < MIN_TAG || tag > MAX_TAG) throw new RangeError(`${tag} is not a VLAN tag (${MIN_TAG}..${MAX_TAG})`);
}

/** Pure. `ranges` with `tag` added (a copy when it was already there). Throws RangeError on a non-tag. */
export function addTag(ranges: readonly VlanRange[], tag: number): VlanRange[] {
  assertTag(tag);
  return union(ranges, [[tag, tag]]);
}

/** Pure. `ranges` without `tag` (a copy when it was not there). */
export function removeTag(ranges: readonly VlanRange[], tag: number): VlanRange[] {
  return subtract(ranges, [[tag, tag]]);
}

/**
 * Pure. The lowest tag free in both normalised pools, or undefined: the S-VLAN of one link hop
 * (kytos-api.md §2.3, `get_next_available_tag` on the intersection of the endpoints' pools).
 * With `avoid` (try_avoid_same_s_vlan, the hop's previous S-VLAN), a lowest tag equal to `avoid`
 * gives way to the next common tag when there is one. Stops at the second common tag.
 */
export function lowestCommon(a: readonly VlanRange[], b: readonly VlanRange[], avoid?: number): number | undefined {
  let lowest: number | undefined;
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const x = a[i] as VlanRange;
    const y = b[j] as VlanRange;
    const lo = Math.max(x[0], y[0]);
    const hi = Math.min(x[1], y[1]);
    if (lo <= hi) {
      if (lowest === undefined) {
        if (lo !== avoid) return lo;
        lowest = lo;
        if (lo < hi) return lo + 1;
      } else {
        return lo;
      }
    }
    if (x[1] < y[1]) i++;
    else j++;
  }
  return lowest;
}

/**
 * Pure. The tags an interface can still hand out: its `tagRanges` minus the tags in use (any
 * order, overlaps allowed) and the reserved single tags (of_lldp's 3799, kytos-api.md §2.3).
 */
export function availableTags(tagRanges: readonly VlanRange[], used: readonly VlanRange[], reserved: readonly number[]): VlanRange[] {
  return subtract(subtract(tagRanges, normalize(used)), fromTags(reserved));
}

/**
 * Pure. Parses the special tags of a `special_tags` request: a list drawn from
 * ["untagged", "any"] without duplicates, returned in that canonical order.
 */
export function parseSpecialTags(input: unknown): Result<SpecialTag[], string> {
  if (!Array.isArray(input)) return err(`${INVALID}special_tags must be a list, not ${show(input)}`);
  const seen = new Set<SpecialTag>();
  for (const t of input) {
    const known = SPECIAL_TAGS.find((s) => s === t);
    // kytos core tag_ranges.py get_special_tags: "The tag {tag} is not supported".
    if (known === undefined) return err(`${INVALID}The tag ${show(t)} is not supported (special tags: "untagged", "any")`);
    // Same source: "There are duplicated values in the range."
    if (seen.has(known)) return err(`${INVALID}There are duplicated values in the range. ("${known}" appears twice)`);
    seen.add(known);
  }
  return ok(SPECIAL_TAGS.filter((s) => seen.has(s)));
}

/** Pure. The special tags still free: `specialTags` minus `usedSpecial`, in the order of `specialTags`. */
export function specialAvailable(specialTags: readonly SpecialTag[], usedSpecial: readonly SpecialTag[]): SpecialTag[] {
  return specialTags.filter((s) => !usedSpecial.includes(s));
}

/**
 * Pure. Whether an interface's pool may become `newRanges` (normalised) while `inUse` is
 * allocated: every new tag must be `supported` (Kytos validates against the interface default,
 * [[1,4094]], so 4095 is refused here), and no tag in use may fall outside (kytos core
 * tag_capable.py set_tag_ranges, 400 `KytosSetTagRangeError, Missing tags in tag_range: ...`).
 */
export function checkTagRangeChange(
  newRanges: readonly VlanRange[],
  inUse: readonly VlanRange[],
  supported: readonly VlanRange[] = DEFAULT_TAG_RANGES,
): Result<void, string> {
  const unsupported = subtract(newRanges, supported);
  if (unsupported.length > 0) return err(`${INVALID}The tags ${formatRanges(unsupported)} are not supported`);
  const missing = subtract(normalize(inUse), newRanges);
  if (missing.length > 0) return err(`${SET_ERROR}Missing tags in tag_range: ${formatRanges(missing)}`);
  return ok(undefined);
}

/** Pure. Whether the special tags may become `next` while `usedSpecial` are allocated (§3.1, 400 otherwise). */
export function checkSpecialTagChange(next: readonly SpecialTag[], usedSpecial: readonly SpecialTag[]): Result<void, string> {
  const missing = usedSpecial.filter((s) => !next.includes(s));
  if (missing.length > 0) return err(`${SET_ERROR}Missing tags in special_tags: ${missing.map((s) => `"${s}"`).join(', ')}`);
  return ok(undefined);
}

/**
 * A masked VID match over the 12-bit VID space: a VID v matches when (v & mask) === vid.
 * `mask` 0xfff is an exact match.
 */
export interface VidMask {
  readonly vid: number;
  readonly mask: number;
}

/**
 * Pure. A range as the fewest aligned power-of-two blocks, each one masked VID match (what a
 * circuit on a VLAN-range UNI installs, one flow per entry). Greedy: from the range's start take
 * the largest block aligned on it that still fits; this is the minimal prefix cover of a range.
 * Throws RangeError unless 1 ≤ first ≤ last ≤ 4095.
 */
export function vidMasks(range: VlanRange): VidMask[] {
  const [a, b] = range;
  assertTag(a);
  assertTag(b);
  if (a > b) throw new RangeError(`${formatRange(range)} is not ordered`);
  const out: VidMask[] = [];
  let start = a;
  while (start <= b) {
    let block = start & -start; // the largest power of two dividing start (start ≥ 1)
    while (block > b - start + 1) block >>= 1;
    out.push({ vid: start, mask: 0xfff & ~(block - 1) });
    start += block;
  }
  return out;
}

/**
 * Pure. A range as Kytos's `mask_list` (kytos-api.md §1.3): `[[10,12]]` → `["10/4094", 12]`, a
 * block of several tags as `"vid/mask"`, a single tag as the int (mask 4095 implied).
 */
export function maskList(range: VlanRange): (number | string)[] {
  return vidMasks(range).map((m) => (m.mask === 0xfff ? m.vid : `${m.vid}/${m.mask}`));
}

/** Pure. The `mask_list` of a whole normalised list of ranges, range after range. */
export function maskListOfRanges(ranges: readonly VlanRange[]): (number | string)[] {
  return ranges.flatMap((r) => maskList(r));
}
