-- A Z covers what no earlier Z of its register covered, not "the business days
-- after the last Z": two Z reports on one calendar day (an empty one in the
-- morning, a second by mistake) no longer push every later day one day ahead.
-- Each Z keeps the highest sale, no-sale, cash movement and shift id it covered
-- (ids only grow: nothing is ever deleted, and a Z's IMMEDIATE transaction
-- orders it against every sale); its business day may repeat, so the
-- UNIQUE (register, business_day) goes, which in SQLite means rebuilding the
-- three tables. A Z that covers several business days (one forgotten last
-- night) keeps its summaries per business day, so sales reports count every
-- sale on its own day: the product and hour summaries gain the day, and a new
-- table keeps each day's receipts, turnover and cost. The per-hour summaries
-- get the never-changed triggers the others had.

CREATE TABLE z_reports_new (
  id                          INTEGER PRIMARY KEY,
  register                    TEXT NOT NULL,
  z_no                        INTEGER NOT NULL,
  business_day                TEXT NOT NULL,   -- YYYY-MM-DD: the (last) business day it closed
  from_day                    TEXT NOT NULL,   -- the first business day it covers
  closed_at                   TEXT NOT NULL,   -- ISO UTC
  closed_by                   INTEGER REFERENCES users (id),
  receipts                    INTEGER NOT NULL,
  gross_cents                 INTEGER NOT NULL,
  refunds_cents               INTEGER NOT NULL,
  grand_total_sales_cents     INTEGER NOT NULL,
  grand_total_refunds_cents   INTEGER NOT NULL,
  totals                      TEXT NOT NULL,   -- the report's JSON
  journal_seq                 INTEGER NOT NULL, -- the z.closed journal entry: covers cart events up to it
  sales_upto                  INTEGER NOT NULL, -- the highest sales.id covered
  no_sales_upto               INTEGER NOT NULL,
  cash_moves_upto             INTEGER NOT NULL,
  shifts_upto                 INTEGER NOT NULL,
  UNIQUE (register, z_no)
);

-- Z reports made before this migration covered their register's business days up to theirs.
INSERT INTO z_reports_new
SELECT z.id, z.register, z.z_no, z.business_day, z.from_day, z.closed_at, z.closed_by, z.receipts, z.gross_cents, z.refunds_cents,
  z.grand_total_sales_cents, z.grand_total_refunds_cents, z.totals, z.journal_seq,
  (SELECT coalesce(MAX(id), 0) FROM sales s WHERE s.register = z.register AND s.business_day <= z.business_day),
  (SELECT coalesce(MAX(id), 0) FROM no_sales n WHERE n.register = z.register AND n.business_day <= z.business_day),
  (SELECT coalesce(MAX(id), 0) FROM cash_movements m WHERE m.register = z.register AND m.business_day <= z.business_day),
  (SELECT coalesce(MAX(id), 0) FROM shifts h WHERE h.register = z.register AND h.opened_at <= z.closed_at)
FROM z_reports z;

CREATE TABLE z_product_totals_new (
  z_id          INTEGER NOT NULL REFERENCES z_reports_new (id),
  business_day  TEXT NOT NULL,      -- the day the sales were made on
  product_id    INTEGER NOT NULL REFERENCES products (id),
  qty_milli     INTEGER NOT NULL,   -- sold minus refunded
  gross_cents   INTEGER NOT NULL,   -- incl. VAT, after discounts, minus refunds
  net_cents     INTEGER NOT NULL,   -- excl. VAT
  cost_cents    INTEGER,            -- at the cost price known at the Z; NULL when unknown
  receipts      INTEGER NOT NULL,   -- receipts it was on
  PRIMARY KEY (z_id, business_day, product_id)
) WITHOUT ROWID;
INSERT INTO z_product_totals_new
SELECT t.z_id, z.business_day, t.product_id, t.qty_milli, t.gross_cents, t.net_cents, t.cost_cents, t.receipts
FROM z_product_totals t JOIN z_reports z ON z.id = t.z_id;

CREATE TABLE z_hour_totals_new (
  z_id        INTEGER NOT NULL REFERENCES z_reports_new (id),
  business_day TEXT NOT NULL,
  hour        INTEGER NOT NULL CHECK (hour BETWEEN 0 AND 23),
  receipts    INTEGER NOT NULL,
  gross_cents INTEGER NOT NULL,
  PRIMARY KEY (z_id, business_day, hour)
) WITHOUT ROWID;
INSERT INTO z_hour_totals_new
SELECT h.z_id, z.business_day, h.hour, h.receipts, h.gross_cents FROM z_hour_totals h JOIN z_reports z ON z.id = h.z_id;

