import { copyFileSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Database } from 'better-sqlite3';
import { MIGRATIONS_DIR, openDatabase, schemaVersion, SwitchRepo, TopologyRepo, type CorruptRow, type KnownSwitch } from '../../../src/store';
import { checkSpecialTags, checkTagRanges, parseMetadata } from '../../../src/store/topology-repo';
import type { InterfaceConfig, LinkConfig, SwitchConfig } from '../../../src/topology/types';
import { NEWEST_SCHEMA } from '../../support/schema';

let dir: string;
const open: Database[] = [];
let corrupt: CorruptRow[];

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'isthmus-topo-'));
  corrupt = [];
});
afterEach(() => {
  for (const db of open.splice(0)) if (db.open) db.close();
  rmSync(dir, { recursive: true, force: true });
});

function openRepo(file = ':memory:'): { db: Database; repo: TopologyRepo } {
  const db = openDatabase(file, { migrationsDir: MIGRATIONS_DIR });
  open.push(db);
  return { db, repo: new TopologyRepo(db, { onCorruptRow: (r) => corrupt.push(r) }) };
}

const SW1: SwitchConfig = {
  dpid: '00:00:00:00:00:00:00:01',
  enabled: true,
  metadata: { node_name: 'MIA', lat: '25.7553646', lng: '-80.3760393', nested: { a: [1, 2.5, null, true] } },
};
const SW2: SwitchConfig = { dpid: '00:00:00:00:00:00:00:02', enabled: false, metadata: {} };

const IF1_2: InterfaceConfig = {
  id: '00:00:00:00:00:00:00:01:2',
  dpid: '00:00:00:00:00:00:00:01',
  portNo: 2,
  enabled: true,
  metadata: { port_name: 's1-eth2', mtu: 9000 },
  tagRanges: [
    [1, 99],
    [101, 3798],
    [3800, 4094],
  ],
  specialTags: ['untagged', 'any'],
  lldp: true,
  liveness: false,
};
// Port 10 sorts after port 2 by number (as text it would come first).
const IF1_10: InterfaceConfig = {
  id: '00:00:00:00:00:00:00:01:10',
  dpid: '00:00:00:00:00:00:00:01',
  portNo: 10,
  enabled: false,
  metadata: {},
  tagRanges: [[1, 4095]],
  specialTags: ['any'],
  lldp: true,
  liveness: true,
};
const IF2_1: InterfaceConfig = {
  id: '00:00:00:00:00:00:00:02:1',
  dpid: '00:00:00:00:00:00:00:02',
  portNo: 1,
  enabled: false,
  metadata: {},
  tagRanges: [],
  specialTags: [],
  lldp: false,
  liveness: false,
};
const IF_LOCAL: InterfaceConfig = { ...IF2_1, id: '00:00:00:00:00:00:00:02:4294967294', portNo: 0xfffffffe };

// sha256("00:00:00:00:00:00:00:01:1:00:00:00:00:00:00:00:02:1"), from sha256sum.
const L_1_2: LinkConfig = {
  id: '7bf9dafc2fdb605761f031013b8f299cb5ebe4d8830f012d770102dce470e262',
  endpointA: '00:00:00:00:00:00:00:01:1',
  endpointB: '00:00:00:00:00:00:00:02:1',
  enabled: true,
  metadata: { link_name: 'MIA-FLZ-100G', bandwidth: 100, ownership: { red: {} } },
  discoveredAt: '2024-05-01T12:00:00.000Z',
};
// sha256("00:00:00:00:00:00:00:01:2:00:00:00:00:00:00:00:01:10"): a self-loop on switch 1.
const L_LOOP: LinkConfig = {
  id: '710745bf50501d3457305fb7b0bc1848b79cbfa54511fa74e2656f42345c9ac4',
  endpointA: '00:00:00:00:00:00:00:01:2',
  endpointB: '00:00:00:00:00:00:00:01:10',
  enabled: false,
  metadata: {},
  discoveredAt: '2024-05-02T08:00:00Z',
};

