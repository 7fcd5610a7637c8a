/**
 * OpenFlow 1.3 messages as plain, readonly data: closed discriminated unions tagged with the spec's
 * own words. No message holds a socket, a datapath or an xid (the xid belongs to the connection).
 * Byte strings are Buffers (views into the received frame when decoded). 64-bit counters, cookies
 * and metadata are bigint; datapath ids are canonical strings.
 *
 * Every union that a switch or a newer spec could extend has an opaque variant (`unknown` or
 * `experimenter`) that keeps the bytes and re-encodes to them exactly.
 */
import type { OxmName, OxmValueOf } from './oxm-table';

/** Canonical datapath id: eight lower-case hex octets joined by colons. */
export type Dpid = string & { readonly __brand?: 'Dpid' };

// ---------------------------------------------------------------------------------------------
// Match (7.2.3)

/** An OpenFlow-basic OXM TLV; `mask` present means the HM bit is set. */
export type OxmBasic = {
  [N in OxmName]: { readonly field: N; readonly value: OxmValueOf<N>; readonly mask?: OxmValueOf<N> };
}[OxmName];

/** An OXM TLV of another class (NXM, experimenter, …), kept as its exact payload. */
export interface OxmOpaque {
  readonly field: 'opaque';
  readonly oxmClass: number;
  readonly oxmField: number;
  readonly hasMask: boolean;
  /** The payload after the 4-byte header (for the experimenter class, starting with the experimenter id). */
  readonly body: Buffer;
}

export type Oxm = OxmBasic | OxmOpaque;
/** An OFPMT_OXM match: its TLVs in wire order. */
export type Match = readonly Oxm[];

// ---------------------------------------------------------------------------------------------
// Actions (7.2.5)

export type Action =
  | { readonly type: 'output'; readonly port: number; readonly maxLen: number }
  | { readonly type: 'copy_ttl_out' }
  | { readonly type: 'copy_ttl_in' }
  | { readonly type: 'set_mpls_ttl'; readonly ttl: number }
  | { readonly type: 'dec_mpls_ttl' }
  | { readonly type: 'push_vlan'; readonly ethertype: number }
  | { readonly type: 'pop_vlan' }
  | { readonly type: 'push_mpls'; readonly ethertype: number }
  | { readonly type: 'pop_mpls'; readonly ethertype: number }
  | { readonly type: 'set_queue'; readonly queueId: number }
  | { readonly type: 'group'; readonly groupId: number }
  | { readonly type: 'set_nw_ttl'; readonly ttl: number }
  | { readonly type: 'dec_nw_ttl' }
  | { readonly type: 'set_field'; readonly field: Oxm }
  | { readonly type: 'push_pbb'; readonly ethertype: number }
  | { readonly type: 'pop_pbb' }
  /** ofp_action_experimenter_header; `data` is everything after the experimenter id, padding included. */
  | { readonly type: 'experimenter'; readonly experimenter: number; readonly data: Buffer }
  /** An action type this codec does not know; `body` is everything after type and len. */
  | { readonly type: 'unknown'; readonly code: number; readonly body: Buffer };

// ---------------------------------------------------------------------------------------------
// Instructions (7.2.4)

export type Instruction =
  | { readonly type: 'goto_table'; readonly tableId: number }
  | { readonly type: 'write_metadata'; readonly metadata: bigint; readonly metadataMask: bigint }
  | { readonly type: 'write_actions'; readonly actions: readonly Action[] }
  | { readonly type: 'apply_actions'; readonly actions: readonly Action[] }
  | { readonly type: 'clear_actions' }
  | { readonly type: 'meter'; readonly meterId: number }
  | { readonly type: 'experimenter'; readonly experimenter: number; readonly data: Buffer }
  | { readonly type: 'unknown'; readonly code: number; readonly body: Buffer };

// ---------------------------------------------------------------------------------------------
// Common structures

/** 7.2.1 ofp_port. */
export interface Port {
  readonly portNo: number;
  readonly hwAddr: string;
  readonly name: string;
  readonly config: number;
  readonly state: number;
  readonly curr: number;
  readonly advertised: number;
  readonly supported: number;
  readonly peer: number;
  readonly currSpeed: number;
  readonly maxSpeed: number;
}

/** 7.3.4.3 ofp_bucket. */
export interface Bucket {
  readonly weight: number;
  readonly watchPort: number;
  readonly watchGroup: number;
  readonly actions: readonly Action[];
}

export type GroupType = 'all' | 'select' | 'indirect' | 'ff';

