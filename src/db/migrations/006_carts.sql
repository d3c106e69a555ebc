-- Sales in progress (open or parked) with their lines and the payments already
-- taken, so that a card approved before a crash is never forgotten; refunds
-- point at the lines they return; card payments keep what the terminal said.

CREATE TABLE carts (
  id                  INTEGER PRIMARY KEY,
  uuid                TEXT NOT NULL UNIQUE,
  register            TEXT NOT NULL,
  cashier_id          INTEGER NOT NULL REFERENCES users (id),
  kind                TEXT NOT NULL CHECK (kind IN ('sale', 'refund')),
  -- paying: claimed by a till that is taking a payment; nothing else may change it
  status              TEXT NOT NULL CHECK (status IN ('open', 'parked', 'paying', 'completed', 'cancelled')),
  original_sale_id    INTEGER REFERENCES sales (id),
  opened_at           TEXT NOT NULL,
  updated_at          TEXT NOT NULL,
  business_day        TEXT NOT NULL, -- of the last change: a cancelled sale counts on that day
  sale_discount       TEXT,          -- JSON {"percentBp":1000} or {"amountCents":250}
  sale_id             INTEGER REFERENCES sales (id)
);

CREATE INDEX carts_register_status ON carts (register, status);

CREATE TABLE cart_lines (
  cart_id           INTEGER NOT NULL REFERENCES carts (id),
  line_no           INTEGER NOT NULL,
  product_id        INTEGER NOT NULL REFERENCES products (id),
  code              TEXT NOT NULL,
  name              TEXT NOT NULL,
  unit              TEXT NOT NULL CHECK (unit IN ('piece', 'kg')),
  qty_milli         INTEGER NOT NULL,
  unit_price_cents  INTEGER NOT NULL,
  list_price_cents  INTEGER NOT NULL,
  vat_code          TEXT NOT NULL,
  vat_bp            INTEGER,
  discount          TEXT, -- JSON, as sale_discount
  voided            INTEGER NOT NULL DEFAULT 0 CHECK (voided IN (0, 1)),
  original_line_no  INTEGER,
  fixed_total_cents INTEGER, -- a refund line: what the customer paid for this quantity
  PRIMARY KEY (cart_id, line_no)
) WITHOUT ROWID;

CREATE TABLE cart_payments (
  cart_id          INTEGER NOT NULL REFERENCES carts (id),
  seq              INTEGER NOT NULL,
  method           TEXT NOT NULL CHECK (method IN ('cash', 'card', 'qr')),
  amount_cents     INTEGER NOT NULL,
  tendered_cents   INTEGER,
  change_cents     INTEGER,
  reference        TEXT,
  brand            TEXT,
  masked_pan       TEXT,
  auth_code        TEXT,
  terminal_receipt TEXT, -- JSON array of lines
  at               TEXT NOT NULL,
  PRIMARY KEY (cart_id, seq)
) WITHOUT ROWID;

ALTER TABLE payments ADD COLUMN brand TEXT;
ALTER TABLE payments ADD COLUMN masked_pan TEXT;
ALTER TABLE payments ADD COLUMN auth_code TEXT;
ALTER TABLE payments ADD COLUMN terminal_receipt TEXT;

ALTER TABLE sale_lines ADD COLUMN unit TEXT NOT NULL DEFAULT 'piece' CHECK (unit IN ('piece', 'kg'));
ALTER TABLE sale_lines ADD COLUMN list_price_cents INTEGER;
ALTER TABLE sale_lines ADD COLUMN discount_label TEXT; -- '10%' for a percentage, else null
ALTER TABLE sale_lines ADD COLUMN original_line_no INTEGER;
ALTER TABLE sale_lines ADD COLUMN sale_discount_share_cents INTEGER NOT NULL DEFAULT 0; -- inside discount_cents

ALTER TABLE sales ADD COLUMN prices_include_vat INTEGER NOT NULL DEFAULT 1 CHECK (prices_include_vat IN (0, 1));
ALTER TABLE sales ADD COLUMN sale_discount_cents INTEGER NOT NULL DEFAULT 0;

CREATE INDEX sales_original ON sales (original_sale_id) WHERE original_sale_id IS NOT NULL;

-- The drawer opened without a sale (a manager's decision), for the X and Z reports.
CREATE TABLE no_sales (
  id           INTEGER PRIMARY KEY,
  register     TEXT NOT NULL,
  user_id      INTEGER NOT NULL REFERENCES users (id),
  approved_by  INTEGER NOT NULL REFERENCES users (id),
  reason       TEXT NOT NULL,
  at           TEXT NOT NULL,
  business_day TEXT NOT NULL
);
