-- Blobs (event attachments; later reports and firmware) kept in the database, so that every node of a cluster
-- reads the same files (files.store=postgresql, see PostgresFileStore). PostgreSQL only: SQLite deployments keep
-- their files on disk (sqlite/V11 is empty to keep the two histories numbered alike).
--
-- A put writes a new version's chunks and then points the key at that version, all in one transaction, so a
-- reader finds the old version or the new one, never half of one. A version's chunks never change once
-- committed, which lets a reader fetch them one short query at a time. There is no foreign key from a chunk to
-- file_blob: the chunks are written before the key is switched to their version, and the store deletes a
-- replaced or deleted version's chunks itself in the transaction that drops the version.
CREATE SEQUENCE file_version_seq;

CREATE TABLE file_blob (
    key        text   PRIMARY KEY,
    version    bigint NOT NULL UNIQUE,
    size       bigint NOT NULL CHECK (size >= 0),
    created_on bigint NOT NULL
);

-- One row per chunk of at most 256 KB; an empty blob has none. The chunks of a version, read in idx order,
-- are its bytes.
CREATE TABLE file_chunk (
    version bigint  NOT NULL,
    idx     integer NOT NULL CHECK (idx >= 0),
    data    bytea   NOT NULL,
    PRIMARY KEY (version, idx)
);
-- Out of line and uncompressed: attachments are mostly compressed already (images, archives, msgpack), and
-- TOAST's compression would spend CPU on every write to save next to nothing.
ALTER TABLE file_chunk ALTER COLUMN data SET STORAGE EXTERNAL;