/** 7.3.4.5 meter bands. */
export type MeterBand =
  | { readonly type: 'drop'; readonly rate: number; readonly burstSize: number }
  | { readonly type: 'dscp_remark'; readonly rate: number; readonly burstSize: number; readonly precLevel: number }
  | { readonly type: 'experimenter'; readonly rate: number; readonly burstSize: number; readonly experimenter: number; readonly data: Buffer }
  | { readonly type: 'unknown'; readonly code: number; readonly rate: number; readonly burstSize: number; readonly body: Buffer };

/** 7.2.2 queue properties. */
export type QueueProp =
  | { readonly type: 'min_rate'; readonly rate: number }
  | { readonly type: 'max_rate'; readonly rate: number }
  | { readonly type: 'experimenter'; readonly experimenter: number; readonly data: Buffer }
  | { readonly type: 'unknown'; readonly code: number; readonly body: Buffer };

/** 7.2.2 ofp_packet_queue. */
export interface PacketQueue {
  readonly queueId: number;
  readonly port: number;
  readonly properties: readonly QueueProp[];
}

/** 7.5.1 hello elements. */
export type HelloElem =
  | { readonly type: 'versionbitmap'; readonly bitmaps: readonly number[] }
  | { readonly type: 'unknown'; readonly code: number; readonly body: Buffer };

export type FlowModCommand = 'add' | 'modify' | 'modify_strict' | 'delete' | 'delete_strict';
export type GroupModCommand = 'add' | 'modify' | 'delete';
export type MeterModCommand = 'add' | 'modify' | 'delete';
export type ControllerRole = 'nochange' | 'equal' | 'master' | 'slave';
export type PacketInReason = 'no_match' | 'action' | 'invalid_ttl';
export type FlowRemovedReason = 'idle_timeout' | 'hard_timeout' | 'delete' | 'group_delete';
export type PortReason = 'add' | 'delete' | 'modify';

/** 7.3.10 the three mask pairs of ofp_async_config ([0] master/equal, [1] slave). */
export interface AsyncConfig {
  readonly packetInMask: readonly [number, number];
  readonly portStatusMask: readonly [number, number];
  readonly flowRemovedMask: readonly [number, number];
}

// ---------------------------------------------------------------------------------------------
// Multipart bodies (7.3.5)

export interface FlowStatsRequest {
  readonly tableId: number;
  readonly outPort: number;
  readonly outGroup: number;
  readonly cookie: bigint;
  readonly cookieMask: bigint;
  readonly match: Match;
}

export interface FlowStats {
  readonly tableId: number;
  readonly durationSec: number;
  readonly durationNsec: number;
  readonly priority: number;
  readonly idleTimeout: number;
  readonly hardTimeout: number;
  readonly flags: number;
  readonly cookie: bigint;
  readonly packetCount: bigint;
  readonly byteCount: bigint;
  readonly match: Match;
  readonly instructions: readonly Instruction[];
}

export interface TableStats {
  readonly tableId: number;
  readonly activeCount: number;
  readonly lookupCount: bigint;
  readonly matchedCount: bigint;
}

export interface PortStats {
  readonly portNo: number;
  readonly rxPackets: bigint;
  readonly txPackets: bigint;
  readonly rxBytes: bigint;
  readonly txBytes: bigint;
  readonly rxDropped: bigint;
  readonly txDropped: bigint;
  readonly rxErrors: bigint;
  readonly txErrors: bigint;
  readonly rxFrameErr: bigint;
  readonly rxOverErr: bigint;
  readonly rxCrcErr: bigint;
  readonly collisions: bigint;
  readonly durationSec: number;
  readonly durationNsec: number;
}

export interface QueueStats {
  readonly portNo: number;
  readonly queueId: number;
  readonly txBytes: bigint;
  readonly txPackets: bigint;
  readonly txErrors: bigint;
  readonly durationSec: number;
  readonly durationNsec: number;
}

export interface GroupStats {
  readonly groupId: number;
  readonly refCount: number;
  readonly packetCount: bigint;
  readonly byteCount: bigint;
  readonly durationSec: number;
  readonly durationNsec: number;
  readonly bucketStats: readonly { readonly packetCount: bigint; readonly byteCount: bigint }[];
}

export interface GroupDesc {
  readonly groupType: GroupType;
  readonly groupId: number;
  readonly buckets: readonly Bucket[];
}

export interface GroupFeatures {
  readonly types: number;
  readonly capabilities: number;
  readonly maxGroups: readonly [number, number, number, number];
  readonly actions: readonly [number, number, number, number];
}

export interface MeterStats {
  readonly meterId: number;
  readonly flowCount: number;
  readonly packetInCount: bigint;
  readonly byteInCount: bigint;
  readonly durationSec: number;
  readonly durationNsec: number;
  readonly bandStats: readonly { readonly packetBandCount: bigint; readonly byteBandCount: bigint }[];
}

