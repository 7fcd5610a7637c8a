/**
 * Operator actions on the topology (kytos-api.md §3.1, §4): enable/disable, deletion with its 409
 * rules, metadata, VLAN tag ranges, LLDP and liveness flags. Every change is persisted through the
 * store in one transaction and reported as typed events. Errors are DomainErrors with stable codes.
 */
import { assertNever, type Dpid } from '../ofp';
import { DomainError } from '../core/domain-error';
import { Topology, type TopologyDeps } from './topology';
import { mergeMetadata, validateMetadataDelete, validateMetadataWrite } from './metadata';
import { availableTags, checkSpecialTagChange, checkTagRangeChange, parseSpecialTags, parseTagRanges, specialAvailable } from './tags';
import { DEFAULT_TAG_RANGES, parseInterfaceId, type EntityKind, type InterfaceId, type LinkId, type Metadata, type SpecialTag, type VlanRange } from './model';
import type { InterfaceConfig, LinkConfig, SwitchConfig } from './types';

/** Who holds VLANs on an interface (circuits); the topology only knows the LLDP VLAN itself. */
export interface TagUsage {
  usedVlans(interfaceId: InterfaceId): readonly VlanRange[];
  usedSpecial(interfaceId: InterfaceId): readonly SpecialTag[];
}

export const NO_TAG_USAGE: TagUsage = { usedVlans: () => [], usedSpecial: () => [] };

export interface TagPoolView {
  readonly tagRanges: readonly VlanRange[];
  readonly available: readonly VlanRange[];
  readonly specialTags: readonly SpecialTag[];
  readonly specialAvailable: readonly SpecialTag[];
}

export interface TopologyServiceDeps extends TopologyDeps {
  /** VLAN LLDP uses on enabled switches, taken out of every pool. */
  readonly lldpVlan: number | undefined;
  tagUsage?: TagUsage;
}

function notFound(kind: EntityKind): DomainError {
  const code = kind === 'switch' ? 'SWITCH_NOT_FOUND' : kind === 'interface' ? 'INTERFACE_NOT_FOUND' : 'LINK_NOT_FOUND';
  const what = kind === 'switch' ? 'Switch' : kind === 'interface' ? 'Interface' : 'Link';
  return new DomainError(code, `${what} not found`);
}

export class TopologyService extends Topology {
  private tagUsage: TagUsage;

  constructor(private readonly service: TopologyServiceDeps) {
    super(service);
    this.tagUsage = service.tagUsage ?? NO_TAG_USAGE;
  }

  /** Installs the tag-usage source (the circuit service, once it exists). */
  setTagUsage(usage: TagUsage): void {
    this.tagUsage = usage;
  }

  // ------------------------------------------------------------------------------- admin state

  enableSwitch(dpid: Dpid, now: number): void {
    const sw = this.requireSwitch(dpid);
    this.now = now;
    if (sw.enabled) return;
    this.saveSwitchConfig({ ...sw, enabled: true });
    this.service.emit({ type: 'switch.enabled', dpid });
    this.refresh();
  }

  /** Disables a switch and, as Kytos-ng does, every enabled link of it (persistently). */
  disableSwitch(dpid: Dpid, now: number): void {
    const sw = this.requireSwitch(dpid);
    this.now = now;
    this.service.store.transaction(() => {
      this.saveSwitchConfig({ ...sw, enabled: false });
      for (const l of this.linksOfSwitch(dpid)) if (l.enabled) this.saveLinkConfig({ ...l, enabled: false });
    });
    this.service.emit({ type: 'switch.disabled', dpid });
    this.refresh();
  }

  enableInterface(id: InterfaceId, now: number): void {
    const cfg = this.requireInterface(id);
    if (!this.requireSwitch(cfg.dpid).enabled) throw new DomainError('CONFLICT', 'Enable Switch first');
    this.now = now;
    if (cfg.enabled) return;
    this.saveInterfaceConfig({ ...cfg, enabled: true });
    this.service.emit({ type: 'interface.enabled', interfaceId: id });
    this.refresh();
  }

  /** Disables an interface and the link attached to it. */
  disableInterface(id: InterfaceId, now: number): void {
    const cfg = this.requireInterface(id);
    this.now = now;
    const link = this.linkConfigOf(id);
    this.service.store.transaction(() => {
      this.saveInterfaceConfig({ ...cfg, enabled: false });
      if (link?.enabled) this.saveLinkConfig({ ...link, enabled: false });
    });
    this.service.emit({ type: 'interface.disabled', interfaceId: id });
    this.refresh();
  }

  /** Enables or disables every interface of a switch. */
  setAllInterfaces(dpid: Dpid, enabled: boolean, now: number): void {
    this.requireSwitch(dpid);
    for (const v of this.interfaceViews(dpid)) {
      if (enabled) this.enableInterface(v.config.id, now);
      else this.disableInterface(v.config.id, now);
    }
  }

