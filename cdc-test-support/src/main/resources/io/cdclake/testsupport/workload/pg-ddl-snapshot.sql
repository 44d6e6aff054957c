-- cdc-lake DDL workload for PostgreSQL, part 1: tables and rows present before the Debezium engine starts.
-- PostgreSQL has no schema-change topic: every change in part 2 reaches cdc-lake only through the message
-- schemas of the row events that follow it. One statement per ';' at a line end.

CREATE TABLE people (
  id integer PRIMARY KEY,
  name text NOT NULL,
  age integer,
  nick text,
  note text
);
INSERT INTO people VALUES
  (1, 'ada', 36, 'countess', 'first'),
  (2, 'bob', 41, 'bobby', 'second'),
  (3, 'cy', 2147483647, 'cyclone', 'third');

-- NOT NULL columns dropped and renamed: the stream cannot tell a required column was dropped
CREATE TABLE items (
  sku text PRIMARY KEY,
  qty integer NOT NULL,
  label text NOT NULL,
  price numeric(8,2)
);
INSERT INTO items VALUES ('a-1', 5, 'apple', 1.25), ('b-2', 7, 'banana', 0.50), ('c-3', 9, 'cherry', 4.00);
