-- Time series values. The primary key clusters each stream's points by time (WITHOUT ROWID),
-- so range scans, latest and aggregates per stream read contiguous pages.
-- No foreign key to stream: the time series may live in another database than the metadata.
CREATE TABLE data (
    stream_id         INTEGER NOT NULL,
    ts                INTEGER NOT NULL,
    type              TEXT    NOT NULL CHECK (type IN ('numeric', 'text', 'json')),
    value             REAL,
    int_value         INTEGER,
    text              TEXT,
    lat               REAL,
    lon               REAL,
    ele               REAL,
    streamer_local_id INTEGER,
    device_ts         INTEGER,
    status            TEXT,
    PRIMARY KEY (stream_id, ts)
) WITHOUT ROWID;
