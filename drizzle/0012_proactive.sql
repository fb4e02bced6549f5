CREATE TABLE "proactive_opt_outs" (
	"user_id" uuid PRIMARY KEY NOT NULL,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "proactive_suggestions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"agency_id" text NOT NULL,
	"trigger_id" text NOT NULL,
	"life_event" text NOT NULL,
	"source_key" text NOT NULL,
	"kind" text DEFAULT 'rule' NOT NULL,
	"reason" text,
	"procedures" jsonb NOT NULL,
	"offer_code" text,
	"prefill" jsonb,
	"due_on" date,
	"status" text DEFAULT 'delivered' NOT NULL,
	"dossier_code" text,
	"reminded_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"decided_at" timestamp with time zone
);
--> statement-breakpoint
CREATE UNIQUE INDEX "proactive_suggestions_source" ON "proactive_suggestions" USING btree ("trigger_id","source_key");--> statement-breakpoint
CREATE INDEX "proactive_suggestions_user" ON "proactive_suggestions" USING btree ("user_id","created_at");--> statement-breakpoint
CREATE INDEX "proactive_suggestions_agency" ON "proactive_suggestions" USING btree ("agency_id","created_at");--> statement-breakpoint
CREATE INDEX "proactive_suggestions_open" ON "proactive_suggestions" USING btree ("due_on") WHERE status = 'delivered';