/**
 * LLDP discovery at the edge: installs the LLDP flow on each enabled switch, sends authenticated
 * LLDP frames on every usable port when a switch connects, when a port comes up and every polling
 * interval, turns the frames that come back into link observations and liveness hellos, and
 * handles loops. The decisions are the pure Discovery and Liveness state machines'; this module
 * only moves bytes and keeps time.
 */
import { OFPP, OFP_NO_BUFFER, type Clock, type Dpid, type MessageOf } from '../ofp';
import type { LoopAction } from '../config/spec';
import { Discovery } from '../topology/discovery';
import { Liveness } from '../topology/liveness';
import { lldpFlow } from '../topology/lldp-flow';
import { OWNER } from '../flows/flowspec';
import type { FlowSpec } from '../flows/flowspec';
import { tableOf, type PipelineDecl } from '../flows/pipeline';
import type { TopologyService } from '../topology/topology-service';
import type { InterfaceId, LinkId, LivenessStatus } from '../topology/model';
import type { EventBus } from './events';
import type { SwitchManager } from './switch-manager';

export interface LldpSettings {
  readonly intervalMs: number;
  readonly vlan: number | undefined;
  readonly loopAction: LoopAction;
  readonly deadMultiplier: number;
  readonly minHellos: number;
}

export interface LldpLogger {
  debug(obj: object, msg: string): void;
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
}

export interface LldpServiceDeps {
  readonly bus: EventBus;
  readonly topology: TopologyService;
  readonly switches: Pick<SwitchManager, 'send' | 'connected'>;
  readonly flows: {
    /** Resolves once a newly connected switch holds its desired flows (the reconciler has run). */
    prepare(dpid: Dpid): Promise<void>;
    /** Makes flows desired for an owner, sending only what is new or changed. */
    ensure(owner: string, flows: readonly FlowSpec[]): Promise<unknown>;
  };
  readonly clock: Clock;
  readonly log: LldpLogger;
  readonly settings: LldpSettings;
  readonly secret: Buffer;
  /** The active table pipeline: which table the LLDP flow goes in. */
  readonly pipeline: () => PipelineDecl;
  /** Called after anything that may start a link-up hold, so the topology's timer is re-armed. */
  readonly onTopologyChanged: () => void;
}

/** A loop is logged at most once per this long per switch and port pair. */
const LOOP_LOG_EVERY_MS = 60_000;
/** Ignored frames are summarised in the log at most this often. */
const IGNORED_LOG_EVERY_MS = 60_000;

export class LldpService {
  private readonly discovery: Discovery;
  private readonly liveness: Liveness;
  private timer: unknown;
  private intervalMs: number;
  private readonly loopsLogged = new Map<string, number>();
  private lastIgnoredLog = 0;
  private readonly unsubscribe: (() => void)[] = [];

  constructor(private readonly deps: LldpServiceDeps) {
    const s = deps.settings;
    this.intervalMs = s.intervalMs;
    this.discovery = new Discovery({ secret: deps.secret, vlan: s.vlan, intervalMs: s.intervalMs });
    this.liveness = new Liveness({ intervalMs: s.intervalMs, deadMultiplier: s.deadMultiplier, minHellosUp: s.minHellos });
  }

  /** Subscribes to the bus and starts the polling rounds. */
  start(): void {
    const { bus } = this.deps;
    this.unsubscribe.push(
      bus.on('switch.connected', (e) => void this.onSwitchReady(e.dpid)),
      bus.on('switch.enabled', (e) => void this.onSwitchReady(e.dpid)),
      bus.on('interface.up', (e) => this.sendOn([e.interfaceId])),
      bus.on('packet.in', (e) => this.onPacketIn(e.dpid, e.msg)),
    );
    this.schedule();
  }

  stop(): void {
    this.deps.clock.clearTimeout(this.timer);
    for (const u of this.unsubscribe.splice(0)) u();
  }

  // ----------------------------------------------------------------------- of_lldp API control

  pollingTimeMs(): number {
    return this.intervalMs;
  }

  /** Changes the polling interval at runtime (not persisted, as in Kytos-ng). */
  setPollingTime(ms: number): void {
    this.intervalMs = ms;
    this.discovery.setInterval(ms);
    this.liveness.setInterval(ms);
    this.deps.clock.clearTimeout(this.timer);
    this.schedule();
  }

  livenessStatus(id: InterfaceId): { status: LivenessStatus; lastHelloAt: number | undefined } | undefined {
    this.syncLiveness();
    return this.liveness.status(id);
  }

  livenessPairs(): { interfaceA: InterfaceId; interfaceB: InterfaceId; linkId: LinkId | undefined; status: LivenessStatus }[] {
    this.syncLiveness();
    return this.deps.topology.linkViews().flatMap((l) => {
      const status = this.liveness.pair(l.config.endpointA, l.config.endpointB);
      return status === undefined ? [] : [{ interfaceA: l.config.endpointA, interfaceB: l.config.endpointB, linkId: l.config.id, status }];
    });
  }

  counters(): ReturnType<Discovery['counters']> {
    return this.discovery.counters();
  }

  // --------------------------------------------------------------------------------- internals

  private schedule(): void {
    this.timer = this.deps.clock.setTimeout(() => {
      this.round();
      this.schedule();
    }, this.intervalMs);
  }

