-- Sales: completed in one transaction with their lines, payments, stock movements,
-- the register's next gapless receipt number and a journal entry.

CREATE TABLE receipt_counters (
  register TEXT PRIMARY KEY,
  last_no  INTEGER NOT NULL
) WITHOUT ROWID;

CREATE TABLE sales (
  id              INTEGER PRIMARY KEY,
  uuid            TEXT NOT NULL UNIQUE,
  register        TEXT NOT NULL,
  receipt_no      INTEGER NOT NULL,
  business_day    TEXT NOT NULL, -- YYYY-MM-DD
  status          TEXT NOT NULL CHECK (status IN ('open', 'parked', 'completed', 'voided')),
  kind            TEXT NOT NULL CHECK (kind IN ('sale', 'refund')),
  cashier_id      INTEGER NOT NULL REFERENCES users (id),
  completed_at    TEXT NOT NULL,
  subtotal_cents  INTEGER NOT NULL,
  discount_cents  INTEGER NOT NULL,
  total_cents     INTEGER NOT NULL,
  rounding_cents  INTEGER NOT NULL,
  change_cents    INTEGER NOT NULL,
  original_sale_id INTEGER REFERENCES sales (id),
  UNIQUE (register, receipt_no)
);

CREATE INDEX sales_day ON sales (business_day, register);

CREATE TABLE sale_lines (
  sale_id          INTEGER NOT NULL REFERENCES sales (id),
  line_no          INTEGER NOT NULL,
  product_id       INTEGER NOT NULL REFERENCES products (id),
  code             TEXT NOT NULL, -- what was scanned or typed
  name             TEXT NOT NULL, -- as sold
  qty_milli        INTEGER NOT NULL,
  unit_price_cents INTEGER NOT NULL,
  discount_cents   INTEGER NOT NULL,
  vat_code         TEXT NOT NULL,
  vat_bp           INTEGER,
  line_total_cents INTEGER NOT NULL,
  PRIMARY KEY (sale_id, line_no)
) WITHOUT ROWID;

CREATE TABLE payments (
  id             INTEGER PRIMARY KEY,
  sale_id        INTEGER NOT NULL REFERENCES sales (id),
  method         TEXT NOT NULL CHECK (method IN ('cash', 'card', 'qr', 'giftcard', 'store_credit')),
  amount_cents   INTEGER NOT NULL,
  tendered_cents INTEGER,
  change_cents   INTEGER,
  reference      TEXT
);

CREATE INDEX payments_sale ON payments (sale_id);
