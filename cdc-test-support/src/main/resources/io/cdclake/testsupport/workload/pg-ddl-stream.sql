-- cdc-lake DDL workload for PostgreSQL, part 2: schema changes between data changes, once the connector
-- streams. Rows are written before and after each change, and old rows are updated after each change.

INSERT INTO people VALUES (4, 'dee', 29, 'dd', 'before any change');

-- ADD COLUMN without a default
ALTER TABLE people ADD COLUMN email text;
INSERT INTO people (id, name, age, nick, note, email) VALUES (5, 'eve', 33, 'evie', 'after add', 'eve@example.com');
UPDATE people SET email = 'ada@example.com' WHERE id = 1;
UPDATE people SET note = 'touched after add' WHERE id = 2;

-- ADD COLUMN with a DEFAULT: rows no event touches afterwards show the default in the database
ALTER TABLE people ADD COLUMN status text DEFAULT 'active';
INSERT INTO people (id, name, age, nick, note, email) VALUES (6, 'fay', 52, 'fifi', 'default status', NULL);
INSERT INTO people (id, name, age, nick, note, email, status) VALUES (7, 'gus', 19, 'g', 'given status', 'gus@example.com', 'new');
UPDATE people SET status = 'vip' WHERE id = 1;
UPDATE people SET note = 'touched after default' WHERE id = 5;

-- ALTER COLUMN ... TYPE integer -> bigint
ALTER TABLE people ALTER COLUMN age TYPE bigint;
INSERT INTO people (id, name, age, nick, note) VALUES (8, 'hal', 5000000000, 'h', 'after widen');
UPDATE people SET age = 3000000000 WHERE id = 1;
UPDATE people SET note = 'touched after widen' WHERE id = 3;
DELETE FROM people WHERE id = 6;

-- RENAME COLUMN nick -> nickname (the message schema only shows nick gone and nickname new)
ALTER TABLE people RENAME COLUMN nick TO nickname;
INSERT INTO people (id, name, age, nickname, note) VALUES (9, 'ivy', 27, 'ives', 'after rename');
UPDATE people SET nickname = 'countess ada' WHERE id = 1;
UPDATE people SET note = 'touched after rename' WHERE id = 2;

-- DROP COLUMN note
ALTER TABLE people DROP COLUMN note;
INSERT INTO people (id, name, age, nickname, email) VALUES (10, 'jon', 61, 'jj', 'jon@example.com');
UPDATE people SET name = 'Ada' WHERE id = 1;
UPDATE people SET age = age + 1 WHERE id = 8;
DELETE FROM people WHERE id = 9;

-- the NOT NULL columns of items: dropped, and renamed
UPDATE items SET qty = 6 WHERE sku = 'a-1';
ALTER TABLE items DROP COLUMN qty;
INSERT INTO items (sku, label, price) VALUES ('d-4', 'date', 3.10);
UPDATE items SET price = 0.55 WHERE sku = 'b-2';
ALTER TABLE items RENAME COLUMN label TO title;
INSERT INTO items (sku, title, price) VALUES ('e-5', 'elderberry', 7.00);
UPDATE items SET title = 'Apple' WHERE sku = 'a-1';
DELETE FROM items WHERE sku = 'c-3';
