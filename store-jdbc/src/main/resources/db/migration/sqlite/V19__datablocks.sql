-- Data blocks (issue 16): archives of a device's data. A block's streams are the device's former streams, re-keyed:
-- their device_id is the block's key (block number << 48 | device id) and their slug names it, so points, events and
-- rollups (keyed by stream id) move with one UPDATE of the stream rows. At most one block of a device is ARCHIVING:
-- that is what makes the device busy.
CREATE TABLE datablock (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    org_id       INTEGER NOT NULL REFERENCES org (id) ON DELETE CASCADE,
    device_id    INTEGER NOT NULL REFERENCES device (id) ON DELETE CASCADE,
    block        INTEGER NOT NULL CHECK (block BETWEEN 1 AND 32767),
    project_id   INTEGER REFERENCES project (id) ON DELETE SET NULL,
    title        TEXT    NOT NULL,
    description  TEXT    NOT NULL DEFAULT '',
    state        TEXT    NOT NULL CHECK (state IN ('ARCHIVING', 'READY', 'DELETING')),
    pid          TEXT,
    created_by   INTEGER NOT NULL,
    created_on   INTEGER NOT NULL,
    completed_on INTEGER,
    UNIQUE (device_id, block)
);
CREATE INDEX datablock_org ON datablock (org_id, device_id, block);
CREATE UNIQUE INDEX datablock_one_archiving ON datablock (device_id) WHERE state = 'ARCHIVING';

-- A location archived into a block keeps its device_id and names the block; the device's own locations have none.
ALTER TABLE device_location ADD COLUMN block_id INTEGER REFERENCES datablock (id) ON DELETE CASCADE;
CREATE INDEX device_location_block_ts ON device_location (block_id, ts);
