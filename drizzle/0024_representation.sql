CREATE TABLE "authorisations" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"grantor_type" text NOT NULL,
	"grantor_id" text NOT NULL,
	"grantee_pin" text NOT NULL,
	"basis" text NOT NULL,
	"procedures" text[] NOT NULL,
	"document" text NOT NULL,
	"valid_from" timestamp with time zone DEFAULT now() NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"revoked_at" timestamp with time zone,
	"created_by" uuid NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "dossiers" ADD COLUMN "representation" jsonb;--> statement-breakpoint
CREATE INDEX "authorisations_grantee_idx" ON "authorisations" USING btree ("grantee_pin");--> statement-breakpoint
CREATE INDEX "authorisations_grantor_idx" ON "authorisations" USING btree ("grantor_type","grantor_id");