/**
 * The LLDP codec: exact bytes, round trips, every rejection, tampering, truncation and a seeded fuzz.
 * The expected HMAC tags were computed outside our code, with Python's hmac module and checked with
 * `openssl dgst -sha256 -mac HMAC -macopt key:isthmus-test-key` over the 22-byte input shown.
 */
import { buildLldpFrame, parseLldpFrame, LLDPDU_SIZE, ISTHMUS_TLV_SIZE, type LldpParse } from '../../../src/topology/lldp';
import { parseAnnotatedHex as hex } from '../../support/vectors';
import { Rng, seedFromEnv } from '../../support/rng';

const SECRET = Buffer.from('isthmus-test-key');
const SENT_AT = 1_700_000_000_000; // 0x0000018bcfe56800
const MAX_AGE = 9_000;
const BASE = { dpid: '00:00:0a:0b:0c:0d:0e:0f', portNo: 258, portMac: 'aa:bb:cc:00:11:22', secret: SECRET, sentAt: SENT_AT };

// HMAC input: 00 00 0a 0b 0c 0d 0e 0f | 00 00 01 02 | 00 00 01 8b cf e5 68 00 | 0e d7
const TAGGED = hex(`
  01 80 c2 00 00 0e                                 # dst: nearest bridge
  aa bb cc 00 11 22                                 # src: the port MAC
  81 00 0e d7                                       # 802.1Q: TPID 0x8100, PCP 0, DEI 0, VID 3799
  88 cc                                             # EtherType LLDP
  02 09 07 00 00 0a 0b 0c 0d 0e 0f                  # Chassis ID: type 1 len 9, subtype 7, dpid
  04 05 07 00 00 01 02                              # Port ID: type 2 len 5, subtype 7, port 258
  06 02 00 78                                       # TTL: type 3 len 2, 120 s
  fe 1c 02 49 53 01                                 # org TLV: type 127 len 28, OUI 02:49:53, subtype 1
  00 00 01 8b cf e5 68 00                           #   sentAt 1700000000000 ms
  68 a4 c2 bc 7c 5d 45 92 2f ea b5 8f f4 0e 2a 6f   #   HMAC-SHA256 truncated to 16 bytes
  00 00                                             # End TLV
`);

// Same port, all-zero port MAC, untagged. HMAC input ends in VID 00 00.
const UNTAGGED_GENERATED_MAC = hex(`
  01 80 c2 00 00 0e                                 # dst
  0a 0c 0d 0e 0f 02                                 # src: dpid bytes 3..7 (0b→0a: U/L set, I/G clear), port%256 = 02
  88 cc                                             # EtherType LLDP
  02 09 07 00 00 0a 0b 0c 0d 0e 0f                  # Chassis ID
  04 05 07 00 00 01 02                              # Port ID
  06 02 00 78                                       # TTL
  fe 1c 02 49 53 01 00 00 01 8b cf e5 68 00         # org TLV, sentAt
  67 dc 12 03 ce da 50 61 26 46 c6 c7 f3 db 57 ee   #   tag
  00 00                                             # End
`);

// lldpd on a Linux host: MAC chassis, interface-name port, a System Name TLV; padded to 60 bytes.
const LLDPD = hex(`
  01 80 c2 00 00 0e 52 54 00 12 34 56 88 cc
  02 07 04 52 54 00 12 34 56                        # Chassis ID: subtype 4 (MAC)
  04 05 05 65 74 68 30                              # Port ID: subtype 5 (interface name) "eth0"
  06 02 00 78                                       # TTL
  0a 04 68 6f 73 74                                 # System Name (type 5) "host"
  00 00                                             # End
  00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00   # padding
`);

// Kytos-ng of_lldp: our frame without the org TLV.
const KYTOS = hex(`
  01 80 c2 00 00 0e aa bb cc 00 11 22 81 00 0e d7 88 cc
  02 09 07 00 00 00 00 00 00 00 01                  # Chassis ID: subtype 7, dpid 1
  04 05 07 00 00 00 01                              # Port ID: subtype 7, port 1
  06 02 00 78 00 00
`);

