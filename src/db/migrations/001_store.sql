-- The store: settings, VAT rates, the catalogue and its stock movements.

CREATE TABLE settings (
  key   TEXT PRIMARY KEY,
  value TEXT NOT NULL -- JSON
) WITHOUT ROWID;

CREATE TABLE vat_rates (
  code       TEXT PRIMARY KEY,
  bp         INTEGER CHECK (bp IS NULL OR bp BETWEEN 0 AND 10000), -- NULL: exempt
  label      TEXT NOT NULL,
  valid_from TEXT NOT NULL DEFAULT '1970-01-01'
) WITHOUT ROWID;

INSERT INTO vat_rates (code, bp, label) VALUES
  ('high', 2100, 'BTW hoog 21%'),
  ('low', 900, 'BTW laag 9%'),
  ('zero', 0, 'BTW 0%'),
  ('exempt', NULL, 'Vrijgesteld van BTW');

CREATE TABLE products (
  id                  INTEGER PRIMARY KEY,
  sku                 TEXT UNIQUE, -- NULL: the product is known by its barcodes only
  name                TEXT NOT NULL,
  category            TEXT,
  unit                TEXT NOT NULL DEFAULT 'piece' CHECK (unit IN ('piece', 'kg')),
  price_cents         INTEGER NOT NULL CHECK (price_cents >= 0),
  vat_code            TEXT NOT NULL REFERENCES vat_rates (code),
  cost_cents          INTEGER CHECK (cost_cents IS NULL OR cost_cents >= 0),
  stock_milli         INTEGER NOT NULL DEFAULT 0, -- always the sum of stock_movements
  reorder_point_milli INTEGER,
  reorder_qty_milli   INTEGER,
  supplier            TEXT,
  active              INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1))
);

-- No index on category: `products list --category` scans, which is fast enough,
-- and an index would cost a third of a million-row import.

CREATE TABLE barcodes (
  code       TEXT PRIMARY KEY,
  product_id INTEGER NOT NULL REFERENCES products (id) ON DELETE CASCADE,
  position   INTEGER NOT NULL DEFAULT 0 -- order in which the product lists them
) WITHOUT ROWID;

CREATE INDEX barcodes_product ON barcodes (product_id, position);

-- One row per catalogue import: the reference of its stock movements.
CREATE TABLE imports (
  id        INTEGER PRIMARY KEY,
  at        TEXT NOT NULL,
  file      TEXT NOT NULL,
  format    TEXT NOT NULL,
  rows      INTEGER NOT NULL,
  created   INTEGER NOT NULL,
  updated   INTEGER NOT NULL,
  unchanged INTEGER NOT NULL,
  rejected  INTEGER NOT NULL
);

CREATE TABLE stock_movements (
  id          INTEGER PRIMARY KEY,
  product_id  INTEGER NOT NULL REFERENCES products (id),
  delta_milli INTEGER NOT NULL,
  reason      TEXT NOT NULL CHECK (reason IN ('sale', 'refund', 'receive', 'adjust', 'count', 'reserve', 'import')),
  reference   TEXT,
  at          TEXT NOT NULL
);

-- Full-text search on names, diacritics folded ('creme' finds 'Crème').
-- detail=column and columnsize=0 keep the index small and the import fast;
-- searches are prefix-token queries, which need neither positions nor sizes.
CREATE VIRTUAL TABLE products_fts USING fts5 (
  name,
  content = 'products',
  content_rowid = 'id',
  tokenize = 'unicode61 remove_diacritics 2',
  detail = column,
  columnsize = 0
);

-- New products are indexed by the code that inserts them, in bulk
-- (src/db/catalogue-writer.ts indexNames): three times faster than a row trigger.
-- Updates and deletes keep the index in step through triggers.
CREATE TRIGGER products_fts_delete AFTER DELETE ON products BEGIN
  INSERT INTO products_fts (products_fts, rowid, name) VALUES ('delete', old.id, old.name);
END;
CREATE TRIGGER products_fts_update AFTER UPDATE OF name ON products BEGIN
  INSERT INTO products_fts (products_fts, rowid, name) VALUES ('delete', old.id, old.name);
  INSERT INTO products_fts (rowid, name) VALUES (new.id, new.name);
END;
