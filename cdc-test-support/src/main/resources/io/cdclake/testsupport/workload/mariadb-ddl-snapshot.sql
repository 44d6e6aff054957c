-- cdc-lake DDL workload for MariaDB, part 1: tables and rows present before the Debezium engine starts
-- (their CREATE TABLE arrives on the schema-change topic, their rows as snapshot reads). Run as the database
-- owner (user dbz) in the test database. One statement per ';' at a line end.

CREATE TABLE customers (
  id int NOT NULL PRIMARY KEY,
  name varchar(40) NOT NULL,
  points int,
  nick varchar(20),
  note varchar(40),
  price decimal(10,2),
  seen timestamp(6) NULL DEFAULT NULL,
  born date
) ENGINE=InnoDB;
INSERT INTO customers VALUES
  (1, 'ada', 10, 'countess', 'first', 1.50, '2024-01-02 03:04:05.123456', '1815-12-10'),
  (2, 'bob', 20, 'bobby', 'second', 2.25, NULL, NULL),
  (3, 'cy', 2147483647, 'cyclone', 'third', 99999999.99, '1970-01-01 00:00:01', '2000-02-29');
