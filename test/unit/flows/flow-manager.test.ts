/**
 * flow_manager deletes (src/flows/flow-manager.ts): OpenFlow's non-strict selection (OF1.3.5 6.4)
 * applied to desired flows, and the non-strict OFPFC_DELETE a request sends, as literal tables.
 */
import { OFPG, OFPP, OFPTT, OFP_NO_BUFFER, type Match } from '../../../src/ofp';
import { deleteFlowMod, filterStored, isAtLeastAsSpecific, selectsForDelete } from '../../../src/flows/flow-manager';
import type { FlowSpec } from '../../../src/flows/flowspec';
import type { KytosFlowRequest } from '../../../src/flows/kytos-flow';
import type { DesiredFlowRow } from '../../../src/flows/types';

const D1 = '00:00:00:00:00:00:00:01';

describe('isAtLeastAsSpecific (flow match, request match)', () => {
  it.each<[string, Match, Match, boolean]>([
    ['the empty request selects every flow', [{ field: 'in_port', value: 1 }], [], true],
    ['the same field and value', [{ field: 'in_port', value: 1 }], [{ field: 'in_port', value: 1 }], true],
    ['another value', [{ field: 'in_port', value: 2 }], [{ field: 'in_port', value: 1 }], false],
    ['a flow with more fields', [{ field: 'in_port', value: 1 }, { field: 'vlan_vid', value: 0x1064 }], [{ field: 'in_port', value: 1 }], true],
    ['a flow that wildcards a requested field', [{ field: 'in_port', value: 1 }], [{ field: 'in_port', value: 1 }, { field: 'vlan_vid', value: 0x1064 }], false],
    ['"any tag" selects a tagged VID', [{ field: 'vlan_vid', value: 0x1064 }], [{ field: 'vlan_vid', value: 0x1000, mask: 0x1000 }], true],
    ['"any tag" does not select untagged', [{ field: 'vlan_vid', value: 0x0000 }], [{ field: 'vlan_vid', value: 0x1000, mask: 0x1000 }], false],
    ['a tagged VID does not select "any tag" (less specific)', [{ field: 'vlan_vid', value: 0x1000, mask: 0x1000 }], [{ field: 'vlan_vid', value: 0x1064 }], false],
    ['a /24 selects a host inside it', [{ field: 'ipv4_dst', value: '10.0.0.7' }], [{ field: 'ipv4_dst', value: '10.0.0.0', mask: '255.255.255.0' }], true],
    ['a /24 does not select a host outside it', [{ field: 'ipv4_dst', value: '10.0.1.7' }], [{ field: 'ipv4_dst', value: '10.0.0.0', mask: '255.255.255.0' }], false],
    ['a /24 selects a /25 inside it', [{ field: 'ipv4_dst', value: '10.0.0.128', mask: '255.255.255.128' }], [{ field: 'ipv4_dst', value: '10.0.0.0', mask: '255.255.255.0' }], true],
    ['a /25 does not select the /24', [{ field: 'ipv4_dst', value: '10.0.0.0', mask: '255.255.255.0' }], [{ field: 'ipv4_dst', value: '10.0.0.0', mask: '255.255.255.128' }], false],
    ['MACs compare in any letter case', [{ field: 'eth_dst', value: 'AA:BB:CC:00:00:01' }], [{ field: 'eth_dst', value: 'aa:bb:cc:00:00:01' }], true],
    ['a MAC prefix mask', [{ field: 'eth_src', value: '02:00:00:00:00:09' }], [{ field: 'eth_src', value: '02:00:00:00:00:00', mask: 'ff:ff:ff:00:00:00' }], true],
    ['IPv6 in any spelling', [{ field: 'ipv6_src', value: 'fe80::1' }], [{ field: 'ipv6_src', value: 'fe80:0:0:0:0:0:0:1' }], true],
    ['64-bit metadata under a mask', [{ field: 'metadata', value: 0xaa000000000000ffn }], [{ field: 'metadata', value: 0xaa00000000000000n, mask: 0xff00000000000000n }], true],
    ['an all-ones mask is no mask', [{ field: 'metadata', value: 5n }], [{ field: 'metadata', value: 5n, mask: 0xffffffffffffffffn }], true],
    ['an exact request does not select a masked flow', [{ field: 'metadata', value: 5n, mask: 0xffn }], [{ field: 'metadata', value: 5n }], false],
  ])('%s', (_what, flow, req, expected) => {
    expect(isAtLeastAsSpecific(flow, req)).toBe(expected);
  });
});

