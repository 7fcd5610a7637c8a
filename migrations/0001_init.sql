-- 0001: the switches the controller has ever seen, kept across restarts (src/store/switch-repo.ts).
-- Forward-only: never edit this file once released; a fix is a new numbered migration.

CREATE TABLE switches (
  -- Canonical datapath id, lower-case hex pairs: 00:00:00:00:00:00:00:01
  dpid TEXT PRIMARY KEY
    CHECK (dpid GLOB '[0-9a-f][0-9a-f]:[0-9a-f][0-9a-f]:[0-9a-f][0-9a-f]:[0-9a-f][0-9a-f]:[0-9a-f][0-9a-f]:[0-9a-f][0-9a-f]:[0-9a-f][0-9a-f]:[0-9a-f][0-9a-f]'),
  -- ISO-8601 UTC as Date.prototype.toISOString writes it: 2024-05-01T12:00:00.000Z
  first_seen TEXT NOT NULL CHECK (first_seen GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]*Z'),
  last_seen TEXT NOT NULL CHECK (last_seen GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]*Z'),
  -- "ip:port" of the last connection
  last_address TEXT NOT NULL,
  -- OF1.3.5 7.3.5.1 ofp_desc
  manufacturer TEXT NOT NULL DEFAULT '',
  hardware TEXT NOT NULL DEFAULT '',
  software TEXT NOT NULL DEFAULT '',
  serial TEXT NOT NULL DEFAULT '',
  datapath_desc TEXT NOT NULL DEFAULT '',
  -- ofp_switch_features.n_tables (uint8)
  n_tables INTEGER NOT NULL DEFAULT 0 CHECK (n_tables BETWEEN 0 AND 255),
  -- JSON array of the last known ports: {portNo, name, hwAddr, config, state, curr, currSpeed, maxSpeed}
  ports TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(ports) AND json_type(ports) = 'array')
) STRICT;
