/**
 * The topology: switches, interfaces and links with their operator-owned state (admin, metadata,
 * VLAN pools; persisted through a TopologyStore) and their operational state (from switch
 * sessions and LLDP). It applies observations, recomputes Kytos statuses and emits a typed event
 * for every change. Time is passed in; it sends nothing and reads no clock.
 */
import type { Dpid } from '../ofp';
import type { ControllerEvent } from '../core/events';
import { isPortActive } from './ports';
import { linkIdOf } from './links';
import type { SwitchDirectory, SwitchSnapshot } from './switch-directory';
import {
  DEFAULT_TAG_RANGES,
  SPECIAL_TAGS,
  interfaceIdOf,
  statusFrom,
  type EntityStatus,
  type InterfaceId,
  type LinkId,
  type LivenessStatus,
  type StatusReason,
} from './model';
import type { InterfaceConfig, KnownPort, LinkConfig, SwitchConfig, TopologyStore } from './types';

export interface TopologySettings {
  /** New switches, interfaces and links start enabled (Isthmus's default) or disabled (Kytos-ng's). */
  readonly enableByDefault: boolean;
  /** A link that went down and comes back is held DOWN this long. */
  readonly linkUpHoldMs: number;
}

export interface TopologyLogger {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
}

export interface TopologyDeps {
  readonly store: TopologyStore;
  readonly directory: SwitchDirectory;
  readonly emit: (e: ControllerEvent) => void;
  readonly settings: TopologySettings;
  readonly log: TopologyLogger;
}

/** Runtime state of a link (what is not persisted). */
interface LinkRuntime {
  config: LinkConfig;
  active: boolean;
  /** Set when the link went down during this run: its next activation is held. */
  wentDownAt: number | undefined;
  holdUntil: number | undefined;
  mismatched: boolean;
  liveness: LivenessStatus | undefined;
}

export interface SwitchView {
  readonly config: SwitchConfig;
  readonly snapshot: SwitchSnapshot;
  readonly status: EntityStatus;
  readonly reasons: readonly StatusReason[];
}

export interface InterfaceView {
  readonly config: InterfaceConfig;
  readonly port: KnownPort;
  readonly active: boolean;
  /** Enabled itself and on an enabled switch. */
  readonly enabled: boolean;
  readonly status: EntityStatus;
  readonly reasons: readonly StatusReason[];
  readonly linkId: LinkId | undefined;
}

export interface LinkView {
  readonly config: LinkConfig;
  readonly active: boolean;
  readonly enabled: boolean;
  readonly status: EntityStatus;
  readonly reasons: readonly StatusReason[];
  readonly liveness: LivenessStatus | undefined;
}

export class Topology {
  protected readonly switchConfigs = new Map<Dpid, SwitchConfig>();
  protected readonly interfaceConfigs = new Map<InterfaceId, InterfaceConfig>();
  protected readonly links = new Map<LinkId, LinkRuntime>();
  /** The link each interface belongs to now. */
  protected readonly linkOf = new Map<InterfaceId, LinkId>();
  /** Last status reported per interface and link, to emit only changes. */
  private readonly reported = new Map<string, EntityStatus>();
  protected now = 0;

  constructor(protected readonly deps: TopologyDeps) {
    for (const s of deps.store.loadSwitches()) this.switchConfigs.set(s.dpid, s);
    for (const i of deps.store.loadInterfaces()) this.interfaceConfigs.set(i.id, i);
    for (const l of deps.store.loadLinks()) {
      this.links.set(l.id, { config: l, active: false, wentDownAt: undefined, holdUntil: undefined, mismatched: false, liveness: undefined });
      this.linkOf.set(l.endpointA, l.id);
      this.linkOf.set(l.endpointB, l.id);
    }
    deps.emit({ type: 'topology.loaded', switches: this.switchConfigs.size, interfaces: this.interfaceConfigs.size, links: this.links.size });
    this.refresh();
  }

  // ------------------------------------------------------------------------------- observations

  /** Applies a switch or port event from the sessions (after the directory has applied it). */
  apply(e: ControllerEvent, now: number): void {
    this.now = now;
    switch (e.type) {
      case 'switch.connected':
        this.ensureSwitch(e.dpid);
        for (const p of e.info.ports) this.ensureInterface(e.dpid, p.portNo);
        break;
      case 'port.added':
      case 'port.modified':
        this.ensureInterface(e.dpid, e.port.portNo);
        break;
      case 'switch.disconnected':
      case 'port.deleted':
        break;
      default:
        return;
    }
    this.deactivateDeadLinks();
    if (e.type === 'port.modified' || e.type === 'port.added') this.reactivateOnPortUp(interfaceIdOf(e.dpid, e.port.portNo));
    this.refresh();
  }

