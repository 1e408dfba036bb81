-- Time series values, the same logical table as sqlite/V2, laid out for millions of points per stream.
--
-- Partitioned by RANGE on ts (microseconds), one partition per calendar month (UTC). Feedline creates the
-- partitions itself (MonthlyPartitions): a few months ahead at start, and any missing month before an append
-- writes into it. There is deliberately no DEFAULT partition: a row without a partition fails loudly instead
-- of piling up in a catch-all that every later partition creation would have to scan and empty.
--
-- The primary key (stream_id, ts) contains the partition key, so every partition gets its own unique index
-- on it: a stream's range scan reads one contiguous index range per month, and retention drops old months
-- whole (DROP TABLE) instead of deleting rows.
-- No foreign key to stream: the time series may live in another database than the metadata.
CREATE TABLE data (
    stream_id         bigint           NOT NULL,
    ts                bigint           NOT NULL,
    type              text             NOT NULL CHECK (type IN ('numeric', 'text', 'json')),
    value             double precision,
    int_value         bigint,
    text              text,
    lat               double precision,
    lon               double precision,
    ele               double precision,
    streamer_local_id bigint,
    device_ts         bigint,
    status            text,
    PRIMARY KEY (stream_id, ts)
) PARTITION BY RANGE (ts);
