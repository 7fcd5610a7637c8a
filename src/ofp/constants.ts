/**
 * OpenFlow 1.3.5 wire constants, in the order of the specification ("OpenFlow Switch Specification
 * Version 1.3.5", section 7 "The OpenFlow Protocol"). Numeric codes live here and in the codec only;
 * the rest of Isthmus speaks in the string tags of ./types.
 */

/** Pure. Builds the reverse map of an `as const` name→code object (value → name). */
export function reverseMap<T extends Record<string, number>>(o: T): ReadonlyMap<number, keyof T & string> {
  const m = new Map<number, keyof T & string>();
  for (const k of Object.keys(o) as (keyof T & string)[]) m.set(o[k] as number, k);
  return m;
}

/** ofp_header.version for OpenFlow 1.3. */
export const OFP_VERSION = 0x04;
export const OFP_HEADER_SIZE = 8;
/** 7.1 "OpenFlow Header": ofp_header.length is 16 bits, so no message exceeds this. */
export const OFP_MAX_MESSAGE_SIZE = 0xffff;
export const OFP_TCP_PORT = 6653;

/** 7.1 enum ofp_type. */
export const OFPT = {
  hello: 0, // symmetric
  error: 1, // symmetric
  echo_request: 2, // symmetric
  echo_reply: 3, // symmetric
  experimenter: 4, // symmetric
  features_request: 5, // controller → switch
  features_reply: 6, // switch → controller
  get_config_request: 7, // controller → switch
  get_config_reply: 8, // switch → controller
  set_config: 9, // controller → switch
  packet_in: 10, // async
  flow_removed: 11, // async
  port_status: 12, // async
  packet_out: 13, // controller command
  flow_mod: 14, // controller command
  group_mod: 15, // controller command
  port_mod: 16, // controller command
  table_mod: 17, // controller command
  multipart_request: 18, // multipart
  multipart_reply: 19, // multipart
  barrier_request: 20, // barrier
  barrier_reply: 21, // barrier
  queue_get_config_request: 22, // queue configuration
  queue_get_config_reply: 23, // queue configuration
  role_request: 24, // controller role
  role_reply: 25, // controller role
  get_async_request: 26, // asynchronous message configuration
  get_async_reply: 27, // asynchronous message configuration
  set_async: 28, // asynchronous message configuration
  meter_mod: 29, // meters and rate limiters
} as const;
export type OfpTypeName = keyof typeof OFPT;
export const OFPT_NAME = reverseMap(OFPT);

/** 7.5.1 enum ofp_hello_elem_type. */
export const OFPHET = { versionbitmap: 1 } as const;

/** 7.2.1 enum ofp_port_no: reserved ports. */
export const OFPP = {
  MAX: 0xffffff00, // maximum number of physical and logical switch ports
  IN_PORT: 0xfffffff8, // send the packet out the input port
  TABLE: 0xfffffff9, // submit the packet to the first flow table (packet-out only)
  NORMAL: 0xfffffffa, // forward using non-OpenFlow pipeline
  FLOOD: 0xfffffffb, // flood using non-OpenFlow pipeline
  ALL: 0xfffffffc, // all standard ports except the input port
  CONTROLLER: 0xfffffffd, // send to controller
  LOCAL: 0xfffffffe, // local openflow "port"
  ANY: 0xffffffff, // special value used in some requests when no port is specified
} as const;

/** 7.2.1 enum ofp_port_config bits. */
export const OFPPC = { PORT_DOWN: 1 << 0, NO_RECV: 1 << 2, NO_FWD: 1 << 5, NO_PACKET_IN: 1 << 6 } as const;
/** 7.2.1 enum ofp_port_state bits. */
export const OFPPS = { LINK_DOWN: 1 << 0, BLOCKED: 1 << 1, LIVE: 1 << 2 } as const;
/** 7.2.1 enum ofp_port_features bits. */
export const OFPPF = {
  '10MB_HD': 1 << 0, '10MB_FD': 1 << 1, '100MB_HD': 1 << 2, '100MB_FD': 1 << 3, '1GB_HD': 1 << 4,
  '1GB_FD': 1 << 5, '10GB_FD': 1 << 6, '40GB_FD': 1 << 7, '100GB_FD': 1 << 8, '1TB_FD': 1 << 9,
  OTHER: 1 << 10, COPPER: 1 << 11, FIBER: 1 << 12, AUTONEG: 1 << 13, PAUSE: 1 << 14, PAUSE_ASYM: 1 << 15,
} as const;

