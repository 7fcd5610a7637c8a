/**
 * `/api/kytos/topology/v3` (kytos-api.md §3.1): switches, interfaces and links, their admin state,
 * metadata and VLAN pools. Each handler checks the request, calls one TopologyService method, maps
 * the answer to a Kytos DTO and sets Kytos's status and body (kytos-ng topology main.py: 201 for
 * switch and link enable/disable and metadata writes, 200 elsewhere).
 */
import { Router, type Request } from 'express';
import { DomainError } from '../../core/domain-error';
import type { EntityKind } from '../../topology/model';
import type { TopologyService } from '../../topology/topology-service';
import {
  linkMetadata,
  toInterfaceDto,
  toLinkDto,
  toSwitchDto,
  toTagPoolDto,
  withDefaultLocation,
  type InterfaceDto,
  type LinkDto,
  type SwitchDto,
  type TagPoolDto,
} from '../dto/topology';
import { anyArray, anyOf, array, int, object, requireJson, str, validateBody } from '../validate';

/** What the topology routes use of the topology service. */
export type TopologyApi = Pick<
  TopologyService,
  | 'switchViews'
  | 'interfaceView'
  | 'interfaceViews'
  | 'linkView'
  | 'linkViews'
  | 'enableSwitch'
  | 'disableSwitch'
  | 'deleteSwitch'
  | 'enableInterface'
  | 'disableInterface'
  | 'setAllInterfaces'
  | 'deleteInterface'
  | 'enableLink'
  | 'disableLink'
  | 'deleteLink'
  | 'metadataOf'
  | 'addMetadata'
  | 'deleteMetadata'
  | 'tagPool'
  | 'setTagRanges'
  | 'resetTagRanges'
  | 'setSpecialTags'
>;

export interface TopologyRouteDeps {
  readonly topology: TopologyApi;
  /** Epoch ms; state changes are stamped with it. */
  readonly now: () => number;
}

// Kytos's answers, word for word (its capitalisation differs between endpoints).
const OK = 'Operation successful';
const OK_CAPITAL = 'Operation Successful';

// kytos-ng topology openapi.yml: `Tag_ranges` and the special_tags request body. The element forms
// ([a, b], [a], a) are then checked by the service, which names the bad element. A tag_type other
// than "vlan" fails the schema's enum here, as in Kytos, whose KytosTagtypeNotSupported is only
// reachable through DELETE's query parameter.
const TAG_RANGES_BODY = object<{ tag_type: 'vlan'; tag_ranges: (unknown[] | number)[] }>({
  tag_type: str(['vlan']),
  tag_ranges: array(anyOf(anyArray(), int()), 1),
});
const SPECIAL_TAGS_BODY = object<{ tag_type: 'vlan'; special_tags: string[] }>({ tag_type: str(['vlan']), special_tags: array(str()) });

function param(req: Request, name: string): string {
  const v = req.params[name];
  // Express always fills a declared path parameter; a missing one is a routing bug.
  if (typeof v !== 'string') throw new Error(`route has no :${name}`);
  return v;
}

/**
 * Kytos splits an interface id on its last ':' and reads the port as an int; an id whose port is
 * not a number is a 400 (topology main.py `delete_interface_metadata`: "Invalid interface_id").
 */
function interfaceParam(req: Request): string {
  const id = param(req, 'intf_id');
  if (!/^\d+$/.test(id.slice(id.lastIndexOf(':') + 1))) throw new DomainError('BAD_REQUEST', `Invalid interface_id ${id}`);
  return id;
}

function switchDtos(topology: TopologyApi): Record<string, SwitchDto> {
  const out: Record<string, SwitchDto> = {};
  topology.switchViews().forEach((v, index) => {
    out[v.config.dpid] = withDefaultLocation(toSwitchDto(v, topology.interfaceViews(v.config.dpid)), index);
  });
  return out;
}

function linkDtos(topology: TopologyApi): Record<string, LinkDto> {
  const out: Record<string, LinkDto> = {};
  for (const v of topology.linkViews()) out[v.config.id] = toLinkDto(v, (id) => topology.interfaceView(id));
  return out;
}

