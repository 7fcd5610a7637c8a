/**
 * Version negotiation (OF1.3.5 7.5.1 "Hello"). Isthmus offers exactly 1.3 (bitmap bit 4); the
 * expected verdicts below are written out from the spec's two rules, not computed.
 */
import { negotiateVersion } from '../../../src/ofp/hello';
import type { HelloElem, MessageOf } from '../../../src/ofp/types';

const hello = (version: number, ...elements: HelloElem[]): MessageOf<'hello'> => ({ type: 'hello', version, elements });
const bitmap = (...bitmaps: number[]): HelloElem => ({ type: 'versionbitmap', bitmaps });

describe('negotiateVersion with a version bitmap (highest common version)', () => {
  it.each([
    ['1.3 only', hello(4, bitmap(0x10))],
    ['1.0 + 1.3 + 1.4 (header 1.4)', hello(5, bitmap(0x32))],
    ['1.3 + 1.5 (header 1.5)', hello(6, bitmap(0x50))],
    ['a bitmap with 1.3 wins over a 1.0 header', hello(1, bitmap(0x12))],
    ['an unknown element before the bitmap is skipped', hello(4, { type: 'unknown', code: 7, body: Buffer.alloc(4) }, bitmap(0x10))],
  ])('accepts %s', (_name, msg) => {
    expect(negotiateVersion(msg)).toEqual({ ok: true });
  });

  it('refuses a peer offering only 1.0, naming what it offered', () => {
    expect(negotiateVersion(hello(1, bitmap(0x02)))).toEqual({ ok: false, offered: 'versions 0x01', bitmap: [0x02] });
  });

  it('refuses 1.0 + 1.4 (no common version, even though 1.4 > 1.3)', () => {
    expect(negotiateVersion(hello(5, bitmap(0x22)))).toEqual({ ok: false, offered: 'versions 0x01, 0x05', bitmap: [0x22] });
  });

  it('refuses a bitmap whose header version is 1.3 but whose bits exclude it', () => {
    expect(negotiateVersion(hello(4, bitmap(0x04)))).toEqual({ ok: false, offered: 'versions 0x02', bitmap: [0x04] });
  });

  it('refuses an empty bitmap element', () => {
    expect(negotiateVersion(hello(4, bitmap()))).toEqual({ ok: false, offered: 'versions none', bitmap: [] });
  });

  it('reads bits beyond the first 32-bit word when naming the offer', () => {
    // Bit 0 of the second word is version 32 (0x20).
    expect(negotiateVersion(hello(4, bitmap(0, 1)))).toEqual({ ok: false, offered: 'versions 0x20', bitmap: [0, 1] });
  });
});

describe('negotiateVersion without a bitmap (the smaller header version)', () => {
  it.each([
    ['1.3', 4],
    ['1.4 (negotiates down to 1.3)', 5],
    ['1.5', 6],
  ])('accepts header version %s', (_name, version) => {
    expect(negotiateVersion(hello(version))).toEqual({ ok: true });
  });

  it.each([
    [1, 'version 0x01'],
    [2, 'version 0x02'],
    [3, 'version 0x03'],
  ])('refuses header version %i', (version, offered) => {
    expect(negotiateVersion(hello(version))).toEqual({ ok: false, offered, bitmap: [] });
  });

  it('ignores unknown elements when there is no bitmap', () => {
    expect(negotiateVersion(hello(1, { type: 'unknown', code: 9, body: Buffer.alloc(0) }))).toEqual({ ok: false, offered: 'version 0x01', bitmap: [] });
  });
});