const flow = (over: Partial<FlowSpec> = {}): FlowSpec => ({
  dpid: D1,
  table: 0,
  priority: 100,
  match: [{ field: 'in_port', value: 1 }],
  instructions: [],
  cookie: 0xaa00000000000001n,
  idleTimeout: 0,
  hardTimeout: 0,
  flags: 0,
  ...over,
});
const del = (over: Partial<FlowSpec> = {}, extra: { cookieMask?: bigint; tableGiven?: boolean } = {}): KytosFlowRequest => ({
  spec: flow({ match: [], cookie: 0n, priority: 0x8000, ...over }),
  owner: 'no_owner',
  tableGroup: 'base',
  tableGiven: extra.tableGiven ?? false,
  ...(extra.cookieMask === undefined ? {} : { cookieMask: extra.cookieMask }),
});

describe('selectsForDelete', () => {
  it.each<[string, KytosFlowRequest, FlowSpec, boolean]>([
    ['no cookie, no table: any flow', del(), flow({ table: 7 }), true],
    ['any priority (non-strict)', del({ priority: 5 }), flow({ priority: 60000 }), true],
    ['cookie under mask: the owner byte', del({ cookie: 0xaa00000000000000n }, { cookieMask: 0xff00000000000000n }), flow(), true],
    ['cookie under mask: another owner', del({ cookie: 0xab00000000000000n }, { cookieMask: 0xff00000000000000n }), flow(), false],
    ['cookie 0 under a mask is OpenFlow\'s test, not "everything"', del({ cookie: 0n }, { cookieMask: 0xff00000000000000n }), flow(), false],
    ['the exact cookie', del({ cookie: 0xaa00000000000001n }, { cookieMask: 0xffffffffffffffffn }), flow(), true],
    ['the table when given', del({ table: 0 }, { tableGiven: true }), flow({ table: 1 }), false],
    ['OFPTT_ALL when given', del({ table: OFPTT.ALL }, { tableGiven: true }), flow({ table: 1 }), true],
    ['the match, non-strictly', del({ match: [{ field: 'in_port', value: 1 }] }), flow({ match: [{ field: 'in_port', value: 1 }, { field: 'eth_type', value: 0x800 }] }), true],
    ['another match', del({ match: [{ field: 'in_port', value: 2 }] }), flow(), false],
  ])('%s', (_what, req, f, expected) => {
    expect(selectsForDelete(req, f)).toBe(expected);
  });
});

describe('deleteFlowMod', () => {
  it('is a non-strict delete on every table when no table_id was given', () => {
    expect(deleteFlowMod(del({ cookie: 0xaa00000000000000n, match: [{ field: 'in_port', value: 3 }] }, { cookieMask: 0xff00000000000000n }))).toEqual({
      type: 'flow_mod',
      command: 'delete',
      cookie: 0xaa00000000000000n,
      cookieMask: 0xff00000000000000n,
      tableId: 0xff,
      idleTimeout: 0,
      hardTimeout: 0,
      priority: 0,
      bufferId: OFP_NO_BUFFER,
      outPort: OFPP.ANY,
      outGroup: OFPG.ANY,
      flags: 0,
      match: [{ field: 'in_port', value: 3 }],
      instructions: [],
    });
  });

  it('names the table that was given, and mask 0 without a cookie', () => {
    expect(deleteFlowMod(del({ table: 4 }, { tableGiven: true }))).toMatchObject({ tableId: 4, cookie: 0n, cookieMask: 0n, match: [] });
  });
});

describe('filterStored', () => {
  const row = (dpid: string, cookie: bigint, state: DesiredFlowRow['state']): DesiredFlowRow => ({
    key: `${dpid}/${cookie}`,
    spec: flow({ dpid, cookie }),
    owner: 'no_owner',
    state,
    insertedAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
  });
  const rows = [row(D1, 10n, 'installed'), row(D1, 20n, 'pending'), row('00:00:00:00:00:00:00:02', 30n, 'failed')];
  const keys = (f: Parameters<typeof filterStored>[1]) => filterStored(rows, f).map((r) => r.key);

  it('keeps what every given criterion allows', () => {
    expect(keys({})).toEqual([`${D1}/10`, `${D1}/20`, '00:00:00:00:00:00:00:02/30']);
    expect(keys({ dpids: [D1] })).toEqual([`${D1}/10`, `${D1}/20`]);
    expect(keys({ states: ['pending', 'failed'] })).toEqual([`${D1}/20`, '00:00:00:00:00:00:00:02/30']);
    expect(keys({ states: ['deleted'] })).toEqual([]);
    expect(keys({ cookieRanges: [[15n, 30n]] })).toEqual([`${D1}/20`, '00:00:00:00:00:00:00:02/30']);
    expect(keys({ cookieRanges: [[10n, 10n], [30n, 40n]], dpids: [D1] })).toEqual([`${D1}/10`]);
    expect(keys({ cookieRanges: [[20n, 10n]] })).toEqual([]);
  });
});