function saveAll(repo: TopologyRepo): void {
  repo.saveSwitch(SW2);
  repo.saveSwitch(SW1);
  repo.saveInterface(IF2_1);
  repo.saveInterface(IF1_10);
  repo.saveInterface(IF1_2);
  repo.saveLink(L_1_2);
  repo.saveLink(L_LOOP);
}

describe('TopologyRepo', () => {
  it('creates its tables at schema version 2, STRICT', () => {
    const { db } = openRepo();
    expect(schemaVersion(db)).toBe(NEWEST_SCHEMA);
    const tables = db.pragma('table_list') as { schema: string; name: string; strict: number }[];
    const strict = Object.fromEntries(tables.filter((t) => t.schema === 'main').map((t) => [t.name, t.strict]));
    expect(strict).toMatchObject({ switch_config: 1, interface_config: 1, links: 1, secrets: 1 });
  });

  it('round-trips every entity, switches by dpid, interfaces by dpid then port number, links by id', () => {
    const { repo } = openRepo();
    expect(repo.loadSwitches()).toEqual([]);
    expect(repo.loadInterfaces()).toEqual([]);
    expect(repo.loadLinks()).toEqual([]);
    saveAll(repo);
    expect(repo.loadSwitches()).toStrictEqual([SW1, SW2]);
    expect(repo.loadInterfaces()).toStrictEqual([IF1_2, IF1_10, IF2_1]);
    expect(repo.loadLinks()).toStrictEqual([L_LOOP, L_1_2]);
    expect(corrupt).toEqual([]);
  });

  it('keeps the largest port number (uint32)', () => {
    const { repo } = openRepo();
    repo.saveInterface({ ...IF_LOCAL, id: '00:00:00:00:00:00:00:02:4294967295', portNo: 0xffffffff });
    expect(repo.loadInterfaces().map((i) => i.portNo)).toEqual([4294967295]);
  });

  it('stores the JSON columns as compact JSON and the flags as 0/1', () => {
    const { db, repo } = openRepo();
    repo.saveInterface(IF1_2);
    const row = db.prepare<[], Record<string, unknown>>('SELECT * FROM interface_config').get();
    expect(row).toStrictEqual({
      id: '00:00:00:00:00:00:00:01:2',
      dpid: '00:00:00:00:00:00:00:01',
      port_no: 2,
      enabled: 1,
      metadata: '{"port_name":"s1-eth2","mtu":9000}',
      tag_ranges: '[[1,99],[101,3798],[3800,4094]]',
      special_tags: '["untagged","any"]',
      lldp: 1,
      liveness: 0,
    });
  });

  it('upserts a switch: the second save replaces enabled and metadata', () => {
    const { repo } = openRepo();
    repo.saveSwitch(SW1);
    repo.saveSwitch({ dpid: SW1.dpid, enabled: false, metadata: { node_name: 'FLZ' } });
    expect(repo.loadSwitches()).toStrictEqual([{ dpid: '00:00:00:00:00:00:00:01', enabled: false, metadata: { node_name: 'FLZ' } }]);
  });

  it('upserts an interface: the second save replaces every field', () => {
    const { repo } = openRepo();
    repo.saveInterface(IF1_2);
    const changed: InterfaceConfig = {
      ...IF1_2,
      enabled: false,
      metadata: {},
      tagRanges: [[10, 20]],
      specialTags: [],
      lldp: false,
      liveness: true,
    };
    repo.saveInterface(changed);
    expect(repo.loadInterfaces()).toStrictEqual([changed]);
  });

  it('upserts a link: the second save replaces enabled and metadata and keeps the first discoveredAt', () => {
    const { repo } = openRepo();
    repo.saveLink(L_1_2);
    repo.saveLink({ ...L_1_2, enabled: false, metadata: { liveness_status: 'up' }, discoveredAt: '2030-01-01T00:00:00.000Z' });
    expect(repo.loadLinks()).toStrictEqual([{ ...L_1_2, enabled: false, metadata: { liveness_status: 'up' } }]);
  });

  it('deletes an interface and a link; deleting what is not there does nothing', () => {
    const { repo } = openRepo();
    saveAll(repo);
    repo.deleteInterface(IF1_10.id);
    repo.deleteLink(L_LOOP.id);
    repo.deleteInterface('00:00:00:00:00:00:00:09:1');
    repo.deleteLink('0'.repeat(64));
    expect(repo.loadInterfaces()).toStrictEqual([IF1_2, IF2_1]);
    expect(repo.loadLinks()).toStrictEqual([L_1_2]);
    expect(repo.loadSwitches()).toStrictEqual([SW1, SW2]);
  });

  it("deletes a switch with its interfaces' configs, leaving other switches and every link", () => {
    const { repo } = openRepo();
    saveAll(repo);
    repo.deleteSwitch(SW1.dpid);
    expect(repo.loadSwitches()).toStrictEqual([SW2]);
    expect(repo.loadInterfaces()).toStrictEqual([IF2_1]);
    expect(repo.loadLinks()).toStrictEqual([L_LOOP, L_1_2]);
  });

  it('deletes the interfaces of a switch that has no config row of its own', () => {
    const { repo } = openRepo();
    repo.saveInterface(IF2_1);
    repo.saveInterface(IF1_2);
    repo.deleteSwitch('00:00:00:00:00:00:00:02');
    expect(repo.loadInterfaces()).toStrictEqual([IF1_2]);
  });

  describe('transaction', () => {
    it('commits everything fn saves and returns what fn returns', () => {
      const { repo } = openRepo();
      const out = repo.transaction(() => {
        saveAll(repo);
        return 42;
      });
      expect(out).toBe(42);
      expect(repo.loadSwitches()).toStrictEqual([SW1, SW2]);
      expect(repo.loadLinks()).toStrictEqual([L_LOOP, L_1_2]);
    });

    it('writes nothing when fn throws, and rethrows', () => {
      const { repo } = openRepo();
      repo.saveSwitch(SW2);
      expect(() =>
        repo.transaction(() => {
          saveAll(repo);
          repo.deleteSwitch(SW2.dpid);
          throw new Error('boom');
        }),
      ).toThrow('boom');
      expect(repo.loadSwitches()).toStrictEqual([SW2]);
      expect(repo.loadInterfaces()).toEqual([]);
      expect(repo.loadLinks()).toEqual([]);
    });

    it('rolls back everything when a save inside fails the schema', () => {
      const { repo } = openRepo();
      expect(() =>
        repo.transaction(() => {
          repo.saveSwitch(SW1);
          repo.saveSwitch({ ...SW2, dpid: 'not a dpid' });
        }),
      ).toThrow(/CHECK constraint failed/);
      expect(repo.loadSwitches()).toEqual([]);
    });

    it('nests: an inner transaction that throws rolls back only its own writes', () => {
      const { repo } = openRepo();
      repo.transaction(() => {
        repo.saveSwitch(SW1);
        expect(() =>
          repo.transaction(() => {
            repo.saveSwitch(SW2);
            throw new Error('inner');
          }),
        ).toThrow('inner');
        repo.transaction(() => repo.saveLink(L_1_2));
      });
      expect(repo.loadSwitches()).toStrictEqual([SW1]);
      expect(repo.loadLinks()).toStrictEqual([L_1_2]);
    });

    it('nests: when the outer transaction throws, the committed inner one is rolled back too', () => {
      const { repo } = openRepo();
      expect(() =>
        repo.transaction(() => {
          repo.transaction(() => repo.saveSwitch(SW1));
          throw new Error('outer');
        }),
      ).toThrow('outer');
      expect(repo.loadSwitches()).toEqual([]);
    });

    it('deleteSwitch inside a transaction that throws keeps the switch and its interfaces', () => {
      const { repo } = openRepo();
      saveAll(repo);
      expect(() =>
        repo.transaction(() => {
          repo.deleteSwitch(SW1.dpid);
          throw new Error('undo');
        }),
      ).toThrow('undo');
      expect(repo.loadSwitches()).toStrictEqual([SW1, SW2]);
      expect(repo.loadInterfaces()).toStrictEqual([IF1_2, IF1_10, IF2_1]);
    });
  });

  it('survives closing and reopening the database file', () => {
    const file = join(dir, 'isthmus.db');
    const first = openRepo(file);
    saveAll(first.repo);
    first.db.close();
    const second = openRepo(file);
    expect(second.repo.loadSwitches()).toStrictEqual([SW1, SW2]);
    expect(second.repo.loadInterfaces()).toStrictEqual([IF1_2, IF1_10, IF2_1]);
    expect(second.repo.loadLinks()).toStrictEqual([L_LOOP, L_1_2]);
  });

  it('is visible to a second connection on the same file once a transaction commits', () => {
    const file = join(dir, 'isthmus.db');
    const a = openRepo(file);
    const b = openRepo(file);
    a.repo.transaction(() => {
      a.repo.saveSwitch(SW1);
      expect(b.repo.loadSwitches()).toEqual([]);
    });
    expect(b.repo.loadSwitches()).toStrictEqual([SW1]);
  });

  it('reports and skips rows whose JSON columns or flags are corrupt, and a save heals them', () => {
    const { db, repo } = openRepo();
    saveAll(repo);
    // Values the schema accepts but the domain does not.
    db.prepare("UPDATE interface_config SET tag_ranges = '[[200, 100]]' WHERE id = ?").run(IF1_2.id);
    db.prepare('UPDATE interface_config SET special_tags = \'["untagged", "vlan"]\' WHERE id = ?').run(IF2_1.id);
    // Values the schema refuses: a damaged file, simulated by writing past the CHECK constraints.
    db.pragma('ignore_check_constraints = ON');
    db.prepare("UPDATE switch_config SET metadata = '{\"node_name\":' WHERE dpid = ?").run(SW1.dpid);
    db.prepare('UPDATE switch_config SET enabled = 2 WHERE dpid = ?').run(SW2.dpid);
    db.prepare("UPDATE interface_config SET metadata = '[]' WHERE id = ?").run(IF1_10.id);
    db.prepare("UPDATE links SET metadata = 'null' WHERE id = ?").run(L_1_2.id);
    db.pragma('ignore_check_constraints = OFF');

    expect(repo.loadSwitches()).toEqual([]);
    expect(repo.loadInterfaces()).toEqual([]);
    expect(repo.loadLinks()).toStrictEqual([L_LOOP]);
    expect(corrupt).toEqual([
      { table: 'switch_config', key: '00:00:00:00:00:00:00:01', reason: 'metadata: not valid JSON' },
      { table: 'switch_config', key: '00:00:00:00:00:00:00:02', reason: 'enabled: not 0 or 1' },
      { table: 'interface_config', key: '00:00:00:00:00:00:00:01:2', reason: 'tag_ranges: [0] has first > last' },
      { table: 'interface_config', key: '00:00:00:00:00:00:00:01:10', reason: 'metadata: not a JSON object' },
      { table: 'interface_config', key: '00:00:00:00:00:00:00:02:1', reason: 'special_tags: [1] is not one of untagged, any' },
      { table: 'links', key: '7bf9dafc2fdb605761f031013b8f299cb5ebe4d8830f012d770102dce470e262', reason: 'metadata: not a JSON object' },
    ]);

    saveAll(repo);
    expect(repo.loadSwitches()).toStrictEqual([SW1, SW2]);
    expect(repo.loadInterfaces()).toStrictEqual([IF1_2, IF1_10, IF2_1]);
    expect(repo.loadLinks()).toStrictEqual([L_LOOP, L_1_2]);
  });

  it.each<[string, Partial<InterfaceConfig>, string]>([
    ['overlapping ranges', { tagRanges: [[1, 10], [10, 20]] }, 'interface 00:00:00:00:00:00:00:01:2: tagRanges: [1] is not after [0] with a gap (ranges are sorted, disjoint and non-adjacent)'],
    ['a VLAN id of 0', { tagRanges: [[0, 10]] }, 'interface 00:00:00:00:00:00:00:01:2: tagRanges: [0] holds a value that is not a VLAN id 1..4095'],
    ['a repeated special tag', { specialTags: ['any', 'any'] }, 'interface 00:00:00:00:00:00:00:01:2: specialTags: [1] repeats any'],
  ])('refuses to save an interface with %s (RangeError, nothing written)', (_name, change, message) => {
    const { repo } = openRepo();
    expect(() => repo.saveInterface({ ...IF1_2, ...change })).toThrow(new RangeError(message));
    expect(repo.loadInterfaces()).toEqual([]);
  });

  const CHECK = /CHECK constraint failed/;
  it.each<[string, (repo: TopologyRepo) => void, RegExp]>([
    ['a switch with a dpid in capitals', (r) => r.saveSwitch({ ...SW1, dpid: '00:00:00:00:00:00:00:0A' }), CHECK],
    ['an interface whose id is not <dpid>:<portNo>', (r) => r.saveInterface({ ...IF1_2, id: '00:00:00:00:00:00:00:01:3' }), CHECK],
    ['an interface with a short dpid', (r) => r.saveInterface({ ...IF1_2, id: '00:01:2', dpid: '00:01' }), CHECK],
    ['an interface with a port number above uint32', (r) => r.saveInterface({ ...IF1_2, id: '00:00:00:00:00:00:00:01:4294967296', portNo: 4294967296 }), CHECK],
    ['an interface with a fractional port number', (r) => r.saveInterface({ ...IF1_2, id: '00:00:00:00:00:00:00:01:1.5', portNo: 1.5 }), /cannot store REAL value in INTEGER column/],
    ['a link with an id that is not 64 lower-case hex', (r) => r.saveLink({ ...L_1_2, id: L_1_2.id.toUpperCase() }), CHECK],
    ['a link with a malformed endpoint', (r) => r.saveLink({ ...L_1_2, endpointB: '00:00:00:00:00:00:00:02:x1' }), CHECK],
    ['a link with a non-numeric port after a digit', (r) => r.saveLink({ ...L_1_2, endpointB: '00:00:00:00:00:00:00:02:1x' }), CHECK],
    ['a link from an interface to itself', (r) => r.saveLink({ ...L_1_2, endpointB: L_1_2.endpointA }), CHECK],
    ['a link discovered at a time that is not ISO-8601 UTC', (r) => r.saveLink({ ...L_1_2, discoveredAt: '2024-05-01 12:00' }), CHECK],
  ])('refuses to save %s (schema CHECK / STRICT)', (_name, save, error) => {
    const { repo } = openRepo();
    expect(() => save(repo)).toThrow(error);
    expect([...repo.loadSwitches(), ...repo.loadInterfaces(), ...repo.loadLinks()]).toEqual([]);
  });

  it('migrates a version-1 database holding switches, keeping them', () => {
    const v1 = join(dir, 'migrations-v1');
    mkdirSync(v1);
    copyFileSync(join(MIGRATIONS_DIR, '0001_init.sql'), join(v1, '0001_init.sql'));
    const file = join(dir, 'isthmus.db');
    const known: KnownSwitch = {
      dpid: '00:00:00:00:00:00:00:01',
      firstSeen: '2024-05-01T12:00:00.000Z',
      lastSeen: '2024-05-01T12:00:00.000Z',
      lastAddress: '127.0.0.1:40001',
      manufacturer: 'Nicira, Inc.',
      hardware: 'Open vSwitch',
      software: '3.1.0',
      serial: 'None',
      datapathDesc: 's1',
      nTables: 254,
      ports: [{ portNo: 1, name: 's1-eth1', hwAddr: 'aa:bb:cc:00:00:01', config: 0, state: 4, curr: 2112, currSpeed: 10000000, maxSpeed: 0 }],
    };
    // No TopologyRepo here: its statements need the version-2 tables.
    const old = openDatabase(file, { migrationsDir: v1 });
    open.push(old);
    expect(schemaVersion(old)).toBe(1);
    new SwitchRepo(old, { onCorruptRow: (r) => corrupt.push(r) }).record(known);
    old.close();

    const { db, repo } = openRepo(file);
    expect(schemaVersion(db)).toBe(NEWEST_SCHEMA);
    expect(new SwitchRepo(db, { onCorruptRow: (r) => corrupt.push(r) }).list()).toStrictEqual([known]);
    expect(repo.loadSwitches()).toEqual([]);
    saveAll(repo);
    expect(repo.loadSwitches()).toStrictEqual([SW1, SW2]);
    expect(corrupt).toEqual([]);
  });
});

