import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runCli } from '../../src/cli/main';
import { parseJsonDocuments } from '../../src/cli/input';
import { encodeMessage } from '../../src/ofp/encode';
import type { OfpMessage } from '../../src/ofp/types';
import { loadVectors, VECTOR_DIR } from '../support/vectors';

const ROOT = join(__dirname, '..', '..');
const noStdin = (): string => {
  throw new Error('stdin must not be read');
};

/** A few messages of our own, so the CLI is exercised even before the golden vectors exist. */
const samples: [string, Buffer][] = (
  [
    { type: 'hello', version: 4, elements: [{ type: 'versionbitmap', bitmaps: [0x10] }] },
    { type: 'echo_request', data: Buffer.from('ping') },
    {
      type: 'flow_mod', cookie: 0x10n, cookieMask: 0n, tableId: 0, command: 'add', idleTimeout: 0, hardTimeout: 0, priority: 100,
      bufferId: 0xffffffff, outPort: 0xffffffff, outGroup: 0xffffffff, flags: 1,
      match: [{ field: 'in_port', value: 1 }, { field: 'vlan_vid', value: 0x1064, mask: 0x1fff }, { field: 'metadata', value: 7n }],
      instructions: [{ type: 'apply_actions', actions: [{ type: 'pop_vlan' }, { type: 'output', port: 2, maxLen: 0 }] }],
    },
    { type: 'role_request', role: 'master', generationId: 0xffffffffffffffffn },
  ] satisfies OfpMessage[]
).map((m, i) => [m.type, encodeMessage(m, i + 1)]);

const vectors = loadVectors();
const cases: [string, string, Buffer][] = [
  ...samples.map(([name, b]): [string, string, Buffer] => [`sample ${name}`, b.toString('hex'), b]),
  ...vectors.map((v): [string, string, Buffer] => [`golden ${v.name}`, readFileSync(join(VECTOR_DIR, `${v.name}.hex`), 'utf8'), v.bytes]),
];

describe('isthmus CLI', () => {
  it('prints help and version without reading stdin', () => {
    const help = runCli(['--help'], noStdin);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('isthmus ofp decode');
    const v = runCli(['--version'], noStdin);
    expect(v).toEqual({ code: 0, stdout: `${(JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { version: string }).version}\n`, stderr: '' });
  });

  it('answers unknown or missing commands with usage and status 2', () => {
    for (const argv of [[], ['frobnicate'], ['ofp'], ['ofp', 'print']]) {
      const r = runCli(argv, noStdin);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toContain('Usage: isthmus');
    }
  });

  it.each(cases)('%s: decode | encode gives back the bytes', (_name, text, bytes) => {
    const dec = runCli(['ofp', 'decode'], text);
    expect(dec.stderr).toBe('');
    expect(dec.code).toBe(0);
    expect(parseJsonDocuments(dec.stdout)).toHaveLength(1);
    const enc = runCli(['ofp', 'encode', '-'], dec.stdout);
    expect(enc).toEqual({ code: 0, stdout: `${bytes.toString('hex')}\n`, stderr: '' });
  });

  it('decodes several concatenated messages, one document each, and encodes them back one line each', () => {
    const all = cases.map(([, , b]) => b);
    const dec = runCli(['ofp', 'decode'], all.map((b) => b.toString('hex')).join('\n# next\n'));
    expect(dec.code).toBe(0);
    expect(parseJsonDocuments(dec.stdout)).toHaveLength(all.length);
    const enc = runCli(['ofp', 'encode'], dec.stdout);
    expect(enc.stdout).toBe(all.map((b) => `${b.toString('hex')}\n`).join(''));
    // The same documents as one JSON array.
    const asArray = JSON.stringify(parseJsonDocuments(dec.stdout));
    expect(runCli(['ofp', 'encode', asArray], noStdin).stdout).toBe(enc.stdout);
  });

  it('takes hex from several arguments', () => {
    const r = runCli(['ofp', 'decode', '04 02 00 08', '00', '00', '00', '07'], noStdin);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual({ xid: 7, type: 'echo_request', data: '' });
  });

  it('reports decode errors with code and offset, status 1', () => {
    // An echo reply announcing 12 bytes but carrying 10: the framer waits for more.
    const short = runCli(['ofp', 'decode', '04030008000000010403000c000000020000'], noStdin);
    expect(short.code).toBe(1);
    expect(JSON.parse(short.stdout)).toMatchObject({ type: 'echo_reply', xid: 1 });
    expect(short.stderr).toMatch(/input byte 8 has 10 of the 12 bytes/);
    // ofp_header.length 4 < 8.
    const badLen = runCli(['ofp', 'decode', '0400000400000000'], noStdin);
    expect(badLen).toMatchObject({ code: 1, stdout: '' });
    expect(badLen.stderr).toContain('BAD_LENGTH at offset 2');
    // A barrier request with a body: the decoder's error, located in the message and the input.
    const trailing = runCli(['ofp', 'decode', '0400000800000000 0414000c00000000ffffffff'], noStdin);
    expect(trailing.code).toBe(1);
    expect(trailing.stderr).toMatch(/message 2 does not decode: TRAILING_BYTES at offset 8.*\[input byte 16\]/);
  });

  it('reports bad hex and bad JSON with status 1', () => {
    expect(runCli(['ofp', 'decode', '04 0g'], noStdin)).toMatchObject({ code: 1, stderr: "isthmus: not a hex digit: 'g'\n" });
    expect(runCli(['ofp', 'decode', '040'], noStdin)).toMatchObject({ code: 1, stderr: 'isthmus: odd number of hex digits (3)\n' });
    expect(runCli(['ofp', 'decode'], '# nothing\n')).toMatchObject({ code: 1, stderr: 'isthmus: no bytes to decode\n' });
    const syntax = runCli(['ofp', 'encode'], '{"xid":1,"type":"barrier_request"}\n{"xid":2,');
    expect(syntax.code).toBe(1);
    expect(syntax.stderr).toMatch(/^isthmus: JSON document 2 \(at character 35\)/);
    const invalid = runCli(['ofp', 'encode'], '{"xid":1,"type":"barrier_request"} {"xid":2,"type":"echo_request","data":"x"}');
    expect(invalid).toEqual({ code: 1, stdout: '0414000800000001\n', stderr: 'isthmus: message 2: data: expected hex bytes, got "x"\n' });
  });

  describe('bin/isthmus.js (after npm run build)', () => {
    beforeAll(() => {
      execFileSync('npm', ['run', 'build'], { cwd: ROOT, stdio: 'pipe' });
    }, 180_000);

    it('pipes decode into encode', () => {
      const bytes = cases[cases.length - 1]?.[2] as Buffer;
      const run = (args: string[], input?: string): string =>
        execFileSync(process.execPath, [join(ROOT, 'bin', 'isthmus.js'), ...args], { cwd: ROOT, input, encoding: 'utf8', stdio: 'pipe' });
      const json = run(['ofp', 'decode', bytes.toString('hex')]);
      expect(run(['ofp', 'encode'], json)).toBe(`${bytes.toString('hex')}\n`);
      let status = 0;
      try {
        run(['nope']);
      } catch (e) {
        status = (e as { status: number }).status;
      }
      expect(status).toBe(2);
    });
  });
});
