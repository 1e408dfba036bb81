-- Every JWT carries its account's token generation; raising it ends every earlier token of the account
-- (password change, "log out everywhere", removal from the last org). Tokens issued before this column
-- existed carry none and count as generation 0.
ALTER TABLE account ADD COLUMN token_generation INTEGER NOT NULL DEFAULT 0;

-- Sessions (one login and every token refreshed from it) ended by a logout, kept until the last token
-- the session could still produce would have expired; expired rows are deleted at the next logout.
CREATE TABLE ended_session (
    session_id TEXT    PRIMARY KEY,
    account_id INTEGER NOT NULL REFERENCES account (id) ON DELETE CASCADE,
    until      INTEGER NOT NULL
);
CREATE INDEX ended_session_until ON ended_session (until);
