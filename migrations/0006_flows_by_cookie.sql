-- 0006: desired flows by exact cookie (src/store/flow-repo.ts forCookie). A circuit's flows all carry
-- its cookie (kytos-api.md §2.4), so the circuit service finds the flows it has desired in one
-- indexed lookup however many other flows are stored.
-- Forward-only: never edit this file once released; a fix is a new numbered migration.

CREATE INDEX desired_flows_by_cookie ON desired_flows (cookie);
