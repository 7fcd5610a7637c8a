/** The flow that returns LLDP frames to the controller (kytos-api.md §4 "Flow installed"). Pure. */
import { OFPCML, OFPP, OFPVID, type Dpid } from '../ofp';
import { ownedCookie, type FlowSpec } from '../flows/flowspec';

/** Kytos-ng's of_lldp FLOW_PRIORITY. */
export const LLDP_FLOW_PRIORITY = 50000;
export const ETH_TYPE_LLDP = 0x88cc;

/** Pure. The LLDP flow of a switch: LLDP (on `vlan`, or untagged) to the controller, whole frames. */
export function lldpFlow(dpid: Dpid, vlan: number | undefined, table = 0): FlowSpec {
  const dpidBits = BigInt(`0x${dpid.replace(/:/g, '')}`) & 0xffffffffffffn;
  return {
    dpid,
    table,
    priority: LLDP_FLOW_PRIORITY,
    match: [
      { field: 'eth_type', value: ETH_TYPE_LLDP },
      // OF1.3.5 7.2.3.8 "VLAN match": a tagged VID is matched with OFPVID_PRESENT; untagged with OFPVID_NONE.
      { field: 'vlan_vid', value: vlan === undefined ? OFPVID.NONE : OFPVID.PRESENT | vlan },
    ],
    instructions: [{ type: 'apply_actions', actions: [{ type: 'output', port: OFPP.CONTROLLER, maxLen: OFPCML.NO_BUFFER }] }],
    cookie: ownedCookie('of_lldp', dpidBits),
    idleTimeout: 0,
    hardTimeout: 0,
    flags: 0,
  };
}
