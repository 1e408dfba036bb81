-- The durable job queue (JdbcJobQueue). V13 because V12 is taken on a sibling branch (the event outbox).
--
-- scheduled_tasks is db-scheduler's own table, in the shape its SQLite support documents: one row per queued or
-- running attempt; a node claims a row by bumping its version (optimistic update, no SELECT ... FOR UPDATE), keeps
-- last_heartbeat fresh while it runs, and a row whose heartbeat has gone stale is revived. Timestamps are stored
-- by the driver as milliseconds since the epoch in UTC.
CREATE TABLE scheduled_tasks (
    task_name            varchar(100) NOT NULL,
    task_instance        varchar(100) NOT NULL,
    task_data            blob,
    execution_time       TIMESTAMP NOT NULL,
    picked               BIT NOT NULL,
    picked_by            varchar(50),
    last_success         TIMESTAMP,
    last_failure         TIMESTAMP,
    consecutive_failures INT,
    last_heartbeat       TIMESTAMP,
    version              BIGINT NOT NULL,
    priority             SMALLINT,
    PRIMARY KEY (task_name, task_instance)
);
CREATE INDEX scheduled_tasks_execution_time_idx ON scheduled_tasks (execution_time);
CREATE INDEX scheduled_tasks_last_heartbeat_idx ON scheduled_tasks (last_heartbeat);
CREATE INDEX scheduled_tasks_priority_execution_time_idx ON scheduled_tasks (priority DESC, execution_time ASC);

-- What a client may see of a job (GET /api/v1/pid/); see postgresql/V13.
CREATE TABLE job_status (
    pid         TEXT    PRIMARY KEY,
    type        TEXT    NOT NULL,
    org_id      INTEGER NOT NULL,
    state       TEXT    NOT NULL CHECK (state IN ('QUEUED', 'RUNNING', 'DONE', 'FAILED')),
    attempts    INTEGER NOT NULL DEFAULT 0,
    last_error  TEXT,
    created_on  INTEGER NOT NULL,
    finished_on INTEGER
);
CREATE INDEX job_status_finished_idx ON job_status (finished_on) WHERE finished_on IS NOT NULL;
CREATE INDEX job_status_type_state_idx ON job_status (type, state);
