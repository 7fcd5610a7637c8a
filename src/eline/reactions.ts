/**
 * How circuits follow the network (kytos-api.md §2.7–§2.11, with our differences): `active`
 * follows the UNIs and the path; a link going down moves every circuit on it to another path
 * (make-before-break), or takes its flows away when there is none; a static primary path that
 * comes back is returned to; circuits without a path are retried shortly after any topology change;
 * a flow removed or refused by a switch is recorded on its circuit.
 */
import type { ControllerEvent, ControllerEventType } from '../core/events';
import { dpidOfInterface, type InterfaceId, type LinkId } from '../topology/model';
import { circuitIdOf, onPath, type CircuitRuntime } from './circuit-runtime';
import { NOT_OPERATIONAL, type Circuit } from './deployer';
import { hopsUp, staticPathUp } from './path-choice';

/** The events circuits react to (onEvent): the composition root subscribes the service to exactly these. */
export const CIRCUIT_EVENTS = [
  'link.down', 'link.disabled', 'link.deleted', 'link.up', 'link.enabled', 'link.created',
  'interface.up', 'interface.down', 'interface.enabled', 'interface.disabled',
  'switch.connected', 'switch.disconnected', 'switch.enabled', 'switch.disabled',
  'metadata.added', 'metadata.removed', 'flow.removed', 'flow.error',
] as const satisfies readonly ControllerEventType[];

/** How long after load a circuit may wait for the links of its path (Kytos's consistency check runs every 60 s). */
const DEAD_PATH_GRACE_MS = 60_000;

/** Pure. Whether a circuit's UNIs or current path have an interface `here` accepts. */
function touches(here: (id: InterfaceId) => boolean): (c: Circuit) => boolean {
  return (c) => here(c.config.uniA.interfaceId) || here(c.config.uniZ.interfaceId) || c.status.currentPath.some((h) => here(h.fromA) || here(h.toZ));
}

/** Pure. Whether a circuit's current path uses the link. */
function usesLink(linkId: LinkId): (c: Circuit) => boolean {
  return (c) => c.status.currentPath.some((h) => h.linkId === linkId);
}

export class CircuitReactions {
  private retryTimer: unknown;
  /** From when circuits left on a path that did not come back with a restart are moved (see needsPath). */
  private deadPathsFrom: number | undefined;
  private deadPathTimer: unknown;
  private stopped = false;

  constructor(private readonly rt: CircuitRuntime) {}

  /** After load: a first retry, and the dead-path check once the switches have had time to come back. */
  start(): void {
    const clock = this.rt.deps.clock;
    this.scheduleRetry();
    this.deadPathsFrom = clock.now() + DEAD_PATH_GRACE_MS;
    clock.clearTimeout(this.deadPathTimer);
    this.deadPathTimer = clock.setTimeout(() => this.scheduleRetry(), DEAD_PATH_GRACE_MS);
  }

  stop(): void {
    this.stopped = true;
    this.rt.deps.clock.clearTimeout(this.retryTimer);
    this.rt.deps.clock.clearTimeout(this.deadPathTimer);
  }

  /** Reacts to a controller event: active state, link-down moves, retries. */
  onEvent(e: ControllerEvent): void {
    if (this.stopped) return;
    switch (e.type) {
      case 'link.down':
      case 'link.disabled':
      case 'link.deleted':
        this.refreshActive(usesLink(e.linkId), undefined);
        this.moveOff(e.linkId);
        break;
      case 'interface.up':
      case 'interface.down':
      case 'interface.enabled':
      case 'interface.disabled': {
        const here = (id: InterfaceId): boolean => id === e.interfaceId;
        this.refreshActive(touches(here), here);
        this.scheduleRetry();
        break;
      }
      case 'link.up':
      case 'link.enabled':
        this.refreshActive(usesLink(e.linkId), undefined);
        this.revertToPrimary(e.linkId);
        this.scheduleRetry();
        break;
      case 'switch.connected':
      case 'switch.disconnected':
      case 'switch.enabled':
      case 'switch.disabled': {
        const here = (id: InterfaceId): boolean => dpidOfInterface(id) === e.dpid;
        this.refreshActive(touches(here), here);
        this.scheduleRetry();
        break;
      }
      case 'link.created':
      case 'metadata.added':
      case 'metadata.removed':
        // Neither changes what a circuit already uses; a circuit waiting for a path may now find one.
        this.scheduleRetry();
        break;
      case 'flow.removed':
        this.flowRemoved(e.msg.cookie);
        break;
      case 'flow.error':
        if (e.owner === 'mef_eline') this.flowRefused(e.dpid, e.key, `switch ${e.dpid} refused a flow (error type ${e.errType} code ${e.code})`);
        break;
      default:
        break;
    }
  }

  /** Gathers topology changes for a moment, then tries every enabled circuit that has no flows (Kytos waits for a link_up; we retry). */
  scheduleRetry(): void {
    if (this.stopped || this.retryTimer !== undefined) return;
    this.retryTimer = this.rt.deps.clock.setTimeout(() => {
      this.retryTimer = undefined;
      this.retryUndeployed();
    }, this.rt.deps.retryDelayMs ?? 200);
  }

