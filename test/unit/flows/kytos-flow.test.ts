/**
 * Kytos-ng flow JSON ↔ FlowSpec (kytos-api.md §6.1). Every pair is written out by hand from
 * kytos-ng of_core's match fields and actions; the md5 ids were computed independently with
 * CPython (`hashlib.md5(json.dumps(d, sort_keys=True).encode())` over a hand-written dict in the
 * shape of of_core's Flow.as_dict), not with this code.
 */
import type { Oxm } from '../../../src/ofp';
import type { FlowSpec } from '../../../src/flows/flowspec';
import { kytosFlowId, kytosMatchId, parseKytosFlow, toKytosFlow, type KytosFlowRequest } from '../../../src/flows/kytos-flow';
import { kytosJsonDumps, parseKytosMatch, toKytosMatch, type KytosJson } from '../../../src/flows/kytos-match';

const DPID = '00:00:00:00:00:00:00:01';
const add = (json: unknown) => parseKytosFlow(DPID, json, { command: 'add' });
const del = (json: unknown) => parseKytosFlow(DPID, json, { command: 'delete' });

/** The spec of an add with every default (table 0, priority 0x8000, cookie 0, no timeouts, flags 0). */
const base = (over: Partial<FlowSpec> = {}): FlowSpec => ({
  dpid: DPID,
  table: 0,
  priority: 32768,
  match: [],
  instructions: [],
  cookie: 0n,
  idleTimeout: 0,
  hardTimeout: 0,
  flags: 0,
  ...over,
});
const request = (spec: FlowSpec, over: Partial<KytosFlowRequest> = {}): KytosFlowRequest => ({
  spec,
  owner: 'no_owner',
  tableGroup: 'base',
  tableGiven: false,
  ...over,
});
const errorOf = (r: { ok: boolean; error?: string }): string | undefined => (r.ok ? undefined : r.error);

const V6_ONE = 'fe80:0000:0000:0000:0000:0000:0000:0001';

