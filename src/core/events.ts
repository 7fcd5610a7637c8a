/**
 * The controller's typed event bus. Events are past-tense facts with typed payloads; handlers
 * subscribe by event type and receive exactly that variant. Dispatch is synchronous and in order;
 * a failing handler is logged and does not stop the others.
 */
import type { CloseReason, Dpid, MessageOf, Port, SwitchInfo } from '../ofp';

export type ControllerEvent =
  | { readonly type: 'switch.connected'; readonly dpid: Dpid; readonly address: string; readonly info: SwitchInfo }
  | { readonly type: 'switch.disconnected'; readonly dpid: Dpid; readonly reason: CloseReason }
  | { readonly type: 'port.added'; readonly dpid: Dpid; readonly port: Port }
  | { readonly type: 'port.modified'; readonly dpid: Dpid; readonly port: Port }
  | { readonly type: 'port.deleted'; readonly dpid: Dpid; readonly port: Port }
  | { readonly type: 'packet.in'; readonly dpid: Dpid; readonly msg: MessageOf<'packet_in'> }
  | { readonly type: 'flow.removed'; readonly dpid: Dpid; readonly msg: MessageOf<'flow_removed'> }
  /** An OFPT_ERROR from a switch that answers no pending request; `xid` names the message that caused it. */
  | { readonly type: 'switch.error'; readonly dpid: Dpid; readonly xid: number; readonly error: MessageOf<'error'> };

export type ControllerEventType = ControllerEvent['type'];
export type EventOf<T extends ControllerEventType> = Extract<ControllerEvent, { type: T }>;

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
