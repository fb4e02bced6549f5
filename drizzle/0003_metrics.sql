CREATE TABLE "metric_counts" (
	"day" date NOT NULL,
	"agency_id" text NOT NULL,
	"counter" text NOT NULL,
	"value" bigint NOT NULL,
	CONSTRAINT "metric_counts_agency_id_day_counter_pk" PRIMARY KEY("agency_id","day","counter")
);
--> statement-breakpoint
CREATE TABLE "metric_refreshes" (
	"day" date PRIMARY KEY NOT NULL,
	"as_of" timestamp with time zone NOT NULL,
	"duration_ms" integer NOT NULL,
	"agencies" integer NOT NULL
);
--> statement-breakpoint
CREATE INDEX "metric_counts_day_idx" ON "metric_counts" USING btree ("day");