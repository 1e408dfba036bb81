-- Search (issue 17): one FTS5 index over the texts people remember objects by, kept current by triggers in the
-- transaction that changes the object, so it is never behind and needs no job. The rowid is the object's id times 8
-- plus its kind's number (device 0, project 1, stream 2, variable 3, fleet 4, property 5, note 6), so a trigger finds
-- the row to replace without a scan. Slugs are in the body: the tokenizer splits "d--0000-0000-0000-00aa" into
-- "d 0000 0000 0000 00aa", and a slug searched for becomes that same phrase. A property or note carries the slug
-- of what it is attached to.
CREATE VIRTUAL TABLE search_index USING fts5(
    title, body, kind UNINDEXED, org_id UNINDEXED, slug UNINDEXED,
    tokenize = 'unicode61 remove_diacritics 2'
);

-- What each kind puts into the index: one view per table, read by its triggers and by the backfill below.
CREATE VIEW search_doc_device AS
SELECT id, id * 8 AS doc, 'device' AS kind, org_id, slug, coalesce(nullif(label, ''), slug) AS title,
       slug || ' ' || coalesce(external_id, '') AS body
FROM (SELECT d.*, 'd--' || substr(h, 1, 4) || '-' || substr(h, 5, 4) || '-' || substr(h, 9, 4) || '-' || substr(h, 13, 4) AS slug
      FROM (SELECT device.*, printf('%016x', id) AS h FROM device) d);

CREATE VIEW search_doc_project AS
SELECT id, id * 8 + 1 AS doc, 'project' AS kind, org_id, slug, name AS title, slug || ' ' || coalesce(about, '') AS body
FROM (SELECT project.*, 'p--' || substr(printf('%08x', id), 1, 4) || '-' || substr(printf('%08x', id), 5, 4) AS slug FROM project);

CREATE VIEW search_doc_stream AS
SELECT id, id * 8 + 2 AS doc, 'stream' AS kind, org_id, slug, coalesce(nullif(data_label, ''), slug) AS title, slug AS body
FROM stream;

CREATE VIEW search_doc_variable AS
SELECT v.id, v.id * 8 + 3 AS doc, 'variable' AS kind, p.org_id,
       'v--' || substr(printf('%08x', v.project_id), 1, 4) || '-' || substr(printf('%08x', v.project_id), 5, 4) || '--' || printf('%04x', v.lid) AS slug,
       v.name AS title,
       'v--' || substr(printf('%08x', v.project_id), 1, 4) || '-' || substr(printf('%08x', v.project_id), 5, 4) || '--' || printf('%04x', v.lid)
           || ' ' || coalesce(v.units, '') || ' ' || coalesce(v.about, '') AS body
FROM variable v JOIN project p ON p.id = v.project_id;

CREATE VIEW search_doc_fleet AS
SELECT id, id * 8 + 4 AS doc, 'fleet' AS kind, org_id, slug, name AS title, slug || ' ' || description AS body
FROM (SELECT fleet.*, 'g--' || substr(h, 5, 4) || '-' || substr(h, 9, 4) || '-' || substr(h, 13, 4) AS slug
      FROM (SELECT fleet.*, printf('%016x', id) AS h FROM fleet) fleet);

CREATE VIEW search_doc_property AS
SELECT id, id * 8 + 5 AS doc, 'property' AS kind, org_id, target AS slug, name AS title, coalesce(value, '') AS body FROM property;

CREATE VIEW search_doc_note AS
SELECT id, id * 8 + 6 AS doc, 'note' AS kind, org_id, target AS slug, '' AS title, note AS body FROM note;

-- The triggers: insert, update (delete + insert) and delete of every indexed table. A device's update re-indexes only
-- when an indexed text changes: its other columns (state, location...) change far more often.
CREATE TRIGGER device_search_insert AFTER INSERT ON device BEGIN
    INSERT INTO search_index (rowid, title, body, kind, org_id, slug) SELECT doc, title, body, kind, org_id, slug FROM search_doc_device WHERE id = NEW.id;
END;
CREATE TRIGGER device_search_update AFTER UPDATE OF label, external_id, org_id ON device
WHEN OLD.label IS NOT NEW.label OR OLD.external_id IS NOT NEW.external_id OR OLD.org_id IS NOT NEW.org_id BEGIN
    DELETE FROM search_index WHERE rowid = OLD.id * 8 + 0;
    INSERT INTO search_index (rowid, title, body, kind, org_id, slug) SELECT doc, title, body, kind, org_id, slug FROM search_doc_device WHERE id = NEW.id;
END;
CREATE TRIGGER device_search_delete AFTER DELETE ON device BEGIN
    DELETE FROM search_index WHERE rowid = OLD.id * 8 + 0;
END;
CREATE TRIGGER project_search_insert AFTER INSERT ON project BEGIN
    INSERT INTO search_index (rowid, title, body, kind, org_id, slug) SELECT doc, title, body, kind, org_id, slug FROM search_doc_project WHERE id = NEW.id;
END;
CREATE TRIGGER project_search_update AFTER UPDATE ON project BEGIN
    DELETE FROM search_index WHERE rowid = OLD.id * 8 + 1;
    INSERT INTO search_index (rowid, title, body, kind, org_id, slug) SELECT doc, title, body, kind, org_id, slug FROM search_doc_project WHERE id = NEW.id;
