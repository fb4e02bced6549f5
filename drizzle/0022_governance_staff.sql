CREATE TABLE "gov_staff" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"agency_id" text NOT NULL,
	"staff_code" text NOT NULL,
	"full_name" text NOT NULL,
	"category" text NOT NULL,
	"position" text,
	"it_staff" boolean DEFAULT false NOT NULL,
	"leader" boolean DEFAULT false NOT NULL,
	"digital_trained_on" date,
	"digital_course" text,
	"certificate_number" text,
	"certificate_issued_on" date,
	"certificate_expires_on" date,
	"expertise_field" text,
	"expertise_basis" text,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "gov_staff_imports" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"agency_id" text NOT NULL,
	"file_name" text,
	"sha256" text NOT NULL,
	"rows" integer NOT NULL,
	"created" integer NOT NULL,
	"updated" integer NOT NULL,
	"imported_by" uuid,
	"imported_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX "gov_staff_code_idx" ON "gov_staff" USING btree ("agency_id","staff_code");--> statement-breakpoint
CREATE INDEX "gov_staff_created_idx" ON "gov_staff" USING btree ("created_at");--> statement-breakpoint
CREATE INDEX "gov_staff_imports_agency_idx" ON "gov_staff_imports" USING btree ("agency_id","imported_at");