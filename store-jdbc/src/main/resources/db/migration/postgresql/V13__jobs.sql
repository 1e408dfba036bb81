-- The durable job queue (JdbcJobQueue). V13 because V12 is taken on a sibling branch (the event outbox).
--
-- scheduled_tasks is db-scheduler's own table, in the shape its 16.x release documents for PostgreSQL: one row per
-- queued or running attempt; a node claims a row by bumping its version (optimistic), keeps last_heartbeat fresh
-- while it runs, and any node revives a row whose heartbeat has gone stale (the node died).
CREATE TABLE scheduled_tasks (
    task_name            text NOT NULL,
    task_instance        text NOT NULL,
    task_data            bytea,
    execution_time       timestamp with time zone NOT NULL,
    picked               boolean NOT NULL,
    picked_by            text,
    last_success         timestamp with time zone,
    last_failure         timestamp with time zone,
    consecutive_failures integer,
    last_heartbeat       timestamp with time zone,
    version              bigint NOT NULL,
    priority             smallint,
    PRIMARY KEY (task_name, task_instance)
);
CREATE INDEX scheduled_tasks_execution_time_idx ON scheduled_tasks (execution_time);
CREATE INDEX scheduled_tasks_last_heartbeat_idx ON scheduled_tasks (last_heartbeat);
CREATE INDEX scheduled_tasks_priority_execution_time_idx ON scheduled_tasks (priority DESC, execution_time ASC);

-- What a client may see of a job (GET /api/v1/pid/), kept after the job's scheduled_tasks row is gone and pruned
-- some days after it finished. Changed in the same transaction as the scheduled_tasks row where the state moves
-- (enqueue, completion, failure). Times are microseconds since the epoch, as everywhere else.
CREATE TABLE job_status (
    pid         text    PRIMARY KEY,
    type        text    NOT NULL,
    org_id      bigint  NOT NULL,
    state       text    NOT NULL CHECK (state IN ('QUEUED', 'RUNNING', 'DONE', 'FAILED')),
    attempts    integer NOT NULL DEFAULT 0,
    last_error  text,
    created_on  bigint  NOT NULL,
    finished_on bigint
);
CREATE INDEX job_status_finished_idx ON job_status (finished_on) WHERE finished_on IS NOT NULL;
CREATE INDEX job_status_type_state_idx ON job_status (type, state);
