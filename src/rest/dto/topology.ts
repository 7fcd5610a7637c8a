/** Kytos-ng topology v3 shapes (kytos-api.md §3.2) from Isthmus's switch directory. Pure. */
import type { SwitchSnapshot } from '../../topology/switch-directory';
import { isPortActive } from '../../topology/ports';
import type { KnownPort } from '../../topology/types';

type Status = 'UP' | 'DOWN' | 'DISABLED';

export interface InterfaceDto {
  id: string;
  name: string;
  port_number: number;
  mac: string;
  switch: string;
  type: 'interface';
  nni: boolean;
  uni: boolean;
  speed: number | null;
  metadata: Record<string, unknown>;
  lldp: boolean;
  active: boolean;
  enabled: boolean;
  status: Status;
  status_reason: string[];
  link: string;
}

export interface SwitchDto {
  id: string;
  name: string;
  dpid: string;
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
  status: Status;
  status_reason: string[];
}

/** Pure. Kytos's status and status_reason from the admin and operational state. */
function statusOf(enabled: boolean, active: boolean): { status: Status; status_reason: string[] } {
  const reasons = [...(active ? [] : ['deactivated']), ...(enabled ? [] : ['disabled'])];
  return { status: !enabled ? 'DISABLED' : active ? 'UP' : 'DOWN', status_reason: reasons };
}

/** Pure. Kytos interface id: `<dpid>:<port number>`. */
export function interfaceId(dpid: string, portNo: number): string {
  return `${dpid}:${portNo}`;
}

/** Pure. One interface in Kytos's shape. Speed is bytes/s, from ofp_port.curr_speed (kbps). */
export function toInterfaceDto(sw: SwitchSnapshot, port: KnownPort): InterfaceDto {
  const active = sw.connected && isPortActive(port, sw.reportsLive);
  const enabled = true;
  return {
    id: interfaceId(sw.dpid, port.portNo),
    name: port.name,
    port_number: port.portNo,
    mac: port.hwAddr,
    switch: sw.dpid,
    type: 'interface',
    nni: false,
    uni: true,
    speed: port.currSpeed > 0 ? (port.currSpeed * 1000) / 8 : null,
    metadata: {},
    lldp: true,
    active,
    enabled,
    ...statusOf(enabled, active),
    link: '',
  };
}

/** Pure. One switch in Kytos's shape; `index` places it on the default map (Kytos's lat/lng). */
export function toSwitchDto(sw: SwitchSnapshot, index: number): SwitchDto {
  const enabled = true;
  const interfaces: Record<string, InterfaceDto> = {};
  for (const p of sw.ports) interfaces[interfaceId(sw.dpid, p.portNo)] = toInterfaceDto(sw, p);
  return {
    id: sw.dpid,
    name: sw.dpid,
    dpid: sw.dpid,
    connection: sw.connected ? sw.lastAddress : '',
    ofp_version: '0x04',
    type: 'switch',
    manufacturer: sw.manufacturer,
    serial: sw.serial,
    hardware: sw.hardware,
    software: sw.software,
    data_path: sw.datapathDesc,
    interfaces,
    metadata: { lat: '0.0', lng: String(-30 + index * 10) },
    active: sw.connected,
    enabled,
    ...statusOf(enabled, sw.connected),
  };
}
