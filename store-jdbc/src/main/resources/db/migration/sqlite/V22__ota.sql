-- IOTile over-the-air updates (issue 17). The firmware file of a script is in the file store under file_key.
CREATE TABLE ota_script (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    org_id      INTEGER NOT NULL REFERENCES org (id) ON DELETE CASCADE,
    name        TEXT    NOT NULL,
    major       INTEGER NOT NULL,
    minor       INTEGER NOT NULL,
    patch       INTEGER NOT NULL,
    file_key    TEXT,
    file_size   INTEGER,
    sha256      TEXT,
    released    INTEGER NOT NULL DEFAULT 0,
    released_on INTEGER,
    notes       TEXT,
    created_on  INTEGER NOT NULL,
    created_by  INTEGER,
    UNIQUE (org_id, name, major, minor, patch)
);

-- A deployment request: the script for the devices of a fleet (or of the org) that meet every selection criterion.
CREATE TABLE ota_request (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    org_id       INTEGER NOT NULL REFERENCES org (id) ON DELETE CASCADE,
    script_id    INTEGER NOT NULL REFERENCES ota_script (id) ON DELETE CASCADE,
    fleet_id     INTEGER REFERENCES fleet (id) ON DELETE SET NULL,
    criteria     TEXT    NOT NULL,
    released_on  INTEGER,
    completed_on INTEGER,
    created_on   INTEGER NOT NULL,
    created_by   INTEGER
);
CREATE INDEX ota_request_org ON ota_request (org_id);

-- Progress per device, planned when the request is released: pending, attempted, failed, confirmed.
CREATE TABLE ota_target (
    request_id INTEGER NOT NULL REFERENCES ota_request (id) ON DELETE CASCADE,
    device_id  INTEGER NOT NULL REFERENCES device (id) ON DELETE CASCADE,
    state      TEXT    NOT NULL CHECK (state IN ('pending', 'attempted', 'failed', 'confirmed')),
    updated_on INTEGER NOT NULL,
    PRIMARY KEY (request_id, device_id)
);
CREATE INDEX ota_target_device ON ota_target (device_id);

-- What a gateway or phone reports having done.
CREATE TABLE ota_action (
    id                  INTEGER PRIMARY KEY AUTOINCREMENT,
    request_id          INTEGER NOT NULL REFERENCES ota_request (id) ON DELETE CASCADE,
    device_id           INTEGER NOT NULL REFERENCES device (id) ON DELETE CASCADE,
    created_on          INTEGER NOT NULL,
    last_attempt_on     INTEGER,
    attempt_successful  INTEGER NOT NULL DEFAULT 0,
    device_confirmation INTEGER NOT NULL DEFAULT 0,
    log                 TEXT
);
CREATE INDEX ota_action_device ON ota_action (device_id);
CREATE INDEX ota_action_request ON ota_action (request_id);

-- The OS and app versions a device reported on its 5c08/5c09 streams; the newest per type is current.
CREATE TABLE device_version (
    device_id  INTEGER NOT NULL REFERENCES device (id) ON DELETE CASCADE,
    type       TEXT    NOT NULL CHECK (type IN ('os', 'app')),
    tag        INTEGER NOT NULL,
    major      INTEGER NOT NULL,
    minor      INTEGER NOT NULL,
    updated_ts INTEGER NOT NULL,
    created_on INTEGER NOT NULL,
    PRIMARY KEY (device_id, type, updated_ts)
);
