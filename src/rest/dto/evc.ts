/**
 * The EVC documents of the mef_eline API (kytos-api.md §1.7) for circuits as EvcService shows them.
 * The document itself is src/eline/document.ts's; this module supplies what it takes from the
 * topology (interface dicts and link state, §3.2) and the bookkeeping fields of the config and
 * status.
 *
 * GET /v2/evc/ lists every circuit, tens of thousands of them, so work is shared:
 * - one DocumentTopology per request looks each interface and link up once, however many circuits
 *   cross it, and names its state with a number (never keep one across requests: the topology
 *   changes);
 * - an EvcDocumentCache keeps the JSON text of each circuit's document with what it was built
 *   from: the circuit's config and status objects and the state numbers of the interfaces and
 *   links its paths show. EvcService replaces config and status on every change and never mutates
 *   them, and the same interface or link state always gets the same number, so a text is reused
 *   exactly when a new build would give the same document.
 */
import { toEvcDocument, type EvcDocument, type LinkView as DocumentLinkView } from '../../eline/document';
import type { EvcConfig, EvcStatus, PathHop, PathLink } from '../../eline/model';
import type { InterfaceId, LinkId } from '../../topology/model';
import type { InterfaceView, LinkView } from '../../topology/topology';
import { toInterfaceDto } from './topology';

/** What the documents read of the topology. */
export interface EvcDocumentTopology {
  interfaceView(id: InterfaceId): InterfaceView | undefined;
  linkView(id: LinkId): LinkView | undefined;
}

/** A circuit as the service shows it. */
export interface EvcRecord {
  readonly config: EvcConfig;
  readonly status: EvcStatus;
}

/** The topology lookups of one request, each interface and link looked up once. */
export interface DocumentTopology {
  readonly interfaceDict: (id: InterfaceId) => Readonly<Record<string, unknown>> | undefined;
  readonly linkView: (id: LinkId) => DocumentLinkView | undefined;
  /** A number naming what interfaceDict(id) shows now; equal numbers mean equal dicts. */
  readonly interfaceState: (id: InterfaceId) => number;
  /** A number naming what linkView(id) shows now; equal numbers mean equal views. */
  readonly linkState: (id: LinkId) => number;
}

/**
 * Numbers for JSON texts: the same text always gets the same number, and a number is never given
 * to another text (the table is dropped when it grows large, the counter never goes back).
 */
export class StateNumbers {
  private readonly numbers = new Map<string, number>();
  private next = 1;

  constructor(private readonly limit = 100_000) {}

  numberOf(text: string): number {
    const known = this.numbers.get(text);
    if (known !== undefined) return known;
    if (this.numbers.size >= this.limit) this.numbers.clear();
    const n = this.next++;
    this.numbers.set(text, n);
    return n;
  }
}

interface Looked<T> {
  readonly value: T | undefined;
  readonly state: number;
}

/** Builds the lookups of one request over the topology; results are kept for the request's life. */
export function documentTopology(topology: EvcDocumentTopology, states: StateNumbers = new StateNumbers()): DocumentTopology {
  const interfaces = new Map<InterfaceId, Looked<Readonly<Record<string, unknown>>>>();
  const links = new Map<LinkId, Looked<DocumentLinkView>>();
  const iface = (id: InterfaceId): Looked<Readonly<Record<string, unknown>>> => {
    let e = interfaces.get(id);
    if (e === undefined) {
      const v = topology.interfaceView(id);
      const value = v === undefined ? undefined : { ...toInterfaceDto(v) };
      e = { value, state: states.numberOf(`i${JSON.stringify(value ?? null)}`) };
      interfaces.set(id, e);
    }
    return e;
  };
  const link = (id: LinkId): Looked<DocumentLinkView> => {
    let e = links.get(id);
    if (e === undefined) {
      const v = topology.linkView(id);
      const value = v === undefined ? undefined : { active: v.active, enabled: v.enabled, status: v.status, statusReason: v.reasons };
      e = { value, state: states.numberOf(`l${JSON.stringify(value ?? null)}`) };
      links.set(id, e);
    }
    return e;
  };
  return {
    interfaceDict: (id) => iface(id).value,
    linkView: (id) => link(id).value,
    interfaceState: (id) => iface(id).state,
    linkState: (id) => link(id).state,
  };
}