describe('match keys', () => {
  // [Kytos key, value given, OXM expected, value Kytos writes back]
  it.each<[string, unknown, Oxm, KytosJson]>([
    ['in_port', 1, { field: 'in_port', value: 1 }, 1],
    ['in_port', 4294967294, { field: 'in_port', value: 0xfffffffe }, 4294967294],
    ['in_phy_port', 2, { field: 'in_phy_port', value: 2 }, 2],
    ['dl_src', 'AA:BB:CC:DD:EE:FF', { field: 'eth_src', value: 'aa:bb:cc:dd:ee:ff' }, 'aa:bb:cc:dd:ee:ff'],
    ['dl_src', '01:00:00:00:00:00/01:00:00:00:00:00', { field: 'eth_src', value: '01:00:00:00:00:00', mask: '01:00:00:00:00:00' }, '01:00:00:00:00:00/01:00:00:00:00:00'],
    ['dl_src', 'aa:bb:cc:dd:ee:ff/ff:ff:ff:ff:ff:ff', { field: 'eth_src', value: 'aa:bb:cc:dd:ee:ff' }, 'aa:bb:cc:dd:ee:ff'],
    ['dl_dst', '00:15:af:d5:38:98', { field: 'eth_dst', value: '00:15:af:d5:38:98' }, '00:15:af:d5:38:98'],
    ['dl_type', 2048, { field: 'eth_type', value: 0x0800 }, 2048],
    ['dl_vlan', 100, { field: 'vlan_vid', value: 0x1064 }, 100],
    ['dl_vlan', 0, { field: 'vlan_vid', value: 0x0000 }, 0],
    ['dl_vlan', 4095, { field: 'vlan_vid', value: 0x1fff }, 4095],
    ['dl_vlan', 4096, { field: 'vlan_vid', value: 0x1000 }, 4096],
    ['dl_vlan', '100', { field: 'vlan_vid', value: 0x1064 }, 100],
    ['dl_vlan', '4096/4096', { field: 'vlan_vid', value: 0x1000, mask: 0x1000 }, '4096/4096'],
    ['dl_vlan', '40/4088', { field: 'vlan_vid', value: 0x1028, mask: 0x1ff8 }, '40/4088'],
    ['dl_vlan', '0/4096', { field: 'vlan_vid', value: 0x0000, mask: 0x1000 }, '0/4096'],
    ['dl_vlan', '100/4095', { field: 'vlan_vid', value: 0x1064 }, 100],
    ['dl_vlan_pcp', 7, { field: 'vlan_pcp', value: 7 }, 7],
    ['nw_proto', 17, { field: 'ip_proto', value: 17 }, 17],
    ['nw_src', '192.168.0.1', { field: 'ipv4_src', value: '192.168.0.1' }, '192.168.0.1'],
    ['nw_src', '10.0.0.0/24', { field: 'ipv4_src', value: '10.0.0.0', mask: '255.255.255.0' }, '10.0.0.0/24'],
    ['nw_src', '10.0.0.0/255.255.0.0', { field: 'ipv4_src', value: '10.0.0.0', mask: '255.255.0.0' }, '10.0.0.0/16'],
    ['nw_src', '10.0.0.1/32', { field: 'ipv4_src', value: '10.0.0.1' }, '10.0.0.1'],
    ['nw_dst', '10.0.0.0/255.0.255.0', { field: 'ipv4_dst', value: '10.0.0.0', mask: '255.0.255.0' }, '10.0.0.0/255.0.255.0'],
    ['tp_src', 80, { field: 'tcp_src', value: 80 }, 80],
    ['tp_dst', 443, { field: 'tcp_dst', value: 443 }, 443],
    ['ip_dscp', 46, { field: 'ip_dscp', value: 46 }, 46],
    ['ip_ecn', 3, { field: 'ip_ecn', value: 3 }, 3],
    ['udp_src', 53, { field: 'udp_src', value: 53 }, 53],
    ['udp_dst', 5353, { field: 'udp_dst', value: 5353 }, 5353],
    ['sctp_src', 1, { field: 'sctp_src', value: 1 }, 1],
    ['sctp_dst', 65535, { field: 'sctp_dst', value: 65535 }, 65535],
    ['icmpv4_type', 8, { field: 'icmpv4_type', value: 8 }, 8],
    ['icmpv4_code', 0, { field: 'icmpv4_code', value: 0 }, 0],
    ['arp_op', 1, { field: 'arp_op', value: 1 }, 1],
    ['arp_spa', '192.168.0.1', { field: 'arp_spa', value: '192.168.0.1' }, '192.168.0.1'],
    ['arp_tpa', '192.168.0.0/16', { field: 'arp_tpa', value: '192.168.0.0', mask: '255.255.0.0' }, '192.168.0.0/16'],
    ['arp_sha', '00:00:00:00:00:0a', { field: 'arp_sha', value: '00:00:00:00:00:0a' }, '00:00:00:00:00:0a'],
    ['arp_tha', 'ff:ff:ff:ff:ff:ff', { field: 'arp_tha', value: 'ff:ff:ff:ff:ff:ff' }, 'ff:ff:ff:ff:ff:ff'],
    ['ipv6_src', '2001:db8::1', { field: 'ipv6_src', value: '2001:0db8:0000:0000:0000:0000:0000:0001' }, '2001:db8::1'],
    ['ipv6_src', '2001:db8::1/128', { field: 'ipv6_src', value: '2001:0db8:0000:0000:0000:0000:0000:0001' }, '2001:db8::1'],
    [
      'ipv6_dst',
      '2001:DB8::/32',
      { field: 'ipv6_dst', value: '2001:0db8:0000:0000:0000:0000:0000:0000', mask: 'ffff:ffff:0000:0000:0000:0000:0000:0000' },
      '2001:db8::/32',
    ],
    ['ipv6_dst', '::', { field: 'ipv6_dst', value: '0000:0000:0000:0000:0000:0000:0000:0000' }, '::'],
    ['ipv6_dst', '1:0:0:2:0:0:0:3', { field: 'ipv6_dst', value: '0001:0000:0000:0002:0000:0000:0000:0003' }, '1:0:0:2::3'],
    ['ipv6_dst', '1:0:2:0:3:0:4:0', { field: 'ipv6_dst', value: '0001:0000:0002:0000:0003:0000:0004:0000' }, '1:0:2:0:3:0:4:0'],
    ['ipv6_flabel', 12345, { field: 'ipv6_flabel', value: 12345 }, 12345],
    ['ipv6_flabel', '1/15', { field: 'ipv6_flabel', value: 1, mask: 15 }, '1/15'],
    ['icmpv6_type', 135, { field: 'icmpv6_type', value: 135 }, 135],
    ['icmpv6_code', 0, { field: 'icmpv6_code', value: 0 }, 0],
    ['nd_tar', 338288524927261089654018896841347694593n, { field: 'ipv6_nd_target', value: V6_ONE }, 338288524927261089654018896841347694593n],
    ['nd_tar', 'fe80::1', { field: 'ipv6_nd_target', value: V6_ONE }, 338288524927261089654018896841347694593n],
    ['nd_sll', 187723572702975, { field: 'ipv6_nd_sll', value: 'aa:bb:cc:dd:ee:ff' }, 187723572702975],
    ['nd_tll', 1, { field: 'ipv6_nd_tll', value: '00:00:00:00:00:01' }, 1],
    ['nd_tll', '00:00:00:00:00:02', { field: 'ipv6_nd_tll', value: '00:00:00:00:00:02' }, 2],
    ['mpls_lab', 1048575, { field: 'mpls_label', value: 0xfffff }, 1048575],
    ['mpls_tc', 7, { field: 'mpls_tc', value: 7 }, 7],
    ['mpls_bos', 1, { field: 'mpls_bos', value: 1 }, 1],
    ['pbb_isid', 11259375, { field: 'pbb_isid', value: 0xabcdef }, 11259375],
    ['pbb_isid', '256/65280', { field: 'pbb_isid', value: 0x100, mask: 0xff00 }, '256/65280'],
    ['v6_hdr', 1, { field: 'ipv6_exthdr', value: 1 }, 1],
    ['v6_hdr', '1/3', { field: 'ipv6_exthdr', value: 1, mask: 3 }, '1/3'],
    ['v6_hdr', '1/511', { field: 'ipv6_exthdr', value: 1 }, 1],
    ['metadata', 5, { field: 'metadata', value: 5n }, 5n],
    ['metadata', 18446744073709551615n, { field: 'metadata', value: 0xffffffffffffffffn }, 18446744073709551615n],
    ['metadata', '5/255', { field: 'metadata', value: 5n, mask: 0xffn }, '5/255'],
    ['tun_id', 42, { field: 'tunnel_id', value: 42n }, 42n],
    ['tun_id', '18446744073709551615', { field: 'tunnel_id', value: 0xffffffffffffffffn }, 18446744073709551615n],
  ])('%s %p is %j and is written back as %p', (key, given, oxm, back) => {
    expect(parseKytosMatch({ [key]: given })).toEqual({ ok: true, value: [oxm] });
    expect(toKytosMatch([oxm])).toEqual({ [key]: back });
  });

  it('orders the TLVs by OXM field and writes keys back in Kytos order', () => {
    const r = parseKytosMatch({ dl_vlan: 100, nw_dst: '10.0.0.2', in_port: 3, dl_type: 2048 });
    const match: Oxm[] = [
      { field: 'in_port', value: 3 },
      { field: 'eth_type', value: 0x0800 },
      { field: 'vlan_vid', value: 0x1064 },
      { field: 'ipv4_dst', value: '10.0.0.2' },
    ];
    expect(r).toEqual({ ok: true, value: match });
    expect(Object.keys(toKytosMatch(match))).toEqual(['in_port', 'dl_vlan', 'dl_type', 'nw_dst']);
  });

  it('treats a null value as absent, as Kytos does', () => {
    expect(parseKytosMatch({ in_port: 1, dl_vlan: null })).toEqual({ ok: true, value: [{ field: 'in_port', value: 1 }] });
  });

  it('writes an OXM of another class under an oxm_<class>_<field> key with its payload in hex', () => {
    expect(toKytosMatch([{ field: 'opaque', oxmClass: 1, oxmField: 5, hasMask: false, body: Buffer.from([1, 2]) }])).toEqual({ oxm_1_5: '0102' });
  });

  it.each<[Record<string, unknown> | unknown, string]>([
    [[], 'match: [] is not an object'],
    [{ vlan: 5 }, 'match.vlan: unknown match field "vlan"'],
    [{ toString: 1 }, 'match.toString: unknown match field "toString"'],
    [{ in_port: -1 }, 'match.in_port: -1 is out of range 0..4294967295'],
    [{ in_port: 4294967296 }, 'match.in_port: 4294967296 is out of range 0..4294967295'],
    [{ in_port: 1.5 }, 'match.in_port: 1.5 is not an integer'],
    [{ in_port: '1' }, 'match.in_port: "1" is not an integer'],
    [{ in_port: true }, 'match.in_port: true is not an integer'],
    [{ dl_type: 65536 }, 'match.dl_type: 65536 is out of range 0..65535'],
    [{ dl_vlan: 4097 }, 'match.dl_vlan: 4097 is out of range 0..4096'],
    [{ dl_vlan: -1 }, 'match.dl_vlan: -1 is out of range 0..4096'],
    [{ dl_vlan: 'abc' }, 'match.dl_vlan: "abc" is not a VLAN id or "vid/mask"'],
    [{ dl_vlan: '1/2/3' }, 'match.dl_vlan: "1/2/3" is not a VLAN id or "vid/mask"'],
    [{ dl_vlan: '5000/4095' }, 'match.dl_vlan: 5000 is out of range 0..4096'],
    [{ dl_vlan: '100/0' }, 'match.dl_vlan: mask 0 is out of range 1..4096'],
    [{ dl_vlan: '100/4088' }, 'match.dl_vlan: "100/4088" has bits set outside its mask'],
    [{ dl_vlan: [100] }, 'match.dl_vlan: [100] is not an integer'],
    [{ dl_vlan_pcp: 8 }, 'match.dl_vlan_pcp: 8 is out of range 0..7'],
    [{ ip_dscp: 64 }, 'match.ip_dscp: 64 is out of range 0..63'],
    [{ ip_ecn: 4 }, 'match.ip_ecn: 4 is out of range 0..3'],
    [{ mpls_lab: 1048576 }, 'match.mpls_lab: 1048576 is out of range 0..1048575'],
    [{ mpls_bos: 2 }, 'match.mpls_bos: 2 is out of range 0..1'],
    [{ pbb_isid: 16777216 }, 'match.pbb_isid: 16777216 is out of range 0..16777215'],
    [{ v6_hdr: 512 }, 'match.v6_hdr: 512 is out of range 0..511'],
    [{ ipv6_flabel: '1/1048576' }, 'match.ipv6_flabel: mask 1048576 is out of range 0..1048575'],
    [{ in_port: '1/1' }, 'match.in_port: "1/1" is not an integer'],
    [{ metadata: '5/x' }, 'match.metadata: "5/x" is not an integer or "value/mask" in decimal'],
    [{ metadata: '0/0' }, 'match.metadata: an all-zero mask matches every packet; leave metadata out instead'],
    [{ metadata: 1152921504606846976 }, 'match.metadata: 1152921504606847000 is above 2^53 and lost its exact value when the JSON was read'],
    [{ tun_id: 18446744073709551616n }, 'match.tun_id: 18446744073709551616 is out of range 0..18446744073709551615'],
    [{ dl_src: 'aa:bb:cc' }, 'match.dl_src: "aa:bb:cc" is not a MAC address "aa:bb:cc:dd:ee:ff" with an optional /mask'],
    [{ dl_src: 'aa-bb-cc-dd-ee-ff' }, 'match.dl_src: "aa-bb-cc-dd-ee-ff" is not a MAC address "aa:bb:cc:dd:ee:ff" with an optional /mask'],
    [{ dl_src: 'aa:bb:cc:dd:ee:ff/24' }, 'match.dl_src: "24" is not a mask (a MAC address)'],
    [{ dl_dst: '00:00:00:00:00:00/00:00:00:00:00:00' }, 'match.dl_dst: an all-zero mask matches every packet; leave dl_dst out instead'],
    [{ dl_dst: 'ff:00:00:00:00:00/0f:00:00:00:00:00' }, 'match.dl_dst: "ff:00:00:00:00:00/0f:00:00:00:00:00" has bits set outside its mask'],
    [{ dl_src: 5 }, 'match.dl_src: 5 is not a MAC address "aa:bb:cc:dd:ee:ff"'],
    [{ nw_src: '10.0.0.1/24' }, 'match.nw_src: "10.0.0.1/24" has bits set outside its mask'],
    [{ nw_src: '10.0.0.0/33' }, 'match.nw_src: prefix length 33 is out of range 0..32'],
    [{ nw_src: '0.0.0.0/0' }, 'match.nw_src: an all-zero mask matches every packet; leave nw_src out instead'],
    [{ nw_src: '256.0.0.1' }, 'match.nw_src: "256.0.0.1" is not an IPv4 address "a.b.c.d" with an optional /mask'],
    [{ nw_src: '010.0.0.1' }, 'match.nw_src: "010.0.0.1" is not an IPv4 address "a.b.c.d" with an optional /mask'],
    [{ nw_src: '10.0.0.0/abc' }, 'match.nw_src: "abc" is not a mask (a prefix length or an address)'],
    [{ arp_tpa: '1.2.3' }, 'match.arp_tpa: "1.2.3" is not an IPv4 address "a.b.c.d" with an optional /mask'],
    [{ ipv6_src: 'fe80::1::2' }, 'match.ipv6_src: "fe80::1::2" is not an IPv6 address with an optional /mask'],
    [{ ipv6_src: '2001:db8::1/32' }, 'match.ipv6_src: "2001:db8::1/32" has bits set outside its mask'],
    [{ ipv6_dst: '::/129' }, 'match.ipv6_dst: prefix length 129 is out of range 0..128'],
    [{ nd_tar: 'fe80::/10' }, 'match.nd_tar: the field takes no mask, got "fe80::/10"'],
    [{ nd_tar: 'aa:bb:cc:dd:ee:ff' }, 'match.nd_tar: "aa:bb:cc:dd:ee:ff" is not an IPv6 address'],
    [{ nd_tar: -1 }, 'match.nd_tar: -1 is out of range 0..340282366920938463463374607431768211455'],
    [{ nd_sll: '10.0.0.1' }, 'match.nd_sll: "10.0.0.1" is not a MAC address "aa:bb:cc:dd:ee:ff"'],
    [{ nd_sll: 281474976710656 }, 'match.nd_sll: 281474976710656 is out of range 0..281474976710655'],
  ])('refuses %p: %s', (match, message) => {
    expect(parseKytosMatch(match)).toEqual({ ok: false, error: message });
  });
});

