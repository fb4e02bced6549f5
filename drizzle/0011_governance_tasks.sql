CREATE TABLE "gov_task_extensions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"task_id" uuid NOT NULL,
	"requested_deadline" date NOT NULL,
	"reason" text NOT NULL,
	"status" text DEFAULT 'pending' NOT NULL,
	"requested_by" uuid,
	"requested_at" timestamp with time zone DEFAULT now() NOT NULL,
	"decided_by" uuid,
	"decided_at" timestamp with time zone,
	"decision_note" text
);
--> statement-breakpoint
CREATE TABLE "gov_task_reports" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"task_id" uuid NOT NULL,
	"progress" integer NOT NULL,
	"summary" text NOT NULL,
	"evidence" text,
	"reported_by" uuid,
	"reported_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "gov_tasks" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"document_number" text NOT NULL,
	"document_date" date NOT NULL,
	"document_signer" text NOT NULL,
	"issuer" text NOT NULL,
	"title" text NOT NULL,
	"lead_agency_id" text NOT NULL,
	"cooperating_agency_ids" text[] DEFAULT '{}' NOT NULL,
	"assigner_agency_id" text NOT NULL,
	"deadline" date NOT NULL,
	"original_deadline" date NOT NULL,
	"progress" integer DEFAULT 0 NOT NULL,
	"first_report_at" timestamp with time zone,
	"last_report_at" timestamp with time zone,
	"completed_on" date,
	"evaluation" text,
	"evaluation_note" text,
	"evaluated_at" timestamp with time zone,
	"evaluated_by" uuid,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "gov_task_extensions" ADD CONSTRAINT "gov_task_extensions_task_id_gov_tasks_id_fk" FOREIGN KEY ("task_id") REFERENCES "public"."gov_tasks"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "gov_task_reports" ADD CONSTRAINT "gov_task_reports_task_id_gov_tasks_id_fk" FOREIGN KEY ("task_id") REFERENCES "public"."gov_tasks"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "gov_task_extensions_task_idx" ON "gov_task_extensions" USING btree ("task_id");--> statement-breakpoint
CREATE INDEX "gov_task_reports_task_idx" ON "gov_task_reports" USING btree ("task_id","reported_at");--> statement-breakpoint
CREATE INDEX "gov_tasks_lead_idx" ON "gov_tasks" USING btree ("lead_agency_id","deadline");--> statement-breakpoint
CREATE INDEX "gov_tasks_assigner_idx" ON "gov_tasks" USING btree ("assigner_agency_id");