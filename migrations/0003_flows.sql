-- 0003: desired flows, the flows services asked for (src/flows/types.ts DesiredFlowRow;
-- src/store/flow-repo.ts). Forward-only: never edit this file once released; a fix is a new numbered migration.
--
-- The spec column holds the whole FlowSpec (src/flows/flowspec-json.ts); dpid, table_id, priority and
-- cookie repeat parts of it as columns so that SQL can select by them. The repository writes both from
-- the same FlowSpec and, reading, treats a row whose columns disagree with its spec as corrupt.

CREATE TABLE desired_flows (
  -- flowKey(spec): dpid/table/priority/canonical match (src/flows/canonical.ts), computed by the caller
  key TEXT PRIMARY KEY CHECK (length(key) > 0),
  -- Canonical datapath id, lower-case hex pairs: 00:00:00:00:00:00:00:01
  dpid TEXT NOT NULL
    CHECK (dpid GLOB '[0-9a-f][0-9a-f]:[0-9a-f][0-9a-f]:[0-9a-f][0-9a-f]:[0-9a-f][0-9a-f]:[0-9a-f][0-9a-f]:[0-9a-f][0-9a-f]:[0-9a-f][0-9a-f]:[0-9a-f][0-9a-f]'),
  -- OF1.3.5 7.3.4.1 ofp_flow_mod.table_id; 0xff (OFPTT_ALL) is not a table a flow can live in
  table_id INTEGER NOT NULL CHECK (table_id BETWEEN 0 AND 254),
  -- ofp_flow_mod.priority (uint16)
  priority INTEGER NOT NULL CHECK (priority BETWEEN 0 AND 65535),
  -- The service that owns the flow: mef_eline, of_lldp, of_multi_table, no_owner, ... (kytos-api.md §6)
  owner TEXT NOT NULL CHECK (length(owner) > 0),
  -- The 64-bit cookie as exactly 16 lower-case hex digits, no prefix. Fixed width makes text order
  -- numeric order, so a cookie range is a plain BETWEEN on this column (SQLite integers are signed).
  cookie TEXT NOT NULL CHECK (length(cookie) = 16 AND cookie NOT GLOB '*[^0-9a-f]*'),
  -- The cookie's top byte, the owner prefix (src/flows/flowspec.ts OWNER), as an integer: a
  -- cookie/cookie_mask delete narrows its candidates with `cookie_hi & mask_hi` in SQL.
  cookie_hi INTEGER NOT NULL CHECK (cookie_hi BETWEEN 0 AND 255
    AND substr(cookie, 1, 2) = substr('0123456789abcdef', cookie_hi / 16 + 1, 1) || substr('0123456789abcdef', cookie_hi % 16 + 1, 1)),
  -- The FlowSpec, a JSON object (flowSpecToJson). The repository checks its contents when it reads
  -- it; no json_valid CHECK here: parsing every spec on write costs a third of a 10,000-flow upsert.
  spec TEXT NOT NULL CHECK (length(spec) > 1),
  -- pending until a barrier confirms the flow on its switch, installed after; failed when the switch refused it
  state TEXT NOT NULL CHECK (state IN ('pending', 'installed', 'failed')),
  -- Why the switch refused the flow; only a failed flow has one
  error TEXT CHECK (error IS NULL OR state = 'failed'),
  -- ISO-8601 UTC as Date.prototype.toISOString writes it; inserted_at is kept by every later upsert
  inserted_at TEXT NOT NULL CHECK (length(inserted_at) >= 20 AND substr(inserted_at, -1) = 'Z'),
  updated_at TEXT NOT NULL CHECK (length(updated_at) >= 20 AND substr(updated_at, -1) = 'Z')
) STRICT;

-- One switch's flows in the order the repository returns them (priority, highest first, then key).
CREATE INDEX desired_flows_by_dpid ON desired_flows (dpid, priority DESC, key);
-- Everything one service owns (its removal, its listing).
CREATE INDEX desired_flows_by_owner ON desired_flows (owner);