  /** One polling round: LLDP out of every usable port, then the liveness reaper. */
  private round(): void {
    this.sendOn(undefined);
    this.syncLiveness();
    this.applyLiveness(this.liveness.reap(this.deps.clock.now()));
  }

  private async onSwitchReady(dpid: Dpid): Promise<void> {
    const sw = this.deps.topology.switchView(dpid);
    if (sw === undefined || !sw.config.enabled || !sw.snapshot.connected) return;
    // The LLDP flow must be on the switch before its first frames can come back through it.
    await this.deps.flows.prepare(dpid);
    await this.deps.flows.ensure('of_lldp', [lldpFlow(dpid, this.deps.settings.vlan, tableOf(this.deps.pipeline(), 'of_lldp', 'base'))]);
    this.sendOn(this.deps.topology.interfaceViews(dpid).map((v) => v.config.id));
  }

  /** Sends LLDP out of the given interfaces (all when undefined) that are up, enabled and have LLDP on. */
  private sendOn(ids: readonly InterfaceId[] | undefined): void {
    const { topology } = this.deps;
    const views = ids === undefined ? topology.interfaceViews() : ids.flatMap((id) => topology.interfaceView(id) ?? []);
    const targets = views
      .filter((v) => v.active && v.enabled && v.config.lldp && v.config.portNo <= OFPP.MAX)
      .map((v) => ({ dpid: v.config.dpid, portNo: v.config.portNo, portMac: v.port.hwAddr }));
    for (const out of this.discovery.framesFor(targets, this.deps.clock.now())) {
      this.deps.switches.send(out.dpid, {
        type: 'packet_out',
        bufferId: OFP_NO_BUFFER,
        inPort: OFPP.CONTROLLER,
        actions: [{ type: 'output', port: out.portNo, maxLen: 0 }],
        data: out.frame,
      });
    }
  }

  private onPacketIn(dpid: Dpid, msg: MessageOf<'packet_in'>): void {
    // Only frames our LLDP flow sent up (its cookie carries the of_lldp owner byte).
    if (msg.cookie >> 56n !== OWNER.of_lldp) return;
    const inPort = msg.match.find((m) => m.field === 'in_port');
    if (inPort === undefined || typeof inPort.value !== 'number') return;
    const now = this.deps.clock.now();
    const result = this.discovery.receive(dpid, inPort.value, msg.data, now);
    switch (result.kind) {
      case 'link': {
        const receiving = this.deps.topology.interfaceView(`${result.a.dpid}:${result.a.portNo}`);
        if (receiving === undefined || !receiving.config.lldp) return;
        this.deps.topology.observeLink(result.a, result.b, now);
        this.syncLiveness();
        this.applyLiveness(this.liveness.hello(receiving.config.id, now));
        this.deps.onTopologyChanged();
        return;
      }
      case 'loop':
        return this.onLoop(result.dpid, result.ports, now);
      case 'ignored':
        this.logIgnored(dpid, inPort.value, result.reason, result.detail, now);
        return;
      default:
        return;
    }
  }

  private onLoop(dpid: Dpid, ports: readonly [number, number], now: number): void {
    this.deps.bus.emit({ type: 'lldp.loop', dpid, ports });
    const key = `${dpid}/${Math.min(...ports)}/${Math.max(...ports)}`;
    const last = this.loopsLogged.get(key);
    if (last === undefined || now - last >= LOOP_LOG_EVERY_MS) {
      this.loopsLogged.set(key, now);
      this.deps.log.warn({ dpid, ports, action: this.deps.settings.loopAction }, 'LLDP loop on one switch');
    }
    if (this.deps.settings.loopAction !== 'disable') return;
    for (const p of new Set(ports)) {
      const id = `${dpid}:${p}`;
      if (this.deps.topology.interfaceView(id)?.config.enabled) this.deps.topology.disableInterface(id, now);
    }
  }

  private logIgnored(dpid: Dpid, port: number, reason: string, detail: string | undefined, now: number): void {
    const fields = { dpid, port, reason, detail };
    // A forged frame is worth a warning; the totals go out at most once a minute.
    if (reason === 'bad_auth') this.deps.log.warn(fields, 'LLDP frame with a bad authenticator ignored');
    else this.deps.log.debug(fields, 'LLDP frame ignored');
    if (now - this.lastIgnoredLog >= IGNORED_LOG_EVERY_MS) {
      this.lastIgnoredLog = now;
      this.deps.log.info({ counters: this.discovery.counters() }, 'LLDP counters');
    }
  }

  /** Makes the liveness machines follow the interfaces' liveness flags. */
  private syncLiveness(): void {
    const on: InterfaceId[] = [];
    const off: InterfaceId[] = [];
    for (const v of this.deps.topology.interfaceViews()) (v.config.liveness ? on : off).push(v.config.id);
    this.liveness.enable(on);
    const disabled = this.liveness.disable(off.filter((id) => this.liveness.isEnabled(id)));
    if (disabled.length > 0) this.refreshLinkLiveness();
  }

  private applyLiveness(transitions: readonly { interfaceId: InterfaceId }[]): void {
    if (transitions.length > 0) this.refreshLinkLiveness();
  }

  private refreshLinkLiveness(): void {
    const now = this.deps.clock.now();
    for (const l of this.deps.topology.linkViews()) {
      this.deps.topology.setLinkLiveness(l.config.id, this.liveness.pair(l.config.endpointA, l.config.endpointB), now);
    }
  }
}
