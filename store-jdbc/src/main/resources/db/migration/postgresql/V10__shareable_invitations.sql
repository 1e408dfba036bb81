-- An invitation without an email is a shareable link: whoever holds its token may accept it (once).
-- One with an email is bound to it: only that email's account may accept it.
ALTER TABLE invitation ALTER COLUMN email DROP NOT NULL;