/** 7.2.2 enum ofp_queue_properties. */
export const OFPQT = { min_rate: 1, max_rate: 2, experimenter: 0xffff } as const;
export const OFPQ_ALL = 0xffffffff;

/** 7.2.3.1 enum ofp_match_type. */
export const OFPMT = { STANDARD: 0, OXM: 1 } as const;
/** 7.2.3.3 enum ofp_oxm_class. */
export const OFPXMC = { NXM_0: 0x0000, NXM_1: 0x0001, OPENFLOW_BASIC: 0x8000, EXPERIMENTER: 0xffff } as const;
/** 7.2.3.8 enum ofp_vlan_id: the "VLAN present" bit of the vlan_vid OXM. */
export const OFPVID = { PRESENT: 0x1000, NONE: 0x0000 } as const;

/** 7.2.4 enum ofp_instruction_type. */
export const OFPIT = {
  goto_table: 1,
  write_metadata: 2,
  write_actions: 3,
  apply_actions: 4,
  clear_actions: 5,
  meter: 6,
  experimenter: 0xffff,
} as const;
export const OFPIT_NAME = reverseMap(OFPIT);

/** 7.2.5 enum ofp_action_type. */
export const OFPAT = {
  output: 0,
  copy_ttl_out: 11,
  copy_ttl_in: 12,
  set_mpls_ttl: 15,
  dec_mpls_ttl: 16,
  push_vlan: 17,
  pop_vlan: 18,
  push_mpls: 19,
  pop_mpls: 20,
  set_queue: 21,
  group: 22,
  set_nw_ttl: 23,
  dec_nw_ttl: 24,
  set_field: 25,
  push_pbb: 26,
  pop_pbb: 27,
  experimenter: 0xffff,
} as const;
export const OFPAT_NAME = reverseMap(OFPAT);

/** 7.2.5 enum ofp_controller_max_len. */
export const OFPCML = { MAX: 0xffe5, NO_BUFFER: 0xffff } as const;

/** 7.3.1 enum ofp_capabilities bits. */
export const OFPC = { FLOW_STATS: 1 << 0, TABLE_STATS: 1 << 1, PORT_STATS: 1 << 2, GROUP_STATS: 1 << 3, IP_REASM: 1 << 5, QUEUE_STATS: 1 << 6, PORT_BLOCKED: 1 << 8 } as const;
/** 7.3.2 enum ofp_config_flags. */
export const OFPC_FRAG = { NORMAL: 0, DROP: 1, REASM: 2, MASK: 3 } as const;

/** 7.3.3 enum ofp_table: special table ids. */
export const OFPTT = { MAX: 0xfe, ALL: 0xff } as const;
/** 7.3.3 enum ofp_table_config bits (deprecated in 1.3, kept for the wire). */
export const OFPTC = { DEPRECATED_MASK: 3 } as const;

/** 7.3.4.2 enum ofp_flow_mod_command. */
export const OFPFC = { add: 0, modify: 1, modify_strict: 2, delete: 3, delete_strict: 4 } as const;
export const OFPFC_NAME = reverseMap(OFPFC);
/** 7.3.4.2 enum ofp_flow_mod_flags bits. */
export const OFPFF = { SEND_FLOW_REM: 1 << 0, CHECK_OVERLAP: 1 << 1, RESET_COUNTS: 1 << 2, NO_PKT_COUNTS: 1 << 3, NO_BYT_COUNTS: 1 << 4 } as const;
/** 7.3.4.2 the priority of a flow with no priority given. */
export const OFP_DEFAULT_PRIORITY = 0x8000;
/** 7.3.4.2 "no buffer" value of buffer_id. */
export const OFP_NO_BUFFER = 0xffffffff;

/** 7.3.4.3 enum ofp_group_mod_command. */
export const OFPGC = { add: 0, modify: 1, delete: 2 } as const;
export const OFPGC_NAME = reverseMap(OFPGC);
/** 7.3.4.3 enum ofp_group_type. */
export const OFPGT = { all: 0, select: 1, indirect: 2, ff: 3 } as const;
export const OFPGT_NAME = reverseMap(OFPGT);
/** 7.3.4.3 enum ofp_group: reserved group numbers. */
export const OFPG = { MAX: 0xffffff00, ALL: 0xfffffffc, ANY: 0xffffffff } as const;

