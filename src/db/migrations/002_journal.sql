-- The journal: every state change, append-only and hash-chained (DESIGN.md).
-- hash = sha256(prev_hash || canonical JSON of {seq, at, type, payload}); the first
-- entry's prev_hash is 64 zeros.

CREATE TABLE journal (
  seq       INTEGER PRIMARY KEY,
  at        TEXT NOT NULL,
  type      TEXT NOT NULL,
  payload   TEXT NOT NULL, -- canonical JSON
  prev_hash TEXT NOT NULL,
  hash      TEXT NOT NULL UNIQUE
);

CREATE TRIGGER journal_no_update BEFORE UPDATE ON journal BEGIN
  SELECT RAISE(ABORT, 'the journal is append-only');
END;
CREATE TRIGGER journal_no_delete BEFORE DELETE ON journal BEGIN
  SELECT RAISE(ABORT, 'the journal is append-only');
END;
