-- Adafruit IO dialect: each user's personal org with its feed project, feeds (virtual streams with
-- Adafruit metadata), feed groups and stored triggers.
CREATE TABLE personal_org (
    account_id bigint PRIMARY KEY REFERENCES account (id) ON DELETE CASCADE,
    org_id     bigint NOT NULL UNIQUE REFERENCES org (id) ON DELETE CASCADE,
    project_id bigint NOT NULL REFERENCES project (id) ON DELETE CASCADE
);

CREATE TABLE feed_group (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    org_id      bigint NOT NULL REFERENCES org (id) ON DELETE CASCADE,
    key         text   NOT NULL,
    name        text   NOT NULL,
    description text,
    created_on  bigint NOT NULL,
    updated_on  bigint NOT NULL,
    UNIQUE (org_id, key)
);

CREATE TABLE feed (
    id                 INTEGER PRIMARY KEY AUTOINCREMENT,
    org_id             bigint   NOT NULL REFERENCES org (id) ON DELETE CASCADE,
    stream_id          bigint   NOT NULL UNIQUE REFERENCES stream (id) ON DELETE CASCADE,
    group_id           bigint   NOT NULL REFERENCES feed_group (id),
    key                text     NOT NULL,
    name               text     NOT NULL,
    description        text,
    unit_type          text,
    unit_symbol        text,
    visibility         text     NOT NULL,
    license            text,
    history            INTEGER NOT NULL,
    status_notify      INTEGER NOT NULL,
    status_timeout     integer  NOT NULL,
    read_pointer       bigint,
    webhook_token_hash text UNIQUE,
    created_on         bigint   NOT NULL,
    updated_on         bigint   NOT NULL,
    UNIQUE (org_id, key)
);
CREATE INDEX feed_group_id ON feed (group_id);

CREATE TABLE feed_group_member (
    group_id bigint NOT NULL REFERENCES feed_group (id) ON DELETE CASCADE,
    feed_id  bigint NOT NULL REFERENCES feed (id) ON DELETE CASCADE,
    PRIMARY KEY (group_id, feed_id)
);
CREATE INDEX feed_group_member_feed ON feed_group_member (feed_id);

CREATE TABLE feed_trigger (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    org_id     bigint NOT NULL REFERENCES org (id) ON DELETE CASCADE,
    json       text   NOT NULL,
    created_on bigint NOT NULL,
    updated_on bigint NOT NULL
);
CREATE INDEX feed_trigger_org ON feed_trigger (org_id);
