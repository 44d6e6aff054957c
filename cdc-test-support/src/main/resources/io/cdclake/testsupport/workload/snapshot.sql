-- cdc-lake standard workload, part 1: schema and rows present before the Debezium engine starts
-- (they arrive as snapshot reads). Run as the table owner (role dbz). One statement per ';' at a line end.

CREATE TYPE mood AS ENUM ('sad', 'ok', 'happy');

-- every column type the decoder must carry; REPLICA IDENTITY DEFAULT (updates have no before image)
CREATE TABLE all_types (
  id integer PRIMARY KEY,
  c_bool boolean,
  c_int2 smallint,
  c_int4 integer,
  c_int8 bigint,
  c_real real,
  c_double double precision,
  c_numeric_scaled numeric(12,3),
  c_numeric_free numeric,
  c_date date,
  c_time time,
  c_ts timestamp,
  c_tstz timestamptz,
  c_interval interval,
  c_uuid uuid,
  c_json json,
  c_jsonb jsonb,
  c_bytea bytea,
  c_mood mood,
  c_int_arr integer[],
  c_text_arr text[],
  c_text text,
  c_varchar varchar(40),
  c_char char(4),
  c_default text DEFAULT 'dflt'
);

INSERT INTO all_types VALUES
  (1, true, 32767, -2147483648, 9007199254740993, 1.5, 0.1, 123456789.012, 3.14159265358979323846264338327950288,
   '1969-12-31', '23:59:59.999999', '1960-01-01 00:00:00.000001', '2024-02-29 13:14:15.123456+02',
   '1 year 2 mons 3 days 04:05:06.5', 'a0eebc99-9c0b-4ef8-bb6d-6bb9bd380a11', '{"a": [1, 2.5, "x"], "b": null}',
   '{"k": "v", "n": 12345678901234567890}', '\x00ff10', 'happy', '{1,NULL,3}', '{"a","b c",NULL,"\"q\""}',
   'héllo ✓', 'varchar', 'ab', 'given');
INSERT INTO all_types VALUES
  (2, false, -32768, 2147483647, -9223372036854775808, -0.25, 1e-300, -0.001, 100,
   '2262-04-11', '00:00:00', '2038-01-19 03:14:08', '1970-01-01 00:00:00+00',
   '-3 days', '00000000-0000-0000-0000-000000000000', '[]', '{}', '', 'sad', '{}', '{}',
   '', '', '', NULL);
INSERT INTO all_types (id) VALUES (3);
INSERT INTO all_types VALUES
  (4, true, 0, 0, 0, 3.4028235e38, -1.7976931348623157e308, 0.000, -5.50,
   '2000-01-01', '12:00:00.5', '2000-01-01 00:00:00', '2099-12-31 23:59:59.999999-08',
   '00:00:00.000001', 'ffffffff-ffff-ffff-ffff-ffffffffffff', '"just a string"', '[1, "two", {"three": 3}]',
   '\xdeadbeef', 'ok', '{-1,2147483647}', '{"x"}', E'line1\nline2\ttab "quoted" \\ back', 'v', 'abcd', 'dflt');

-- a TOASTed text and jsonb (stored out of line, uncompressed) that streaming updates leave unchanged
CREATE TABLE toasted (
  id integer PRIMARY KEY,
  big_text text,
  big_jsonb jsonb,
  note text
);
ALTER TABLE toasted ALTER COLUMN big_text SET STORAGE EXTERNAL;
ALTER TABLE toasted ALTER COLUMN big_jsonb SET STORAGE EXTERNAL;
INSERT INTO toasted
  SELECT 1, string_agg(md5(i::text), '' ORDER BY i), jsonb_build_object('blob', string_agg(md5((i + 7)::text), '' ORDER BY i)), 'snap'
  FROM generate_series(1, 400) AS i;

-- REPLICA IDENTITY FULL with a key: updates and deletes carry the whole before image
CREATE TABLE full_identity (
  id integer PRIMARY KEY,
  name text NOT NULL,
  qty integer,
  big_text text
);
ALTER TABLE full_identity REPLICA IDENTITY FULL;
ALTER TABLE full_identity ALTER COLUMN big_text SET STORAGE EXTERNAL;
INSERT INTO full_identity VALUES (1, 'one', 10, NULL), (2, 'two', 20, NULL), (3, 'three', 30, NULL);
INSERT INTO full_identity SELECT 4, 'four', 40, string_agg(md5(i::text), '' ORDER BY i) FROM generate_series(1, 300) AS i;

-- a composite key with a NOT NULL non-key column (DEFAULT identity deletes fill it with a fake zero)
CREATE TABLE composite_key (
  region text NOT NULL,
  item_id integer NOT NULL,
  qty integer NOT NULL,
  price numeric(8,2),
  updated_at timestamptz,
  PRIMARY KEY (region, item_id)
);
INSERT INTO composite_key VALUES
  ('eu', 1, 5, 9.99, '2024-01-01 10:00:00+00'),
  ('eu', 2, 0, 0.50, NULL),
  ('us', 1, 7, 100.00, '2024-01-02 10:00:00+00');

-- no key at all: REPLICA IDENTITY FULL, duplicate rows (compared as a multiset)
CREATE TABLE no_key (
  label text,
  amount numeric(8,2),
  seen date
);
ALTER TABLE no_key REPLICA IDENTITY FULL;
INSERT INTO no_key VALUES ('dup', 1.00, '2024-01-01'), ('dup', 1.00, '2024-01-01'), ('single', NULL, NULL);

-- truncated while streaming
CREATE TABLE truncated (
  id integer PRIMARY KEY,
  v text
);
INSERT INTO truncated VALUES (1, 'before truncate'), (2, 'also gone');

-- columns added and dropped while streaming
CREATE TABLE evolving (
  id integer PRIMARY KEY,
  a text,
  dropped_col text
);
INSERT INTO evolving VALUES (1, 'untouched after the ALTERs', 'x'), (2, 'updated later', 'y');
