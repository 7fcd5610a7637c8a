-- 0005: E-Line circuits (src/eline/model.ts EvcConfig, EvcStatus; src/store/evc-repo.ts).
-- Forward-only: never edit this file once released; a fix is a new numbered migration.
--
-- config holds the whole EvcConfig and status the whole EvcStatus, as JSON objects (no bigints; dates
-- ISO-8601 UTC strings). name, archived and enabled repeat parts of config as columns so that SQL can
-- select by them; the repository writes both from the same EvcConfig and, reading, treats a row whose
-- columns disagree with its config as corrupt.

CREATE TABLE evcs (
  -- 14 lower-case hex characters (Kytos-ng's circuit id)
  id TEXT PRIMARY KEY CHECK (length(id) = 14 AND id NOT GLOB '*[^0-9a-f]*'),
  name TEXT NOT NULL,
  archived INTEGER NOT NULL CHECK (archived IN (0, 1)),
  enabled INTEGER NOT NULL CHECK (enabled IN (0, 1)),
  -- The repository checks the contents of both JSON columns when it reads them.
  config TEXT NOT NULL CHECK (json_valid(config) AND json_type(config) = 'object'),
  status TEXT NOT NULL CHECK (json_valid(status) AND json_type(status) = 'object'),
  -- ISO-8601 UTC as Date.prototype.toISOString writes it; created_at is kept by every later save
  created_at TEXT NOT NULL CHECK (created_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]*Z'),
  updated_at TEXT NOT NULL CHECK (updated_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]*Z')
) STRICT;

-- Listing the live (or the archived) circuits.
CREATE INDEX evcs_by_archived ON evcs (archived, id);
