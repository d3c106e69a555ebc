-- The print queue: a receipt to print is recorded in the sale's own transaction,
-- so a sale committed just before a crash or a printer failure still has its
-- receipt waiting. Jobs are printed from the stored sale (a reprint is the same
-- receipt). Drawer kicks are never queued: a kick that fails is not replayed later.

CREATE TABLE print_jobs (
  id          INTEGER PRIMARY KEY,
  register    TEXT NOT NULL,
  kind        TEXT NOT NULL CHECK (kind IN ('receipt', 'copy')),
  receipt_no  TEXT NOT NULL,               -- R1-000123
  status      TEXT NOT NULL CHECK (status IN ('pending', 'printed', 'failed')),
  attempts    INTEGER NOT NULL DEFAULT 0,
  last_error  TEXT,
  created_at  TEXT NOT NULL,
  updated_at  TEXT NOT NULL,
  printed_at  TEXT
);

CREATE INDEX print_jobs_status ON print_jobs (register, status, id);
