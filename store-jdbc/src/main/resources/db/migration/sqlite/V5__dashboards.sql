-- Dashboards: a name and a JSON layout of widgets, private to the creator unless shared in the org.
CREATE TABLE dashboard (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    org_id     INTEGER NOT NULL REFERENCES org (id) ON DELETE CASCADE,
    name       TEXT    NOT NULL,
    shared     INTEGER NOT NULL,
    layout     TEXT    NOT NULL,
    created_by INTEGER NOT NULL,
    created_on INTEGER NOT NULL,
    updated_on INTEGER NOT NULL
);
CREATE INDEX dashboard_org ON dashboard (org_id);