  /** LLDP saw a frame sent from `b` arrive on `a`: the link a–b exists and is up. */
  observeLink(a: { dpid: Dpid; portNo: number }, b: { dpid: Dpid; portNo: number }, now: number): void {
    this.now = now;
    const ia = interfaceIdOf(a.dpid, a.portNo);
    const ib = interfaceIdOf(b.dpid, b.portNo);
    if (!this.isInterfaceActive(ia) || !this.isInterfaceActive(ib)) return;
    const { id, endpointA, endpointB } = linkIdOf(ia, ib);
    let link = this.links.get(id);
    if (link === undefined) {
      const config: LinkConfig = {
        id,
        endpointA,
        endpointB,
        enabled: this.deps.settings.enableByDefault,
        metadata: {},
        discoveredAt: new Date(now).toISOString(),
      };
      this.deps.store.saveLink(config);
      link = { config, active: false, wentDownAt: undefined, holdUntil: undefined, mismatched: false, liveness: undefined };
      this.links.set(id, link);
      this.deps.log.info({ linkId: id, endpointA, endpointB }, 'link discovered');
      this.deps.emit({ type: 'link.created', linkId: id });
    }
    // An endpoint that now sees this peer no longer belongs to its previous link.
    for (const end of [endpointA, endpointB]) {
      const previous = this.linkOf.get(end);
      if (previous !== undefined && previous !== id) {
        const old = this.links.get(previous);
        if (old !== undefined && !old.mismatched) {
          old.mismatched = true;
          this.deactivate(old);
          this.deps.log.warn({ linkId: previous, interfaceId: end, now: id }, 'link superseded: an endpoint sees another peer');
        }
      }
      this.linkOf.set(end, id);
    }
    if (!link.active || link.mismatched) this.activate(link);
    this.refresh();
  }

  /** Liveness of each interface pair changed (of_lldp); `status` undefined when liveness is off for the link. */
  setLinkLiveness(linkId: LinkId, status: LivenessStatus | undefined, now: number): void {
    this.now = now;
    const link = this.links.get(linkId);
    if (link === undefined || link.liveness === status) return;
    link.liveness = status;
    this.refresh();
  }

  /** Expires link-up holds that have passed. */
  tick(now: number): void {
    this.now = now;
    let changed = false;
    for (const l of this.links.values()) {
      if (l.holdUntil !== undefined && l.holdUntil <= now) {
        l.holdUntil = undefined;
        changed = true;
      }
    }
    if (changed) this.refresh();
  }

  /** The next instant at which tick() has something to do, if any. */
  nextDeadline(): number | undefined {
    let next: number | undefined;
    for (const l of this.links.values()) if (l.holdUntil !== undefined && (next === undefined || l.holdUntil < next)) next = l.holdUntil;
    return next;
  }

  // ---------------------------------------------------------------------------------- queries

  switchView(dpid: Dpid): SwitchView | undefined {
    const snapshot = this.deps.directory.get(dpid);
    if (snapshot === undefined) return undefined;
    const config = this.switchConfigs.get(dpid) ?? this.defaultSwitch(dpid);
    const { status, reasons } = statusFrom(config.enabled, snapshot.connected);
    return { config, snapshot, status, reasons };
  }

  switchViews(): SwitchView[] {
    return this.deps.directory.list().flatMap((s) => this.switchView(s.dpid) ?? []);
  }

  interfaceView(id: InterfaceId): InterfaceView | undefined {
    const cut = id.lastIndexOf(':');
    const sw = this.deps.directory.get(id.slice(0, cut));
    const portNo = Number(id.slice(cut + 1));
    const port = sw?.ports.find((p) => p.portNo === portNo);
    if (sw === undefined || port === undefined) return undefined;
    return this.viewOf(sw, port);
  }

  /** Interfaces of one switch, or of all switches, in port order. */
  interfaceViews(dpid?: Dpid): InterfaceView[] {
    const switches = dpid === undefined ? this.deps.directory.list() : [this.deps.directory.get(dpid)].flatMap((s) => s ?? []);
    return switches.flatMap((sw) => sw.ports.map((p) => this.viewOf(sw, p)));
  }

  linkView(id: LinkId): LinkView | undefined {
    const l = this.links.get(id);
    return l === undefined ? undefined : this.linkViewOf(l);
  }

  linkViews(): LinkView[] {
    return [...this.links.values()].map((l) => this.linkViewOf(l));
  }

  // --------------------------------------------------------------------------------- internals

  private viewOf(sw: SwitchSnapshot, port: KnownPort): InterfaceView {
    const id = interfaceIdOf(sw.dpid, port.portNo);
    const config = this.interfaceConfigs.get(id) ?? this.defaultInterface(sw.dpid, port.portNo);
    const switchEnabled = (this.switchConfigs.get(sw.dpid) ?? this.defaultSwitch(sw.dpid)).enabled;
    const active = sw.connected && isPortActive(port, sw.reportsLive);
    const enabled = switchEnabled && config.enabled;
    const { status, reasons } = statusFrom(enabled, active);
    return { config, port, active, enabled, status, reasons, linkId: this.linkOf.get(id) };
  }

