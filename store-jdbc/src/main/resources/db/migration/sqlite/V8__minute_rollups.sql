-- Per-minute rollups of dense hours, so that an aggregate whose bucket boundaries cut hours (widths that are
-- not whole hours, e.g. a year in exactly 1,000 buckets) reads the cut hours' minutes instead of their raw
-- rows. The rollup job writes them in the transaction that writes the hour's data_hourly row, for hours with
-- at least 600 numeric points (HourlyRollups.DENSE_HOUR: ten a minute, so the minutes cost under a quarter of the
-- raw rows' space), and then set the hour's has_minutes. Aggregates read an hour's minutes only when its
-- data_hourly row says has_minutes = 1 and the hour is not dirty; everything else is read raw. The flag, not the
-- presence of minute rows, is what counts: a node of an older version that rolls an hour up again writes its
-- row without the flag (and leaves stale minutes behind, which are then never read).
-- No backfill: hours rolled up before this migration have no minutes and their cut hours are read raw.
ALTER TABLE data_hourly ADD COLUMN has_minutes INTEGER NOT NULL DEFAULT 0;

CREATE TABLE data_minutely (
    stream_id   INTEGER NOT NULL,
    minute      INTEGER NOT NULL,
    point_count INTEGER NOT NULL,
    value_sum   REAL    NOT NULL,
    value_min   REAL    NOT NULL,
    value_max   REAL    NOT NULL,
    first_ts    INTEGER NOT NULL,
    first_value REAL    NOT NULL,
    last_ts     INTEGER NOT NULL,
    last_value  REAL    NOT NULL,
    PRIMARY KEY (stream_id, minute)
) WITHOUT ROWID;
