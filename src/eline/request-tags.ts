/**
 * UNIs of a request body (kytos-api.md §1.3): the interface id and the tag forms, turned into a
 * `Uni` with a `UniTag` union, and the tag rules that need no topology. Pure.
 */
import type { Dpid } from '../ofp';
import { parseInterfaceId, type InterfaceId } from '../topology/model';
import { err, ok, type Result } from '../topology/result';
import { parseTagRanges } from '../topology/tags';
import type { Uni, UniTag } from './model';
import { badRequest, isObject, type RequestError } from './request-schema';
import { tagsNotAvailableText } from './tags';
import { dpidOfInterface } from '../topology/model';

/** The C-VIDs a single-tag UNI may carry (802.1Q; 0 and 4095 are reserved). */
export const MIN_VID = 1;
export const MAX_VID = 4094;

// mef_eline main.py `_evc_dict_with_instances` answers any failure to build a UNI (unknown
// interface, unknown tag type) with this one text.
const INVALID_UNI = 'Error creating UNI: Invalid value';

/** Pure. The datapath id of an interface id (everything before the last ':'). */
export const dpidOf: (id: InterfaceId) => Dpid = dpidOfInterface;

/** Kytos core `KytosTagsAreNotAvailable`: `conflict` printed as Python prints it. */
function notAvailable(conflict: string, interfaceId: InterfaceId): RequestError {
  return badRequest(tagsNotAvailableText(conflict, interfaceId));
}

/** A tag value that passed the Tag schema: an integer, a string or a list of ranges. */
function tagOf(value: unknown, interfaceId: InterfaceId): Result<UniTag, RequestError> {
  if (typeof value === 'number' || typeof value === 'bigint') {
    const vid = Number(value);
    // No interface pool holds these (pools are within 1..4094), so the reservation Kytos makes later
    // can only fail, with this text.
    if (vid < MIN_VID || vid > MAX_VID) return err(notAvailable(`[[${vid}, ${vid}]]`, interfaceId));
    return ok({ kind: 'vlan', vid });
  }
  if (typeof value === 'string') {
    if (value === 'any' || value === 'untagged') return ok({ kind: value });
    // Kytos tries to take the string from the interface's special tags, which only holds these two.
    return err(notAvailable(value, interfaceId));
  }
  if (!Array.isArray(value)) return err(badRequest(INVALID_UNI));
  // A bigint cannot be a tag; as a number it fails parseTagRanges's bounds with a readable message.
  const plain = value.map((e: unknown) => (Array.isArray(e) ? e.map((t: unknown) => (typeof t === 'bigint' ? Number(t) : t)) : typeof e === 'bigint' ? Number(e) : e));
  const ranges = parseTagRanges(plain);
  if (!ranges.ok) return err(badRequest(ranges.error));
  return ok({ kind: 'range', ranges: ranges.value });
}

/**
 * Pure. The UNI of a schema-checked Endpoint (`{interface_id, tag?}`). A tag that is absent, null
 * or `{}` is EPL; `tag_type` 1 is "vlan"; a tag without a type or a value is refused, as is an
 * interface id that no switch can have (Kytos ids are lower-case with ':'), with Kytos's text.
 * Whether the interface exists and its tags are free is for the service.
 */
export function parseUni(endpoint: Readonly<Record<string, unknown>>): Result<Uni, RequestError> {
  const interfaceId = endpoint['interface_id'];
  if (typeof interfaceId !== 'string' || parseInterfaceId(interfaceId) === undefined) return err(badRequest(INVALID_UNI));
  const tag = endpoint['tag'];
  // Python: `if tag_dict:`, so an empty object is no tag at all.
  if (tag === undefined || tag === null || (isObject(tag) && Object.keys(tag).length === 0)) {
    return ok({ interfaceId, tag: { kind: 'epl' } });
  }
  if (!isObject(tag)) return err(badRequest(INVALID_UNI));
  const tagType = tag['tag_type'];
  // Kytos builds TAG(None, …), which raises ValueError, worded as above. A tag without a value
  // makes Kytos fail with a 500 later; it is refused here with the same text.
  if (tagType !== 'vlan' && tagType !== 1) return err(badRequest(INVALID_UNI));
  if (tag['value'] === undefined) return err(badRequest(INVALID_UNI));
  const parsed = tagOf(tag['value'], interfaceId);
  return parsed.ok ? ok({ interfaceId, tag: parsed.value }) : parsed;
}

/** Pure. Kytos `_tag_lists_equal`: two range UNIs need the same ranges; a range on one side only is refused. */
export function tagListsEqual(a: UniTag, z: UniTag): boolean {
  if (a.kind === 'range' && z.kind === 'range') {
    return a.ranges.length === z.ranges.length && a.ranges.every((r, i) => r[0] === z.ranges[i]?.[0] && r[1] === z.ranges[i]?.[1]);
  }
  return a.kind !== 'range' && z.kind !== 'range';
}

/** Kytos's text when `tagListsEqual` fails. */
export const TAG_LISTS_DIFFER = 'UNI_A and UNI_Z tag lists should be the same.';

/** Pure. Whether both UNIs are on one switch. */
export function isIntraSwitch(a: Uni, z: Uni): boolean {
  return dpidOf(a.interfaceId) === dpidOf(z.interfaceId);
}
