-- Cashiers, managers and admins. PINs are stored as scrypt hashes with a salt:
-- 'scrypt$N$r$p$salt-hex$hash-hex'.

CREATE TABLE users (
  id              INTEGER PRIMARY KEY,
  name            TEXT NOT NULL,
  role            TEXT NOT NULL CHECK (role IN ('cashier', 'manager', 'admin')),
  pin_hash        TEXT NOT NULL,
  failed_attempts INTEGER NOT NULL DEFAULT 0,
  locked_until    TEXT, -- ISO time; NULL when not locked
  created_at      TEXT NOT NULL
);
