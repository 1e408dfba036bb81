-- Search (issue 17): one full-text index over the texts people remember objects by, kept current by triggers in the
-- transaction that changes the object, so it is never behind and needs no job. The document is the 'simple'
-- configuration (no stemming, no stop words: labels and names are not prose) of the title (weight A) and body (B)
-- with ASCII punctuation turned into spaces first, so "d--0000-0000-0000-00aa" is the words "d 0000 0000 0000 00aa"
-- on both sides (the default parser would read "-0000" as a signed number). A property or note carries the slug of
-- what it is attached to.
CREATE TABLE search_index (
    kind   text   NOT NULL,
    ref    bigint NOT NULL,
    org_id bigint NOT NULL,
    slug   text   NOT NULL,
    title  text   NOT NULL,
    body   text   NOT NULL,
    doc    tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('simple'::regconfig, regexp_replace(title, '[!-/:-@\[-`{-~]+', ' ', 'g')), 'A')
        || setweight(to_tsvector('simple'::regconfig, regexp_replace(body, '[!-/:-@\[-`{-~]+', ' ', 'g')), 'B')) STORED,
    PRIMARY KEY (kind, ref)
);
-- fastupdate off: the triggers write one row at a time, and with the pending list on, every search would scan the
-- rows not yet merged into the index (up to 4 MB of them) until a vacuum merged them.
CREATE INDEX search_index_doc ON search_index USING gin (doc) WITH (fastupdate = off);

-- "0000-0000-0000-00aa": an id in n groups of four hex digits, as the slugs write it.
CREATE FUNCTION search_hex_groups(id bigint, n int) RETURNS text LANGUAGE sql IMMUTABLE AS $$
    SELECT string_agg(substr(h, g * 4 + 1, 4), '-' ORDER BY g)
    FROM (SELECT lpad(to_hex(id), n * 4, '0') AS h) x, generate_series(0, n - 1) g
$$;

-- What each kind puts into the index: one view per table (search_doc_<table>), read by the trigger and the backfill.
CREATE VIEW search_doc_device AS
SELECT id AS ref, 'device' AS kind, org_id, slug, coalesce(nullif(label, ''), slug) AS title, slug || ' ' || coalesce(external_id, '') AS body
FROM (SELECT device.*, 'd--' || search_hex_groups(id, 4) AS slug FROM device) d;

CREATE VIEW search_doc_project AS
SELECT id AS ref, 'project' AS kind, org_id, slug, name AS title, slug || ' ' || coalesce(about, '') AS body
FROM (SELECT project.*, 'p--' || search_hex_groups(id, 2) AS slug FROM project) p;

CREATE VIEW search_doc_stream AS
SELECT id AS ref, 'stream' AS kind, org_id, slug, coalesce(nullif(data_label, ''), slug) AS title, slug AS body FROM stream;

CREATE VIEW search_doc_variable AS
SELECT ref, kind, org_id, slug, title, slug || ' ' || coalesce(units, '') || ' ' || coalesce(about, '') AS body
FROM (SELECT v.id AS ref, 'variable' AS kind, p.org_id, 'v--' || search_hex_groups(v.project_id, 2) || '--' || lpad(to_hex(v.lid), 4, '0') AS slug,
             v.name AS title, v.units, v.about
      FROM variable v JOIN project p ON p.id = v.project_id) v;

CREATE VIEW search_doc_fleet AS
SELECT id AS ref, 'fleet' AS kind, org_id, slug, name AS title, slug || ' ' || description AS body
FROM (SELECT fleet.*, 'g--' || search_hex_groups(id, 3) AS slug FROM fleet) f;

CREATE VIEW search_doc_property AS
SELECT id AS ref, 'property' AS kind, org_id, target AS slug, name AS title, coalesce(value, '') AS body FROM property;

CREATE VIEW search_doc_note AS
SELECT id AS ref, 'note' AS kind, org_id, target AS slug, '' AS title, note AS body FROM note;

-- One trigger function for every indexed table: drop the object's row, then write it again from its view.
CREATE FUNCTION search_index_refresh() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP <> 'INSERT' THEN
        DELETE FROM search_index WHERE kind = TG_ARGV[0] AND ref = OLD.id;
    END IF;
    IF TG_OP <> 'DELETE' THEN
        EXECUTE format('INSERT INTO search_index (kind, ref, org_id, slug, title, body) SELECT kind, ref, org_id, slug, title, body FROM %I WHERE ref = $1',
                       'search_doc_' || TG_TABLE_NAME) USING NEW.id;
    END IF;
    RETURN NULL;
END
$$;

-- A device's update re-indexes only when an indexed text changes: its other columns change far more often.
CREATE TRIGGER device_search AFTER INSERT OR DELETE ON device FOR EACH ROW EXECUTE FUNCTION search_index_refresh('device');
CREATE TRIGGER device_search_update AFTER UPDATE ON device FOR EACH ROW
    WHEN (OLD.label IS DISTINCT FROM NEW.label OR OLD.external_id IS DISTINCT FROM NEW.external_id OR OLD.org_id IS DISTINCT FROM NEW.org_id)
    EXECUTE FUNCTION search_index_refresh('device');
CREATE TRIGGER project_search AFTER INSERT OR UPDATE OR DELETE ON project FOR EACH ROW EXECUTE FUNCTION search_index_refresh('project');
CREATE TRIGGER stream_search AFTER INSERT OR UPDATE OR DELETE ON stream FOR EACH ROW EXECUTE FUNCTION search_index_refresh('stream');
CREATE TRIGGER variable_search AFTER INSERT OR UPDATE OR DELETE ON variable FOR EACH ROW EXECUTE FUNCTION search_index_refresh('variable');
CREATE TRIGGER fleet_search AFTER INSERT OR UPDATE OR DELETE ON fleet FOR EACH ROW EXECUTE FUNCTION search_index_refresh('fleet');
CREATE TRIGGER property_search AFTER INSERT OR UPDATE OR DELETE ON property FOR EACH ROW EXECUTE FUNCTION search_index_refresh('property');
CREATE TRIGGER note_search AFTER INSERT OR UPDATE OR DELETE ON note FOR EACH ROW EXECUTE FUNCTION search_index_refresh('note');

-- What exists already.
INSERT INTO search_index (kind, ref, org_id, slug, title, body)
SELECT kind, ref, org_id, slug, title, body FROM search_doc_device
UNION ALL SELECT kind, ref, org_id, slug, title, body FROM search_doc_project
UNION ALL SELECT kind, ref, org_id, slug, title, body FROM search_doc_stream
UNION ALL SELECT kind, ref, org_id, slug, title, body FROM search_doc_variable
UNION ALL SELECT kind, ref, org_id, slug, title, body FROM search_doc_fleet
UNION ALL SELECT kind, ref, org_id, slug, title, body FROM search_doc_property
UNION ALL SELECT kind, ref, org_id, slug, title, body FROM search_doc_note;
