-- The open-data catalogue's in-memory index (opendata/ckan.index.ts) is dropped whenever a dataset
-- or one of its files changes, whoever changes it (db/invalidation.ts, migration 0004).
CREATE TRIGGER opendata_datasets_invalidate AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON opendata_datasets
  FOR EACH STATEMENT EXECUTE FUNCTION sen_invalidate('opendata');
--> statement-breakpoint
CREATE TRIGGER opendata_distributions_invalidate AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON opendata_distributions
  FOR EACH STATEMENT EXECUTE FUNCTION sen_invalidate('opendata');
