/**
 * The controller's typed event bus. Events are past-tense facts with typed payloads; handlers
 * subscribe by event type and receive exactly that variant. Dispatch is synchronous and in order;
 * a failing handler is logged and does not stop the others.
 */
import type { CloseReason, Dpid, MessageOf, Port, SwitchInfo } from '../ofp';
import type { EntityKind, InterfaceId, LinkId, StatusReason } from '../topology/model';

/**
 * What a circuit event carries (seed 000, kytos-api.md §2.12): the circuit's identity, admin and
 * operational state and UNIs, with Kytos-ng's keys; `uni_a`/`uni_z` are the EVC document's UNIs.
 */
export interface EvcEventContent {
  readonly id: string;
  readonly evc_id: string;
  readonly name: string;
  readonly metadata: Readonly<Record<string, unknown>>;
  readonly active: boolean;
  readonly enabled: boolean;
  readonly uni_a: Readonly<Record<string, unknown>>;
  readonly uni_z: Readonly<Record<string, unknown>>;
}

/** The mef_eline events whose payload is the circuit's content alone (Kytos `kytos/mef_eline.<name>`). */
export type EvcEventType =
  | 'mef_eline.created'
  | 'mef_eline.deleted'
  | 'mef_eline.deployed'
  | 'mef_eline.undeployed'
  | 'mef_eline.redeployed_link_up'
  | 'mef_eline.redeployed_link_down'
  | 'mef_eline.uni_active_updated';

export type ControllerEvent =
  | { readonly type: 'switch.connected'; readonly dpid: Dpid; readonly address: string; readonly info: SwitchInfo }
  | { readonly type: 'switch.disconnected'; readonly dpid: Dpid; readonly reason: CloseReason }
  | { readonly type: 'port.added'; readonly dpid: Dpid; readonly port: Port }
  | { readonly type: 'port.modified'; readonly dpid: Dpid; readonly port: Port }
  | { readonly type: 'port.deleted'; readonly dpid: Dpid; readonly port: Port }
  | { readonly type: 'packet.in'; readonly dpid: Dpid; readonly msg: MessageOf<'packet_in'> }
  | { readonly type: 'flow.removed'; readonly dpid: Dpid; readonly msg: MessageOf<'flow_removed'> }
  /** An OFPT_ERROR from a switch that answers no pending request; `xid` names the message that caused it. */
  | { readonly type: 'switch.error'; readonly dpid: Dpid; readonly xid: number; readonly error: MessageOf<'error'> }
  // Topology facts (kytos-api.md §3.3). `reasons` says why an entity is not UP.
  | { readonly type: 'topology.loaded'; readonly switches: number; readonly interfaces: number; readonly links: number }
  | { readonly type: 'switch.enabled' | 'switch.disabled' | 'switch.deleted'; readonly dpid: Dpid }
  | { readonly type: 'interface.up' | 'interface.down'; readonly interfaceId: InterfaceId; readonly reasons: readonly StatusReason[] }
  | { readonly type: 'interface.enabled' | 'interface.disabled' | 'interface.deleted'; readonly interfaceId: InterfaceId }
  | { readonly type: 'link.up' | 'link.down'; readonly linkId: LinkId; readonly reasons: readonly StatusReason[] }
  | { readonly type: 'link.created' | 'link.enabled' | 'link.disabled' | 'link.deleted'; readonly linkId: LinkId }
  | {
      readonly type: 'metadata.added' | 'metadata.removed';
      readonly kind: EntityKind;
      readonly id: string;
      readonly keys: readonly string[];
    }
  /** A switch refused a flow (OFPT_ERROR carrying its FLOW_MOD's xid); reported to the flow's owner. */
  | {
      readonly type: 'flow.error';
      readonly owner: string;
      readonly dpid: Dpid;
      readonly key: string;
      readonly errType: number;
      readonly code: number;
      readonly command: 'add' | 'modify' | 'modify_strict' | 'delete' | 'delete_strict';
    }
  /** The reconciler repaired a switch's flows (counts of FLOW_MODs sent). */
  | { readonly type: 'flows.reconciled'; readonly dpid: Dpid; readonly added: number; readonly modified: number; readonly removed: number }
  /** LLDP found both ends of a link on one switch (a self-loop, or two looped ports). */
  | { readonly type: 'lldp.loop'; readonly dpid: Dpid; readonly ports: readonly [number, number] }
  // Circuit facts (seed 000, kytos-api.md §2.12).
  | { readonly type: EvcEventType; readonly evc: EvcEventContent }
  /** A PATCH changed a circuit; `changes` are the request's fields as sent. */
  | { readonly type: 'mef_eline.updated'; readonly evc: EvcEventContent; readonly changes: Readonly<Record<string, unknown>> }
  /** A circuit could not be deployed (no path, tags, a refused or timed-out install); it is left inactive. */
  | { readonly type: 'mef_eline.error_redeploy_link_down' | 'mef_eline.deploy_failed'; readonly evc: EvcEventContent; readonly reason: string }
  /** The circuits were loaded from the store at start: id → EVC document. */
  | { readonly type: 'mef_eline.evcs_loaded'; readonly evcs: Readonly<Record<string, unknown>> };

export type ControllerEventType = ControllerEvent['type'];
/** The event variants whose `type` admits T (a variant may carry several related types). */
export type EventOf<T extends ControllerEventType> = ControllerEvent extends infer E
  ? E extends { readonly type: infer U }
    ? T extends U
      ? E
      : never
    : never
  : never;

export interface BusLogger {
  error(obj: object, msg: string): void;
}

export class EventBus {
  private readonly handlers = new Map<ControllerEventType, Set<(e: ControllerEvent) => void>>();

  constructor(private readonly log: BusLogger) {}

  /** Subscribes to one event type; returns the unsubscribe function. */
  on<T extends ControllerEventType>(type: T, handler: (e: EventOf<T>) => void): () => void {
    let set = this.handlers.get(type);
    if (set === undefined) {
      set = new Set();
      this.handlers.set(type, set);
    }
    const h = handler as (e: ControllerEvent) => void;
    set.add(h);
    return () => set.delete(h);
  }

  /** Delivers an event to every handler of its type, in subscription order. */
  emit(event: ControllerEvent): void {
    const set = this.handlers.get(event.type);
    if (set === undefined) return;
    for (const h of [...set]) {
      try {
        h(event);
      } catch (err) {
        this.log.error({ err, event: event.type }, 'event handler failed');
      }
    }
  }
}