describe('checkTagRanges', () => {
  it.each<[string, unknown, string]>([
    ['an object', {}, 'not an array'],
    ['a bare number', [5], '[0] is not a pair [first, last]'],
    ['a triple', [[1, 2, 3]], '[0] is not a pair [first, last]'],
    ['a string bound', [['1', 2]], '[0] holds a value that is not a VLAN id 1..4095'],
    ['4096', [[1, 4096]], '[0] holds a value that is not a VLAN id 1..4095'],
    ['a fraction', [[1.5, 2]], '[0] holds a value that is not a VLAN id 1..4095'],
    ['first > last', [[20, 10]], '[0] has first > last'],
    ['unsorted ranges', [[50, 60], [1, 10]], '[1] is not after [0] with a gap (ranges are sorted, disjoint and non-adjacent)'],
    ['adjacent ranges', [[1, 10], [11, 20]], '[1] is not after [0] with a gap (ranges are sorted, disjoint and non-adjacent)'],
  ])('refuses %s', (_name, doc, reason) => {
    expect(checkTagRanges(doc)).toStrictEqual({ ok: false, reason });
  });

  it('accepts normalised ranges, single VLANs and the empty pool', () => {
    expect(checkTagRanges([[1, 1], [3, 3], [4095, 4095]])).toStrictEqual({ ok: true, value: [[1, 1], [3, 3], [4095, 4095]] });
    expect(checkTagRanges([])).toStrictEqual({ ok: true, value: [] });
  });
});