END;
CREATE TRIGGER project_search_delete AFTER DELETE ON project BEGIN
    DELETE FROM search_index WHERE rowid = OLD.id * 8 + 1;
END;
CREATE TRIGGER stream_search_insert AFTER INSERT ON stream BEGIN
    INSERT INTO search_index (rowid, title, body, kind, org_id, slug) SELECT doc, title, body, kind, org_id, slug FROM search_doc_stream WHERE id = NEW.id;
END;
CREATE TRIGGER stream_search_update AFTER UPDATE ON stream BEGIN
    DELETE FROM search_index WHERE rowid = OLD.id * 8 + 2;
    INSERT INTO search_index (rowid, title, body, kind, org_id, slug) SELECT doc, title, body, kind, org_id, slug FROM search_doc_stream WHERE id = NEW.id;
END;
CREATE TRIGGER stream_search_delete AFTER DELETE ON stream BEGIN
    DELETE FROM search_index WHERE rowid = OLD.id * 8 + 2;
END;
CREATE TRIGGER variable_search_insert AFTER INSERT ON variable BEGIN
    INSERT INTO search_index (rowid, title, body, kind, org_id, slug) SELECT doc, title, body, kind, org_id, slug FROM search_doc_variable WHERE id = NEW.id;
END;
CREATE TRIGGER variable_search_update AFTER UPDATE ON variable BEGIN
    DELETE FROM search_index WHERE rowid = OLD.id * 8 + 3;
    INSERT INTO search_index (rowid, title, body, kind, org_id, slug) SELECT doc, title, body, kind, org_id, slug FROM search_doc_variable WHERE id = NEW.id;
END;
CREATE TRIGGER variable_search_delete AFTER DELETE ON variable BEGIN
    DELETE FROM search_index WHERE rowid = OLD.id * 8 + 3;
END;
CREATE TRIGGER fleet_search_insert AFTER INSERT ON fleet BEGIN
    INSERT INTO search_index (rowid, title, body, kind, org_id, slug) SELECT doc, title, body, kind, org_id, slug FROM search_doc_fleet WHERE id = NEW.id;
END;
CREATE TRIGGER fleet_search_update AFTER UPDATE ON fleet BEGIN
    DELETE FROM search_index WHERE rowid = OLD.id * 8 + 4;
    INSERT INTO search_index (rowid, title, body, kind, org_id, slug) SELECT doc, title, body, kind, org_id, slug FROM search_doc_fleet WHERE id = NEW.id;
END;
CREATE TRIGGER fleet_search_delete AFTER DELETE ON fleet BEGIN
    DELETE FROM search_index WHERE rowid = OLD.id * 8 + 4;
END;
CREATE TRIGGER property_search_insert AFTER INSERT ON property BEGIN
    INSERT INTO search_index (rowid, title, body, kind, org_id, slug) SELECT doc, title, body, kind, org_id, slug FROM search_doc_property WHERE id = NEW.id;
END;
CREATE TRIGGER property_search_update AFTER UPDATE ON property BEGIN
    DELETE FROM search_index WHERE rowid = OLD.id * 8 + 5;
    INSERT INTO search_index (rowid, title, body, kind, org_id, slug) SELECT doc, title, body, kind, org_id, slug FROM search_doc_property WHERE id = NEW.id;
END;
CREATE TRIGGER property_search_delete AFTER DELETE ON property BEGIN
    DELETE FROM search_index WHERE rowid = OLD.id * 8 + 5;
END;
CREATE TRIGGER note_search_insert AFTER INSERT ON note BEGIN
    INSERT INTO search_index (rowid, title, body, kind, org_id, slug) SELECT doc, title, body, kind, org_id, slug FROM search_doc_note WHERE id = NEW.id;
END;
CREATE TRIGGER note_search_update AFTER UPDATE ON note BEGIN
    DELETE FROM search_index WHERE rowid = OLD.id * 8 + 6;
    INSERT INTO search_index (rowid, title, body, kind, org_id, slug) SELECT doc, title, body, kind, org_id, slug FROM search_doc_note WHERE id = NEW.id;
END;
CREATE TRIGGER note_search_delete AFTER DELETE ON note BEGIN
    DELETE FROM search_index WHERE rowid = OLD.id * 8 + 6;
END;

-- What exists already.
INSERT INTO search_index (rowid, title, body, kind, org_id, slug) SELECT doc, title, body, kind, org_id, slug FROM search_doc_device;
INSERT INTO search_index (rowid, title, body, kind, org_id, slug) SELECT doc, title, body, kind, org_id, slug FROM search_doc_project;
INSERT INTO search_index (rowid, title, body, kind, org_id, slug) SELECT doc, title, body, kind, org_id, slug FROM search_doc_stream;
INSERT INTO search_index (rowid, title, body, kind, org_id, slug) SELECT doc, title, body, kind, org_id, slug FROM search_doc_variable;
INSERT INTO search_index (rowid, title, body, kind, org_id, slug) SELECT doc, title, body, kind, org_id, slug FROM search_doc_fleet;
INSERT INTO search_index (rowid, title, body, kind, org_id, slug) SELECT doc, title, body, kind, org_id, slug FROM search_doc_property;
INSERT INTO search_index (rowid, title, body, kind, org_id, slug) SELECT doc, title, body, kind, org_id, slug FROM search_doc_note;