/** 7.3.4.5 enum ofp_meter_mod_command. */
export const OFPMC = { add: 0, modify: 1, delete: 2 } as const;
export const OFPMC_NAME = reverseMap(OFPMC);
/** 7.3.4.5 enum ofp_meter_flags bits. */
export const OFPMF = { KBPS: 1 << 0, PKTPS: 1 << 1, BURST: 1 << 2, STATS: 1 << 3 } as const;
/** 7.3.4.5 enum ofp_meter_band_type. */
export const OFPMBT = { drop: 1, dscp_remark: 2, experimenter: 0xffff } as const;
export const OFPMBT_NAME = reverseMap(OFPMBT);
/** 7.3.4.5 enum ofp_meter: virtual meters. */
export const OFPM = { MAX: 0xffff0000, SLOWPATH: 0xfffffffd, CONTROLLER: 0xfffffffe, ALL: 0xffffffff } as const;

/** 7.3.5 enum ofp_multipart_type. */
export const OFPMP = {
  desc: 0,
  flow: 1,
  aggregate: 2,
  table: 3,
  port_stats: 4,
  queue: 5,
  group: 6,
  group_desc: 7,
  group_features: 8,
  meter: 9,
  meter_config: 10,
  meter_features: 11,
  table_features: 12,
  port_desc: 13,
  experimenter: 0xffff,
} as const;
export const OFPMP_NAME = reverseMap(OFPMP);
/** 7.3.5 enum ofp_multipart_request_flags / ofp_multipart_reply_flags. */
export const OFPMPF = { REQ_MORE: 1, REPLY_MORE: 1 } as const;

/** 7.3.5.5.2 enum ofp_table_feature_prop_type. */
export const OFPTFPT = {
  instructions: 0,
  instructions_miss: 1,
  next_tables: 2,
  next_tables_miss: 3,
  write_actions: 4,
  write_actions_miss: 5,
  apply_actions: 6,
  apply_actions_miss: 7,
  match: 8,
  wildcards: 10,
  write_setfield: 12,
  write_setfield_miss: 13,
  apply_setfield: 14,
  apply_setfield_miss: 15,
  experimenter: 0xfffe,
  experimenter_miss: 0xffff,
} as const;
export const OFPTFPT_NAME = reverseMap(OFPTFPT);

/** 7.3.9 enum ofp_controller_role. */
export const OFPCR_ROLE = { nochange: 0, equal: 1, master: 2, slave: 3 } as const;
export const OFPCR_ROLE_NAME = reverseMap(OFPCR_ROLE);

/** 7.4.1 enum ofp_packet_in_reason. */
export const OFPR = { no_match: 0, action: 1, invalid_ttl: 2 } as const;
export const OFPR_NAME = reverseMap(OFPR);
/** 7.4.2 enum ofp_flow_removed_reason. */
export const OFPRR = { idle_timeout: 0, hard_timeout: 1, delete: 2, group_delete: 3 } as const;
export const OFPRR_NAME = reverseMap(OFPRR);
/** 7.4.3 enum ofp_port_reason. */
export const OFPPR = { add: 0, delete: 1, modify: 2 } as const;
export const OFPPR_NAME = reverseMap(OFPPR);

/** 7.4.4 enum ofp_error_type. */
export const OFPET = {
  HELLO_FAILED: 0,
  BAD_REQUEST: 1,
  BAD_ACTION: 2,
  BAD_INSTRUCTION: 3,
  BAD_MATCH: 4,
  FLOW_MOD_FAILED: 5,
  GROUP_MOD_FAILED: 6,
  PORT_MOD_FAILED: 7,
  TABLE_MOD_FAILED: 8,
  QUEUE_OP_FAILED: 9,
  SWITCH_CONFIG_FAILED: 10,
  ROLE_REQUEST_FAILED: 11,
  METER_MOD_FAILED: 12,
  TABLE_FEATURES_FAILED: 13,
  EXPERIMENTER: 0xffff,
} as const;
export type OfpErrorTypeName = keyof typeof OFPET;
export const OFPET_NAME = reverseMap(OFPET);

