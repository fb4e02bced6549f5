CREATE TABLE "opendata_dataset_versions" (
	"dataset_id" uuid NOT NULL,
	"version" integer NOT NULL,
	"snapshot" jsonb NOT NULL,
	"note" text,
	"published_by" uuid,
	"published_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "opendata_dataset_versions_dataset_id_version_pk" PRIMARY KEY("dataset_id","version")
);
--> statement-breakpoint
CREATE TABLE "opendata_datasets" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"slug" text NOT NULL,
	"agency_id" text NOT NULL,
	"status" text DEFAULT 'draft' NOT NULL,
	"origin" text DEFAULT 'agency' NOT NULL,
	"generator" text,
	"title_vi" text NOT NULL,
	"title_en" text,
	"description_vi" text DEFAULT '' NOT NULL,
	"description_en" text,
	"themes" text[] DEFAULT '{}'::text[] NOT NULL,
	"sectors" text[] DEFAULT '{}'::text[] NOT NULL,
	"licence_id" text DEFAULT 'CC-BY-4.0' NOT NULL,
	"accrual_periodicity" text DEFAULT 'UNKNOWN' NOT NULL,
	"spatial" text[] DEFAULT '{}'::text[] NOT NULL,
	"temporal_start" date,
	"temporal_end" date,
	"contact_name" text,
	"contact_email" text,
	"keywords" text[] DEFAULT '{}'::text[] NOT NULL,
	"version" integer DEFAULT 1 NOT NULL,
	"columns" jsonb,
	"row_count" integer,
	"data_generation" integer DEFAULT 0 NOT NULL,
	"search_text" text DEFAULT '' NOT NULL,
	"issued" timestamp with time zone,
	"modified" timestamp with time zone DEFAULT now() NOT NULL,
	"data_refreshed_at" timestamp with time zone,
	"withdrawn_at" timestamp with time zone,
	"withdrawal_reason" text,
	"created_by" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "opendata_datasets_slug_unique" UNIQUE("slug"),
	CONSTRAINT "opendata_datasets_generator_unique" UNIQUE("generator")
);
--> statement-breakpoint
CREATE TABLE "opendata_distributions" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"dataset_id" uuid NOT NULL,
	"format" text NOT NULL,
	"byte_size" bigint,
	"sha256" text,
	"row_count" integer,
	"content" "bytea",
	"issued" timestamp with time zone DEFAULT now() NOT NULL,
	"modified" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "opendata_distributions_format_key" UNIQUE("dataset_id","format")
);
--> statement-breakpoint
CREATE TABLE "opendata_plan_items" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"agency_id" text NOT NULL,
	"title_vi" text NOT NULL,
	"title_en" text,
	"priority" text NOT NULL,
	"planned_release" date NOT NULL,
	"access_method" text NOT NULL,
	"responsible_unit" text NOT NULL,
	"dataset_id" uuid,
	"cancelled_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "opendata_plans" (
	"agency_id" text PRIMARY KEY NOT NULL,
	"reviewed_at" timestamp with time zone,
	"reviewed_by" uuid,
	"review_note" text,
	"next_review_due" date NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "opendata_records" (
	"dataset_id" uuid NOT NULL,
	"generation" integer NOT NULL,
	"seq" integer NOT NULL,
	"cells" jsonb NOT NULL,
	CONSTRAINT "opendata_records_dataset_id_generation_seq_pk" PRIMARY KEY("dataset_id","generation","seq")
);
--> statement-breakpoint
CREATE TABLE "opendata_usage" (
	"dataset_id" uuid NOT NULL,
	"day" date NOT NULL,
	"views" integer DEFAULT 0 NOT NULL,
	"downloads" integer DEFAULT 0 NOT NULL,
	"api_calls" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "opendata_usage_dataset_id_day_pk" PRIMARY KEY("dataset_id","day")
);
--> statement-breakpoint
ALTER TABLE "opendata_dataset_versions" ADD CONSTRAINT "opendata_dataset_versions_dataset_id_opendata_datasets_id_fk" FOREIGN KEY ("dataset_id") REFERENCES "public"."opendata_datasets"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "opendata_distributions" ADD CONSTRAINT "opendata_distributions_dataset_id_opendata_datasets_id_fk" FOREIGN KEY ("dataset_id") REFERENCES "public"."opendata_datasets"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "opendata_plan_items" ADD CONSTRAINT "opendata_plan_items_dataset_id_opendata_datasets_id_fk" FOREIGN KEY ("dataset_id") REFERENCES "public"."opendata_datasets"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "opendata_records" ADD CONSTRAINT "opendata_records_dataset_id_opendata_datasets_id_fk" FOREIGN KEY ("dataset_id") REFERENCES "public"."opendata_datasets"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "opendata_usage" ADD CONSTRAINT "opendata_usage_dataset_id_opendata_datasets_id_fk" FOREIGN KEY ("dataset_id") REFERENCES "public"."opendata_datasets"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "opendata_datasets_agency_idx" ON "opendata_datasets" USING btree ("agency_id","status");--> statement-breakpoint
CREATE INDEX "opendata_datasets_status_idx" ON "opendata_datasets" USING btree ("status","modified");--> statement-breakpoint
CREATE INDEX "opendata_plan_items_agency_idx" ON "opendata_plan_items" USING btree ("agency_id","planned_release");