-- Hourly rollups of the numeric values in data, the same logical tables as sqlite/V7 (see there for how
-- they are used). data_hourly holds one row per stream and hour, 8,760 a year: small enough not to be
-- partitioned; retention deletes its rows in the transaction that deletes the raw rows.
-- No backfill here: until the job has run, aggregates read raw rows as before.
CREATE TABLE data_hourly (
    stream_id   bigint           NOT NULL,
    hour        bigint           NOT NULL,
    point_count bigint           NOT NULL,
    value_sum   double precision NOT NULL,
    value_min   double precision NOT NULL,
    value_max   double precision NOT NULL,
    first_ts    bigint           NOT NULL,
    first_value double precision NOT NULL,
    last_ts     bigint           NOT NULL,
    last_value  double precision NOT NULL,
    PRIMARY KEY (stream_id, hour)
);

CREATE TABLE rollup_state (
    stream_id     bigint NOT NULL PRIMARY KEY,
    rolled_until  bigint NOT NULL
);

CREATE TABLE rollup_dirty (
    stream_id bigint NOT NULL,
    hour      bigint NOT NULL,
    PRIMARY KEY (stream_id, hour)
);
