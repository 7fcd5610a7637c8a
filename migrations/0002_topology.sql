-- 0002: the topology's operator-owned state (src/topology/types.ts SwitchConfig, InterfaceConfig,
-- LinkConfig; src/store/topology-repo.ts) and the installation's secrets (src/store/secret-repo.ts).
-- Forward-only: never edit this file once released; a fix is a new numbered migration.
--
-- No foreign keys between these tables, on purpose:
--  * an interface row may be saved before (or without) a row for its switch: the topology saves what
--    the operator changed, and an interface's config can change while its switch's never did;
--  * a link row may name interfaces that have no row (LLDP discovers links between interfaces the
--    operator never touched).
-- Deleting a switch deletes its interfaces' rows too, in one transaction in TopologyRepo.deleteSwitch
-- (Kytos-ng forgets a switch's interfaces with the switch); its links are not touched, because the
-- topology refuses to delete a switch that still has links (kytos-api.md §3.1).
-- Booleans are INTEGER 0/1. JSON columns are checked for their top-level type here; the repository
-- checks their contents when it reads them.

CREATE TABLE switch_config (
  -- Canonical datapath id, lower-case hex pairs: 00:00:00:00:00:00:00:01
  dpid TEXT PRIMARY KEY
    CHECK (dpid GLOB '[0-9a-f][0-9a-f]:[0-9a-f][0-9a-f]:[0-9a-f][0-9a-f]:[0-9a-f][0-9a-f]:[0-9a-f][0-9a-f]:[0-9a-f][0-9a-f]:[0-9a-f][0-9a-f]:[0-9a-f][0-9a-f]'),
  enabled INTEGER NOT NULL CHECK (enabled IN (0, 1)),
  -- Operator metadata (topology /switches/{dpid}/metadata), a JSON object
  metadata TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(metadata) AND json_type(metadata) = 'object')
) STRICT;

CREATE TABLE interface_config (
  -- Kytos interface id "<dpid>:<port_no>", e.g. 00:00:00:00:00:00:00:01:1; always made of the two columns below
  id TEXT PRIMARY KEY CHECK (id = dpid || ':' || port_no),
  dpid TEXT NOT NULL
    CHECK (dpid GLOB '[0-9a-f][0-9a-f]:[0-9a-f][0-9a-f]:[0-9a-f][0-9a-f]:[0-9a-f][0-9a-f]:[0-9a-f][0-9a-f]:[0-9a-f][0-9a-f]:[0-9a-f][0-9a-f]:[0-9a-f][0-9a-f]'),
  -- OF1.3.5 7.2.1 ofp_port.port_no (uint32)
  port_no INTEGER NOT NULL CHECK (port_no BETWEEN 0 AND 4294967295),
  enabled INTEGER NOT NULL CHECK (enabled IN (0, 1)),
  metadata TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(metadata) AND json_type(metadata) = 'object'),
  -- Inclusive VLAN ranges [[first, last], ...], normalised (sorted, disjoint, non-adjacent), 1..4095
  tag_ranges TEXT NOT NULL CHECK (json_valid(tag_ranges) AND json_type(tag_ranges) = 'array'),
  -- Subset of ["untagged", "any"], no duplicates
  special_tags TEXT NOT NULL CHECK (json_valid(special_tags) AND json_type(special_tags) = 'array'),
  -- of_lldp: LLDP sent and accepted on this interface; liveness detection on it
  lldp INTEGER NOT NULL CHECK (lldp IN (0, 1)),
  liveness INTEGER NOT NULL CHECK (liveness IN (0, 1)),
  -- Redundant with the id as a constraint; it is the index deleteSwitch uses to find a switch's interfaces.
  UNIQUE (dpid, port_no)
) STRICT;

CREATE TABLE links (
  -- sha256 of the sorted endpoint ids joined with ':' (kytos-api.md §0 "Link id"), 64 lower-case hex chars
  id TEXT PRIMARY KEY CHECK (length(id) = 64 AND id NOT GLOB '*[^0-9a-f]*'),
  -- Interface ids; endpoint_a is the smaller by (dpid, port number). A link never joins an interface to itself.
  endpoint_a TEXT NOT NULL CHECK (endpoint_a GLOB '[0-9a-f][0-9a-f]:[0-9a-f][0-9a-f]:[0-9a-f][0-9a-f]:[0-9a-f][0-9a-f]:[0-9a-f][0-9a-f]:[0-9a-f][0-9a-f]:[0-9a-f][0-9a-f]:[0-9a-f][0-9a-f]:[0-9]*'
    AND substr(endpoint_a, 25) NOT GLOB '*[^0-9]*'),
  endpoint_b TEXT NOT NULL CHECK (endpoint_b GLOB '[0-9a-f][0-9a-f]:[0-9a-f][0-9a-f]:[0-9a-f][0-9a-f]:[0-9a-f][0-9a-f]:[0-9a-f][0-9a-f]:[0-9a-f][0-9a-f]:[0-9a-f][0-9a-f]:[0-9a-f][0-9a-f]:[0-9]*'
    AND substr(endpoint_b, 25) NOT GLOB '*[^0-9]*'),
  enabled INTEGER NOT NULL CHECK (enabled IN (0, 1)),
  -- Operator metadata (topology /links/{id}/metadata), a JSON object
  metadata TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(metadata) AND json_type(metadata) = 'object'),
  -- ISO-8601 UTC of the first discovery, as Date.prototype.toISOString writes it
  discovered_at TEXT NOT NULL CHECK (discovered_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]*Z'),
  CHECK (endpoint_a <> endpoint_b)
) STRICT;

-- Per-installation secrets, created once and kept (e.g. the key that authenticates our LLDP frames).
CREATE TABLE secrets (
  name TEXT PRIMARY KEY CHECK (length(name) > 0),
  -- An empty secret would silently authenticate nothing, so it is refused.
  value BLOB NOT NULL CHECK (length(value) > 0)
) STRICT;
