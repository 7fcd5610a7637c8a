/**
 * Cheap Buffer views. `Buffer.from(arrayBuffer, offset, length)` and `buf.subarray()` spend more
 * time validating arguments than making the view; on hot paths (a view per encoded message, a
 * view per packet-in payload) that is a third of the cost. A Uint8Array subclass whose prototype
 * chain runs through Buffer.prototype is a Buffer in every respect (`Buffer.isBuffer`, `instanceof`,
 * every method), exactly as Node builds its own Buffers.
 */
class BufferView extends Uint8Array {}
Object.setPrototypeOf(BufferView.prototype, Buffer.prototype);

/** Pure. A Buffer viewing `length` bytes of `buf` from `offset` (the caller has checked the bounds). */
export function viewOf(buf: Buffer, offset: number, length: number): Buffer {
  return new BufferView(buf.buffer as ArrayBuffer, buf.byteOffset + offset, length) as unknown as Buffer;
}
