-- Rule actions (issue 15): the firings already queued, the cooldowns, the log of delivery attempts and the
-- in-app notifications. rule_id has no foreign key: rules live in the rules engine's tables, and a deleted
-- rule's rows go with its org (or stay as history in the log).

-- One row per firing whose jobs were queued, so a firing handled twice (after a crash) queues nothing again.
CREATE TABLE action_firing (
    org_id     INTEGER NOT NULL REFERENCES org (id) ON DELETE CASCADE,
    rule_id    INTEGER NOT NULL,
    position   INTEGER NOT NULL,
    transition TEXT    NOT NULL,
    created_on INTEGER NOT NULL,
    PRIMARY KEY (rule_id, position, transition)
);
CREATE INDEX action_firing_created ON action_firing (created_on);

-- When each action of a rule last queued a job for an originator (the cooldown's start).
CREATE TABLE action_cooldown (
    org_id     INTEGER NOT NULL REFERENCES org (id) ON DELETE CASCADE,
    rule_id    INTEGER NOT NULL,
    originator TEXT    NOT NULL,
    action_idx INTEGER NOT NULL,
    queued_on  INTEGER NOT NULL,
    PRIMARY KEY (rule_id, originator, action_idx)
);

-- Every delivery attempt and its outcome; error never holds a secret.
CREATE TABLE action_log (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    org_id      INTEGER NOT NULL REFERENCES org (id) ON DELETE CASCADE,
    rule_id     INTEGER NOT NULL,
    action_idx  INTEGER NOT NULL,
    kind        TEXT    NOT NULL,
    target      TEXT    NOT NULL,
    pid         TEXT    NOT NULL,
    attempt     INTEGER NOT NULL,
    ok          INTEGER NOT NULL,
    error       TEXT,
    duration_ms INTEGER NOT NULL,
    created_on  INTEGER NOT NULL
);
CREATE INDEX action_log_org ON action_log (org_id, rule_id, id);
CREATE INDEX action_log_pid ON action_log (pid, ok);

CREATE TABLE notification (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    org_id     INTEGER NOT NULL REFERENCES org (id) ON DELETE CASCADE,
    rule_id    INTEGER NOT NULL,
    alarm_id   INTEGER,
    severity   TEXT,
    title      TEXT    NOT NULL,
    body       TEXT    NOT NULL,
    link       TEXT,
    created_on INTEGER NOT NULL
);
CREATE INDEX notification_org ON notification (org_id, id);

-- Read state per member: a notification is for every member of its org.
CREATE TABLE notification_read (
    notification_id INTEGER NOT NULL REFERENCES notification (id) ON DELETE CASCADE,
    account_id      INTEGER NOT NULL REFERENCES account (id) ON DELETE CASCADE,
    read_on         INTEGER NOT NULL,
    PRIMARY KEY (notification_id, account_id)
);
