-- Rules, the rules engine's state and alarms (issue 15). Instants are INTEGER microseconds, booleans INTEGER 0/1.
-- A rule's condition, clear condition and hold are one JSON text (definition); the scope is in columns, so the
-- engine finds the rules of a stream, a device or a variable. Everything a rule owns goes with it (CASCADE).
CREATE TABLE rule (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    org_id      INTEGER   NOT NULL REFERENCES org (id) ON DELETE CASCADE,
    project_id  INTEGER   NOT NULL REFERENCES project (id) ON DELETE CASCADE,
    name        TEXT     NOT NULL,
    enabled     INTEGER NOT NULL CHECK (enabled IN (0, 1)),
    scope_kind  TEXT     NOT NULL CHECK (scope_kind IN ('STREAM', 'VARIABLE', 'DEVICE', 'PRESENCE')),
    target      TEXT     NOT NULL,
    stream_id   INTEGER REFERENCES stream (id) ON DELETE CASCADE,
    device_id   INTEGER REFERENCES device (id) ON DELETE CASCADE,
    variable_id INTEGER REFERENCES variable (id) ON DELETE CASCADE,
    definition  TEXT     NOT NULL,
    alarm       INTEGER NOT NULL CHECK (alarm IN (0, 1)),
    severity    TEXT     NOT NULL,
    actions     TEXT     NOT NULL,
    created_by  INTEGER   NOT NULL,
    created_on  INTEGER   NOT NULL,
    updated_on  INTEGER   NOT NULL
);
CREATE INDEX rule_org ON rule (org_id, project_id, id);

-- One row per (rule, originator): see dev.feedline.core.rule.RuleState.
CREATE TABLE rule_state (
    rule_id      INTEGER   NOT NULL REFERENCES rule (id) ON DELETE CASCADE,
    originator   TEXT     NOT NULL,
    active       INTEGER NOT NULL CHECK (active IN (0, 1)),
    since_micros INTEGER,
    in_row       INTEGER  NOT NULL,
    seen_micros  INTEGER,
    last_value   REAL,
    last_text    TEXT,
    stream_id    INTEGER,
    PRIMARY KEY (rule_id, originator)
);

-- The newest point time the engine evaluated per stream: an older point arriving later is late and not evaluated.
CREATE TABLE rule_mark (
    stream_id INTEGER PRIMARY KEY REFERENCES stream (id) ON DELETE CASCADE,
    micros    INTEGER NOT NULL
);

-- How far along the event outbox the engine got, written in the transaction of each evaluation.
CREATE TABLE rule_progress (
    engine   TEXT   PRIMARY KEY,
    position INTEGER NOT NULL
);

CREATE TABLE rule_firing (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    org_id     INTEGER NOT NULL REFERENCES org (id) ON DELETE CASCADE,
    rule_id    INTEGER NOT NULL REFERENCES rule (id) ON DELETE CASCADE,
    originator TEXT   NOT NULL,
    transition TEXT   NOT NULL,
    at         INTEGER NOT NULL,
    value      REAL,
    text_value TEXT
);
CREATE INDEX rule_firing_rule ON rule_firing (rule_id, id);

CREATE TABLE alarm (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    org_id      INTEGER NOT NULL REFERENCES org (id) ON DELETE CASCADE,
    project_id  INTEGER NOT NULL REFERENCES project (id) ON DELETE CASCADE,
    rule_id     INTEGER NOT NULL REFERENCES rule (id) ON DELETE CASCADE,
    rule_name   TEXT   NOT NULL,
    originator  TEXT   NOT NULL,
    device_id   INTEGER,
    stream_id   INTEGER,
    severity    TEXT   NOT NULL CHECK (severity IN ('CRITICAL', 'MAJOR', 'MINOR', 'WARNING', 'INDETERMINATE')),
    status      TEXT   NOT NULL CHECK (status IN ('ACTIVE', 'ACKNOWLEDGED', 'CLEARED')),
    value       REAL,
    text_value  TEXT,
    details     TEXT,
    created_on  INTEGER NOT NULL,
    acked_on    INTEGER,
    acked_by    INTEGER,
    cleared_on  INTEGER,
    cleared_by  INTEGER,
    updated_on  INTEGER NOT NULL
);
-- One open alarm per (rule, originator), whatever the code above it does.
CREATE UNIQUE INDEX alarm_open ON alarm (rule_id, originator) WHERE status <> 'CLEARED';
CREATE INDEX alarm_org ON alarm (org_id, created_on);

CREATE TABLE alarm_history (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    alarm_id   INTEGER NOT NULL REFERENCES alarm (id) ON DELETE CASCADE,
    what       TEXT   NOT NULL,
    at         INTEGER NOT NULL,
    by_account INTEGER,
    value      REAL,
    text_value TEXT
);
CREATE INDEX alarm_history_alarm ON alarm_history (alarm_id, id);
