-- Per-minute rollups of dense hours, so that an aggregate whose bucket boundaries cut hours (widths that are
-- not whole hours, e.g. a year in exactly 1,000 buckets) reads the cut hours' minutes instead of their raw
-- rows. The rollup job writes them in the transaction that writes the hour's data_hourly row, for hours with
-- at least 600 numeric points (Rollups.DENSE_HOUR: ten a minute, so the minutes cost under a quarter of the raw
-- rows' space); an hour has either all of its minutes' rows or none. Aggregates read them only for hours that
-- are rolled up and not dirty, like data_hourly; everything else is read raw.
-- No backfill: hours rolled up before this migration have no minutes and their cut hours are read raw.
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