/** 7.4.4 error codes, one table per ofp_error_type, in spec order. */
export const OFP_ERROR_CODES = {
  HELLO_FAILED: { INCOMPATIBLE: 0, EPERM: 1 },
  BAD_REQUEST: {
    BAD_VERSION: 0, BAD_TYPE: 1, BAD_MULTIPART: 2, BAD_EXPERIMENTER: 3, BAD_EXP_TYPE: 4, EPERM: 5, BAD_LEN: 6,
    BUFFER_EMPTY: 7, BUFFER_UNKNOWN: 8, BAD_TABLE_ID: 9, IS_SLAVE: 10, BAD_PORT: 11, BAD_PACKET: 12,
    MULTIPART_BUFFER_OVERFLOW: 13,
  },
  BAD_ACTION: {
    BAD_TYPE: 0, BAD_LEN: 1, BAD_EXPERIMENTER: 2, BAD_EXP_TYPE: 3, BAD_OUT_PORT: 4, BAD_ARGUMENT: 5, EPERM: 6,
    TOO_MANY: 7, BAD_QUEUE: 8, BAD_OUT_GROUP: 9, MATCH_INCONSISTENT: 10, UNSUPPORTED_ORDER: 11, BAD_TAG: 12,
    BAD_SET_TYPE: 13, BAD_SET_LEN: 14, BAD_SET_ARGUMENT: 15,
  },
  BAD_INSTRUCTION: {
    UNKNOWN_INST: 0, UNSUP_INST: 1, BAD_TABLE_ID: 2, UNSUP_METADATA: 3, UNSUP_METADATA_MASK: 4, BAD_EXPERIMENTER: 5,
    BAD_EXP_TYPE: 6, BAD_LEN: 7, EPERM: 8,
  },
  BAD_MATCH: {
    BAD_TYPE: 0, BAD_LEN: 1, BAD_TAG: 2, BAD_DL_ADDR_MASK: 3, BAD_NW_ADDR_MASK: 4, BAD_WILDCARDS: 5, BAD_FIELD: 6,
    BAD_VALUE: 7, BAD_MASK: 8, BAD_PREREQ: 9, DUP_FIELD: 10, EPERM: 11,
  },
  FLOW_MOD_FAILED: { UNKNOWN: 0, TABLE_FULL: 1, BAD_TABLE_ID: 2, OVERLAP: 3, EPERM: 4, BAD_TIMEOUT: 5, BAD_COMMAND: 6, BAD_FLAGS: 7 },
  GROUP_MOD_FAILED: {
    GROUP_EXISTS: 0, INVALID_GROUP: 1, WEIGHT_UNSUPPORTED: 2, OUT_OF_GROUPS: 3, OUT_OF_BUCKETS: 4,
    CHAINING_UNSUPPORTED: 5, WATCH_UNSUPPORTED: 6, LOOP: 7, UNKNOWN_GROUP: 8, CHAINED_GROUP: 9, BAD_TYPE: 10,
    BAD_COMMAND: 11, BAD_BUCKET: 12, BAD_WATCH: 13, EPERM: 14,
  },
  PORT_MOD_FAILED: { BAD_PORT: 0, BAD_HW_ADDR: 1, BAD_CONFIG: 2, BAD_ADVERTISE: 3, EPERM: 4 },
  TABLE_MOD_FAILED: { BAD_TABLE: 0, BAD_CONFIG: 1, EPERM: 2 },
  QUEUE_OP_FAILED: { BAD_PORT: 0, BAD_QUEUE: 1, EPERM: 2 },
  SWITCH_CONFIG_FAILED: { BAD_FLAGS: 0, BAD_LEN: 1, EPERM: 2 },
  ROLE_REQUEST_FAILED: { STALE: 0, UNSUP: 1, BAD_ROLE: 2 },
  METER_MOD_FAILED: {
    UNKNOWN: 0, METER_EXISTS: 1, INVALID_METER: 2, UNKNOWN_METER: 3, BAD_COMMAND: 4, BAD_FLAGS: 5, BAD_RATE: 6,
    BAD_BURST: 7, BAD_BAND: 8, BAD_BAND_VALUE: 9, OUT_OF_METERS: 10, OUT_OF_BANDS: 11,
  },
  TABLE_FEATURES_FAILED: { BAD_TABLE: 0, BAD_METADATA: 1, BAD_TYPE: 2, BAD_LEN: 3, BAD_ARGUMENT: 4, EPERM: 5 },
} as const satisfies Record<Exclude<OfpErrorTypeName, 'EXPERIMENTER'>, Record<string, number>>;

const ERROR_CODE_NAMES = new Map<number, ReadonlyMap<number, string>>(
  (Object.keys(OFP_ERROR_CODES) as (keyof typeof OFP_ERROR_CODES)[]).map((t) => [OFPET[t], reverseMap(OFP_ERROR_CODES[t])]),
);

/** Pure. Spec names of an error type and code, e.g. `{ type: 'BAD_REQUEST', code: 'BAD_LEN' }`; unknown values stay numeric. */
export function errorName(errType: number, code: number): { type: string; code: string } {
  const type = OFPET_NAME.get(errType) ?? `0x${errType.toString(16)}`;
  const codeName = ERROR_CODE_NAMES.get(errType)?.get(code) ?? String(code);
  return { type, code: codeName };
}
