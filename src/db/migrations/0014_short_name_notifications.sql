-- Every process that answers short-name previews keeps the recent answers in memory; these
-- triggers tell them, at commit, which names changed ('*' for a bulk change: forget them all).
CREATE FUNCTION notify_short_names_inserted() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
  names text;
BEGIN
  SELECT CASE WHEN count(*) > 100 THEN '*' ELSE string_agg(short_name, ' ') END INTO names FROM inserted;
  IF names IS NOT NULL THEN
    PERFORM pg_notify('short_names', names);
  END IF;
  RETURN NULL;
END;
$$;

CREATE FUNCTION notify_short_names_all() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  PERFORM pg_notify('short_names', '*');
  RETURN NULL;
END;
$$;

CREATE TRIGGER organizations_short_names_inserted AFTER INSERT ON organizations
  REFERENCING NEW TABLE AS inserted FOR EACH STATEMENT EXECUTE FUNCTION notify_short_names_inserted();
CREATE TRIGGER organizations_short_names_changed AFTER UPDATE OF short_name, region OR DELETE OR TRUNCATE
  ON organizations FOR EACH STATEMENT EXECUTE FUNCTION notify_short_names_all();
-- Bulk loads with foreign-key triggers off (session_replication_role = replica) still notify.
ALTER TABLE organizations ENABLE ALWAYS TRIGGER organizations_short_names_inserted;
ALTER TABLE organizations ENABLE ALWAYS TRIGGER organizations_short_names_changed;
