-- Each Sen process keeps some rows in memory (src/server/db/invalidation.ts) and LISTENs on
-- 'sen_invalidate'; these triggers tell it, at commit, which of those rows changed, whoever changed
-- them (another Sen process, the sen command, psql). Payload: '<kind>:<key>', or '<kind>:*' for all.
CREATE FUNCTION sen_invalidate() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_LEVEL = 'STATEMENT' THEN
    PERFORM pg_notify('sen_invalidate', TG_ARGV[0] || ':*');
  ELSE
    -- TG_ARGV[1] names the column that keys the cached row.
    PERFORM pg_notify('sen_invalidate', TG_ARGV[0] || ':' || (to_jsonb(OLD) ->> TG_ARGV[1]));
  END IF;
  RETURN NULL;
END $$;
--> statement-breakpoint
-- Who is asking: a session, its account, and what the principal carries of the account's agency,
-- person and organisation.
CREATE TRIGGER sessions_invalidate AFTER UPDATE OR DELETE ON sessions
  FOR EACH ROW EXECUTE FUNCTION sen_invalidate('session', 'id');
--> statement-breakpoint
CREATE TRIGGER sessions_truncate_invalidate AFTER TRUNCATE ON sessions
  FOR EACH STATEMENT EXECUTE FUNCTION sen_invalidate('session');
--> statement-breakpoint
CREATE TRIGGER users_invalidate
  AFTER UPDATE OF username, kind, roles, active, person_id, organisation_id, agency_id OR DELETE ON users
  FOR EACH ROW EXECUTE FUNCTION sen_invalidate('user', 'id');
--> statement-breakpoint
CREATE TRIGGER agencies_invalidate AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON agencies
  FOR EACH STATEMENT EXECUTE FUNCTION sen_invalidate('agency');
--> statement-breakpoint
CREATE TRIGGER people_invalidate AFTER UPDATE OF pin OR DELETE OR TRUNCATE ON people
  FOR EACH STATEMENT EXECUTE FUNCTION sen_invalidate('person');
--> statement-breakpoint
CREATE TRIGGER organisations_invalidate AFTER UPDATE OF tax_code OR DELETE OR TRUNCATE ON organisations
  FOR EACH STATEMENT EXECUTE FUNCTION sen_invalidate('organisation');
--> statement-breakpoint
-- Agencies (their number of children too) and which version of a procedure is in force.
CREATE TRIGGER procedures_invalidate AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON procedures
  FOR EACH STATEMENT EXECUTE FUNCTION sen_invalidate('procedure');
--> statement-breakpoint
-- Where a dossier stands (the status read).
CREATE TRIGGER dossiers_invalidate AFTER UPDATE OR DELETE ON dossiers
  FOR EACH ROW EXECUTE FUNCTION sen_invalidate('dossier', 'code');
--> statement-breakpoint
CREATE TRIGGER dossiers_truncate_invalidate AFTER TRUNCATE ON dossiers
  FOR EACH STATEMENT EXECUTE FUNCTION sen_invalidate('dossier');
