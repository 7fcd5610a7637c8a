/**
 * Kytos-ng topology v3 shapes (kytos-api.md §3.2; kytos core `Switch.as_dict`, `Interface.as_dict`,
 * `Link.as_dict`) built from the topology's views. Pure functions.
 */
import type { InterfaceView, LinkView, SwitchView } from '../../topology/topology';
import type { TagPoolView } from '../../topology/topology-service';
import type { EntityStatus, InterfaceId, StatusReason, VlanRange } from '../../topology/model';
import type { KnownPort } from '../../topology/types';

export interface InterfaceDto {
  id: string;
  name: string;
  port_number: number;
  mac: string;
  switch: string;
  type: 'interface';
  nni: boolean;
  uni: boolean;
  /** Bytes per second, or null when the switch does not say. */
  speed: number | null;
  metadata: Record<string, unknown>;
  lldp: boolean;
  active: boolean;
  enabled: boolean;
  status: EntityStatus;
  status_reason: StatusReason[];
  /** The link's id, or "" when the interface has none. */
  link: string;
}

export interface SwitchDto {
  id: string;
  name: string;
  dpid: string;
  /** `ip:port` while connected, else "". */
  connection: string;
  ofp_version: '0x04';
  type: 'switch';
  manufacturer: string;
  serial: string;
  hardware: string;
  software: string;
  data_path: string;
  interfaces: Record<string, InterfaceDto>;
  metadata: Record<string, unknown>;
  active: boolean;
  enabled: boolean;
  status: EntityStatus;
  status_reason: StatusReason[];
}

export interface LinkDto {
  id: string;
  endpoint_a: InterfaceDto;
  endpoint_b: InterfaceDto;
  metadata: Record<string, unknown>;
  active: boolean;
  enabled: boolean;
  status: EntityStatus;
  status_reason: StatusReason[];
}

/** One interface's VLAN pool as `GET /v3/interfaces/tag_ranges` answers it (kytos topology main.py). */
export interface TagPoolDto {
  available_tags: { vlan: [number, number][] };
  tag_ranges: { vlan: [number, number][] };
  special_tags: { vlan: string[] };
  special_available_tags: { vlan: string[] };
}

/** Copies metadata into a fresh object, keeping every own key as a plain data property. */
function copyMetadata(m: Readonly<Record<string, unknown>>): Record<string, unknown> {
  return { ...m };
}

/** Pure. Speed in bytes/s from ofp_port.curr_speed (kbps, OF1.3.5 7.2.1), null when the switch reports 0. */
export function speedOf(port: KnownPort): number | null {
  return port.currSpeed > 0 ? (port.currSpeed * 1000) / 8 : null;
}

/** Pure. One interface in Kytos's shape. `nni` means the interface belongs to a link. */
export function toInterfaceDto(v: InterfaceView): InterfaceDto {
  const nni = v.linkId !== undefined;
  return {
    id: v.config.id,
    name: v.port.name,
    port_number: v.port.portNo,
    mac: v.port.hwAddr,
    switch: v.config.dpid,
    type: 'interface',
    nni,
    uni: !nni,
    speed: speedOf(v.port),
    metadata: copyMetadata(v.config.metadata),
    lldp: v.config.lldp,
    active: v.active,
    enabled: v.enabled,
    status: v.status,
    status_reason: [...v.reasons],
    link: v.linkId ?? '',
  };
}

/**
 * Pure. A link endpoint whose port the switch no longer reports (it sent a port delete while
 * the link was kept): the interface as far as its id tells, inactive and disabled.
 */
export function missingInterfaceDto(id: InterfaceId, linkId: string): InterfaceDto {
  const cut = id.lastIndexOf(':');
  return {
    id,
    name: '',
    port_number: Number(id.slice(cut + 1)),
    mac: '',
    switch: id.slice(0, cut),
    type: 'interface',
    nni: true,
    uni: false,
    speed: null,
    metadata: {},
    lldp: false,
    active: false,
    enabled: false,
    status: 'DISABLED',
    status_reason: ['deactivated', 'disabled'],
    link: linkId,
  };
}

