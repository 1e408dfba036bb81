-- Generated reports (issue 17 point 6): report templates (IOTile's UserReport) and their generations
-- (GeneratedUserReport). config is JSON text (sources, columns, period, bucket, formats, recipients); files is JSON
-- text (format, file-store key, size per output). A generation outlives its template (report_id set null).
CREATE TABLE user_report (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    org_id      INTEGER NOT NULL REFERENCES org (id) ON DELETE CASCADE,
    label       TEXT    NOT NULL,
    config      TEXT    NOT NULL,
    run_interval TEXT    NOT NULL CHECK (run_interval IN ('x', 'd', 'w', 'm')),
    time_of_day TEXT    NOT NULL,
    timezone    TEXT    NOT NULL,
    active      INTEGER NOT NULL DEFAULT 1,
    next_run_at INTEGER,
    created_on  INTEGER NOT NULL,
    created_by  INTEGER NOT NULL
);
CREATE INDEX user_report_org ON user_report (org_id);
CREATE INDEX user_report_due ON user_report (next_run_at) WHERE next_run_at IS NOT NULL;

CREATE TABLE generated_report (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    uuid             TEXT    NOT NULL UNIQUE,
    org_id           INTEGER NOT NULL REFERENCES org (id) ON DELETE CASCADE,
    report_id        INTEGER REFERENCES user_report (id) ON DELETE SET NULL,
    label            TEXT    NOT NULL,
    source_ref       TEXT,
    status           TEXT    NOT NULL CHECK (status IN ('GS', 'G0', 'G1', 'GE')),
    error            TEXT,
    files            TEXT    NOT NULL,
    period_start     INTEGER NOT NULL,
    period_end       INTEGER NOT NULL,
    share_hash       TEXT,
    share_expires_on INTEGER,
    created_on       INTEGER NOT NULL,
    created_by       INTEGER,
    finished_on      INTEGER
);
CREATE INDEX generated_report_org ON generated_report (org_id, created_on);
CREATE INDEX generated_report_report ON generated_report (report_id);
CREATE INDEX generated_report_created ON generated_report (created_on);