describe('parseKytosFlow', () => {
  it('fills Kytos defaults on an add', () => {
    expect(add({})).toEqual({ ok: true, value: request(base()) });
  });

  it('reads every flow field and turns actions into one apply_actions', () => {
    const json = {
      table_id: 2,
      priority: 20000,
      cookie: 12249790986447749121n,
      idle_timeout: 30,
      hard_timeout: 60,
      owner: 'mef_eline',
      table_group: 'evpl',
      match: { in_port: 1, dl_vlan: 100 },
      actions: [
        { action_type: 'pop_vlan' },
        { action_type: 'push_vlan', tag_type: 's' },
        { action_type: 'push_vlan', tag_type: 'c' },
        { action_type: 'set_vlan', vlan_id: 200 },
        { action_type: 'set_queue', queue_id: 1 },
        { action_type: 'output', port: 2 },
        { action_type: 'output', port: 4294967293 },
      ],
    };
    const spec = base({
      table: 2,
      priority: 20000,
      cookie: 0xaa00000000000001n,
      idleTimeout: 30,
      hardTimeout: 60,
      match: [
        { field: 'in_port', value: 1 },
        { field: 'vlan_vid', value: 0x1064 },
      ],
      instructions: [
        {
          type: 'apply_actions',
          actions: [
            { type: 'pop_vlan' },
            { type: 'push_vlan', ethertype: 0x88a8 },
            { type: 'push_vlan', ethertype: 0x8100 },
            { type: 'set_field', field: { field: 'vlan_vid', value: 0x10c8 } },
            { type: 'set_queue', queueId: 1 },
            { type: 'output', port: 2, maxLen: 0 },
            { type: 'output', port: 0xfffffffd, maxLen: 0xffff },
          ],
        },
      ],
    });
    expect(add(json)).toEqual({ ok: true, value: request(spec, { owner: 'mef_eline', tableGroup: 'evpl', tableGiven: true }) });
  });

  it('reads an empty actions list as a flow with no instructions (a drop flow)', () => {
    expect(add({ actions: [] })).toEqual({ ok: true, value: request(base()) });
  });

  it('reads every instruction', () => {
    const json = {
      instructions: [
        { instruction_type: 'meter', meter_id: 3 },
        { instruction_type: 'apply_actions', actions: [{ action_type: 'output', port: 1 }] },
        { instruction_type: 'clear_actions', actions: [] },
        { instruction_type: 'write_actions', actions: [{ action_type: 'set_queue', queue_id: 7 }] },
        { instruction_type: 'write_metadata', metadata: 18374686479671623680n, metadata_mask: 18446744073709551615n },
        { instruction_type: 'goto_table', table_id: 3 },
      ],
    };
    const spec = base({
      instructions: [
        { type: 'meter', meterId: 3 },
        { type: 'apply_actions', actions: [{ type: 'output', port: 1, maxLen: 0 }] },
        { type: 'clear_actions' },
        { type: 'write_actions', actions: [{ type: 'set_queue', queueId: 7 }] },
        { type: 'write_metadata', metadata: 0xff00000000000000n, metadataMask: 0xffffffffffffffffn },
        { type: 'goto_table', tableId: 3 },
      ],
    });
    expect(add(json)).toEqual({ ok: true, value: request(spec) });
  });

  it('accepts clear_actions and apply_actions without an actions key', () => {
    const r = add({ instructions: [{ instruction_type: 'clear_actions' }, { instruction_type: 'apply_actions' }] });
    expect(r).toEqual({ ok: true, value: request(base({ instructions: [{ type: 'clear_actions' }, { type: 'apply_actions', actions: [] }] })) });
  });

  it('accepts the virtual meters', () => {
    expect(add({ instructions: [{ instruction_type: 'meter', meter_id: 4294967293 }] })).toEqual({
      ok: true,
      value: request(base({ instructions: [{ type: 'meter', meterId: 0xfffffffd }] })),
    });
  });

  it('keeps cookie and cookie_mask of a delete, and OFPTT_ALL', () => {
    const r = del({ table_id: 255, cookie: 12249790986447749120n, cookie_mask: 18374686479671623680n, match: { in_port: 1 } });
    const spec = base({ table: 255, cookie: 0xaa00000000000000n, match: [{ field: 'in_port', value: 1 }] });
    expect(r).toEqual({ ok: true, value: request(spec, { cookieMask: 0xff00000000000000n, tableGiven: true }) });
  });

  it('leaves cookieMask out of a delete that gives neither cookie nor mask', () => {
    expect(del({ match: { dl_vlan: '4096/4096' } })).toEqual({
      ok: true,
      value: request(base({ match: [{ field: 'vlan_vid', value: 0x1000, mask: 0x1000 }] })),
    });
  });

  it.each<[KytosJson | unknown, string]>([
    [[], 'a flow must be a JSON object, not []'],
    ['flow', 'a flow must be a JSON object, not "flow"'],
    [{ switch: DPID }, 'unknown key "switch" in a flow (allowed: table_id, priority, cookie, cookie_mask, idle_timeout, hard_timeout, match, actions, instructions, owner, table_group)'],
    [{ cookie_mask: 0 }, "cookie_mask shouldn't be set when adding flows"],
    [{ actions: [], instructions: [] }, 'Cannot have both "actions" and "instructions" at the same time'],
    [{ table_id: 255 }, 'table_id: 255 is out of range 0..254'],
    [{ table_id: '1' }, 'table_id: "1" is not an integer'],
    [{ priority: 65536 }, 'priority: 65536 is out of range 0..65535'],
    [{ idle_timeout: -1 }, 'idle_timeout: -1 is out of range 0..65535'],
    [{ hard_timeout: 1.5 }, 'hard_timeout: 1.5 is not an integer'],
    [{ cookie: -1 }, 'cookie: -1 is out of range 0..18446744073709551615'],
    [{ cookie: 18446744073709551616n }, 'cookie: 18446744073709551616 is out of range 0..18446744073709551615'],
    [{ cookie: 12249790986447749000 }, 'cookie: 12249790986447750000 is above 2^53 and lost its exact value when the JSON was read'],
    [{ cookie: null }, 'cookie: null is not an integer'],
    [{ owner: 5 }, 'owner: 5 is not a string'],
    [{ table_group: null }, 'table_group: null is not a string'],
    [{ match: { dl_vlan: 5000 } }, 'match.dl_vlan: 5000 is out of range 0..4096'],
    [{ actions: {} }, 'actions: {} is not a list'],
    [{ actions: [5] }, 'actions[0]: 5 is not an object'],
    [{ actions: [{ port: 1 }] }, 'actions[0].action_type: missing'],
    [{ actions: [{ action_type: 'group', group_id: 1 }] }, 'actions[0].action_type: unknown action "group" (Kytos-ng actions: output, set_vlan, push_vlan, pop_vlan, set_queue)'],
    [{ actions: [{ action_type: 'output', port: 1, max_len: 0 }] }, 'actions[0]: unknown key "max_len" in the output action (allowed: action_type, port)'],
    [{ actions: [{ action_type: 'output' }] }, 'actions[0].port: missing'],
    [{ actions: [{ action_type: 'output', port: 'controller' }] }, 'actions[0].port: "controller" is not an integer'],
    [{ actions: [{ action_type: 'output', port: 0 }] }, 'actions[0].port: 0 is not an output port (1..4294967040, or a reserved port 4294967288..4294967294)'],
    [{ actions: [{ action_type: 'output', port: 4294967295 }] }, 'actions[0].port: 4294967295 is not an output port (1..4294967040, or a reserved port 4294967288..4294967294)'],
    [{ actions: [{ action_type: 'set_vlan', vlan_id: 4096 }] }, 'actions[0].vlan_id: 4096 is out of range 0..4095'],
    [{ actions: [{ action_type: 'push_vlan', tag_type: 'x' }] }, 'actions[0].tag_type: "x" is not "s" or "c"'],
    [{ actions: [{ action_type: 'push_vlan' }] }, 'actions[0].tag_type: missing'],
    [{ actions: [{ action_type: 'pop_vlan', vlan_id: 1 }] }, 'actions[0]: unknown key "vlan_id" in the pop_vlan action (allowed: action_type)'],
    [{ actions: [{ action_type: 'set_queue' }] }, 'actions[0].queue_id: missing'],
    [{ actions: [{ action_type: 'set_queue', queue_id: 4294967295 }] }, 'actions[0].queue_id: 4294967295 is out of range 0..4294967294'],
    [{ instructions: {} }, 'instructions: {} is not a list'],
    [{ instructions: [{}] }, 'instructions[0].instruction_type: missing'],
    [{ instructions: [{ instruction_type: 'goto' }] }, 'instructions[0].instruction_type: unknown instruction "goto" (Kytos-ng instructions: apply_actions, write_actions, clear_actions, goto_table, meter, write_metadata)'],
    [{ instructions: [{ instruction_type: 'goto_table' }] }, 'instructions[0].table_id: missing'],
    [{ instructions: [{ instruction_type: 'goto_table', table_id: 255 }] }, 'instructions[0].table_id: 255 is out of range 0..254'],
    [{ instructions: [{ instruction_type: 'goto_table', table_id: 1, actions: [] }] }, 'instructions[0]: unknown key "actions" in the goto_table instruction (allowed: instruction_type, table_id)'],
    [{ instructions: [{ instruction_type: 'meter', meter_id: 0 }] }, 'instructions[0].meter_id: 0 is not a meter (1..4294901760, 4294967293 or 4294967294)'],
    [{ instructions: [{ instruction_type: 'meter', meter_id: 4294967295 }] }, 'instructions[0].meter_id: 4294967295 is not a meter (1..4294901760, 4294967293 or 4294967294)'],
    [{ instructions: [{ instruction_type: 'write_metadata', metadata: 1 }] }, 'instructions[0].metadata_mask: missing'],
    [{ instructions: [{ instruction_type: 'write_metadata', metadata_mask: 1 }] }, 'instructions[0].metadata: missing'],
    [{ instructions: [{ instruction_type: 'clear_actions', actions: [{ action_type: 'pop_vlan' }] }] }, 'instructions[0].actions: clear_actions takes no actions, got [{"action_type":"pop_vlan"}]'],
    [{ instructions: [{ instruction_type: 'apply_actions', actions: [{ action_type: 'output', port: -2 }] }] }, 'instructions[0].actions[0].port: -2 is out of range 0..4294967295'],
    [
      { instructions: [{ instruction_type: 'apply_actions', actions: [] }, { instruction_type: 'apply_actions', actions: [] }] },
      'instructions[1]: a second apply_actions instruction; a flow has at most one of each type',
    ],
  ])('refuses the add %p: %s', (json, message) => {
    expect(errorOf(add(json))).toBe(message);
  });

  it.each<[unknown, string]>([
    [{ cookie: 1 }, 'cookie is set, cookie_mask should be set too when deleting flows'],
    [{ cookie_mask: 1 }, 'cookie_mask is set, cookie should be set too when deleting flows'],
    [{ table_id: 256 }, 'table_id: 256 is out of range 0..255'],
    [{ cookie: 1, cookie_mask: -1 }, 'cookie_mask: -1 is out of range 0..18446744073709551615'],
  ])('refuses the delete %p: %s', (json, message) => {
    expect(errorOf(del(json))).toBe(message);
  });
});