  enableLink(id: LinkId, now: number): void {
    const link = this.requireLink(id);
    for (const end of [link.endpointA, link.endpointB]) {
      const i = this.interfaceView(end);
      if (i === undefined || !i.enabled) throw new DomainError('CONFLICT', `${end} needs enabling.`);
    }
    this.now = now;
    if (link.enabled) return;
    this.saveLinkConfig({ ...link, enabled: true });
    this.service.emit({ type: 'link.enabled', linkId: id });
    this.refresh();
  }

  disableLink(id: LinkId, now: number): void {
    const link = this.requireLink(id);
    this.now = now;
    if (!link.enabled) return;
    this.saveLinkConfig({ ...link, enabled: false });
    this.service.emit({ type: 'link.disabled', linkId: id });
    this.refresh();
  }

  // ---------------------------------------------------------------------------------- deletion

  /** Deletes a disabled link; it comes back if LLDP sees it again and it is enabled by default. */
  deleteLink(id: LinkId): void {
    const link = this.requireLink(id);
    if (link.enabled) throw new DomainError('CONFLICT', 'Link is not disabled.');
    this.service.store.deleteLink(id);
    this.links.delete(id);
    for (const end of [link.endpointA, link.endpointB]) if (this.linkOf.get(end) === id) this.linkOf.delete(end);
    this.service.emit({ type: 'link.deleted', linkId: id });
    this.refresh();
  }

  /** Deletes an interface that is disabled, inactive, has no link and holds no tags. */
  deleteInterface(id: InterfaceId): void {
    if (parseInterfaceId(id) === undefined) throw new DomainError('BAD_REQUEST', 'Invalid interface id.');
    const view = this.interfaceView(id);
    if (view === undefined) throw notFound('interface');
    const reason = 'Interface could not be deleted. Reason:';
    if (view.config.enabled || view.active) throw new DomainError('CONFLICT', `${reason} It is enabled or active.`);
    if (view.linkId !== undefined) throw new DomainError('CONFLICT', `${reason} It has a link, ${view.linkId}.`);
    if (this.tagUsage.usedVlans(id).length > 0 || this.tagUsage.usedSpecial(id).length > 0) {
      throw new DomainError('CONFLICT', `${reason} It has tags in use.`);
    }
    this.service.store.deleteInterface(id);
    this.interfaceConfigs.delete(id);
    this.service.directory.removePort(view.config.dpid, view.config.portNo);
    this.service.emit({ type: 'interface.deleted', interfaceId: id });
  }

  /** Deletes a disabled switch with no links and no tags in use. */
  deleteSwitch(dpid: Dpid): void {
    const sw = this.requireSwitch(dpid);
    if (sw.enabled) throw new DomainError('CONFLICT', 'Switch should be disabled.');
    const links = this.linksOfSwitch(dpid);
    if (links[0] !== undefined) throw new DomainError('CONFLICT', `Switch should not have links. Link found ${links[0].id}.`);
    for (const v of this.interfaceViews(dpid)) {
      if (this.tagUsage.usedVlans(v.config.id).length > 0 || this.tagUsage.usedSpecial(v.config.id).length > 0) {
        throw new DomainError('CONFLICT', `Interface ${v.config.id} vlans are being used. Delete any service using vlans.`);
      }
    }
    this.service.store.deleteSwitch(dpid);
    this.switchConfigs.delete(dpid);
    for (const id of [...this.interfaceConfigs.keys()]) if (id.startsWith(`${dpid}:`)) this.interfaceConfigs.delete(id);
    this.service.directory.remove(dpid);
    this.service.emit({ type: 'switch.deleted', dpid });
  }

  // ---------------------------------------------------------------------------------- metadata

  metadataOf(kind: EntityKind, id: string): Metadata {
    return this.configOf(kind, id).metadata;
  }

  /** Merges a validated metadata body (400 for a wrong reserved type or an internal key). */
  addMetadata(kind: EntityKind, id: string, body: unknown): void {
    const current = this.configOf(kind, id);
    const checked = validateMetadataWrite(kind, body);
    if (!checked.ok) throw new DomainError('BAD_REQUEST', checked.error.message);
    this.writeMetadata(kind, id, mergeMetadata(current.metadata, checked.value));
    this.service.emit({ type: 'metadata.added', kind, id, keys: Object.keys(checked.value) });
  }

  /** Removes one key; 404 when absent, 400 for an internal key. */
  deleteMetadata(kind: EntityKind, id: string, key: string): void {
    const current = this.configOf(kind, id);
    const checked = validateMetadataDelete(kind, key);
    if (!checked.ok) throw new DomainError('BAD_REQUEST', checked.error.message);
    if (!Object.prototype.hasOwnProperty.call(current.metadata, key)) throw new DomainError('METADATA_NOT_FOUND', 'Metadata not found');
    const { [key]: _gone, ...rest } = current.metadata;
    this.writeMetadata(kind, id, rest);
    this.service.emit({ type: 'metadata.removed', kind, id, keys: [key] });
  }

  // ---------------------------------------------------------------------------------- VLAN pools

  tagPool(id: InterfaceId): TagPoolView {
    const cfg = this.requireInterface(id);
    const lldp = this.service.lldpVlan !== undefined && this.requireSwitch(cfg.dpid).enabled ? [this.service.lldpVlan] : [];
    return {
      tagRanges: cfg.tagRanges,
      available: availableTags(cfg.tagRanges, this.tagUsage.usedVlans(id), lldp),
      specialTags: cfg.specialTags,
      specialAvailable: specialAvailable(cfg.specialTags, this.tagUsage.usedSpecial(id)),
    };
  }

