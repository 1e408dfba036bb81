-- Templates (issue 17): device templates (dt), sensor graphs (sg), project templates (pt) and property templates
-- (property). One table: a template is a versioned document read and written whole, never joined on its parts; its
-- fields (components, variable templates, enum values...) are the JSON body. org_id NULL = server-wide.
-- Property templates are per org; their slug is '<org id>/<name>', so a name is unique within its org.
CREATE TABLE fleet_template (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    kind       TEXT    NOT NULL CHECK (kind IN ('dt', 'sg', 'pt', 'property')),
    org_id     INTEGER REFERENCES org (id) ON DELETE CASCADE,
    slug       TEXT    NOT NULL,
    name       TEXT    NOT NULL,
    body       TEXT    NOT NULL,
    created_on INTEGER NOT NULL,
    created_by INTEGER,
    UNIQUE (kind, slug)
);
CREATE INDEX fleet_template_org ON fleet_template (kind, org_id);

-- The device template and sensor graph a device runs (IOTile's device.template and device.sg).
CREATE TABLE device_template_link (
    device_id   INTEGER PRIMARY KEY REFERENCES device (id) ON DELETE CASCADE,
    template_id INTEGER REFERENCES fleet_template (id) ON DELETE SET NULL,
    sg_id       INTEGER REFERENCES fleet_template (id) ON DELETE SET NULL
);

CREATE TABLE fleet (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    org_id      INTEGER NOT NULL REFERENCES org (id) ON DELETE CASCADE,
    name        TEXT    NOT NULL,
    description TEXT    NOT NULL DEFAULT '',
    is_network  INTEGER NOT NULL DEFAULT 0,
    created_on  INTEGER NOT NULL,
    created_by  INTEGER
);
CREATE INDEX fleet_org ON fleet (org_id);

-- A device may be in several fleets.
CREATE TABLE fleet_member (
    fleet_id        INTEGER NOT NULL REFERENCES fleet (id) ON DELETE CASCADE,
    device_id       INTEGER NOT NULL REFERENCES device (id) ON DELETE CASCADE,
    always_on       INTEGER NOT NULL DEFAULT 0,
    is_access_point INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (fleet_id, device_id)
);
CREATE INDEX fleet_member_device ON fleet_member (device_id);