describe('checkSpecialTags', () => {
  it.each<[unknown, string]>([
    ['any', 'not an array'],
    [['vlan'], '[0] is not one of untagged, any'],
    [[null], '[0] is not one of untagged, any'],
    [['untagged', 'untagged'], '[1] repeats untagged'],
  ])('refuses %j', (doc, reason) => {
    expect(checkSpecialTags(doc)).toStrictEqual({ ok: false, reason });
  });

  it('accepts either order', () => {
    expect(checkSpecialTags(['any', 'untagged'])).toStrictEqual({ ok: true, value: ['any', 'untagged'] });
  });
});

describe('parseMetadata', () => {
  it.each<[string, string]>([
    ['{', 'not valid JSON'],
    ['[]', 'not a JSON object'],
    ['null', 'not a JSON object'],
    ['"x"', 'not a JSON object'],
  ])('refuses %s', (text, reason) => {
    expect(parseMetadata(text)).toStrictEqual({ ok: false, reason });
  });

  it('keeps a __proto__ key as an own data property, never as the prototype', () => {
    const parsed = parseMetadata('{"__proto__": {"polluted": true}, "a": 1}');
    if (!parsed.ok) throw new Error(parsed.reason);
    expect(Object.keys(parsed.value)).toEqual(['__proto__', 'a']);
    expect(Object.getPrototypeOf(parsed.value)).toBe(Object.prototype);
    expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
  });
});
