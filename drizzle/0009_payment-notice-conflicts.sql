CREATE TABLE "payment_notice_conflicts" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"payment_id" uuid NOT NULL,
	"provider_ref" text NOT NULL,
	"held_by_payment_id" uuid NOT NULL,
	"notice_status" text NOT NULL,
	"amount_vnd" integer NOT NULL,
	"notices" integer DEFAULT 1 NOT NULL,
	"first_at" timestamp with time zone DEFAULT now() NOT NULL,
	"last_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX "payment_notice_conflicts_idx" ON "payment_notice_conflicts" USING btree ("payment_id","provider_ref");