-- Commands (server-side RPC) to devices and their status; params and reply are JSON text.
CREATE TABLE command (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    org_id     INTEGER NOT NULL REFERENCES org (id) ON DELETE CASCADE,
    device_id  INTEGER NOT NULL REFERENCES device (id) ON DELETE CASCADE,
    method     TEXT    NOT NULL,
    params     TEXT    NOT NULL,
    one_way    INTEGER NOT NULL,
    status     TEXT    NOT NULL CHECK (status IN ('QUEUED', 'SENT', 'DELIVERED', 'REPLIED', 'EXPIRED', 'FAILED')),
    reply      TEXT,
    error      TEXT,
    created_by INTEGER,
    created_on INTEGER NOT NULL,
    expires_on INTEGER NOT NULL,
    updated_on INTEGER NOT NULL
);
CREATE INDEX command_device ON command (device_id, id);
-- The expiry sweep looks only at commands that can still change.
CREATE INDEX command_open ON command (expires_on) WHERE status IN ('QUEUED', 'SENT', 'DELIVERED');
