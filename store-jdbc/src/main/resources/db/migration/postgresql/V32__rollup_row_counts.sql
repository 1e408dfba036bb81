-- The same logical change as sqlite/V32 (see there). Every point of an hour and of a minute, numeric or not, in its rollup row, so that a rule's `count` window (which
-- counts text and boolean points too; docs/RULES.md, Windows) is served from the rollups like the other functions.
-- The rollup job fills row_count in the rows it writes (in the same statement as the numeric summary). NULL means
-- unknown: rows rolled up before this migration, or again by a node of an older version during a rolling
-- upgrade. Readers count such hours and minutes, and those without a row (no numeric value), from their raw rows,
-- so nothing is backfilled and nothing has to be rolled up again: every count stays exact, and rule windows reach
-- back at most a day, past which the unknown rows stop mattering.
ALTER TABLE data_hourly ADD COLUMN row_count bigint;
ALTER TABLE data_minutely ADD COLUMN row_count bigint;
