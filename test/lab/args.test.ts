/**
 * The pure parts of the lab: argument and topology parsing, datapath ids. These need neither
 * root nor Open vSwitch, so they always run.
 */
import { dpidFromHex, parseControllerAddress, parseLabCliArgs, parseTopologySpec, runLabCli } from '../../src/lab';

describe('parseTopologySpec', () => {
  it.each([
    ['linear,1', { kind: 'linear', switches: 1 }],
    ['linear,254', { kind: 'linear', switches: 254 }],
    ['ring,3', { kind: 'ring', switches: 3 }],
    ['mesh12', { kind: 'mesh12' }],
  ])('accepts %s', (spec, expected) => {
    expect(parseTopologySpec(spec)).toEqual(expected);
  });

  it.each([
    ['ring,2', 'ring,N needs 3 <= N <= 254 (got 2)'],
    ['linear,0', 'linear,N needs 1 <= N <= 254 (got 0)'],
    ['linear,255', 'linear,N needs 1 <= N <= 254 (got 255)'],
    ['linear', "unknown topology 'linear' (expected linear,N, ring,N or mesh12)"],
    ['mesh12,3', "unknown topology 'mesh12,3' (expected linear,N, ring,N or mesh12)"],
    ['ring,4 ', "unknown topology 'ring,4 ' (expected linear,N, ring,N or mesh12)"],
  ])('rejects %s', (spec, message) => {
    expect(parseTopologySpec(spec)).toBe(message);
  });
});

describe('parseControllerAddress', () => {
  it('reads host:port and [v6]:port', () => {
    expect(parseControllerAddress('127.0.0.1:6653')).toEqual({ host: '127.0.0.1', port: 6653 });
    expect(parseControllerAddress('[::1]:6633')).toEqual({ host: '::1', port: 6633 });
  });

  it.each(['127.0.0.1', '127.0.0.1:0', '127.0.0.1:65536', ':6653', 'a:b'])('rejects %s', (text) => {
    expect(parseControllerAddress(text)).toBe(`--controller wants host:port, got '${text}'`);
  });
});

describe('parseLabCliArgs', () => {
  it('defaults to the local controller and the Mininet CLI', () => {
    expect(parseLabCliArgs(['ring,4'])).toEqual({
      topology: 'ring,4',
      controller: { host: '127.0.0.1', port: 6653 },
      interactive: true,
      logLevel: 'warn',
    });
  });

  it('takes flags in both spellings', () => {
    expect(parseLabCliArgs(['--controller=127.0.0.2:7000', 'mesh12', '--no-cli', '--log-level', 'debug'])).toEqual({
      topology: 'mesh12',
      controller: { host: '127.0.0.2', port: 7000 },
      interactive: false,
      logLevel: 'debug',
    });
  });

  it.each([
    [[], 'which topology? e.g. ring,4'],
    [['ring,4', 'mesh12'], "one topology only (got 'ring,4' and 'mesh12')"],
    [['ring,4', '--bogus'], "unknown option '--bogus'"],
    [['ring,4', '--log-level', 'loud'], "--log-level wants one of fatal|error|warn|info|debug|trace, got 'loud'"],
    [['ring,1'], 'ring,N needs 3 <= N <= 254 (got 1)'],
  ])('reports %j as a usage error', (argv, message) => {
    expect(parseLabCliArgs(argv)).toBe(message);
  });

  it('answers --help', () => {
    expect(parseLabCliArgs(['ring,4', '--help'])).toBe('help');
  });
});

describe('runLabCli usage paths', () => {
  const io = (): { out: string[]; err: string[]; stdout: { write(s: string): void }; stderr: { write(s: string): void } } => {
    const out: string[] = [];
    const err: string[] = [];
    return { out, err, stdout: { write: (s) => void out.push(s) }, stderr: { write: (s) => void err.push(s) } };
  };

  it('prints the usage for --help and exits 0', async () => {
    const t = io();
    expect(await runLabCli(['--help'], t)).toBe(0);
    expect(t.out.join('')).toMatch(/^Usage: isthmus lab <topology>/);
  });

  it('exits 2 with the reason and the usage on bad arguments', async () => {
    const t = io();
    expect(await runLabCli(['torus,4'], t)).toBe(2);
    expect(t.err.join('')).toMatch(/^isthmus lab: unknown topology 'torus,4'.*\n\nUsage: /s);
  });
});

describe('dpidFromHex', () => {
  it('writes Mininet datapath ids the way the controller does', () => {
    expect(dpidFromHex('000000000000000a')).toBe('00:00:00:00:00:00:00:0a');
    expect(dpidFromHex('FE')).toBe('00:00:00:00:00:00:00:fe');
  });
});
