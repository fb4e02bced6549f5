ALTER TABLE "audit_events" ALTER COLUMN "prev_hash" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "audit_events" ALTER COLUMN "hash" DROP NOT NULL;--> statement-breakpoint
ALTER TABLE "audit_events" ADD COLUMN "chain_seq" bigint;--> statement-breakpoint
-- Events written before sealing were chained as they were written, in the order of seq.
UPDATE "audit_events" SET "chain_seq" = "seq";--> statement-breakpoint
CREATE UNIQUE INDEX "audit_chain_idx" ON "audit_events" USING btree ("chain_seq");--> statement-breakpoint
CREATE INDEX "audit_unsealed_idx" ON "audit_events" USING btree ("seq") WHERE chain_seq is null;