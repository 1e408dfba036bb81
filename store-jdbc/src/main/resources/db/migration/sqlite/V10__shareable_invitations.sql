-- An invitation without an email is a shareable link: whoever holds its token may accept it (once).
-- One with an email is bound to it: only that email's account may accept it. SQLite cannot drop a
-- NOT NULL constraint in place, so the table is rebuilt (nothing references it).
CREATE TABLE invitation_new (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    org_id      INTEGER NOT NULL REFERENCES org (id) ON DELETE CASCADE,
    email       TEXT,
    role        TEXT    NOT NULL,
    token_hash  TEXT    NOT NULL UNIQUE,
    invited_by  INTEGER NOT NULL,
    created_on  INTEGER NOT NULL,
    expires_on  INTEGER NOT NULL,
    accepted_on INTEGER
);
INSERT INTO invitation_new (id, org_id, email, role, token_hash, invited_by, created_on, expires_on, accepted_on)
    SELECT id, org_id, email, role, token_hash, invited_by, created_on, expires_on, accepted_on FROM invitation;
DROP TABLE invitation;
ALTER TABLE invitation_new RENAME TO invitation;
CREATE INDEX invitation_org ON invitation (org_id);
