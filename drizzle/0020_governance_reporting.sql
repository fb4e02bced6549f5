CREATE TABLE "gov_report_regimes" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"legal_basis" text NOT NULL,
	"period" text NOT NULL,
	"recipient_agency_id" text NOT NULL,
	"reporter_levels" text[] NOT NULL,
	"deadline_days" integer NOT NULL,
	"starts_on" date NOT NULL,
	"indicators" jsonb NOT NULL,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "gov_report_submissions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"regime_id" uuid NOT NULL,
	"agency_id" text NOT NULL,
	"period" text NOT NULL,
	"values" jsonb NOT NULL,
	"late" boolean NOT NULL,
	"submitted_by" uuid,
	"submitted_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "gov_report_submissions" ADD CONSTRAINT "gov_report_submissions_regime_id_gov_report_regimes_id_fk" FOREIGN KEY ("regime_id") REFERENCES "public"."gov_report_regimes"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE UNIQUE INDEX "gov_report_regimes_code_idx" ON "gov_report_regimes" USING btree ("code");--> statement-breakpoint
CREATE INDEX "gov_report_regimes_recipient_idx" ON "gov_report_regimes" USING btree ("recipient_agency_id");--> statement-breakpoint
CREATE UNIQUE INDEX "gov_report_submissions_unique_idx" ON "gov_report_submissions" USING btree ("regime_id","agency_id","period");--> statement-breakpoint
CREATE INDEX "gov_report_submissions_agency_idx" ON "gov_report_submissions" USING btree ("agency_id");