/** Builds the router of the topology v3 API over the service (no I/O of its own). */
export function topologyRoutes(deps: TopologyRouteDeps): Router {
  const { topology, now } = deps;
  const r = Router();

  r.get('/', (_req, res) => {
    res.json({ topology: { switches: switchDtos(topology), links: linkDtos(topology) } });
  });

  // ------------------------------------------------------------------------------- switches
  r.get('/switches', (_req, res) => {
    res.json({ switches: switchDtos(topology) });
  });
  r.post('/switches/:dpid/enable', (req, res) => {
    topology.enableSwitch(param(req, 'dpid'), now());
    res.status(201).json(OK);
  });
  // Also disables every enabled link of the switch, persistently (kytos-api.md §3.1 ⚠).
  r.post('/switches/:dpid/disable', (req, res) => {
    topology.disableSwitch(param(req, 'dpid'), now());
    res.status(201).json(OK);
  });
  r.delete('/switches/:dpid', (req, res) => {
    topology.deleteSwitch(param(req, 'dpid'));
    res.json(OK);
  });
  metadataRoutes(r, 'switch', '/switches/:dpid', (req) => param(req, 'dpid'), deps);

  // ----------------------------------------------------------------------------- interfaces
  r.get('/interfaces', (_req, res) => {
    const interfaces: Record<string, InterfaceDto> = {};
    for (const v of topology.interfaceViews()) interfaces[v.config.id] = toInterfaceDto(v);
    res.json({ interfaces });
  });
  // Literal routes before the parameterised ones (kytos-api.md §0 "Route matching order").
  r.get('/interfaces/tag_ranges', (_req, res) => {
    const out: Record<string, TagPoolDto> = {};
    for (const v of topology.interfaceViews()) out[v.config.id] = toTagPoolDto(topology.tagPool(v.config.id));
    res.json(out);
  });
  r.post('/interfaces/switch/:dpid/enable', (req, res) => {
    topology.setAllInterfaces(param(req, 'dpid'), true, now());
    res.json(OK);
  });
  r.post('/interfaces/switch/:dpid/disable', (req, res) => {
    topology.setAllInterfaces(param(req, 'dpid'), false, now());
    res.json(OK);
  });
  r.post('/interfaces/:intf_id/enable', (req, res) => {
    topology.enableInterface(param(req, 'intf_id'), now());
    res.json(OK);
  });
  // Also disables the interface's link.
  r.post('/interfaces/:intf_id/disable', (req, res) => {
    topology.disableInterface(param(req, 'intf_id'), now());
    res.json(OK);
  });
  r.delete('/interfaces/:intf_id', (req, res) => {
    topology.deleteInterface(param(req, 'intf_id'));
    res.json(OK_CAPITAL);
  });
  metadataRoutes(r, 'interface', '/interfaces/:intf_id', interfaceParam, deps);

  r.get('/interfaces/:intf_id/tag_ranges', (req, res) => {
    const id = param(req, 'intf_id');
    res.json({ [id]: toTagPoolDto(topology.tagPool(id)) });
  });
  r.post('/interfaces/:intf_id/tag_ranges', requireJson, (req, res) => {
    const body = validateBody(TAG_RANGES_BODY, req.body);
    topology.setTagRanges(param(req, 'intf_id'), body.tag_ranges);
    res.json(OK_CAPITAL);
  });
  r.delete('/interfaces/:intf_id/tag_ranges', (req, res) => {
    const id = param(req, 'intf_id');
    const tagType = req.query['tag_type'] ?? 'vlan';
    // kytos core interface.py remove_tag_ranges: VLAN is the only tag type.
    if (tagType !== 'vlan') {
      throw new DomainError('BAD_REQUEST', `KytosTagtypeNotSupported, Tag type ${String(tagType)} is not supported.`);
    }
    topology.resetTagRanges(id);
    res.json(OK_CAPITAL);
  });
  r.post('/interfaces/:intf_id/special_tags', requireJson, (req, res) => {
    const body = validateBody(SPECIAL_TAGS_BODY, req.body);
    topology.setSpecialTags(param(req, 'intf_id'), body.special_tags);
    res.json(OK_CAPITAL);
  });

  // ---------------------------------------------------------------------------------- links
  r.get('/links', (_req, res) => {
    res.json({ links: linkDtos(topology) });
  });
  r.post('/links/:link_id/enable', (req, res) => {
    topology.enableLink(param(req, 'link_id'), now());
    res.status(201).json(OK);
  });
  r.post('/links/:link_id/disable', (req, res) => {
    topology.disableLink(param(req, 'link_id'), now());
    res.status(201).json(OK);
  });
  r.delete('/links/:link_id', (req, res) => {
    topology.deleteLink(param(req, 'link_id'));
    res.json(OK);
  });
  metadataRoutes(r, 'link', '/links/:link_id', (req) => param(req, 'link_id'), deps);

  return r;
}

/** Adds GET, POST and DELETE of one entity kind's metadata under `base` to `r`. */
function metadataRoutes(r: Router, kind: EntityKind, base: string, idOf: (req: Request) => string, deps: TopologyRouteDeps): void {
  const { topology } = deps;
  r.get(`${base}/metadata`, (req, res) => {
    const id = idOf(req);
    const metadata = topology.metadataOf(kind, id);
    // A link's metadata also shows the controller's liveness_status (seed 001, internal keys).
    const view = kind === 'link' ? topology.linkView(id) : undefined;
    res.json({ metadata: view === undefined ? metadata : linkMetadata(view) });
  });
  r.post(`${base}/metadata`, requireJson, (req, res) => {
    topology.addMetadata(kind, idOf(req), req.body);
    res.status(201).json(OK);
  });
  r.delete(`${base}/metadata/:key`, (req, res) => {
    topology.deleteMetadata(kind, idOf(req), param(req, 'key'));
    res.json(OK);
  });
}