  /**
   * Recomputes `active` of the circuits `inScope` selects (those the event can touch: a cheap test,
   * so that a port flap on a controller with 10,000 circuits does not look every path up) and stores
   * the ones that changed; those with a UNI that `uniChanged` names get uni_active_updated (Kytos
   * emits it for UNI events only, §2.9).
   */
  private refreshActive(inScope: (c: Circuit) => boolean, uniChanged: ((id: InterfaceId) => boolean) | undefined): void {
    const changed: Circuit[] = [];
    const now = this.rt.nowIso();
    for (const c of this.rt.circuits.values()) {
      if (!inScope(c)) continue;
      const active = c.config.enabled && this.rt.isOperational(c);
      if (active === c.status.active) continue;
      c.status = { ...c.status, active, reason: active ? undefined : (c.status.reason ?? NOT_OPERATIONAL), updatedAt: now };
      changed.push(c);
    }
    if (changed.length === 0) return;
    const store = this.rt.deps.store;
    store.transaction(() => {
      for (const c of changed) store.save(c.config, c.status);
    });
    if (uniChanged === undefined) return;
    for (const c of changed) if (uniChanged(c.config.uniA.interfaceId) || uniChanged(c.config.uniZ.interfaceId)) this.rt.emitEvc('mef_eline.uni_active_updated', c);
  }

  /** Moves the circuits whose path uses `linkId` to another path (make-before-break); those with none left lose their flows. */
  private moveOff(linkId: LinkId): void {
    const rt = this.rt;
    for (const c of rt.circuits.values()) {
      // A circuit with an operation in flight may be moving onto the link: it is checked in its turn.
      if (!rt.locks.has(c.config.id) && (!c.config.enabled || !c.status.currentPath.some((h) => h.linkId === linkId))) continue;
      void rt
        .locked(c.config.id, async () => {
          if (!rt.circuits.has(c.config.id) || !c.config.enabled || !c.status.currentPath.some((h) => h.linkId === linkId)) return;
          if (hopsUp(c.status.currentPath, (id) => rt.linkState(id))) return; // back up before our turn came
          const outcome = await rt.deployer.deploy(c);
          if (outcome.ok) {
            rt.emitEvc('mef_eline.redeployed_link_down', c);
            return;
          }
          await rt.undeploy(c, outcome.reason);
          rt.deps.emit({ type: 'mef_eline.error_redeploy_link_down', evc: rt.content(c), reason: outcome.reason });
        })
        .catch((err: unknown) => rt.deps.log.error({ evc: c.config.id, err }, 'moving a circuit off a failed link failed'));
    }
  }

  /** A circuit whose static primary path uses `linkId`, on another path now, goes back to its primary once that is UP (Kytos link_up rule 3). */
  private revertToPrimary(linkId: LinkId): void {
    const rt = this.rt;
    for (const c of rt.circuits.values()) {
      const primary = c.config.primaryPath;
      if (!c.config.enabled || c.status.deployed !== true || !primary.some((l) => l.id === linkId)) continue;
      if (onPath(c.status.currentPath, primary)) continue;
      if (!staticPathUp(primary, (id) => rt.linkState(id))) continue;
      void rt
        .locked(c.config.id, async () => {
          if (!rt.circuits.has(c.config.id) || !c.config.enabled) return;
          const outcome = await rt.deployer.deploy(c);
          if (outcome.ok) rt.emitEvc('mef_eline.redeployed_link_up', c);
        })
        .catch((err: unknown) => rt.deps.log.error({ evc: c.config.id, err }, 'reverting a circuit to its primary path failed'));
    }
  }

  private retryUndeployed(): void {
    const rt = this.rt;
    for (const c of rt.circuits.values()) {
      if (!c.config.enabled) continue;
      // A circuit with an operation in flight is tried after it, should that operation leave it without a working path.
      if (!rt.locks.has(c.config.id) && !this.needsPath(c)) continue;
      void rt
        .locked(c.config.id, async () => {
          if (!rt.circuits.has(c.config.id) || !c.config.enabled || !this.needsPath(c)) return;
          const moved = c.status.deployed === true;
          const outcome = await rt.deployer.deploy(c);
          if (outcome.ok) rt.emitEvc(moved ? 'mef_eline.redeployed_link_down' : 'mef_eline.redeployed_link_up', c);
        })
        .catch((err: unknown) => rt.deps.log.error({ evc: c.config.id, err }, 'retrying a circuit failed'));
    }
  }

  /**
   * Whether a circuit has no flows, or has them on a path with a link that is not UP: one no
   * link-down moved it off, because the link did not come back with a restart. The latter only
   * once the switches have had time to connect and LLDP to find the links again after load, so
   * that a restart does not move circuits whose switches are merely slow to come back.
   */
  private needsPath(c: Circuit): boolean {
    if (c.status.deployed !== true) return true;
    return this.deadPathsFrom !== undefined && this.rt.deps.clock.now() >= this.deadPathsFrom && !hopsUp(c.status.currentPath, (id) => this.rt.linkState(id));
  }

  private flowRemoved(cookie: bigint): void {
    const c = this.rt.circuits.get(circuitIdOf(cookie) ?? '');
    if (c !== undefined) this.rt.commit(c, { status: { ...c.status, flowRemovedAt: this.rt.nowIso() } });
  }

  /**
   * A switch refused one of a circuit's flows outside a deploy (the reconciler re-sending it): the
   * circuit is not whole, so it is inactive, with the reason, until a redeploy or PATCH sends its
   * flows again. (A deploy sees its own refusals and rolls back; Kytos removes every flow here, after
   * which a retry would only be refused again.)
   */
  private flowRefused(dpid: string, key: string, reason: string): void {
    const row = this.rt.deps.flows.rows(dpid).find((r) => r.key === key);
    const id = row === undefined ? undefined : circuitIdOf(row.spec.cookie);
    const c = id === undefined ? undefined : this.rt.circuits.get(id);
    if (id === undefined || c === undefined || this.rt.locks.has(id) || c.status.deployed !== true) return;
    this.rt.commit(c, { status: { ...c.status, active: false, reason, flowRefused: true } });
    this.rt.deps.log.warn({ evc: id, dpid, reason }, 'a circuit flow was refused; the circuit is inactive until it is redeployed');
  }
}
