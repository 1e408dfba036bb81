-- Staged rollout of deployment requests (issue 17, point 5). A request releases its devices at most
-- rate_per_minute a minute (NULL: all at release), its rollout state is running, paused, stopped (automatically,
-- when the failure share passed max_failure_percent over at least min_failure_sample finished devices) or
-- cancelled. A target's dispatched_on says when the device was given the deployment (NULL: still waiting).
ALTER TABLE ota_request ADD COLUMN rate_per_minute bigint;
ALTER TABLE ota_request ADD COLUMN max_failure_percent bigint;
ALTER TABLE ota_request ADD COLUMN min_failure_sample bigint NOT NULL DEFAULT 10;
ALTER TABLE ota_request ADD COLUMN rollout_state text NOT NULL DEFAULT 'running'
    CHECK (rollout_state IN ('running', 'paused', 'stopped', 'cancelled'));
ALTER TABLE ota_request ADD COLUMN rollout_reason text;
ALTER TABLE ota_target ADD COLUMN dispatched_on bigint;
-- Targets of requests released before: they were all given the deployment at release.
UPDATE ota_target SET dispatched_on = updated_on;
CREATE INDEX ota_target_waiting ON ota_target (request_id, dispatched_on);