describe('toKytosFlow and the ids', () => {
  const CIRCUIT: FlowSpec = base({
    priority: 20000,
    cookie: 0xaa00000000000001n,
    match: [
      { field: 'in_port', value: 1 },
      { field: 'vlan_vid', value: 0x1064 },
    ],
    instructions: [
      {
        type: 'apply_actions',
        actions: [
          { type: 'set_field', field: { field: 'vlan_vid', value: 0x10c8 } },
          { type: 'output', port: 2, maxLen: 0 },
        ],
      },
    ],
  });

  it('writes the flow as GET /flows lists it, with the id CPython computes', () => {
    expect(toKytosFlow(CIRCUIT)).toEqual({
      switch: DPID,
      table_id: 0,
      match: { in_port: 1, dl_vlan: 100 },
      priority: 20000,
      idle_timeout: 0,
      hard_timeout: 0,
      cookie: 12249790986447749121n,
      id: '14b30f34dfa56b35f0f4a286446d8891',
      stats: {},
      cookie_mask: 0n,
      instructions: [
        {
          instruction_type: 'apply_actions',
          actions: [
            { action_type: 'set_vlan', vlan_id: 200 },
            { action_type: 'output', port: 2 },
          ],
        },
      ],
    });
    expect(kytosFlowId(CIRCUIT)).toBe('14b30f34dfa56b35f0f4a286446d8891');
    expect(Object.keys(toKytosFlow(CIRCUIT))).toEqual(['switch', 'table_id', 'match', 'priority', 'idle_timeout', 'hard_timeout', 'cookie', 'id', 'stats', 'cookie_mask', 'instructions']);
  });

  it('gives the match id CPython computes', () => {
    expect(kytosMatchId(DPID, 0, CIRCUIT.match, 20000)).toBe('8b46941d47b06ffb2515046e7d58d1f2');
    // The same match written in another order and with an exact mask names the same flow.
    expect(kytosMatchId(DPID, 0, [{ field: 'vlan_vid', value: 0x1064, mask: 0x1fff }, { field: 'in_port', value: 1 }], 20000)).toBe('8b46941d47b06ffb2515046e7d58d1f2');
  });

  it('gives the id of the Kytos default flow', () => {
    const r = add({});
    expect(r.ok && kytosFlowId(r.value.spec)).toBe('37c57f14b3e374546d2d88a6c161f59a');
  });

  it('hashes big integers, masks and IPv6 text as CPython does', () => {
    const spec: FlowSpec = {
      dpid: '00:00:00:00:00:00:00:02',
      table: 2,
      priority: 100,
      match: [
        { field: 'eth_type', value: 0x86dd },
        { field: 'ipv6_src', value: '2001:0db8:0000:0000:0000:0000:0000:0000', mask: 'ffff:ffff:0000:0000:0000:0000:0000:0000' },
        { field: 'metadata', value: 5n, mask: 0xffn },
        { field: 'ipv6_nd_target', value: V6_ONE },
      ],
      instructions: [
        { type: 'goto_table', tableId: 3 },
        { type: 'meter', meterId: 3 },
        { type: 'write_metadata', metadata: 0xff00000000000000n, metadataMask: 0xffffffffffffffffn },
      ],
      cookie: 0n,
      idleTimeout: 30,
      hardTimeout: 60,
      flags: 0,
    };
    // canonical() puts the instructions in execution order: meter, write_metadata, goto_table.
    expect(kytosFlowId(spec)).toBe('1a4330def49972ad7f5aaa97da570e0d');
    expect(toKytosFlow(spec).match).toEqual({ dl_type: 34525, ipv6_src: '2001:db8::/32', nd_tar: 338288524927261089654018896841347694593n, metadata: '5/255' });
  });

  it('adds stats, owner and table_group when given; the id does not change', () => {
    const out = toKytosFlow(CIRCUIT, { owner: 'mef_eline', tableGroup: 'evpl', stats: { packetCount: 10n, byteCount: 1500n, durationSec: 7, durationNsec: 500 } });
    expect(out.stats).toEqual({ byte_count: 1500n, duration_sec: 7, duration_nsec: 500, packet_count: 10n });
    expect(out.owner).toBe('mef_eline');
    expect(out.table_group).toBe('evpl');
    expect(out.id).toBe('14b30f34dfa56b35f0f4a286446d8891');
  });

  it('writes every instruction as of_core does', () => {
    const spec = base({
      instructions: [
        { type: 'goto_table', tableId: 4 },
        { type: 'write_actions', actions: [{ type: 'set_queue', queueId: 2 }] },
        { type: 'clear_actions' },
        { type: 'meter', meterId: 9 },
        { type: 'write_metadata', metadata: 1n, metadataMask: 3n },
      ],
    });
    expect(toKytosFlow(spec).instructions).toEqual([
      { instruction_type: 'meter', meter_id: 9 },
      { instruction_type: 'clear_actions', actions: [] },
      { instruction_type: 'write_actions', actions: [{ action_type: 'set_queue', queue_id: 2 }] },
      { instruction_type: 'write_metadata', metadata: 1n, metadata_mask: 3n },
      { instruction_type: 'goto_table', table_id: 4 },
    ]);
  });

  it('writes the Kytos actions as of_core does and the others in the extension form', () => {
    const spec = base({
      instructions: [
        {
          type: 'apply_actions',
          actions: [
            { type: 'push_vlan', ethertype: 0x88a8 },
            { type: 'push_vlan', ethertype: 0x8100 },
            { type: 'push_vlan', ethertype: 0x9100 },
            { type: 'pop_vlan' },
            { type: 'set_queue', queueId: 1 },
            { type: 'set_field', field: { field: 'vlan_vid', value: 0x1064 } },
            { type: 'set_field', field: { field: 'eth_dst', value: 'aa:bb:cc:dd:ee:ff' } },
            { type: 'group', groupId: 7 },
            { type: 'dec_nw_ttl' },
            { type: 'set_nw_ttl', ttl: 64 },
            { type: 'push_mpls', ethertype: 0x8847 },
            { type: 'experimenter', experimenter: 0x2320, data: Buffer.from([0, 1]) },
            { type: 'unknown', code: 99, body: Buffer.from([0xab]) },
            { type: 'output', port: 0xfffffffd, maxLen: 0xffff },
          ],
        },
      ],
    });
    expect(toKytosFlow(spec).instructions).toEqual([
      {
        instruction_type: 'apply_actions',
        actions: [
          { action_type: 'push_vlan', tag_type: 's' },
          { action_type: 'push_vlan', tag_type: 'c' },
          { action_type: 'push_vlan', ethertype: 0x9100 },
          { action_type: 'pop_vlan' },
          { action_type: 'set_queue', queue_id: 1 },
          { action_type: 'set_vlan', vlan_id: 100 },
          { action_type: 'set_field', field: 'dl_dst', value: 'aa:bb:cc:dd:ee:ff' },
          { action_type: 'group', group_id: 7 },
          { action_type: 'dec_nw_ttl' },
          { action_type: 'set_nw_ttl', ttl: 64 },
          { action_type: 'push_mpls', ethertype: 0x8847 },
          { action_type: 'experimenter', experimenter: 0x2320, data: '0001' },
          { action_type: 'unknown', code: 99, body: 'ab' },
          { action_type: 'output', port: 4294967293 },
        ],
      },
    ]);
  });

  it('reads back what it writes: the Kytos fields of toKytosFlow parse to the same flow', () => {
    const json = {
      table_id: 1,
      priority: 100,
      cookie: 5,
      idle_timeout: 1,
      hard_timeout: 2,
      match: { in_port: 1, dl_vlan: '4096/4096', nw_src: '10.0.0.0/8', metadata: '1/1' },
      instructions: [
        { instruction_type: 'apply_actions', actions: [{ action_type: 'pop_vlan' }, { action_type: 'output', port: 2 }] },
        { instruction_type: 'goto_table', table_id: 2 },
      ],
    };
    const first = add(json);
    if (!first.ok) throw new Error(first.error);
    const written = toKytosFlow(first.value.spec);
    const { table_id, priority, cookie, idle_timeout, hard_timeout, match, instructions } = written;
    expect({ table_id, priority, cookie, idle_timeout, hard_timeout, match, instructions }).toEqual({ ...json, cookie: 5n });
    const again = add({ table_id, priority, cookie, idle_timeout, hard_timeout, match, instructions });
    expect(again).toEqual({ ok: true, value: { ...first.value } });
  });
});

describe('kytosJsonDumps', () => {
  it('writes what CPython json.dumps(sort_keys=True) writes', () => {
    const value = { b: 'é\n"\\\u007f\u0001😀', a: [1, 18446744073709551615n, true, null, {}], A: [] };
    expect(kytosJsonDumps(value, true)).toBe('{"A": [], "a": [1, 18446744073709551615, true, null, {}], "b": "\\u00e9\\n\\"\\\\\\u007f\\u0001\\ud83d\\ude00"}');
  });

  it('keeps insertion order without sort_keys', () => {
    expect(kytosJsonDumps({ b: 'x', a: 1 })).toBe('{"b": "x", "a": 1}');
  });
});