  private linkViewOf(l: LinkRuntime): LinkView {
    const a = this.interfaceView(l.config.endpointA);
    const b = this.interfaceView(l.config.endpointB);
    const enabled = l.config.enabled && (a?.enabled ?? false) && (b?.enabled ?? false);
    const active = l.active && (a?.active ?? false) && (b?.active ?? false);
    const extra: StatusReason[] = [];
    if (l.holdUntil !== undefined && l.holdUntil > this.now) extra.push('link_up_hold');
    // As of_lldp: only a pair seen going down (not one still in `init`) takes the link down.
    if (l.liveness === 'down') extra.push('liveness');
    if (l.mismatched) extra.push('mismatched_link');
    const { status, reasons } = statusFrom(enabled, active, extra);
    return { config: l.config, active, enabled, status, reasons, liveness: l.liveness };
  }

  protected isInterfaceActive(id: InterfaceId): boolean {
    return this.interfaceView(id)?.active ?? false;
  }

  protected defaultSwitch(dpid: Dpid): SwitchConfig {
    return { dpid, enabled: this.deps.settings.enableByDefault, metadata: {} };
  }

  protected defaultInterface(dpid: Dpid, portNo: number): InterfaceConfig {
    return {
      id: interfaceIdOf(dpid, portNo),
      dpid,
      portNo,
      enabled: this.deps.settings.enableByDefault,
      metadata: {},
      tagRanges: DEFAULT_TAG_RANGES,
      specialTags: SPECIAL_TAGS,
      lldp: true,
      liveness: false,
    };
  }

  private ensureSwitch(dpid: Dpid): void {
    if (this.switchConfigs.has(dpid)) return;
    const config = this.defaultSwitch(dpid);
    this.switchConfigs.set(dpid, config);
    this.deps.store.saveSwitch(config);
  }

  private ensureInterface(dpid: Dpid, portNo: number): void {
    const id = interfaceIdOf(dpid, portNo);
    if (this.interfaceConfigs.has(id)) return;
    const config = this.defaultInterface(dpid, portNo);
    this.interfaceConfigs.set(id, config);
    this.deps.store.saveInterface(config);
  }

  private activate(l: LinkRuntime): void {
    l.active = true;
    l.mismatched = false;
    // Flap damping: only a link seen going down during this run is held (kytos-api.md §3.3
    // LINK_UP_TIMER); links found again after a restart come up at once.
    l.holdUntil = l.wentDownAt !== undefined && this.deps.settings.linkUpHoldMs > 0 ? this.now + this.deps.settings.linkUpHoldMs : undefined;
  }

  private deactivate(l: LinkRuntime): void {
    if (!l.active) return;
    l.active = false;
    l.wentDownAt = this.now;
    l.holdUntil = undefined;
  }

  /** A link whose endpoint is no longer active is down at once (port down, switch gone). */
  private deactivateDeadLinks(): void {
    for (const l of this.links.values()) {
      if (l.active && (!this.isInterfaceActive(l.config.endpointA) || !this.isInterfaceActive(l.config.endpointB))) this.deactivate(l);
    }
  }

  /** A port that comes back up brings its link back (held) when the other end is up too. */
  private reactivateOnPortUp(id: InterfaceId): void {
    const linkId = this.linkOf.get(id);
    const l = linkId === undefined ? undefined : this.links.get(linkId);
    if (l === undefined || l.active || l.mismatched || l.wentDownAt === undefined) return;
    if (this.isInterfaceActive(l.config.endpointA) && this.isInterfaceActive(l.config.endpointB)) this.activate(l);
  }

  /** Recomputes every interface and link status and emits the changes. */
  protected refresh(): void {
    for (const v of this.interfaceViews()) {
      const key = `i:${v.config.id}`;
      const before = this.reported.get(key);
      const nowUp = v.status === 'UP';
      if (before !== undefined && (before === 'UP') !== nowUp) {
        this.deps.emit({ type: nowUp ? 'interface.up' : 'interface.down', interfaceId: v.config.id, reasons: v.reasons });
      }
      this.reported.set(key, v.status);
    }
    for (const l of this.links.values()) {
      const v = this.linkViewOf(l);
      const key = `l:${l.config.id}`;
      const before = this.reported.get(key);
      const nowUp = v.status === 'UP';
      if ((before === undefined && nowUp) || (before !== undefined && (before === 'UP') !== nowUp)) {
        this.deps.emit({ type: nowUp ? 'link.up' : 'link.down', linkId: l.config.id, reasons: v.reasons });
      }
      this.reported.set(key, v.status);
    }
  }
}
