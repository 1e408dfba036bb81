-- The durable half of the event backbone: events recorded in the transaction of the change they record (a data
-- commit records which streams it wrote), read in order by named consumers that each store a cursor.
-- Writers take a transaction-scoped advisory lock before inserting here, so positions are assigned in commit order.
CREATE TABLE event_outbox (
    position    bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    kind        text   NOT NULL,
    recorded_at bigint NOT NULL,
    payload     text   NOT NULL
);
CREATE INDEX event_outbox_recorded_at ON event_outbox (recorded_at);

CREATE TABLE event_cursor (
    consumer text   PRIMARY KEY,
    position bigint NOT NULL
);
