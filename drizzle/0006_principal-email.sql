-- The principal (who is asking, cached per session) now carries the account's e-mail address, the
-- address of the notices about their own filings: its change must reach the caches too.
DROP TRIGGER users_invalidate ON users;
--> statement-breakpoint
CREATE TRIGGER users_invalidate
  AFTER UPDATE OF username, kind, roles, active, email, person_id, organisation_id, agency_id OR DELETE ON users
  FOR EACH ROW EXECUTE FUNCTION sen_invalidate('user', 'id');
