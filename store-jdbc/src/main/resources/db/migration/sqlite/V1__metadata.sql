-- Metadata schema. Instants are INTEGER microseconds since the epoch; booleans are 0/1.
-- Ownership is expressed with ON DELETE CASCADE so deleting an org removes everything it owns.

CREATE TABLE account (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    email         TEXT    NOT NULL,
    username      TEXT    NOT NULL UNIQUE,
    name          TEXT,
    tagline       TEXT,
    password_hash TEXT,
    staff         INTEGER NOT NULL,
    active        INTEGER NOT NULL,
    created_at    INTEGER NOT NULL,
    updated_at    INTEGER NOT NULL
);
-- Emails are unique regardless of case.
CREATE UNIQUE INDEX account_email_lower ON account (lower(email));

CREATE TABLE api_key (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    account_id INTEGER NOT NULL REFERENCES account (id) ON DELETE CASCADE,
    name       TEXT    NOT NULL,
    prefix     TEXT    NOT NULL,
    hash       TEXT    NOT NULL UNIQUE,
    created_on INTEGER NOT NULL,
    last_used  INTEGER,
    revoked_on INTEGER
);
CREATE INDEX api_key_account ON api_key (account_id);

CREATE TABLE org (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    uuid       TEXT    NOT NULL UNIQUE,
    slug       TEXT    NOT NULL UNIQUE,
    name       TEXT    NOT NULL,
    about      TEXT,
    created_by INTEGER NOT NULL,
    created_on INTEGER NOT NULL
);

CREATE TABLE membership (
    org_id     INTEGER NOT NULL REFERENCES org (id) ON DELETE CASCADE,
    account_id INTEGER NOT NULL REFERENCES account (id) ON DELETE CASCADE,
    role       TEXT    NOT NULL,
    created_on INTEGER NOT NULL,
    PRIMARY KEY (org_id, account_id)
);
CREATE INDEX membership_account ON membership (account_id);

CREATE TABLE invitation (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    org_id      INTEGER NOT NULL REFERENCES org (id) ON DELETE CASCADE,
    email       TEXT    NOT NULL,
    role        TEXT    NOT NULL,
    token_hash  TEXT    NOT NULL UNIQUE,
    invited_by  INTEGER NOT NULL,
    created_on  INTEGER NOT NULL,
    expires_on  INTEGER NOT NULL,
    accepted_on INTEGER
);
CREATE INDEX invitation_org ON invitation (org_id);

-- The project id is its gid (the number in its p-- slug).
CREATE TABLE project (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    uuid       TEXT    NOT NULL UNIQUE,
    org_id     INTEGER NOT NULL REFERENCES org (id) ON DELETE CASCADE,
    name       TEXT    NOT NULL,
    about      TEXT,
    created_by INTEGER NOT NULL,
    created_on INTEGER NOT NULL
);
CREATE INDEX project_org ON project (org_id);

-- The device id is the 48-bit number in its d-- slug; project_id is NULL while unclaimed.
CREATE TABLE device (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    org_id      INTEGER NOT NULL REFERENCES org (id) ON DELETE CASCADE,
    project_id  INTEGER REFERENCES project (id) ON DELETE SET NULL,
    label       TEXT,
    active      INTEGER NOT NULL,
    external_id TEXT,
    lat         REAL,
    lon         REAL,
    state       TEXT,
    token_hash  TEXT UNIQUE,
    claimed_by  INTEGER,
    claimed_on  INTEGER,
    last_seen   INTEGER,
    created_on  INTEGER NOT NULL
);
CREATE INDEX device_org ON device (org_id);
CREATE INDEX device_project ON device (project_id);

CREATE TABLE variable (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    project_id INTEGER NOT NULL REFERENCES project (id) ON DELETE CASCADE,
    lid        INTEGER NOT NULL,
    name       TEXT    NOT NULL,
    units      TEXT,
    about      TEXT,
    created_on INTEGER NOT NULL,
    UNIQUE (project_id, lid),
    UNIQUE (project_id, name)
);

-- device_id 0 marks a virtual (device-less) stream, so it carries no foreign key;
-- deleting a device deletes its streams explicitly.
CREATE TABLE stream (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    slug        TEXT    NOT NULL UNIQUE,
    org_id      INTEGER NOT NULL REFERENCES org (id) ON DELETE CASCADE,
    project_id  INTEGER NOT NULL REFERENCES project (id) ON DELETE CASCADE,
    device_id   INTEGER NOT NULL,
    variable_id INTEGER NOT NULL REFERENCES variable (id) ON DELETE CASCADE,
    data_label  TEXT,
    value_type  TEXT    NOT NULL,
    enabled     INTEGER NOT NULL,
    created_on  INTEGER NOT NULL
);
CREATE INDEX stream_org ON stream (org_id);
CREATE INDEX stream_project ON stream (project_id);
CREATE INDEX stream_device ON stream (device_id);
CREATE INDEX stream_variable ON stream (variable_id);

CREATE TABLE property (
    id     INTEGER PRIMARY KEY AUTOINCREMENT,
    org_id INTEGER NOT NULL REFERENCES org (id) ON DELETE CASCADE,
    target TEXT    NOT NULL,
    name   TEXT    NOT NULL,
    type   TEXT    NOT NULL,
    value  TEXT,
    system INTEGER NOT NULL,
    UNIQUE (target, name)
);

CREATE TABLE config_attribute (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    target     TEXT    NOT NULL,
    name       TEXT    NOT NULL,
    data       TEXT    NOT NULL,
    updated_by INTEGER NOT NULL,
    updated_on INTEGER NOT NULL,
    UNIQUE (target, name)
);

CREATE TABLE note (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    org_id     INTEGER NOT NULL REFERENCES org (id) ON DELETE CASCADE,
    target     TEXT    NOT NULL,
    ts         INTEGER NOT NULL,
    note       TEXT    NOT NULL,
    type       TEXT    NOT NULL,
    user_id    INTEGER NOT NULL,
    created_on INTEGER NOT NULL
);
CREATE INDEX note_target_ts ON note (target, ts);

CREATE TABLE device_location (
    id        INTEGER PRIMARY KEY AUTOINCREMENT,
    device_id INTEGER NOT NULL REFERENCES device (id) ON DELETE CASCADE,
    ts        INTEGER NOT NULL,
    lat       REAL    NOT NULL,
    lon       REAL    NOT NULL,
    user_id   INTEGER NOT NULL
);
CREATE INDEX device_location_device_ts ON device_location (device_id, ts);

CREATE TABLE event (
    id                INTEGER PRIMARY KEY AUTOINCREMENT,
    stream_id         INTEGER NOT NULL REFERENCES stream (id) ON DELETE CASCADE,
    ts                INTEGER NOT NULL,
    extra_data        TEXT,
    file_key          TEXT,
    ext               TEXT,
    device_ts         INTEGER,
    streamer_local_id INTEGER,
    status            TEXT
);
CREATE INDEX event_stream_ts ON event (stream_id, ts);

CREATE TABLE setting (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);
