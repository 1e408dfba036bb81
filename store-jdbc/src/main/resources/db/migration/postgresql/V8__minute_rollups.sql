-- Per-minute rollups of dense hours, the same logical tables as sqlite/V8 (see there for how they are used).
ALTER TABLE data_hourly ADD COLUMN has_minutes integer NOT NULL DEFAULT 0;
CREATE TABLE data_minutely (
    stream_id   bigint           NOT NULL,
    minute      bigint           NOT NULL,
    point_count bigint           NOT NULL,
    value_sum   double precision NOT NULL,
    value_min   double precision NOT NULL,
    value_max   double precision NOT NULL,
    first_ts    bigint           NOT NULL,
    first_value double precision NOT NULL,
    last_ts     bigint           NOT NULL,
    last_value  double precision NOT NULL,
    PRIMARY KEY (stream_id, minute)
);
