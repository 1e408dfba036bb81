-- Streamers (a device's report senders) and the reports uploaded from them (issue 16).
-- last_id is the gateway's acknowledgement: it is raised in the transaction that stores the readings.
CREATE TABLE streamer (
    id                 INTEGER PRIMARY KEY AUTOINCREMENT,
    org_id             INTEGER NOT NULL REFERENCES org (id) ON DELETE CASCADE,
    device_id          INTEGER NOT NULL REFERENCES device (id) ON DELETE CASCADE,
    idx                INTEGER NOT NULL CHECK (idx BETWEEN 0 AND 65535),
    last_id            INTEGER NOT NULL DEFAULT 0,
    last_reboot_ts     INTEGER,
    selector           INTEGER NOT NULL,
    is_system          INTEGER NOT NULL DEFAULT 0,
    process_engine_ver INTEGER NOT NULL DEFAULT 2,
    created_on         INTEGER NOT NULL,
    UNIQUE (device_id, idx)
);
CREATE INDEX streamer_org ON streamer (org_id, device_id, idx);

-- A refused report keeps its record (state REFUSED, refusal) but no file; the streamer row may not exist for it.
CREATE TABLE streamer_report (
    id                    TEXT    PRIMARY KEY,
    org_id                INTEGER NOT NULL REFERENCES org (id) ON DELETE CASCADE,
    device_id             INTEGER NOT NULL REFERENCES device (id) ON DELETE CASCADE,
    streamer_idx          INTEGER NOT NULL,
    original_first_id     INTEGER NOT NULL,
    original_last_id      INTEGER NOT NULL,
    actual_first_id       INTEGER,
    actual_last_id        INTEGER,
    sent_timestamp        INTEGER NOT NULL,
    device_sent_timestamp INTEGER NOT NULL,
    incremental_id        INTEGER NOT NULL,
    time_epsilon          INTEGER,
    created_on            INTEGER NOT NULL,
    created_by            INTEGER NOT NULL,
    state                 TEXT    NOT NULL CHECK (state IN ('QUEUED', 'PROCESSING', 'DONE', 'REFUSED')),
    refusal               TEXT,
    file_key              TEXT,
    reading_count         INTEGER NOT NULL,
    pid                   TEXT
);
CREATE INDEX streamer_report_streamer ON streamer_report (device_id, streamer_idx, created_on);
