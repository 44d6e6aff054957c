-- cdc-lake standard workload, part 2: changes made once the connector streams.
-- Autocommit is on; BEGIN/COMMIT make multi-statement transactions.

-- plain single-row changes on every type
INSERT INTO all_types VALUES
  (10, false, 1, 2, 3, 2.5, 2.25, 1.5, 0.00000000000000000001,
   '2024-06-30', '08:30:00.000123', '2024-06-30 08:30:00.000123', '2024-06-30 08:30:00.000123+05:30',
   '1 mon', '123e4567-e89b-12d3-a456-426614174000', '{"nested": {"deep": [true, false, null]}}', '{"b": 2, "a": 1}',
   '\x0102030405', 'sad', '{7,8,9}', '{"", "NULL", null}', 'streamed', 'stream', 'st', 'given');
UPDATE all_types SET c_text = 'updated', c_numeric_scaled = 42.5, c_numeric_free = -0.000123, c_int_arr = '{1}' WHERE id = 1;
UPDATE all_types SET c_bool = NULL, c_mood = 'ok', c_jsonb = '{"now": "set"}', c_bytea = '\x' WHERE id = 3;
-- an explicit NULL into a column that has a default
UPDATE all_types SET c_default = NULL WHERE id = 4;
-- a primary-key change: delete + tombstone + create
UPDATE all_types SET id = 20 WHERE id = 2;
DELETE FROM all_types WHERE id = 10;

-- unchanged TOASTed values under REPLICA IDENTITY DEFAULT: the placeholder, never a value
UPDATE toasted SET note = 'streamed update 1' WHERE id = 1;
INSERT INTO toasted
  SELECT 2, string_agg(md5((i * 3)::text), '' ORDER BY i), jsonb_build_object('blob', string_agg(md5((i * 5)::text), '' ORDER BY i)), 'inserted'
  FROM generate_series(1, 400) AS i;
UPDATE toasted SET note = 'streamed update 2' WHERE id = 2;
UPDATE toasted SET note = 'streamed update 3' WHERE id = 1;
UPDATE toasted SET big_text = 'small now', note = 'text replaced' WHERE id = 2;

-- REPLICA IDENTITY FULL with a key
UPDATE full_identity SET qty = qty + 1 WHERE id IN (1, 2);
UPDATE full_identity SET qty = NULL, name = 'FOUR' WHERE id = 4;
DELETE FROM full_identity WHERE id = 3;
UPDATE full_identity SET id = 5 WHERE id = 1;

-- composite key: update, a key change, a delete
UPDATE composite_key SET qty = 6, price = 10.49 WHERE region = 'eu' AND item_id = 1;
UPDATE composite_key SET item_id = 3 WHERE region = 'us' AND item_id = 1;
DELETE FROM composite_key WHERE region = 'eu' AND item_id = 2;
INSERT INTO composite_key VALUES ('ap', 1, 1, NULL, '2024-03-03 03:03:03.3+03');

-- no key: insert, update one of two equal rows, delete one of two equal rows
INSERT INTO no_key VALUES ('dup', 1.00, '2024-01-01'), ('new', 2.50, '2024-02-02');
UPDATE no_key SET amount = 3.00 WHERE ctid = (SELECT ctid FROM no_key WHERE label = 'dup' LIMIT 1);
DELETE FROM no_key WHERE ctid = (SELECT ctid FROM no_key WHERE label = 'dup' LIMIT 1);
UPDATE no_key SET seen = '2025-05-05' WHERE label = 'single';

-- truncate, then rows after it
INSERT INTO truncated VALUES (3, 'inserted before the truncate');
TRUNCATE truncated;
INSERT INTO truncated VALUES (4, 'after truncate');

-- columns added and dropped mid-stream
INSERT INTO evolving VALUES (3, 'before the ALTERs', 'z');
ALTER TABLE evolving ADD COLUMN added text;
UPDATE evolving SET added = 'set after ADD COLUMN' WHERE id = 2;
INSERT INTO evolving VALUES (4, 'after ADD COLUMN', 'w', 'with added');
ALTER TABLE evolving DROP COLUMN dropped_col;
UPDATE evolving SET a = 'after DROP COLUMN' WHERE id = 3;
ALTER TABLE evolving ADD COLUMN with_default integer DEFAULT 7;
INSERT INTO evolving (id, a, added, with_default) VALUES (5, 'explicit default column value', NULL, 8);
INSERT INTO evolving (id, a, with_default) VALUES (6, 'explicit NULL in a column with a default', NULL);
UPDATE evolving SET a = 'touched after ADD COLUMN DEFAULT' WHERE id = 4;

-- a non-transactional logical decoding message in the middle of the stream
SELECT pg_logical_emit_message(false, 'note', 'a message that is not a row');

-- multi-statement transactions over several tables
BEGIN;
INSERT INTO all_types (id, c_text, c_int4) VALUES (30, 'in a transaction', 1);
UPDATE all_types SET c_int4 = 2 WHERE id = 30;
UPDATE composite_key SET qty = qty + 100 WHERE region = 'eu';
INSERT INTO no_key VALUES ('tx', 9.99, '2030-01-01');
DELETE FROM truncated WHERE id = 4;
INSERT INTO truncated VALUES (5, 'in the transaction');
COMMIT;
BEGIN;
INSERT INTO all_types (id, c_text) VALUES (31, 'rolled back');
ROLLBACK;
BEGIN;
UPDATE all_types SET c_int4 = 3 WHERE id = 30;
UPDATE all_types SET id = 32 WHERE id = 30;
DELETE FROM all_types WHERE id = 32;
INSERT INTO all_types (id, c_text, c_tstz) VALUES (33, 'last', '2024-12-31 23:59:59.5+00');
UPDATE toasted SET note = 'inside a transaction' WHERE id = 1;
COMMIT;
