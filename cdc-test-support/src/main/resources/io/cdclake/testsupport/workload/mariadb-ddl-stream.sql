-- cdc-lake DDL workload for MariaDB, part 2: schema changes between data changes, once the connector
-- streams. Each DDL arrives on the schema-change topic with its text and the table's full column list
-- (tableChanges), in binlog order with the rows. Autocommit is on; BEGIN/COMMIT make transactions.

INSERT INTO customers VALUES (4, 'dee', 40, 'dd', 'before any change', 4.00, '2024-06-30 08:30:00', '1990-05-05');

-- a table created while streaming
CREATE TABLE orders (
  id int NOT NULL PRIMARY KEY,
  customer_id int NOT NULL,
  amount decimal(10,2),
  placed datetime(6)
) ENGINE=InnoDB;
INSERT INTO orders VALUES (100, 1, 12.50, '2024-07-01 10:00:00.5'), (101, 2, 3.75, '2024-07-02 11:00:00');

-- ADD COLUMN without a default
ALTER TABLE customers ADD COLUMN email varchar(60);
INSERT INTO customers (id, name, points, nick, note, price, email) VALUES (5, 'eve', 50, 'evie', 'after add', 5.50, 'eve@example.com');
INSERT INTO customers (id, name, points, nick, note, price) VALUES (13, 'max', 130, 'mx', 'never touched again', 13.00);
UPDATE customers SET email = 'ada@example.com' WHERE id = 1;
UPDATE customers SET note = 'touched after add' WHERE id = 2;

-- ADD COLUMN with a DEFAULT, placed after a given column
ALTER TABLE customers ADD COLUMN tier varchar(10) DEFAULT 'basic' AFTER name;
INSERT INTO customers (id, name, points, nick, note) VALUES (6, 'fay', 60, 'fifi', 'default tier');
INSERT INTO customers (id, name, tier, points, nick, note) VALUES (7, 'gus', 'gold', 70, 'g', 'given tier');
UPDATE customers SET tier = 'silver' WHERE id = 2;
UPDATE customers SET note = 'touched after default' WHERE id = 5;

-- MODIFY int -> bigint
ALTER TABLE customers MODIFY points bigint;
INSERT INTO customers (id, name, points, nick, note) VALUES (8, 'hal', 5000000000, 'h', 'after widen');
UPDATE customers SET points = 3000000000 WHERE id = 1;
UPDATE customers SET note = 'touched after widen' WHERE id = 3;
DELETE FROM customers WHERE id = 6;
ALTER TABLE orders MODIFY customer_id bigint NOT NULL;
INSERT INTO orders VALUES (102, 8, 99.99, '2024-07-03 12:00:00');

-- RENAME COLUMN (MariaDB 10.5+)
ALTER TABLE customers RENAME COLUMN nick TO nickname;
INSERT INTO customers (id, name, points, nickname, note) VALUES (9, 'ivy', 90, 'ives', 'after rename');
UPDATE customers SET nickname = 'countess ada' WHERE id = 1;
UPDATE customers SET note = 'touched after rename' WHERE id = 2;

-- CHANGE COLUMN: a rename with a wider varchar
ALTER TABLE customers CHANGE COLUMN note remark varchar(80);
INSERT INTO customers (id, name, points, nickname, remark) VALUES (10, 'jon', 100, 'jj', 'after change');
UPDATE customers SET remark = 'touched after change' WHERE id = 4;

-- DROP COLUMN: kept by the default policy; updates carry the old value forward, inserts hold NULL
ALTER TABLE customers DROP COLUMN price;
INSERT INTO customers (id, name, points, nickname, remark, email) VALUES (11, 'kim', 110, 'k', 'after drop', 'kim@example.com');
UPDATE customers SET name = 'Ada' WHERE id = 1;
UPDATE customers SET points = points + 1 WHERE id = 8;
DELETE FROM customers WHERE id = 9;

-- an UPDATE that changes nothing: MariaDB writes no row event for it
UPDATE customers SET name = 'bob' WHERE id = 2;

-- a multi-statement transaction over both tables
BEGIN;
INSERT INTO customers (id, name, points, nickname, remark) VALUES (12, 'lee', 120, 'l', 'in a transaction');
UPDATE orders SET amount = 13.00 WHERE id = 100;
DELETE FROM orders WHERE id = 101;
UPDATE customers SET seen = '2025-01-01 00:00:00.000001' WHERE id = 3;
COMMIT;
