-- Where a rule came from when another dialect created it (issue 15 point 4): an IOTile stream filter (ref = the
-- filter's slug, doc = what the rule's own fields do not hold: state labels, action types) or an Adafruit IO
-- trigger (ref = the trigger's id). A rule made through Feedline's own API has no row. Goes with its rule.
CREATE TABLE rule_origin (
    rule_id bigint PRIMARY KEY REFERENCES rule (id) ON DELETE CASCADE,
    dialect text    NOT NULL,
    ref     text    NOT NULL,
    doc     text    NOT NULL
);
CREATE UNIQUE INDEX rule_origin_ref ON rule_origin (dialect, ref);
