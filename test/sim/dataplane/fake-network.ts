/**
 * FakeSwitches joined by links. A traced frame follows every output across links until each copy
 * leaves on an unlinked port (a host or UNI port: an edge delivery), reaches the controller, or is
 * dropped; a copy that crosses more than `maxHops` switches is reported as looping.
 */
import { createHash } from 'node:crypto';
import { OFPP, type Dpid } from '../../../src/ofp';
import type { FlowSpec } from '../../../src/flows/flowspec';
import type { ApplyResult } from './errors';
import { FakeSwitch, type FakeSwitchOptions, type FlowMod, type GroupMod } from './fake-switch';
import { trace, type SwitchTrace } from './trace';
import type { Headers } from './packet';

export interface PortRef {
  readonly dpid: Dpid;
  readonly port: number;
}

/** A copy of the frame leaving the network (or going to the controller) at one switch port. */
export interface Delivery extends PortRef {
  readonly packet: Headers;
  readonly queue?: number;
}

/** One switch a copy went through: where it came in, with which headers, and what that switch did. */
export interface Hop {
  readonly dpid: Dpid;
  readonly inPort: number;
  readonly packet: Headers;
  readonly trace: SwitchTrace;
}

export interface NetworkTrace {
  readonly deliveries: readonly Delivery[];
  readonly toController: readonly Delivery[];
  /** Every switch visited, in the order visited (breadth first). */
  readonly path: readonly Hop[];
  /** Copies stopped by the hop limit: where they would have entered next. */
  readonly looped: readonly Delivery[];
}

const endKey = (dpid: Dpid, port: number): string => `${dpid}#${port}`;

export class FakeNetwork {
  private readonly switches = new Map<Dpid, FakeSwitch>();
  private readonly peers = new Map<string, PortRef>();

  /** Adds a switch (or returns the one with this dpid). */
  addSwitch(dpid: Dpid, opts: FakeSwitchOptions = {}): FakeSwitch {
    let sw = this.switches.get(dpid);
    if (sw === undefined) this.switches.set(dpid, (sw = new FakeSwitch(dpid, opts)));
    return sw;
  }

  /** The switch with this dpid; throws if there is none. */
  switch(dpid: Dpid): FakeSwitch {
    const sw = this.switches.get(dpid);
    if (sw === undefined) throw new Error(`no switch ${dpid}`);
    return sw;
  }

  /** Connects (a, aPort) and (b, bPort) with a cable; both switches must exist, and both ports be free. */
  link(a: Dpid, aPort: number, b: Dpid, bPort: number): void {
    for (const [d, p] of [[a, aPort], [b, bPort]] as const) {
      if (this.peers.has(endKey(d, p))) throw new Error(`${d} port ${p} is already linked`);
      this.switch(d).addPort(p);
    }
    this.peers.set(endKey(a, aPort), { dpid: b, port: bPort });
    this.peers.set(endKey(b, bPort), { dpid: a, port: aPort });
  }

  /** The far end of a linked port. */
  peer(dpid: Dpid, port: number): PortRef | undefined {
    return this.peers.get(endKey(dpid, port));
  }

  /** Takes a link's two ports down or up (a cable cut), as port-status would report it. */
  setLinkLive(dpid: Dpid, port: number, live: boolean): void {
    const far = this.peer(dpid, port);
    if (far === undefined) throw new Error(`${dpid} port ${port} is not linked`);
    this.switch(dpid).setPortLive(port, live);
    this.switch(far.dpid).setPortLive(far.port, live);
  }

  /** Applies a FLOW_MOD or GROUP_MOD to one switch. */
  apply(dpid: Dpid, msg: FlowMod | GroupMod): ApplyResult {
    return this.switch(dpid).apply(msg);
  }

  /** Adds each FlowSpec on its own switch; the results in the same order. */
  applySpecs(specs: readonly FlowSpec[]): ApplyResult[] {
    return specs.map((s) => this.switch(s.dpid).applySpec(s));
  }

  /** SHA-256 over every switch's hash, by dpid. */
  hash(): string {
    const h = createHash('sha256');
    for (const dpid of [...this.switches.keys()].sort()) h.update(`${dpid}=${this.switch(dpid).hash()}\n`);
    return h.digest('hex');
  }

  /** Pure (changes no table). Sends a frame into `dpid` at `inPort` and follows every copy. */
  trace(dpid: Dpid, inPort: number, headers: Headers, opts: { readonly maxHops?: number } = {}): NetworkTrace {
    const maxHops = opts.maxHops ?? 64;
    const deliveries: Delivery[] = [];
    const toController: Delivery[] = [];
    const looped: Delivery[] = [];
    const path: Hop[] = [];
    const queue: { at: PortRef; packet: Headers; hops: number }[] = [{ at: { dpid, port: inPort }, packet: headers, hops: 0 }];
    for (let next = queue.shift(); next !== undefined; next = queue.shift()) {
      const { at, packet, hops } = next;
      if (hops >= maxHops) {
        looped.push({ ...at, packet });
        continue;
      }
      const t = trace(this.switch(at.dpid), { ...packet, inPort: at.port });
      path.push({ dpid: at.dpid, inPort: at.port, packet, trace: t });
      for (const o of t.outputs) {
        const leaving: Delivery = { dpid: at.dpid, port: o.port, packet: o.packet, ...(o.queue === undefined ? {} : { queue: o.queue }) };
        if (o.port === OFPP.CONTROLLER) {
          toController.push(leaving);
          continue;
        }
        const far = this.peer(at.dpid, o.port);
        // A dead far end receives nothing (the near end is checked by the switch when it outputs).
        if (far === undefined) deliveries.push(leaving);
        else if (this.switch(far.dpid).isPortLive(far.port)) queue.push({ at: far, packet: o.packet, hops: hops + 1 });
      }
    }
    return { deliveries, toController, path, looped };
  }
}

/** Pure. `dpid:port:vid.vid` per delivery: compact text for assertions and failure messages. */
export function deliveriesText(ds: readonly Delivery[]): string[] {
  return ds.map((d) => `${d.dpid}:${d.port}:${d.packet.vlanStack.map((t) => t.vid).join('.') || 'untagged'}`);
}