-- Per business day a Z covered: sales receipts, turnover incl. VAT (sales minus
-- refunds), the same excl. VAT (VAT per receipt), the cost of what was sold
-- (NULL when a product sold had no cost price), and per cashier and payment
-- method (JSON, as the report's byCashier and payments). A Z of nothing has one
-- row of zeros for its day.
CREATE TABLE z_day_totals (
  z_id          INTEGER NOT NULL REFERENCES z_reports_new (id),
  business_day  TEXT NOT NULL,
  receipts      INTEGER NOT NULL,
  gross_cents   INTEGER NOT NULL,
  net_cents     INTEGER NOT NULL,
  cost_cents    INTEGER,
  cashiers      TEXT NOT NULL,
  payments      TEXT NOT NULL,
  PRIMARY KEY (z_id, business_day)
) WITHOUT ROWID;
-- Z reports made before this migration: their summaries were not kept per day, so
-- each counts on its own business day (one that covered days left open before it
-- included).
INSERT INTO z_day_totals
SELECT z.id, z.business_day, z.receipts, coalesce(json_extract(z.totals, '$.netCents'), z.gross_cents - z.refunds_cents),
  coalesce((SELECT SUM(json_extract(v.value, '$.netCents')) FROM json_each(z.totals, '$.vat') v), 0),
  CASE WHEN EXISTS (SELECT 1 FROM z_product_totals t WHERE t.z_id = z.id AND t.cost_cents IS NULL) THEN NULL
       ELSE (SELECT coalesce(SUM(t.cost_cents), 0) FROM z_product_totals t WHERE t.z_id = z.id) END,
  coalesce(json_extract(z.totals, '$.byCashier'), '[]'), coalesce(json_extract(z.totals, '$.payments'), '[]')
FROM z_reports z;

-- Dropping a table drops its triggers; the implicit delete of a drop fires none.
DROP TABLE z_hour_totals;
DROP TABLE z_product_totals;
DROP TABLE z_reports;
ALTER TABLE z_reports_new RENAME TO z_reports;
ALTER TABLE z_product_totals_new RENAME TO z_product_totals;
ALTER TABLE z_hour_totals_new RENAME TO z_hour_totals;

CREATE INDEX z_reports_day ON z_reports (business_day);
CREATE INDEX z_day_totals_day ON z_day_totals (business_day);
CREATE INDEX z_product_totals_day ON z_product_totals (business_day);
CREATE INDEX z_hour_totals_day ON z_hour_totals (business_day);

CREATE TRIGGER z_reports_no_update BEFORE UPDATE ON z_reports
BEGIN SELECT RAISE(ABORT, 'a Z report is never changed'); END;
CREATE TRIGGER z_reports_no_delete BEFORE DELETE ON z_reports
BEGIN SELECT RAISE(ABORT, 'a Z report is never deleted'); END;
CREATE TRIGGER z_product_totals_no_update BEFORE UPDATE ON z_product_totals
BEGIN SELECT RAISE(ABORT, 'a Z report is never changed'); END;
CREATE TRIGGER z_product_totals_no_delete BEFORE DELETE ON z_product_totals
BEGIN SELECT RAISE(ABORT, 'a Z report is never deleted'); END;
CREATE TRIGGER z_hour_totals_no_update BEFORE UPDATE ON z_hour_totals
BEGIN SELECT RAISE(ABORT, 'a Z report is never changed'); END;
CREATE TRIGGER z_hour_totals_no_delete BEFORE DELETE ON z_hour_totals
BEGIN SELECT RAISE(ABORT, 'a Z report is never deleted'); END;
CREATE TRIGGER z_day_totals_no_update BEFORE UPDATE ON z_day_totals
BEGIN SELECT RAISE(ABORT, 'a Z report is never changed'); END;
CREATE TRIGGER z_day_totals_no_delete BEFORE DELETE ON z_day_totals
BEGIN SELECT RAISE(ABORT, 'a Z report is never deleted'); END;

-- The open period of a register is "ids after its last Z's": an index on the
-- register alone (SQLite appends the rowid) ranges over exactly that.
DROP INDEX sales_register_day;
DROP INDEX no_sales_day;
DROP INDEX cash_movements_day;
DROP INDEX carts_day;
CREATE INDEX sales_register ON sales (register);
CREATE INDEX no_sales_register ON no_sales (register);
CREATE INDEX cash_movements_register ON cash_movements (register);
