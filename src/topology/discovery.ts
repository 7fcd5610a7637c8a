/**
 * LLDP link discovery as a state machine (kytos-api.md §4 "LLDP frame", "Reception"): it says
 * which frames to send out of which ports, and turns each received frame into a link, a loop, or
 * a counted reason to ignore it. It sends nothing and reads no clock: `now` is passed in, and the
 * caller packs the frames into PACKET_OUTs and feeds it the PACKET_IN payloads.
 */
import { OFPP, assertNever, type Dpid } from '../ofp';
import { buildLldpFrame, parseLldpFrame } from './lldp';

/** A switch port. */
export interface PortRef {
  readonly dpid: Dpid;
  readonly portNo: number;
}

/** A port to announce: the port and its hardware address (the frame's source MAC). */
export interface LldpTarget extends PortRef {
  readonly portMac: string;
}

/** A frame to send out of one port. */
export interface OutgoingLldp extends PortRef {
  readonly frame: Buffer;
}

export type IgnoredReason = 'not_lldp' | 'foreign' | 'bad_auth' | 'stale' | 'malformed' | 'rate_limited';
export const IGNORED_REASONS: readonly IgnoredReason[] = ['not_lldp', 'foreign', 'bad_auth', 'stale', 'malformed', 'rate_limited'];

export type DiscoveryResult =
  /** `a` received the frame that `b` sent: the link a—b exists, seen in the b→a direction. */
  | { readonly kind: 'link'; readonly a: PortRef; readonly b: PortRef }
  /** Both ends on one switch: `ports` = [received on, sent from]; equal for a port looped onto itself. */
  | { readonly kind: 'loop'; readonly dpid: Dpid; readonly ports: readonly [number, number] }
  /** `detail` is for debug logs (the malformed reason, a foreign agent's IDs, a stale frame's age). */
  | { readonly kind: 'ignored'; readonly reason: IgnoredReason; readonly detail?: string };

export interface DiscoveryCounters {
  /** Frames handed out by framesFor. */
  readonly built: number;
  readonly link: number;
  readonly loop: number;
  readonly ignored: Readonly<Record<IgnoredReason, number>>;
  /** Ports the flood guard currently tracks (a gauge, at most guard.maxPorts). */
  readonly guardedPorts: number;
}

export interface DiscoveryOptions {
  /** HMAC key of the frames; at least 16 bytes. */
  readonly secret: Buffer;
  /** VID to tag the frames with (Kytos-ng uses 3799), or undefined to send them untagged. */
  readonly vlan: number | undefined;
  /** How often framesFor is called, ms (of_lldp polling_time). */
  readonly intervalMs: number;
  /** Oldest frame accepted, ms. Default: 3 × intervalMs, following setInterval. */
  readonly maxAgeMs?: number;
  /** Flood guard tuning; the defaults suit production. */
  readonly guard?: { readonly burst?: number; readonly maxPorts?: number };
}

/** Frames of LLDP one port may deliver per interval before the excess is rate_limited. */
export const GUARD_BURST = 16;
/** Ports the guard tracks at most: 65,536 × ~100 bytes. Beyond it the idle and then the oldest are forgotten. */
export const GUARD_MAX_PORTS = 65_536;
export const MIN_SECRET_SIZE = 16;
const DEFAULT_MAX_AGE_INTERVALS = 3;

/** A token bucket: `tokens` frames left, refilled at burst per interval, as of `at`. */
interface Bucket {
  tokens: number;
  at: number;
}

/** Discovery state: the key and settings, the counters, and the flood guard. */
export class Discovery {
  private readonly secret: Buffer;
  private readonly vlan: number | undefined;
  private intervalMs: number;
  private readonly fixedMaxAgeMs: number | undefined;
  private readonly burst: number;
  private readonly maxPorts: number;
  private readonly buckets = new Map<string, Bucket>();
  private built = 0;
  private links = 0;
  private loops = 0;
  private readonly ignored: Record<IgnoredReason, number> = { not_lldp: 0, foreign: 0, bad_auth: 0, stale: 0, malformed: 0, rate_limited: 0 };

  /** Throws RangeError for a short secret, a VID outside 1..4094, or a non-positive interval or age. */
  constructor(opts: DiscoveryOptions) {
    // A short key makes the 128-bit tag cheaper to forge than it looks.
    if (opts.secret.length < MIN_SECRET_SIZE) throw new RangeError(`LLDP secret of ${opts.secret.length} bytes; at least ${MIN_SECRET_SIZE} needed`);
    if (opts.vlan !== undefined && !(Number.isInteger(opts.vlan) && opts.vlan >= 1 && opts.vlan <= 4094)) throw new RangeError(`LLDP VLAN ${opts.vlan} is not a VID in 1..4094`);
    if (opts.maxAgeMs !== undefined) checkPositive('LLDP max age', opts.maxAgeMs);
    this.secret = Buffer.from(opts.secret);
    this.vlan = opts.vlan;
    this.intervalMs = checkPositive('LLDP interval', opts.intervalMs);
    this.fixedMaxAgeMs = opts.maxAgeMs;
    this.burst = checkPositive('LLDP guard burst', opts.guard?.burst ?? GUARD_BURST);
    this.maxPorts = checkPositive('LLDP guard size', opts.guard?.maxPorts ?? GUARD_MAX_PORTS);
  }

