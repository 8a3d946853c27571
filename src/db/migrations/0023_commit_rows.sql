-- The rows a transaction writes as it commits (src/db/commit-hooks.ts) arrive as one JSON array,
-- and almost always hold one row. Read with json_to_recordset, the planner took them for 100
-- rows (its default for a set-returning function), so a statement that updates the rows they
-- name hashed the whole table instead of looking each row up by its key, until the table held
-- about 20,000 rows: every activation read every activation link and every subscription.
-- Declared to return about one row, and STRICT, which keeps the planner from inlining it back.
CREATE FUNCTION commit_rows(rows json) RETURNS SETOF json
  LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE ROWS 1
  AS $$ SELECT json_array_elements(rows) $$;
