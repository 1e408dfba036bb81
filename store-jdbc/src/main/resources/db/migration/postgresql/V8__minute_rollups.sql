-- Per-minute rollups of dense hours, the same logical table as sqlite/V8 (see there for how it is used).
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
