CREATE TABLE "assistant_uses" (
	"day" date NOT NULL,
	"agency_id" text,
	"feature" text NOT NULL,
	"uses" integer DEFAULT 0 NOT NULL,
	CONSTRAINT "assistant_uses_key" UNIQUE NULLS NOT DISTINCT("day","agency_id","feature")
);