/** Pure (given the lookups). The EVC document of one circuit. */
export function toEvcDocumentDto(record: EvcRecord, topo: DocumentTopology, defaultQueue?: number): EvcDocument {
  const { config, status } = record;
  return toEvcDocument(config, status, {
    interfaceDict: topo.interfaceDict,
    linkView: topo.linkView,
    ...(status.updatedAt === undefined ? {} : { updatedAt: status.updatedAt }),
    ...(status.lastRemoved === undefined ? {} : { lastRemovedAt: status.lastRemoved }),
    ...(status.flowRemovedAt === undefined ? {} : { flowRemovedAt: status.flowRemovedAt }),
    ...(status.leftoverSwitch === undefined ? {} : { leftoverSwitch: status.leftoverSwitch }),
    ...(config.owner === undefined ? {} : { owner: config.owner }),
    ...(defaultQueue === undefined ? {} : { defaultQueue }),
  });
}

/**
 * The state numbers of every interface and link a circuit's document shows, in document order;
 * "" when it shows none (no path has a link).
 */
function topologyKey(r: EvcRecord, topo: DocumentTopology): string {
  const parts: number[] = [];
  const links = (path: readonly PathLink[]): void => {
    for (const l of path) parts.push(topo.linkState(l.id), topo.interfaceState(l.endpointA), topo.interfaceState(l.endpointB));
  };
  const hops = (path: readonly PathHop[]): void => {
    for (const h of path) parts.push(topo.linkState(h.linkId), topo.interfaceState(h.fromA), topo.interfaceState(h.toZ));
  };
  links(r.config.primaryLinks);
  links(r.config.backupLinks);
  hops(r.status.currentPath);
  hops(r.status.failoverPath);
  links(r.config.primaryPath);
  links(r.config.backupPath);
  return parts.join(',');
}

/** The app's JSON form of a value (src/rest/app.ts `json replacer`): a bigint is written as a string. */
function jsonText(v: unknown): string {
  try {
    return JSON.stringify(v);
  } catch (e) {
    if (!(e instanceof TypeError)) throw e;
    return JSON.stringify(v, (_key, x: unknown) => (typeof x === 'bigint' ? x.toString() : x));
  }
}

interface CachedEntry {
  readonly config: EvcConfig;
  readonly topologyKey: string;
  /** `"<id>":<document>` as UTF-8. */
  readonly bytes: Buffer;
}

const OPEN = Buffer.from('{');
const COMMA = Buffer.from(',');
const CLOSE = Buffer.from('}');

/** Circuits' documents as JSON bytes, kept while the circuit and what it shows of the topology are unchanged. */
export class EvcDocumentCache {
  private readonly entries = new WeakMap<EvcStatus, CachedEntry>();
  private readonly states = new StateNumbers();

  constructor(private readonly defaultQueue?: number) {}

  /**
   * The JSON body of the circuits' documents keyed by id, in the order given (GET /v2/evc/). The
   * entries are cached as bytes, so an answer is one copy of the cached parts, not a fresh
   * serialisation and encoding of megabytes of text.
   */
  documentMapJson(records: readonly EvcRecord[], topology: EvcDocumentTopology): Buffer {
    // One set of lookups for the whole answer, numbered with this cache's numbers (keys made with other numbers would mismatch).
    const topo = documentTopology(topology, this.states);
    const parts: Buffer[] = [OPEN];
    records.forEach((r, i) => {
      if (i > 0) parts.push(COMMA);
      parts.push(this.entry(r, topo));
    });
    parts.push(CLOSE);
    return Buffer.concat(parts);
  }

  private entry(record: EvcRecord, topo: DocumentTopology): Buffer {
    const key = topologyKey(record, topo);
    const hit = this.entries.get(record.status);
    if (hit !== undefined && hit.config === record.config && hit.topologyKey === key) return hit.bytes;
    const text = jsonText(toEvcDocumentDto(record, topo, this.defaultQueue));
    const bytes = Buffer.from(`${JSON.stringify(record.config.id)}:${text}`);
    this.entries.set(record.status, { config: record.config, topologyKey: key, bytes });
    return bytes;
  }
}
