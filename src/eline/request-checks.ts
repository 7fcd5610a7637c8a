/**
 * The checks of a create or PATCH that need the topology once the body is built (kytos-api.md §1.2
 * pipeline): the static paths are valid (§1.5) and the metadata can be stored. (Whether UNIs and
 * path ends exist is checked while the body is built, request.ts.) Each failure is the DomainError
 * (400) with Kytos's text.
 */
import { DomainError } from '../core/domain-error';
import { linkIdOf } from '../topology/links';
import { dpidOfInterface, type InterfaceId } from '../topology/model';
import type { EvcConfig, PathLink } from './model';
import { checkStaticPath } from './request-path';
import type { EvcTopology } from './service-types';

/** Kytos `Path.is_valid`: the path walks from UNI A's switch to UNI Z's; its links must exist unless the circuit is scheduled. */
export function checkPath(topology: EvcTopology, cfg: EvcConfig, path: readonly PathLink[], prefix: string): void {
  const scheduled = cfg.circuitScheduler.length > 0;
  const r = checkStaticPath(
    path,
    dpidOfInterface(cfg.uniA.interfaceId),
    dpidOfInterface(cfg.uniZ.interfaceId),
    scheduled ? undefined : (l) => linkUnavailable(topology, l),
  );
  if (!r.ok) throw new DomainError('BAD_REQUEST', `${prefix}${r.error}`);
}

/** Kytos's `Link <repr> is not available.` when the topology has no link joining the two ends, else undefined. */
function linkUnavailable(topology: EvcTopology, l: PathLink): string | undefined {
  if (topology.linkView(linkIdOf(l.endpointA, l.endpointB).id) !== undefined) return undefined;
  const repr = (id: InterfaceId): string => {
    const v = topology.interfaceView(id);
    return `Interface('${v?.port.name ?? id}', ${v?.port.portNo ?? 0}, Switch('${dpidOfInterface(id)}'))`;
  };
  return `Link Link(${repr(l.endpointA)}, ${repr(l.endpointB)}, ${l.id}) is not available.`;
}

/**
 * Metadata is stored as JSON; an integer beyond ±(2^53 − 1) (a bigint from the exact JSON parser)
 * would not read back as written, so it is refused with a 400 rather than rounded.
 */
export function checkStorable(metadata: Readonly<Record<string, unknown>>): void {
  const walk = (v: unknown, at: string): void => {
    if (typeof v === 'bigint') throw new DomainError('BAD_REQUEST', `metadata ${at}: the integer ${v} is beyond ±(2^53 - 1), the range that can be stored exactly`);
    if (Array.isArray(v)) v.forEach((x, i) => walk(x, `${at}[${i}]`));
    else if (typeof v === 'object' && v !== null) for (const [k, x] of Object.entries(v)) walk(x, at === '' ? k : `${at}.${k}`);
  };
  walk(metadata, '');
}

/** The checks of a circuit's config that need the topology once the body is built: storable metadata, then both static paths' validity (`prefix(name)` starts the 400's text). */
export function checkAgainstTopology(topology: EvcTopology, cfg: EvcConfig, prefix: (name: 'primary_path' | 'backup_path') => string): void {
  checkStorable(cfg.metadata);
  checkPath(topology, cfg, cfg.primaryPath, prefix('primary_path'));
  checkPath(topology, cfg, cfg.backupPath, prefix('backup_path'));
}