export interface MeterConfig {
  readonly flags: number;
  readonly meterId: number;
  readonly bands: readonly MeterBand[];
}

export interface MeterFeatures {
  readonly maxMeter: number;
  readonly bandTypes: number;
  readonly capabilities: number;
  readonly maxBands: number;
  readonly maxColor: number;
}

/** An instruction or action id in a table-features property: its type and any bytes after the 4-byte header. */
export interface FeatureId {
  readonly code: number;
  readonly data: Buffer;
}

/** An OXM id in a table-features property: the 32-bit header, plus the experimenter id for class 0xffff. */
export interface OxmId {
  readonly header: number;
  readonly experimenter?: number;
}

/** 7.3.5.5.2 table feature properties. */
export type TableFeatureProp =
  | { readonly type: 'instructions' | 'instructions_miss'; readonly ids: readonly FeatureId[] }
  | { readonly type: 'next_tables' | 'next_tables_miss'; readonly tableIds: readonly number[] }
  | {
      readonly type: 'write_actions' | 'write_actions_miss' | 'apply_actions' | 'apply_actions_miss';
      readonly ids: readonly FeatureId[];
    }
  | {
      readonly type: 'match' | 'wildcards' | 'write_setfield' | 'write_setfield_miss' | 'apply_setfield' | 'apply_setfield_miss';
      readonly oxmIds: readonly OxmId[];
    }
  | { readonly type: 'experimenter' | 'experimenter_miss'; readonly experimenter: number; readonly expType: number; readonly data: Buffer }
  | { readonly type: 'unknown'; readonly code: number; readonly body: Buffer };

/** 7.3.5.5.1 ofp_table_features. */
export interface TableFeatures {
  readonly tableId: number;
  readonly name: string;
  readonly metadataMatch: bigint;
  readonly metadataWrite: bigint;
  readonly config: number;
  readonly maxEntries: number;
  readonly properties: readonly TableFeatureProp[];
}

export interface SwitchDesc {
  readonly mfrDesc: string;
  readonly hwDesc: string;
  readonly swDesc: string;
  readonly serialNum: string;
  readonly dpDesc: string;
}

export type MultipartRequestBody =
  | { readonly type: 'desc' }
  | ({ readonly type: 'flow' } & FlowStatsRequest)
  | ({ readonly type: 'aggregate' } & FlowStatsRequest)
  | { readonly type: 'table' }
  | { readonly type: 'port_stats'; readonly portNo: number }
  | { readonly type: 'queue'; readonly portNo: number; readonly queueId: number }
  | { readonly type: 'group'; readonly groupId: number }
  | { readonly type: 'group_desc' }
  | { readonly type: 'group_features' }
  | { readonly type: 'meter'; readonly meterId: number }
  | { readonly type: 'meter_config'; readonly meterId: number }
  | { readonly type: 'meter_features' }
  | { readonly type: 'table_features'; readonly tables: readonly TableFeatures[] }
  | { readonly type: 'port_desc' }
  | { readonly type: 'experimenter'; readonly experimenter: number; readonly expType: number; readonly data: Buffer }
  | { readonly type: 'unknown'; readonly code: number; readonly body: Buffer };

export type MultipartReplyBody =
  | ({ readonly type: 'desc' } & SwitchDesc)
  | { readonly type: 'flow'; readonly stats: readonly FlowStats[] }
  | { readonly type: 'aggregate'; readonly packetCount: bigint; readonly byteCount: bigint; readonly flowCount: number }
  | { readonly type: 'table'; readonly stats: readonly TableStats[] }
  | { readonly type: 'port_stats'; readonly stats: readonly PortStats[] }
  | { readonly type: 'queue'; readonly stats: readonly QueueStats[] }
  | { readonly type: 'group'; readonly stats: readonly GroupStats[] }
  | { readonly type: 'group_desc'; readonly groups: readonly GroupDesc[] }
  | ({ readonly type: 'group_features' } & GroupFeatures)
  | { readonly type: 'meter'; readonly stats: readonly MeterStats[] }
  | { readonly type: 'meter_config'; readonly configs: readonly MeterConfig[] }
  | ({ readonly type: 'meter_features' } & MeterFeatures)
  | { readonly type: 'table_features'; readonly tables: readonly TableFeatures[] }
  | { readonly type: 'port_desc'; readonly ports: readonly Port[] }
  | { readonly type: 'experimenter'; readonly experimenter: number; readonly expType: number; readonly data: Buffer }
  | { readonly type: 'unknown'; readonly code: number; readonly body: Buffer };

export type MultipartType = MultipartRequestBody['type'];

// ---------------------------------------------------------------------------------------------
// Messages (7.3, 7.4, 7.5)

