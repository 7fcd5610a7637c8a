/**
 * Unit tests for src/ofp/table-features.ts (OF1.3.5 7.3.5.5 "Table Features"). Expected bytes are
 * written out by hand from the spec layout, never produced by our writer.
 */
import { OfpDecodeError, OfpEncodeError } from '../../../src/ofp/errors';
import { Reader } from '../../../src/ofp/reader';
import {
  decodeTableFeatures,
  decodeTableFeaturesList,
  encodeTableFeatures,
  encodeTableFeaturesList,
  OFP_TABLE_FEATURES_SIZE,
} from '../../../src/ofp/table-features';
import type { OxmId, TableFeatureProp, TableFeatures } from '../../../src/ofp/types';
import { Writer } from '../../../src/ofp/writer';
import { parseAnnotatedHex as hex } from '../../support/vectors';

function encoded(f: (w: Writer) => void): Buffer {
  const w = new Writer(8);
  f(w);
  return w.finish();
}

function decodeError(buf: Buffer): { code: string; offset: number } {
  try {
    decodeTableFeaturesList(new Reader(buf));
  } catch (e) {
    if (e instanceof OfpDecodeError) return { code: e.code, offset: e.offset };
    throw e;
  }
  throw new Error('decoded without error');
}

/** The 64-byte ofp_table_features header for table 0 named "t0" with the given total length. */
function header(length: number): string {
  return `
    ${(length >> 8).toString(16).padStart(2, '0')} ${(length & 0xff).toString(16).padStart(2, '0')}
    00  00 00 00 00 00                                   # table_id=0, pad[5]
    74 30 00 00 00 00 00 00 00 00 00 00 00 00 00 00      # name "t0", NUL padded to 32
    00 00 00 00 00 00 00 00 00 00 00 00 00 00 00 00
    ff ff ff ff ff ff ff ff                              # metadata_match
    00 00 00 00 00 00 00 ff                              # metadata_write
    00 00 00 03  00 00 10 00                             # config=3, max_entries=4096
  `;
}

const table: TableFeatures = {
  tableId: 0,
  name: 't0',
  metadataMatch: 0xffffffffffffffffn,
  metadataWrite: 0xffn,
  config: 3,
  maxEntries: 4096,
  properties: [
    {
      type: 'instructions',
      ids: [
        { code: 1, data: Buffer.alloc(0) },
        { code: 4, data: Buffer.alloc(0) },
        { code: 0xffff, data: hex('00 00 23 20') },
      ],
    },
    { type: 'next_tables', tableIds: [1, 2, 3] },
    { type: 'write_actions', ids: [{ code: 0, data: Buffer.alloc(0) }] },
    { type: 'match', oxmIds: [{ header: 0x80000004 }, { header: 0xffff0208, experimenter: 0x2320 }] },
    { type: 'experimenter', experimenter: 0x2320, expType: 1, data: hex('ab cd') },
    { type: 'unknown', code: 0x20, body: hex('ee') },
  ],
};

const props = `
  00 00 00 14  00 01 00 04  00 04 00 04  ff ff 00 08   # instructions length=20: goto_table, apply_actions,
  00 00 23 20  00 00 00 00                             #   experimenter id 0x2320; pad to 24
  00 02 00 07  01 02 03 00                             # next_tables length=7: 1 2 3; pad
  00 04 00 08  00 00 00 04                             # write_actions length=8: output
  00 08 00 10  80 00 00 04  ff ff 02 08  00 00 23 20   # match length=16: in_port, experimenter OXM + id
  ff fe 00 0e  00 00 23 20  00 00 00 01  ab cd 00 00   # experimenter length=14 exp_type=1 data; pad
  00 20 00 05  ee 00 00 00                             # property 0x20 (undefined) length=5; pad
`;
const bytes = hex(header(144) + props);

