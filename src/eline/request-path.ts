/**
 * Static path validation (kytos-api.md §1.5, mef_eline `Path.is_valid`): a primary or backup
 * path must walk from UNI A's switch to UNI Z's switch, one new switch per link, without a loop.
 * Whether each link is the one attached to its endpoints is a topology question that the caller
 * answers through `linkError`. Pure.
 */
import type { Dpid } from '../ofp';
import { err, ok, type Result } from '../topology/result';
import type { PathLink } from './model';
import { dpidOf } from './request-tags';

/** Python's repr of a set of kytos core Switch objects (`{Switch('00:…:01')}`), sorted for stable text. */
function switchSet(dpids: readonly Dpid[]): string {
  if (dpids.length === 0) return 'set()';
  return `{${[...dpids].sort().map((d) => `Switch('${d}')`).join(', ')}}`;
}

/**
 * Pure. Kytos `Path.is_valid(switch_a, switch_z, is_scheduled)`: ok for an empty path; otherwise
 * the InvalidPath text of the first fault, in Kytos's words. `linkError(link)` gives the text for a
 * link that is not the one attached to both its endpoints (Kytos `Link <repr> is not available.`)
 * or undefined when it is; leave it out for a scheduled circuit, whose links are not checked.
 * Callers prefix the text: `primary_path is not valid: ` on create, `primary_path is not a valid
 * path: ` on update.
 */
export function checkStaticPath(
  path: readonly PathLink[],
  switchA: Dpid,
  switchZ: Dpid,
  linkError?: (link: PathLink) => string | undefined,
): Result<void, string> {
  if (path.length === 0) return ok(undefined);
  let previous: Dpid = switchA;
  const visited = new Set<Dpid>([switchA]);
  for (const link of path) {
    const ends = new Set([dpidOf(link.endpointA), dpidOf(link.endpointB)]);
    ends.delete(previous);
    const current = [...ends];
    const next = current[0];
    if (current.length !== 1 || next === undefined) {
      return err(`Previous switch ${switchSet([previous])} is not connected to current link with switches ${switchSet(current)}.`);
    }
    if (visited.has(next)) return err(`Loop detected in path, switch ${switchSet([next])} was visited more than once.`);
    const unavailable = linkError?.(link);
    if (unavailable !== undefined) return err(unavailable);
    previous = next;
    visited.add(next);
  }
  return previous === switchZ ? ok(undefined) : err('Last link does not contain uni_z switch');
}