  /** Sets the VLAN tag ranges from a Kytos request body's `tag_ranges`. */
  setTagRanges(id: InterfaceId, input: unknown): void {
    const cfg = this.requireInterface(id);
    const parsed = parseTagRanges(input);
    if (!parsed.ok) throw new DomainError('BAD_REQUEST', parsed.error);
    const change = checkTagRangeChange(parsed.value, this.tagUsage.usedVlans(id));
    if (!change.ok) throw new DomainError('BAD_REQUEST', change.error);
    this.saveInterfaceConfig({ ...cfg, tagRanges: parsed.value });
  }

  /** Resets the VLAN tag ranges to the default pool. */
  resetTagRanges(id: InterfaceId): void {
    const cfg = this.requireInterface(id);
    this.saveInterfaceConfig({ ...cfg, tagRanges: DEFAULT_TAG_RANGES });
  }

  setSpecialTags(id: InterfaceId, input: unknown): void {
    const cfg = this.requireInterface(id);
    const parsed = parseSpecialTags(input);
    if (!parsed.ok) throw new DomainError('BAD_REQUEST', parsed.error);
    const change = checkSpecialTagChange(parsed.value, this.tagUsage.usedSpecial(id));
    if (!change.ok) throw new DomainError('BAD_REQUEST', change.error);
    this.saveInterfaceConfig({ ...cfg, specialTags: parsed.value });
  }

  // ----------------------------------------------------------------------------- LLDP, liveness

  /** Turns LLDP on or off for interfaces; returns the ids that do not exist (nothing is changed for them). */
  setLldp(ids: readonly InterfaceId[], on: boolean): InterfaceId[] {
    return this.setFlag(ids, (c) => ({ ...c, lldp: on, liveness: on ? c.liveness : false }));
  }

  /** Turns liveness detection on or off; returns the ids that do not exist. */
  setLiveness(ids: readonly InterfaceId[], on: boolean): InterfaceId[] {
    return this.setFlag(ids, (c) => ({ ...c, liveness: on }));
  }

  // --------------------------------------------------------------------------------- internals

  private setFlag(ids: readonly InterfaceId[], change: (c: InterfaceConfig) => InterfaceConfig): InterfaceId[] {
    const missing = ids.filter((id) => this.interfaceView(id) === undefined);
    if (missing.length > 0) return missing;
    this.service.store.transaction(() => {
      for (const id of ids) this.saveInterfaceConfig(change(this.requireInterface(id)));
    });
    this.refresh();
    return [];
  }

  private configOf(kind: EntityKind, id: string): SwitchConfig | InterfaceConfig | LinkConfig {
    switch (kind) {
      case 'switch':
        return this.requireSwitch(id);
      case 'interface':
        return this.requireInterface(id);
      case 'link':
        return this.requireLink(id);
      default:
        return assertNever(kind);
    }
  }

  private writeMetadata(kind: EntityKind, id: string, metadata: Record<string, unknown>): void {
    switch (kind) {
      case 'switch':
        return this.saveSwitchConfig({ ...this.requireSwitch(id), metadata });
      case 'interface':
        return this.saveInterfaceConfig({ ...this.requireInterface(id), metadata });
      case 'link':
        return this.saveLinkConfig({ ...this.requireLink(id), metadata });
      default:
        return assertNever(kind);
    }
  }

  private requireSwitch(dpid: Dpid): SwitchConfig {
    if (this.switchView(dpid) === undefined) throw notFound('switch');
    return this.switchConfigs.get(dpid) ?? this.defaultSwitch(dpid);
  }

  private requireInterface(id: InterfaceId): InterfaceConfig {
    const v = this.interfaceView(id);
    if (v === undefined) throw notFound('interface');
    return v.config;
  }

  private requireLink(id: LinkId): LinkConfig {
    const l = this.links.get(id);
    if (l === undefined) throw notFound('link');
    return l.config;
  }

  private linkConfigOf(id: InterfaceId): LinkConfig | undefined {
    const linkId = this.linkOf.get(id);
    return linkId === undefined ? undefined : this.links.get(linkId)?.config;
  }

  private linksOfSwitch(dpid: Dpid): LinkConfig[] {
    return [...this.links.values()]
      .map((l) => l.config)
      .filter((c) => c.endpointA.startsWith(`${dpid}:`) || c.endpointB.startsWith(`${dpid}:`));
  }

  private saveSwitchConfig(c: SwitchConfig): void {
    this.service.store.saveSwitch(c);
    this.switchConfigs.set(c.dpid, c);
  }

  private saveInterfaceConfig(c: InterfaceConfig): void {
    this.service.store.saveInterface(c);
    this.interfaceConfigs.set(c.id, c);
  }

  private saveLinkConfig(c: LinkConfig): void {
    this.service.store.saveLink(c);
    const l = this.links.get(c.id);
    if (l !== undefined) l.config = c;
  }
}

