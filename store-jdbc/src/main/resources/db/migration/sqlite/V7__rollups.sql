-- Hourly rollups of the numeric values in data, so an aggregate over a long range reads one row per hour
-- instead of every point. Filled by the rollup job (Rollups) after an hour has ended, never by the ingest
-- writer; an aggregate reads a rollup only below its stream's watermark and only when the hour is not dirty,
-- and reads raw rows everywhere else, so results always equal an aggregate over the raw rows.
-- No backfill here: until the job has run, aggregates read raw rows as before.

-- One row per (stream, hour) that has numeric values: their count, sum, min and max, and the first and last
-- point (timestamp and value). An hour without numeric values has no row.
CREATE TABLE data_hourly (
    stream_id   INTEGER NOT NULL,
    hour        INTEGER NOT NULL,
    point_count INTEGER NOT NULL,
    value_sum   REAL    NOT NULL,
    value_min   REAL    NOT NULL,
    value_max   REAL    NOT NULL,
    first_ts    INTEGER NOT NULL,
    first_value REAL    NOT NULL,
    last_ts     INTEGER NOT NULL,
    last_value  REAL    NOT NULL,
    PRIMARY KEY (stream_id, hour)
) WITHOUT ROWID;

-- Per stream, the hour (microseconds) before which every hour is rolled up: the watermark. It only moves forward.
CREATE TABLE rollup_state (
    stream_id     INTEGER NOT NULL PRIMARY KEY,
    rolled_until  INTEGER NOT NULL
);

-- Hours below the watermark whose raw rows changed after they were rolled up (late points, overwrites,
-- deletes); aggregates read them raw until the job has rolled them up again.
CREATE TABLE rollup_dirty (
    stream_id INTEGER NOT NULL,
    hour      INTEGER NOT NULL,
    PRIMARY KEY (stream_id, hour)
) WITHOUT ROWID;
