-- Shifts: a cashier's time on a register, from the opening float to the counted cash.

CREATE TABLE shifts (
  id             INTEGER PRIMARY KEY,
  register       TEXT NOT NULL,
  cashier_id     INTEGER NOT NULL REFERENCES users (id),
  opened_at      TEXT NOT NULL,
  float_cents    INTEGER NOT NULL CHECK (float_cents >= 0),
  closed_at      TEXT,
  expected_cents INTEGER,
  counted_cents  INTEGER
);

-- At most one open shift per register.
CREATE UNIQUE INDEX shifts_open ON shifts (register) WHERE closed_at IS NULL;

CREATE TABLE cash_movements (
  id           INTEGER PRIMARY KEY,
  shift_id     INTEGER NOT NULL REFERENCES shifts (id),
  direction    TEXT NOT NULL CHECK (direction IN ('in', 'out')),
  amount_cents INTEGER NOT NULL CHECK (amount_cents > 0),
  reason       TEXT NOT NULL,
  at           TEXT NOT NULL
);