/** Pure. One switch in Kytos's shape, with its interfaces keyed by interface id. */
export function toSwitchDto(v: SwitchView, interfaces: readonly InterfaceView[]): SwitchDto {
  const s = v.snapshot;
  const byId: Record<string, InterfaceDto> = {};
  for (const i of interfaces) byId[i.config.id] = toInterfaceDto(i);
  return {
    id: s.dpid,
    name: s.dpid,
    dpid: s.dpid,
    connection: s.connected ? s.lastAddress : '',
    ofp_version: '0x04',
    type: 'switch',
    manufacturer: s.manufacturer,
    serial: s.serial,
    hardware: s.hardware,
    software: s.software,
    data_path: s.datapathDesc,
    interfaces: byId,
    metadata: copyMetadata(v.config.metadata),
    active: s.connected,
    enabled: v.config.enabled,
    status: v.status,
    status_reason: [...v.reasons],
  };
}

/**
 * Pure. Kytos's map placement for `GET /v3/` and `/v3/switches` (topology main.py
 * `_get_switches_dict`): a switch without both `lat` and `lng` gets `lat "0.0"` and
 * `lng str(-30.0 + index * 10.0)`, as Python prints floats ("-30.0", "-20.0", ...), replacing
 * whichever of the two it had. Only the answer changes; the stored metadata does not.
 */
export function withDefaultLocation(dto: SwitchDto, index: number): SwitchDto {
  if (Object.prototype.hasOwnProperty.call(dto.metadata, 'lat') && Object.prototype.hasOwnProperty.call(dto.metadata, 'lng')) return dto;
  return { ...dto, metadata: { ...dto.metadata, lat: '0.0', lng: pythonFloat(-30 + index * 10) } };
}

/** Python's `str(float)` for the whole numbers used above: `-30.0`, `0.0`. */
function pythonFloat(n: number): string {
  return Number.isInteger(n) ? `${n}.0` : String(n);
}

/**
 * Pure. A link's metadata as Kytos shows it: the user's keys plus the internal `liveness_status`
 * ("up" | "down", seed 001) once liveness has decided; while it is still "init" Kytos has not
 * written the key yet (of_lldp publishes only up and down).
 */
export function linkMetadata(v: LinkView): Record<string, unknown> {
  const out = copyMetadata(v.config.metadata);
  if (v.liveness === 'up' || v.liveness === 'down') out['liveness_status'] = v.liveness;
  return out;
}

/** Pure. One link in Kytos's shape; `interfaceOf` looks an endpoint up (undefined when the port is gone). */
export function toLinkDto(v: LinkView, interfaceOf: (id: InterfaceId) => InterfaceView | undefined): LinkDto {
  const endpoint = (id: InterfaceId): InterfaceDto => {
    const i = interfaceOf(id);
    return i === undefined ? missingInterfaceDto(id, v.config.id) : toInterfaceDto(i);
  };
  return {
    id: v.config.id,
    endpoint_a: endpoint(v.config.endpointA),
    endpoint_b: endpoint(v.config.endpointB),
    metadata: linkMetadata(v),
    active: v.active,
    enabled: v.enabled,
    status: v.status,
    status_reason: [...v.reasons],
  };
}

function ranges(r: readonly VlanRange[]): [number, number][] {
  return r.map(([a, b]) => [a, b]);
}

/** Pure. An interface's VLAN pool in Kytos's shape, every part keyed by tag type ("vlan", the only one). */
export function toTagPoolDto(pool: TagPoolView): TagPoolDto {
  return {
    available_tags: { vlan: ranges(pool.available) },
    tag_ranges: { vlan: ranges(pool.tagRanges) },
    special_tags: { vlan: [...pool.specialTags] },
    special_available_tags: { vlan: [...pool.specialAvailable] },
  };
}
