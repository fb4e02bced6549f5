CREATE TABLE "proactive_transitions" (
	"from_code" text NOT NULL,
	"to_code" text NOT NULL,
	"people" integer NOT NULL,
	"from_people" integer NOT NULL,
	"within_days" integer NOT NULL,
	"computed_at" timestamp with time zone NOT NULL,
	CONSTRAINT "proactive_transitions_from_code_to_code_pk" PRIMARY KEY("from_code","to_code")
);
--> statement-breakpoint
ALTER TABLE "proactive_suggestions" ADD COLUMN "reason_en" text;