export type OfpMessage =
  /** `version` is the header version: a peer may offer another, and negotiation needs to see it. */
  | { readonly type: 'hello'; readonly version: number; readonly elements: readonly HelloElem[] }
  /**
   * `errType`/`code` are the wire numbers (names from constants.errorName). For OFPET_EXPERIMENTER
   * the code field is exp_type and `data` begins with the experimenter id. `version` is the
   * header version, since HELLO_FAILED may answer a peer of another version.
   */
  | { readonly type: 'error'; readonly version: number; readonly errType: number; readonly code: number; readonly data: Buffer }
  | { readonly type: 'echo_request'; readonly data: Buffer }
  | { readonly type: 'echo_reply'; readonly data: Buffer }
  | { readonly type: 'experimenter'; readonly experimenter: number; readonly expType: number; readonly data: Buffer }
  | { readonly type: 'features_request' }
  | {
      readonly type: 'features_reply';
      readonly datapathId: Dpid;
      readonly nBuffers: number;
      readonly nTables: number;
      readonly auxiliaryId: number;
      readonly capabilities: number;
      readonly reserved: number;
    }
  | { readonly type: 'get_config_request' }
  | { readonly type: 'get_config_reply'; readonly flags: number; readonly missSendLen: number }
  | { readonly type: 'set_config'; readonly flags: number; readonly missSendLen: number }
  | {
      readonly type: 'packet_in';
      readonly bufferId: number;
      readonly totalLen: number;
      readonly reason: PacketInReason;
      readonly tableId: number;
      readonly cookie: bigint;
      readonly match: Match;
      readonly data: Buffer;
    }
  | {
      readonly type: 'flow_removed';
      readonly cookie: bigint;
      readonly priority: number;
      readonly reason: FlowRemovedReason;
      readonly tableId: number;
      readonly durationSec: number;
      readonly durationNsec: number;
      readonly idleTimeout: number;
      readonly hardTimeout: number;
      readonly packetCount: bigint;
      readonly byteCount: bigint;
      readonly match: Match;
    }
  | { readonly type: 'port_status'; readonly reason: PortReason; readonly desc: Port }
  | {
      readonly type: 'packet_out';
      readonly bufferId: number;
      readonly inPort: number;
      readonly actions: readonly Action[];
      readonly data: Buffer;
    }
  | {
      readonly type: 'flow_mod';
      readonly cookie: bigint;
      readonly cookieMask: bigint;
      readonly tableId: number;
      readonly command: FlowModCommand;
      readonly idleTimeout: number;
      readonly hardTimeout: number;
      readonly priority: number;
      readonly bufferId: number;
      readonly outPort: number;
      readonly outGroup: number;
      readonly flags: number;
      readonly match: Match;
      readonly instructions: readonly Instruction[];
    }
  | {
      readonly type: 'group_mod';
      readonly command: GroupModCommand;
      readonly groupType: GroupType;
      readonly groupId: number;
      readonly buckets: readonly Bucket[];
    }
  | {
      readonly type: 'port_mod';
      readonly portNo: number;
      readonly hwAddr: string;
      readonly config: number;
      readonly mask: number;
      readonly advertise: number;
    }
  | { readonly type: 'table_mod'; readonly tableId: number; readonly config: number }
  | { readonly type: 'multipart_request'; readonly flags: number; readonly body: MultipartRequestBody }
  | { readonly type: 'multipart_reply'; readonly flags: number; readonly body: MultipartReplyBody }
  | { readonly type: 'barrier_request' }
  | { readonly type: 'barrier_reply' }
  | { readonly type: 'queue_get_config_request'; readonly port: number }
  | { readonly type: 'queue_get_config_reply'; readonly port: number; readonly queues: readonly PacketQueue[] }
  | { readonly type: 'role_request'; readonly role: ControllerRole; readonly generationId: bigint }
  | { readonly type: 'role_reply'; readonly role: ControllerRole; readonly generationId: bigint }
  | { readonly type: 'get_async_request' }
  | ({ readonly type: 'get_async_reply' } & AsyncConfig)
  | ({ readonly type: 'set_async' } & AsyncConfig)
  | {
      readonly type: 'meter_mod';
      readonly command: MeterModCommand;
      readonly flags: number;
      readonly meterId: number;
      readonly bands: readonly MeterBand[];
    }
  /** A message type this codec does not know (ofp_header.type above 29); `body` follows the header. */
  | { readonly type: 'unknown'; readonly code: number; readonly body: Buffer };

export type OfpMessageType = OfpMessage['type'];
/** The variant of OfpMessage with the given tag. */
export type MessageOf<T extends OfpMessageType> = Extract<OfpMessage, { type: T }>;

/** A decoded frame: the message and the header's transaction id. */
export interface Frame {
  readonly xid: number;
  readonly msg: OfpMessage;
}