describe('ofp_table_features (7.3.5.5)', () => {
  it('encodes to the spec layout', () => {
    expect(bytes.length).toBe(OFP_TABLE_FEATURES_SIZE + 80);
    expect(encoded((w) => encodeTableFeatures(w, table))).toEqual(bytes);
  });

  it('decodes the spec layout', () => {
    const r = new Reader(bytes);
    expect(decodeTableFeatures(r)).toEqual(table);
    expect(r.remaining).toBe(0);
  });

  it('round-trips every property type', () => {
    const all: TableFeatureProp[] = [
      { type: 'instructions', ids: [{ code: 1, data: Buffer.alloc(0) }] },
      { type: 'instructions_miss', ids: [] },
      { type: 'next_tables', tableIds: [] },
      { type: 'next_tables_miss', tableIds: [0xfe] },
      { type: 'write_actions', ids: [] },
      { type: 'write_actions_miss', ids: [{ code: 25, data: Buffer.alloc(0) }] },
      { type: 'apply_actions', ids: [{ code: 0xffff, data: hex('00 00 23 20 00 10') }] },
      { type: 'apply_actions_miss', ids: [] },
      { type: 'match', oxmIds: [] },
      { type: 'wildcards', oxmIds: [{ header: 0x80000a02 }] },
      { type: 'write_setfield', oxmIds: [{ header: 0x80000806 }] },
      { type: 'write_setfield_miss', oxmIds: [] },
      { type: 'apply_setfield', oxmIds: [{ header: 0x80000c02 }] },
      { type: 'apply_setfield_miss', oxmIds: [{ header: 0x00010004 }] },
      { type: 'experimenter', experimenter: 1, expType: 2, data: Buffer.alloc(0) },
      { type: 'experimenter_miss', experimenter: 1, expType: 2, data: hex('01 02 03 04 05 06 07 08 09') },
      { type: 'unknown', code: 0x7777, body: Buffer.alloc(0) },
    ];
    const tables = [table, { ...table, tableId: 1, name: '', properties: all }];
    const buf = encoded((w) => encodeTableFeaturesList(w, tables));
    expect(buf.length % 8).toBe(0);
    expect(decodeTableFeaturesList(new Reader(buf))).toEqual(tables);
  });

  it('decodes an empty list from an empty reader', () => {
    expect(decodeTableFeaturesList(new Reader(Buffer.alloc(0)))).toEqual([]);
  });

  it('rejects a table length below 64 at its length field', () => {
    expect(decodeError(hex(header(8)))).toEqual({ code: 'BAD_LENGTH', offset: 0 });
  });

  it('rejects a table length that overruns the list', () => {
    expect(decodeError(hex(header(72)))).toEqual({ code: 'BAD_LENGTH', offset: 0 });
  });

  it('rejects a zero-length or 2-byte property (no loop)', () => {
    expect(decodeError(hex(header(72) + '00 00 00 00 00 00 00 00'))).toEqual({ code: 'BAD_LENGTH', offset: 66 });
    expect(decodeError(hex(header(72) + '00 02 00 02 00 00 00 00'))).toEqual({ code: 'BAD_LENGTH', offset: 66 });
  });

  it('rejects a property whose padding runs past the table', () => {
    // length=7 needs 8 bytes with its padding, but the table ends after 7.
    expect(decodeError(hex(header(71) + '00 02 00 07 01 02 03'))).toEqual({ code: 'BAD_LENGTH', offset: 66 });
  });

  it('rejects an experimenter property shorter than its 12-byte header', () => {
    expect(decodeError(hex(header(72) + 'ff fe 00 08 00 00 23 20'))).toEqual({ code: 'BAD_LENGTH', offset: 66 });
  });

  it('rejects a zero-length instruction id (no loop)', () => {
    expect(decodeError(hex(header(72) + '00 00 00 08 00 01 00 00'))).toEqual({ code: 'BAD_LENGTH', offset: 70 });
  });

  it('is TRUNCATED on a cut OXM id', () => {
    expect(decodeError(hex(header(80) + '00 08 00 0a 80 00 00 04 80 00 00 00 00 00 00 00'))).toEqual({ code: 'TRUNCATED', offset: 72 });
    // An experimenter-class OXM id without its experimenter id.
    expect(decodeError(hex(header(72) + '00 08 00 08 ff ff 02 08'))).toEqual({ code: 'TRUNCATED', offset: 72 });
  });

  it('is TRUNCATED on a cut property header', () => {
    expect(decodeError(hex(header(66) + '00 00'))).toEqual({ code: 'TRUNCATED', offset: 64 });
  });

  it('refuses an OXM id whose experimenter id disagrees with its class', () => {
    const bad = (id: OxmId): Buffer => encoded((w) => encodeTableFeatures(w, { ...table, properties: [{ type: 'match', oxmIds: [id] }] }));
    expect(() => bad({ header: 0xffff0208 })).toThrow(OfpEncodeError);
    expect(() => bad({ header: 0x80000004, experimenter: 1 })).toThrow(OfpEncodeError);
  });
});
