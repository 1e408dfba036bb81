-- The durable half of the event backbone: events recorded in the transaction of the change they record (a data
-- commit records which streams it wrote), read in order by named consumers that each store a cursor.
-- AUTOINCREMENT: a position is never reused, even after every row was pruned, so no cursor is ever ahead of a new row.
CREATE TABLE event_outbox (
    position    INTEGER PRIMARY KEY AUTOINCREMENT,
    kind        TEXT    NOT NULL,
    recorded_at INTEGER NOT NULL,
    payload     TEXT    NOT NULL
);
CREATE INDEX event_outbox_recorded_at ON event_outbox (recorded_at);

CREATE TABLE event_cursor (
    consumer TEXT    PRIMARY KEY,
    position INTEGER NOT NULL
);
