/** Version negotiation (OF1.3.5 7.5.1 "Hello"). Pure. */
import { OFP_VERSION } from './constants';
import type { MessageOf } from './types';

export type HelloVerdict =
  | { readonly ok: true }
  | { readonly ok: false; readonly offered: string; readonly bitmap: readonly number[] };

/**
 * Pure. Whether a peer's HELLO allows OpenFlow 1.3. With version bitmaps on both sides the
 * highest common version wins, so the peer must set bit 4; without a bitmap the negotiated
 * version is the smaller of the two header versions, so the peer's must be at least 4.
 */
export function negotiateVersion(hello: MessageOf<'hello'>): HelloVerdict {
  const bm = hello.elements.find((e) => e.type === 'versionbitmap');
  if (bm !== undefined && bm.type === 'versionbitmap') {
    const word = bm.bitmaps[0] ?? 0;
    if (((word >>> OFP_VERSION) & 1) === 1) return { ok: true };
    const versions = [];
    for (let i = 0; i < 32 * bm.bitmaps.length; i++) if ((((bm.bitmaps[i >> 5] ?? 0) >>> (i & 31)) & 1) === 1) versions.push(`0x${i.toString(16).padStart(2, '0')}`);
    return { ok: false, offered: `versions ${versions.join(', ') || 'none'}`, bitmap: bm.bitmaps };
  }
  if (hello.version >= OFP_VERSION) return { ok: true };
  return { ok: false, offered: `version 0x${hello.version.toString(16).padStart(2, '0')}`, bitmap: [] };
}