  /** Mutates this instance. The polling time changed at runtime; the default max age and the guard's refill follow. */
  setInterval(ms: number): void {
    this.intervalMs = checkPositive('LLDP interval', ms);
  }

  /** Pure. The oldest frame accepted now, ms. */
  maxAgeMs(): number {
    return this.fixedMaxAgeMs ?? DEFAULT_MAX_AGE_INTERVALS * this.intervalMs;
  }

  /**
   * Mutates the counters. One frame per target, stamped with `now`. Reserved port numbers (above
   * OFPP_MAX, e.g. OFPP_LOCAL, which Kytos-ng also skips) are left out.
   */
  framesFor(targets: readonly LldpTarget[], now: number): OutgoingLldp[] {
    const out: OutgoingLldp[] = [];
    const sentAt = Math.floor(now);
    for (const t of targets) {
      if (t.portNo > OFPP.MAX) continue;
      const frame = buildLldpFrame({ dpid: t.dpid, portNo: t.portNo, portMac: t.portMac, vlan: this.vlan, secret: this.secret, sentAt });
      out.push({ dpid: t.dpid, portNo: t.portNo, frame });
    }
    this.built += out.length;
    return out;
  }

  /** Mutates the counters and the guard. Classifies a frame that `dpid` received on `inPort`. */
  receive(dpid: Dpid, inPort: number, frame: Buffer, now: number): DiscoveryResult {
    const r = parseLldpFrame(frame, this.secret, now, this.maxAgeMs());
    // Other traffic costs the guard nothing: only LLDP is charged to the receiving port.
    if (r.kind === 'not_lldp') return this.ignore('not_lldp', undefined);
    if (!this.admit(`${dpid}|${inPort}`, now)) return this.ignore('rate_limited', undefined);
    switch (r.kind) {
      case 'ok':
        if (r.dpid === dpid.toLowerCase()) {
          this.loops += 1;
          return { kind: 'loop', dpid, ports: [inPort, r.portNo] };
        }
        this.links += 1;
        return { kind: 'link', a: { dpid, portNo: inPort }, b: { dpid: r.dpid, portNo: r.portNo } };
      case 'foreign':
        return this.ignore('foreign', `chassis ${r.chassis ?? '?'} port ${r.port ?? '?'}`);
      case 'bad_auth':
        return this.ignore('bad_auth', undefined);
      case 'stale':
        return this.ignore('stale', `age ${r.ageMs} ms`);
      case 'malformed':
        return this.ignore('malformed', r.reason);
      default:
        return assertNever(r);
    }
  }

  /** Pure. A snapshot of the counters. */
  counters(): DiscoveryCounters {
    return { built: this.built, link: this.links, loop: this.loops, ignored: { ...this.ignored }, guardedPorts: this.buckets.size };
  }

  private ignore(reason: IgnoredReason, detail: string | undefined): DiscoveryResult {
    this.ignored[reason] += 1;
    return detail === undefined ? { kind: 'ignored', reason } : { kind: 'ignored', reason, detail };
  }

  /**
   * The flood guard: a token bucket per receiving port, `burst` frames deep, refilled at `burst`
   * per interval. A port flooding forged or replayed LLDP gets rate_limited instead of producing
   * a result (and a log line or a link event) per frame. Its state is two numbers per port, in a
   * map of at most maxPorts entries, so no stream of frames grows memory.
   */
  private admit(key: string, now: number): boolean {
    let b = this.buckets.get(key);
    if (b === undefined) {
      if (this.buckets.size >= this.maxPorts) this.evict(now);
      b = { tokens: this.burst, at: now };
      this.buckets.set(key, b);
    } else {
      const elapsed = Math.max(0, now - b.at); // a clock stepped back refills nothing
      b.tokens = Math.min(this.burst, b.tokens + (elapsed * this.burst) / this.intervalMs);
      b.at = now;
    }
    if (b.tokens < 1) return false;
    b.tokens -= 1;
    return true;
  }

  /** Forgets buckets idle for an interval (they are full again: forgetting loses nothing), then the oldest eighth if still full. */
  private evict(now: number): void {
    for (const [k, b] of this.buckets) if (now - b.at >= this.intervalMs) this.buckets.delete(k);
    if (this.buckets.size < this.maxPorts) return;
    // Maps iterate in insertion order: the first keys are the longest tracked.
    let drop = Math.max(1, Math.floor(this.maxPorts / 8));
    for (const k of this.buckets.keys()) {
      if (drop-- === 0) break;
      this.buckets.delete(k);
    }
  }
}

function checkPositive(what: string, v: number): number {
  if (!(Number.isFinite(v) && v > 0)) throw new RangeError(`${what} ${v} is not a positive number`);
  return v;
}
