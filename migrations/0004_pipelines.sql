-- 0004: of_multi_table pipelines (kytos-api.md §7; src/flows/pipeline-doc.ts, src/store/pipeline-repo.ts),
-- and the table group of each desired flow. Forward-only: never edit this file once released; a fix is a
-- new numbered migration.

CREATE TABLE pipelines (
  -- 32 lower-case hex digits (a uuid4 without dashes, as of_multi_table names pipelines)
  id TEXT PRIMARY KEY CHECK (length(id) > 0),
  status TEXT NOT NULL
    CHECK (status IN ('disabled', 'enabling', 'enabled', 'disabling', 'enabling_error', 'disabling_error')),
  -- The multi_table list as the API accepted it, a JSON array (64-bit integers written as JSON integers)
  multi_table TEXT NOT NULL CHECK (json_valid(multi_table) AND json_type(multi_table) = 'array'),
  -- ISO-8601 UTC as Date.prototype.toISOString writes it
  inserted_at TEXT NOT NULL CHECK (inserted_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]*Z'),
  updated_at TEXT NOT NULL CHECK (updated_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]T[0-9][0-9]:[0-9][0-9]:[0-9][0-9]*Z')
) STRICT;

-- One pipeline at a time is anything but disabled: every row the WHERE admits has the same indexed value.
CREATE UNIQUE INDEX pipelines_one_active ON pipelines (status <> 'disabled') WHERE status <> 'disabled';

-- The of_multi_table group of a desired flow (kytos-api.md §6.1 "table_group"): with its owner, it names
-- the pipeline table the flow belongs in, so that enabling a pipeline can move it. 'base' is Kytos's default.
ALTER TABLE desired_flows ADD COLUMN table_group TEXT NOT NULL DEFAULT 'base' CHECK (length(table_group) > 0);
