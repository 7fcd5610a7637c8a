/**
 * Checking `bench:eline`'s circuits against the switches themselves: every circuit's cookie
 * (0xaa << 56 | circuit id) must be in `ovs-ofctl dump-flows` of each switch on its path (both UNI
 * switches and every switch of `current_path`). Pure, apart from the caller's dumps.
 */

/** The part of an EVC document (kytos-api.md §1.7) the check reads. */
export interface EvcDocumentPart {
  readonly id: string;
  readonly uni_a: { readonly interface_id: string };
  readonly uni_z: { readonly interface_id: string };
  readonly current_path: readonly { readonly endpoint_a: { readonly id: string }; readonly endpoint_b: { readonly id: string } }[];
  readonly active: boolean;
}

const dpidOfInterface = (id: string): string => id.slice(0, id.lastIndexOf(':'));

/** Pure. The cookie of circuit `id` as ovs-ofctl prints it (lower-case hex, no leading zeros: 0xaa prefix keeps all 16 digits). */
export function cookieText(id: string): string {
  return `0xaa${id}`;
}

/** Pure. The switches each circuit must have flows on, by circuit id. */
export function switchesOfCircuits(doc: Readonly<Record<string, EvcDocumentPart>>): Map<string, Set<string>> {
  const out = new Map<string, Set<string>>();
  for (const [id, evc] of Object.entries(doc)) {
    const s = new Set([dpidOfInterface(evc.uni_a.interface_id), dpidOfInterface(evc.uni_z.interface_id)]);
    for (const l of evc.current_path) s.add(dpidOfInterface(l.endpoint_a.id)).add(dpidOfInterface(l.endpoint_b.id));
    out.set(id, s);
  }
  return out;
}

/** Pure. The cookies in `ovs-ofctl dump-flows` output, each with how many flows carry it. */
export function cookiesOfDump(dump: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const m of dump.matchAll(/\bcookie=(0x[0-9a-f]+)/g)) {
    const c = m[1] as string;
    out.set(c, (out.get(c) ?? 0) + 1);
  }
  return out;
}

export interface Verdict {
  readonly circuits: number;
  /** (circuit, switch) pairs checked. */
  readonly checked: number;
  /** Flows with a circuit cookie found on the switches. */
  readonly flows: number;
  /** Circuit on switch pairs with no flow carrying the cookie (the first few). */
  readonly missing: readonly string[];
  readonly missingCount: number;
}

/** Pure. Checks every circuit of `doc` against the dumps (`dumps` by dpid). */
export function verifyCircuits(doc: Readonly<Record<string, EvcDocumentPart>>, dumps: ReadonlyMap<string, string>): Verdict {
  const cookies = new Map([...dumps].map(([dpid, text]) => [dpid, cookiesOfDump(text)]));
  let checked = 0;
  let flows = 0;
  let missingCount = 0;
  const missing: string[] = [];
  for (const [, perSwitch] of cookies) for (const [c, n] of perSwitch) if (c.startsWith('0xaa') && c.length === 18) flows += n;
  for (const [id, switches] of switchesOfCircuits(doc)) {
    for (const dpid of switches) {
      checked++;
      if ((cookies.get(dpid)?.get(cookieText(id)) ?? 0) > 0) continue;
      missingCount++;
      if (missing.length < 10) missing.push(`${id} on ${dpid}`);
    }
  }
  return { circuits: Object.keys(doc).length, checked, flows, missing, missingCount };
}