const NOW = SENT_AT + 1_000;
const parse = (f: Buffer, now = NOW): LldpParse => parseLldpFrame(f, SECRET, now, MAX_AGE);
const ETH_TAGGED = 18; // where the LLDPDU starts in TAGGED
const AUTH_TLV = ETH_TAGGED + 11 + 7 + 4; // 40

/** A copy of `f` with `bytes` written at `at`. */
function patched(f: Buffer, at: number, bytes: number[]): Buffer {
  const c = Buffer.from(f);
  Buffer.from(bytes).copy(c, at);
  return c;
}

describe('buildLldpFrame', () => {
  it('writes the annotated bytes for a tagged frame', () => {
    expect(buildLldpFrame({ ...BASE, vlan: 3799 }).toString('hex')).toBe(TAGGED.toString('hex'));
  });

  it('replaces an all-zero or multicast port MAC with a locally administered one, and sends untagged', () => {
    expect(buildLldpFrame({ ...BASE, portMac: '00:00:00:00:00:00', vlan: undefined }).toString('hex')).toBe(UNTAGGED_GENERATED_MAC.toString('hex'));
    const multicast = buildLldpFrame({ ...BASE, portMac: '01:00:5e:00:00:01', vlan: undefined });
    expect(multicast.subarray(6, 12).toString('hex')).toBe('0a0c0d0e0f02');
    expect(multicast.length).toBe(68);
  });

  it('has the sizes its constants say: a 54-byte LLDPDU, 68 bytes untagged and 72 tagged', () => {
    expect([LLDPDU_SIZE, ISTHMUS_TLV_SIZE]).toEqual([54, 30]);
    expect(buildLldpFrame({ ...BASE, vlan: undefined }).length).toBe(14 + 54);
    expect(buildLldpFrame({ ...BASE, vlan: 1 }).length).toBe(18 + 54);
  });

  it('refuses arguments that do not fit their fields', () => {
    expect(() => buildLldpFrame({ ...BASE, dpid: '00:01', vlan: undefined })).toThrow(RangeError);
    expect(() => buildLldpFrame({ ...BASE, portNo: 0x1_0000_0000, vlan: undefined })).toThrow(RangeError);
    expect(() => buildLldpFrame({ ...BASE, portNo: -1, vlan: undefined })).toThrow(RangeError);
    expect(() => buildLldpFrame({ ...BASE, vlan: 0 })).toThrow(RangeError);
    expect(() => buildLldpFrame({ ...BASE, vlan: 4095 })).toThrow(RangeError);
    expect(() => buildLldpFrame({ ...BASE, sentAt: 1.5, vlan: undefined })).toThrow(RangeError);
    expect(() => buildLldpFrame({ ...BASE, portMac: 'aa:bb:cc', vlan: undefined })).toThrow(RangeError);
  });
});

