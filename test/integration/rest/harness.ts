/**
 * The REST API over a real TopologyService and SQLite store (no sockets): switch and port events
 * are fed to the directory and the topology as the composition root does, links come from
 * observeLink, and LLDP/liveness is a settable fake of LldpControl.
 */
import type { Database } from 'better-sqlite3';
import type { Express } from 'express';
import { OFPPS, type Port, type SwitchInfo } from '../../../src/ofp';
import type { ControllerEvent } from '../../../src/core/events';
import { buildApp } from '../../../src/rest/app';
import type { LldpControl } from '../../../src/rest/routes/of-lldp';
import { MIGRATIONS_DIR, openDatabase, SwitchRepo, TopologyRepo } from '../../../src/store';
import { SwitchDirectory } from '../../../src/topology/switch-directory';
import { TopologyService, type TagUsage } from '../../../src/topology/topology-service';
import type { InterfaceId, LinkId, LivenessStatus, SpecialTag, VlanRange } from '../../../src/topology/model';

export const DPID1 = '00:00:00:00:00:00:00:01';
export const DPID2 = '00:00:00:00:00:00:00:02';
export const DPID3 = '00:00:00:00:00:00:00:03';
/** sha256("00:00:00:00:00:00:00:01:2:00:00:00:00:00:00:00:02:2"), computed with sha256sum (kytos-api.md §0 example). */
export const LINK_1_2 = 'cf0f4071be426b3f745027f5d22bc61f8312ae86293c9b28e7e66015607a9260';
export const JSON_TYPE = 'application/json';

/** A port as OVS reports it: up and LIVE, 10 Gb/s. */
export function port(portNo: number, state: number = OFPPS.LIVE): Port {
  return {
    portNo,
    hwAddr: `02:00:00:00:00:${portNo.toString(16).padStart(2, '0')}`,
    name: `eth${portNo}`,
    config: 0,
    state,
    curr: 0,
    advertised: 0,
    supported: 0,
    peer: 0,
    currSpeed: 10_000_000,
    maxSpeed: 0,
  };
}

function info(dpid: string, ports: readonly Port[]): SwitchInfo {
  return {
    dpid,
    nBuffers: 0,
    nTables: 254,
    auxiliaryId: 0,
    capabilities: 0,
    desc: { mfrDesc: 'Nicira, Inc.', hwDesc: 'Open vSwitch', swDesc: '3.1.0', serialNum: 'None', dpDesc: `dp ${dpid.slice(-2)}` },
    ports: [...ports],
  };
}

/** LldpControl with state the test sets. */
export class FakeLldp implements LldpControl {
  pollingMs = 3000;
  readonly statuses = new Map<InterfaceId, { status: LivenessStatus; lastHelloAt: number | undefined }>();
  pairs: { interfaceA: InterfaceId; interfaceB: InterfaceId; linkId: LinkId | undefined; status: LivenessStatus }[] = [];
  pollingTimeMs(): number {
    return this.pollingMs;
  }
  setPollingTime(ms: number): void {
    this.pollingMs = ms;
  }
  livenessStatus(id: InterfaceId): { status: LivenessStatus; lastHelloAt: number | undefined } | undefined {
    return this.statuses.get(id);
  }
  livenessPairs(): { interfaceA: InterfaceId; interfaceB: InterfaceId; linkId: LinkId | undefined; status: LivenessStatus }[] {
    return this.pairs;
  }
}

/** Tags held by circuits, as the test sets them. */
export class FakeTagUsage implements TagUsage {
  readonly vlans = new Map<InterfaceId, VlanRange[]>();
  readonly special = new Map<InterfaceId, SpecialTag[]>();
  usedVlans(id: InterfaceId): readonly VlanRange[] {
    return this.vlans.get(id) ?? [];
  }
  usedSpecial(id: InterfaceId): readonly SpecialTag[] {
    return this.special.get(id) ?? [];
  }
}

export interface HarnessOptions {
  /** A database file to reopen (persistence tests); in memory otherwise. */
  readonly file?: string;
  readonly enableByDefault?: boolean;
}

export interface Harness {
  readonly app: Express;
  readonly db: Database;
  readonly topology: TopologyService;
  readonly lldp: FakeLldp;
  readonly tags: FakeTagUsage;
  readonly events: ControllerEvent[];
  /** Virtual clock, epoch ms. */
  now: number;
  connect(dpid: string, ports: readonly Port[], address?: string): void;
  disconnect(dpid: string): void;
  portModified(dpid: string, p: Port): void;
  /** LLDP saw a frame from b arrive on a. */
  link(a: [string, number], b: [string, number]): void;
  close(): void;
}

const quiet = { info: () => undefined, warn: () => undefined, error: () => undefined };

/** Builds the topology service and the REST app over a fresh (or reopened) database. */
export function harness(opts: HarnessOptions = {}): Harness {
  const db = openDatabase(opts.file ?? ':memory:', { migrationsDir: MIGRATIONS_DIR });
  const events: ControllerEvent[] = [];
  const tags = new FakeTagUsage();
  const lldp = new FakeLldp();
  const h = { now: Date.UTC(2026, 0, 2, 3, 4, 5) } as Harness;
  const directory = new SwitchDirectory(new SwitchRepo(db, { onCorruptRow: () => undefined }), () => h.now, quiet);
  const topology = new TopologyService({
    store: new TopologyRepo(db, { onCorruptRow: () => undefined }),
    directory,
    emit: (e) => events.push(e),
    settings: { enableByDefault: opts.enableByDefault ?? true, linkUpHoldMs: 10_000 },
    log: quiet,
    lldpVlan: 3799,
    tagUsage: tags,
  });
  const feed = (e: ControllerEvent): void => {
    // The directory learns first; the topology reads it (as src/app.ts wires them).
    directory.apply(e);
    topology.apply(e, h.now);
  };
  return Object.assign(h, {
    app: buildApp({ log: quiet, topology, lldp, now: () => h.now }),
    db,
    topology,
    lldp,
    tags,
    events,
    connect: (dpid: string, ports: readonly Port[], address = '127.0.0.1:40001') =>
      feed({ type: 'switch.connected', dpid, address, info: info(dpid, ports) }),
    disconnect: (dpid: string) => feed({ type: 'switch.disconnected', dpid, reason: { kind: 'peer_closed' } }),
    portModified: (dpid: string, p: Port) => feed({ type: 'port.modified', dpid, port: p }),
    link: (a: [string, number], b: [string, number]) => topology.observeLink({ dpid: a[0], portNo: a[1] }, { dpid: b[0], portNo: b[1] }, h.now),
    close: () => db.close(),
  });
}

/** Two switches with ports 1 and 2 each, linked 1:2 ↔ 2:2. */
export function twoSwitches(opts: HarnessOptions = {}): Harness {
  const h = harness(opts);
  h.connect(DPID1, [port(1), port(2)], '127.0.0.1:40001');
  h.connect(DPID2, [port(1), port(2)], '127.0.0.1:40002');
  h.link([DPID2, 2], [DPID1, 2]);
  return h;
}
