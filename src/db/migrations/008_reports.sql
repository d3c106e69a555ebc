-- End of day. A Z closes the register's open business day: it is stored once,
-- with the next gapless Z number, and never changed (triggers refuse it). Its
-- totals are kept as the report showed them (JSON, integers in cents) with the
-- perpetual grand totals, and per product and per hour, so that reports over a
-- year read a few hundred summary rows instead of a million sale lines.

CREATE TABLE z_reports (
  id                          INTEGER PRIMARY KEY,
  register                    TEXT NOT NULL,
  z_no                        INTEGER NOT NULL,
  business_day                TEXT NOT NULL,   -- YYYY-MM-DD: the day it closed (and any unclosed before it)
  from_day                    TEXT NOT NULL,   -- the first business day it covers
  closed_at                   TEXT NOT NULL,   -- ISO UTC
  closed_by                   INTEGER REFERENCES users (id),
  receipts                    INTEGER NOT NULL,
  gross_cents                 INTEGER NOT NULL,
  refunds_cents               INTEGER NOT NULL,
  grand_total_sales_cents     INTEGER NOT NULL,
  grand_total_refunds_cents   INTEGER NOT NULL,
  totals                      TEXT NOT NULL,   -- the report's JSON
  journal_seq                 INTEGER NOT NULL, -- the z.closed journal entry
  UNIQUE (register, z_no),
  UNIQUE (register, business_day)
);

CREATE INDEX z_reports_day ON z_reports (business_day);

CREATE TABLE z_product_totals (
  z_id          INTEGER NOT NULL REFERENCES z_reports (id),
  product_id    INTEGER NOT NULL REFERENCES products (id),
  qty_milli     INTEGER NOT NULL,   -- sold minus refunded
  gross_cents   INTEGER NOT NULL,   -- incl. VAT, after discounts, minus refunds
  net_cents     INTEGER NOT NULL,   -- excl. VAT
  cost_cents    INTEGER,            -- at the cost price known at the Z; NULL when unknown
  receipts      INTEGER NOT NULL,   -- receipts it was on
  PRIMARY KEY (z_id, product_id)
) WITHOUT ROWID;

CREATE TABLE z_hour_totals (
  z_id        INTEGER NOT NULL REFERENCES z_reports (id),
  hour        INTEGER NOT NULL CHECK (hour BETWEEN 0 AND 23),
  receipts    INTEGER NOT NULL,
  gross_cents INTEGER NOT NULL,
  PRIMARY KEY (z_id, hour)
) WITHOUT ROWID;

CREATE TRIGGER z_reports_no_update BEFORE UPDATE ON z_reports
BEGIN SELECT RAISE(ABORT, 'a Z report is never changed'); END;
CREATE TRIGGER z_reports_no_delete BEFORE DELETE ON z_reports
BEGIN SELECT RAISE(ABORT, 'a Z report is never deleted'); END;
CREATE TRIGGER z_product_totals_no_update BEFORE UPDATE ON z_product_totals
BEGIN SELECT RAISE(ABORT, 'a Z report is never changed'); END;
CREATE TRIGGER z_product_totals_no_delete BEFORE DELETE ON z_product_totals
BEGIN SELECT RAISE(ABORT, 'a Z report is never deleted'); END;

-- Cash moved in and out of the drawer counts on a business day too.
ALTER TABLE cash_movements ADD COLUMN register TEXT;
ALTER TABLE cash_movements ADD COLUMN business_day TEXT;
UPDATE cash_movements SET register = (SELECT register FROM shifts WHERE shifts.id = cash_movements.shift_id),
  business_day = substr(at, 1, 10);
CREATE INDEX cash_movements_day ON cash_movements (register, business_day);
-- A register's days since its last Z: without it SQLite walks all of the register's receipts.
CREATE INDEX sales_register_day ON sales (register, business_day);
CREATE INDEX no_sales_day ON no_sales (register, business_day);
CREATE INDEX carts_day ON carts (register, business_day, status);
