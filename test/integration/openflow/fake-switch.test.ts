/**
 * The fake switch's write modes do what the framing tests rely on: a bare TCP server in this
 * process sees the pieces as separate reads (bytewise, split) or everything in one read (coalesce).
 * The first two pieces may share a read: they are written before the server's first read of a
 * fresh connection.
 */
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import { FakeSwitch } from '../../support/fake-switch';
import { pollUntil } from '../../support/poll';

const HELLO_LEN = 16; // header 8 + versionbitmap element 8 (OF1.3.5 7.5.1)
/** OF1.3.5 7.4.1: header 8 + fixed fields 16 + match 16 (in_port OXM 8, padded) + pad 2 + 5 data bytes. */
const PACKET_IN_LEN = 8 + 16 + 16 + 2 + 5;

let server: net.Server;
let chunks: Buffer[];
let sockets: net.Socket[];

beforeEach(async () => {
  chunks = [];
  sockets = [];
  server = net.createServer((s) => {
    sockets.push(s);
    s.on('data', (c: Buffer) => chunks.push(c));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
});
afterEach(async () => {
  for (const s of sockets) s.destroy();
  await new Promise<void>((r) => server.close(() => r()));
});

const port = (): number => (server.address() as AddressInfo).port;
const total = (): number => chunks.reduce((n, c) => n + c.length, 0);

it('bytewise: the HELLO arrives one byte per read', async () => {
  const sw = await FakeSwitch.connect({ port: port(), writeMode: 'bytewise' });
  await pollUntil(() => total() >= HELLO_LEN, { what: 'the HELLO' });
  expect(total()).toBe(HELLO_LEN);
  expect(chunks.slice(1).map((c) => c.length)).toEqual(Array(chunks.length - 1).fill(1));
  expect(chunks[0]?.length).toBeLessThanOrEqual(2);
  expect(Buffer.concat(chunks).subarray(0, 4)).toEqual(Buffer.from([4, 0, 0, HELLO_LEN]));
  sw.destroy();
});

it('split:3: the HELLO arrives in 3-byte reads, the last one shorter', async () => {
  const sw = await FakeSwitch.connect({ port: port(), writeMode: 'split:3' });
  await pollUntil(() => total() >= HELLO_LEN, { what: 'the HELLO' });
  const sizes = chunks.map((c) => c.length);
  expect(sizes.slice(-4)).toEqual([3, 3, 3, 1]);
  expect(sizes.slice(0, -4)).toEqual(sizes.length === 5 ? [6] : [3, 3]);
  sw.destroy();
});

it('coalesce: messages sent in the same turn arrive in one read', async () => {
  const sw = await FakeSwitch.connect({ port: port(), writeMode: 'coalesce' });
  sw.packetIn(1, Buffer.from('hello'));
  sw.send({ type: 'barrier_reply' });
  await pollUntil(() => chunks.length > 0, { what: 'data' });
  expect(chunks).toHaveLength(1);
  const all = chunks[0] as Buffer;
  // HELLO, then PACKET_IN, then the 8-byte BARRIER_REPLY, back to back.
  expect(all.readUInt16BE(2)).toBe(HELLO_LEN);
  expect(all[HELLO_LEN + 1]).toBe(10); // OFPT_PACKET_IN
  const pinLen = all.readUInt16BE(HELLO_LEN + 2);
  expect(pinLen).toBe(PACKET_IN_LEN);
  expect(all.length).toBe(HELLO_LEN + pinLen + 8);
  sw.destroy();
});

it('records a close by the peer as such', async () => {
  const sw = await FakeSwitch.connect({ port: port() });
  await pollUntil(() => sockets.length === 1 || undefined, { what: 'accept' });
  sockets[0]?.destroy();
  expect(await sw.waitClosed()).toMatchObject({ byUs: false });
});