describe('parseLldpFrame', () => {
  it('reads back what was built, tagged and untagged', () => {
    expect(parse(TAGGED)).toEqual({ kind: 'ok', dpid: '00:00:0a:0b:0c:0d:0e:0f', portNo: 258, sentAt: SENT_AT, vlan: 3799 });
    expect(parse(UNTAGGED_GENERATED_MAC)).toEqual({ kind: 'ok', dpid: '00:00:0a:0b:0c:0d:0e:0f', portNo: 258, sentAt: SENT_AT, vlan: undefined });
    const big = buildLldpFrame({ ...BASE, dpid: 'ff:ff:ff:ff:ff:ff:ff:fe', portNo: 0xfffffeff, vlan: 1, sentAt: NOW });
    expect(parse(big)).toEqual({ kind: 'ok', dpid: 'ff:ff:ff:ff:ff:ff:ff:fe', portNo: 0xfffffeff, sentAt: NOW, vlan: 1 });
  });

  it('skips an outer S-tag and authenticates the inner VID; a tag added to an untagged frame fails', () => {
    const stacked = Buffer.concat([TAGGED.subarray(0, 12), hex('88 a8 00 64'), TAGGED.subarray(12)]);
    expect(parse(stacked)).toMatchObject({ kind: 'ok', vlan: 3799 });
    const legacyOuter = Buffer.concat([TAGGED.subarray(0, 12), hex('91 00 00 64'), TAGGED.subarray(12)]);
    expect(parse(legacyOuter)).toMatchObject({ kind: 'ok', vlan: 3799 });
    const retagged = Buffer.concat([UNTAGGED_GENERATED_MAC.subarray(0, 12), hex('81 00 00 64'), UNTAGGED_GENERATED_MAC.subarray(12)]);
    expect(parse(retagged)).toEqual({ kind: 'bad_auth' });
    // A priority tag (VID 0) authenticates like no tag.
    const priority = Buffer.concat([UNTAGGED_GENERATED_MAC.subarray(0, 12), hex('81 00 e0 00'), UNTAGGED_GENERATED_MAC.subarray(12)]);
    expect(parse(priority)).toMatchObject({ kind: 'ok', vlan: 0 });
    // PCP is not authenticated: a bridge may re-mark priority.
    expect(parse(patched(TAGGED, 14, [0xee]))).toMatchObject({ kind: 'ok', vlan: 3799 });
  });

  it('says not_lldp for other EtherTypes, short frames and a third tag', () => {
    expect(parse(Buffer.alloc(0))).toEqual({ kind: 'not_lldp' });
    expect(parse(patched(TAGGED, 16, [0x08, 0x00]))).toEqual({ kind: 'not_lldp' });
    expect(parse(patched(UNTAGGED_GENERATED_MAC, 12, [0x86, 0xdd]))).toEqual({ kind: 'not_lldp' });
    const threeTags = Buffer.concat([TAGGED.subarray(0, 12), hex('88 a8 00 64 81 00 00 65'), TAGGED.subarray(12)]);
    expect(parse(threeTags)).toEqual({ kind: 'not_lldp' });
  });

  it('says foreign for LLDP without our TLV, and describes its IDs', () => {
    expect(parse(LLDPD)).toEqual({ kind: 'foreign', chassis: '52:54:00:12:34:56', port: 'eth0' });
    expect(parse(KYTOS)).toEqual({ kind: 'foreign', chassis: '00:00:00:00:00:00:00:01', port: '1' });
    // Our OUI with another subtype is a later version of the TLV: skipped, so the frame is foreign.
    expect(parse(patched(TAGGED, AUTH_TLV + 5, [0x02]))).toMatchObject({ kind: 'foreign' });
    // Another OUI is someone else's TLV.
    expect(parse(patched(TAGGED, AUTH_TLV + 2, [0x00, 0x12, 0x0f]))).toMatchObject({ kind: 'foreign' });
    // Non-printable IDs are shown as hex.
    expect(parse(patched(LLDPD, 26, [0x01, 0xff]))).toMatchObject({ kind: 'foreign', port: '01ff6830' });
  });

  it('says bad_auth for another key, and stale outside the time window', () => {
    expect(parseLldpFrame(TAGGED, Buffer.from('another-test-key'), NOW, MAX_AGE)).toEqual({ kind: 'bad_auth' });
    expect(parse(TAGGED, SENT_AT + 9_000)).toMatchObject({ kind: 'ok' });
    expect(parse(TAGGED, SENT_AT + 9_001)).toEqual({ kind: 'stale', ageMs: 9_001 });
    expect(parse(TAGGED, SENT_AT - 2_000)).toMatchObject({ kind: 'ok' });
    expect(parse(TAGGED, SENT_AT - 2_001)).toEqual({ kind: 'stale', ageMs: -2_001 });
  });

  it.each<[string, Buffer]>([
    ['first TLV is not Chassis ID', patched(TAGGED, ETH_TAGGED, [0x04])],
    ['Chassis ID of length 1', Buffer.concat([TAGGED.subarray(0, ETH_TAGGED), hex('02 01 07 04 05 07 00 00 01 02 06 02 00 78 00 00')])],
    ['TTL of length 3', Buffer.concat([TAGGED.subarray(0, ETH_TAGGED + 18), hex('06 03 00 78 00 00 00')])],
    ['TLV past the frame', patched(TAGGED, ETH_TAGGED + 1, [0x7f])],
    ['End TLV with a length', patched(TAGGED, TAGGED.length - 2, [0x00, 0x01])],
    ['no End TLV', TAGGED.subarray(0, TAGGED.length - 2)],
    ['a second Chassis ID', Buffer.concat([TAGGED.subarray(0, TAGGED.length - 2), TAGGED.subarray(ETH_TAGGED, ETH_TAGGED + 11), hex('00 00')])],
    ['org TLV shorter than 4', Buffer.concat([TAGGED.subarray(0, TAGGED.length - 2), hex('fe 03 02 49 53 00 00')])],
    ['our TLV of length 27', Buffer.concat([TAGGED.subarray(0, AUTH_TLV), hex('fe 1b'), TAGGED.subarray(AUTH_TLV + 2, AUTH_TLV + 29), hex('00 00')])],
    ['our TLV twice', Buffer.concat([TAGGED.subarray(0, TAGGED.length - 2), TAGGED.subarray(AUTH_TLV, AUTH_TLV + 30), hex('00 00')])],
    ['our TLV with a MAC chassis', patched(TAGGED, ETH_TAGGED + 2, [0x04])],
    ['our TLV with a 2-byte port', Buffer.concat([TAGGED.subarray(0, ETH_TAGGED + 11), hex('04 03 07 01 02'), TAGGED.subarray(ETH_TAGGED + 18)])],
  ])('says malformed: %s', (_name, frame) => {
    expect(parse(frame)).toMatchObject({ kind: 'malformed', reason: expect.any(String) });
  });

  it('says bad_auth when any authenticated byte changes, foreign or malformed when the TLV header does', () => {
    const covered = [
      ...range(ETH_TAGGED - 4, ETH_TAGGED - 2).map((i) => [i, [0x01, 0x0f]] as const), // the TCI's VID bits
      ...range(ETH_TAGGED + 3, ETH_TAGGED + 11).map((i) => [i, [0x01, 0x80, 0xff]] as const), // dpid
      ...range(ETH_TAGGED + 14, ETH_TAGGED + 18).map((i) => [i, [0x01, 0x80, 0xff]] as const), // port
      ...range(AUTH_TLV + 6, AUTH_TLV + 30).map((i) => [i, [0x01, 0x80, 0xff]] as const), // sentAt and tag
    ];
    expect(covered).toHaveLength(2 + 8 + 4 + 24);
    for (const [i, masks] of covered) {
      for (const m of masks) {
        expect([i, m, parse(patched(TAGGED, i, [(TAGGED[i] as number) ^ m]))]).toEqual([i, m, { kind: 'bad_auth' }]);
      }
    }
    for (const i of range(AUTH_TLV + 2, AUTH_TLV + 6)) {
      expect([i, parse(patched(TAGGED, i, [(TAGGED[i] as number) ^ 0x01])).kind]).toEqual([i, 'foreign']);
    }
    // The header fe 1c: type 127, length 28.
    const header: [number, number, string][] = [
      [AUTH_TLV, 0x01, 'malformed'], // ff 1c: length 284, past the frame
      [AUTH_TLV, 0x80, 'foreign'], // 7e 1c: type 63 (reserved, skipped), length 28
      [AUTH_TLV, 0xff, 'malformed'], // 01 1c: type 0 (End) with length 284
      [AUTH_TLV + 1, 0x01, 'malformed'], // fe 1d: our TLV with length 29
      [AUTH_TLV + 1, 0x80, 'malformed'], // fe 9c: length 156, past the frame
      [AUTH_TLV + 1, 0xff, 'malformed'], // fe e3: length 227, past the frame
    ];
    for (const [i, m, kind] of header) {
      expect([i, m, parse(patched(TAGGED, i, [(TAGGED[i] as number) ^ m])).kind]).toEqual([i, m, kind]);
    }
  });

  it('says not_lldp or malformed, never throwing, for the frame cut at every offset', () => {
    for (let n = 0; n < TAGGED.length; n++) {
      // Up to the EtherType (18 bytes with the tag) nothing says LLDP; after it, the LLDPDU is cut.
      expect([n, parse(TAGGED.subarray(0, n)).kind]).toEqual([n, n < 18 ? 'not_lldp' : 'malformed']);
    }
    for (let n = 0; n < UNTAGGED_GENERATED_MAC.length; n++) {
      expect([n, parse(UNTAGGED_GENERATED_MAC.subarray(0, n)).kind]).toEqual([n, n < 14 ? 'not_lldp' : 'malformed']);
    }
  });

  it('only ever gives typed results, and never accepts a forgery, over 20,000 mutated frames', () => {
    const seed = seedFromEnv('ISTHMUS_FUZZ_SEED', 0x11d9);
    const rng = new Rng(seed);
    const seeds = [TAGGED, UNTAGGED_GENERATED_MAC, LLDPD, KYTOS];
    const seen = new Map<string, number>();
    for (let i = 0; i < 20_000; i++) {
      // One case in ten is random bytes behind an LLDP Ethernet header: a random LLDPDU.
      const frame = rng.chance(0.1) ? Buffer.concat([TAGGED.subarray(0, ETH_TAGGED), rng.bytes(rng.int(80))]) : mutate(rng, rng.pick(seeds));
      let result: LldpParse;
      try {
        result = parse(frame);
      } catch (e) {
        throw new Error(`seed ${seed} case ${i}: threw ${String(e)} on ${frame.toString('hex')}`);
      }
      seen.set(result.kind, (seen.get(result.kind) ?? 0) + 1);
      switch (result.kind) {
        case 'ok':
          // Only our two frames authenticate, so an accepted frame announces their port and time.
          expect([seed, i, result.dpid, result.portNo, result.sentAt]).toEqual([seed, i, '00:00:0a:0b:0c:0d:0e:0f', 258, SENT_AT]);
          break;
        case 'malformed':
          expect(typeof result.reason).toBe('string');
          break;
        case 'stale':
          expect(typeof result.ageMs).toBe('number');
          break;
        case 'foreign':
        case 'not_lldp':
        case 'bad_auth':
          break;
        default:
          throw new Error(`seed ${seed} case ${i}: untyped result ${JSON.stringify(result)}`);
      }
    }
    // The mutations reach every classification, so the fuzz exercises each path.
    expect([...seen.keys()].sort()).toEqual(['bad_auth', 'foreign', 'malformed', 'not_lldp', 'ok']);
  });
});

function range(from: number, to: number): number[] {
  return Array.from({ length: to - from }, (_, k) => from + k);
}

/** One to three random edits: flip bytes, overwrite a TLV header, cut, append, or splice in random bytes. */
function mutate(rng: Rng, base: Buffer): Buffer {
  let f = Buffer.from(base);
  for (let n = rng.range(1, 3); n > 0; n--) {
    const at = f.length === 0 ? 0 : rng.int(f.length);
    switch (rng.int(6)) {
      case 0:
        if (f.length > 0) f[at] = rng.int(256);
        break;
      case 1:
        if (f.length > 0) f[at] = (f[at] as number) ^ (1 << rng.int(8));
        break;
      case 2:
        f = f.subarray(0, at);
        break;
      case 3:
        f = Buffer.concat([f, rng.bytes(rng.range(1, 40))]);
        break;
      case 4:
        f = Buffer.concat([f.subarray(0, at), rng.bytes(rng.range(1, 6)), f.subarray(at)]);
        break;
      default:
        if (at + 1 < f.length) f.writeUInt16BE(rng.int(0x10000), at);
        break;
    }
  }
  return f;
}
