CREATE TABLE "procedures" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"code" text NOT NULL,
	"version" integer NOT NULL,
	"effective_from" date NOT NULL,
	"name" text NOT NULL,
	"name_en" text NOT NULL,
	"sector" text NOT NULL,
	"agency_levels" text[] NOT NULL,
	"competent_body" text NOT NULL,
	"fee" jsonb NOT NULL,
	"processing_days" integer NOT NULL,
	"online_level" text NOT NULL,
	"online_eligible" boolean DEFAULT true NOT NULL,
	"essential" boolean DEFAULT false NOT NULL,
	"form" jsonb NOT NULL,
	"documents" jsonb NOT NULL,
	"result_type" text NOT NULL,
	"result_name" text NOT NULL,
	"result_name_en" text NOT NULL,
	"workflow" jsonb NOT NULL,
	"life_events" text[] DEFAULT '{}'::text[] NOT NULL,
	"bundle" text[] DEFAULT '{}'::text[] NOT NULL,
	"illustrative" text[] DEFAULT '{}'::text[] NOT NULL,
	"published" boolean DEFAULT true NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"created_by" uuid,
	CONSTRAINT "procedures_code_version" UNIQUE("code","version")
);
--> statement-breakpoint
CREATE TABLE "dossier_actions" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"dossier_code" text NOT NULL,
	"action" text NOT NULL,
	"actor_id" uuid,
	"actor_role" text,
	"from_status" text,
	"to_status" text NOT NULL,
	"note" text,
	"data" jsonb,
	"signature" text,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "dossier_items" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"dossier_code" text NOT NULL,
	"item" text NOT NULL,
	"kind" text NOT NULL,
	"reused" boolean NOT NULL,
	"source" text NOT NULL,
	"subject_id" text,
	"purpose" text,
	"consent_by" text,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "dossier_sequences" (
	"agency_id" text NOT NULL,
	"day" date NOT NULL,
	"last" integer NOT NULL,
	CONSTRAINT "dossier_sequences_agency_id_day_pk" PRIMARY KEY("agency_id","day")
);
--> statement-breakpoint
CREATE TABLE "dossiers" (
	"code" text PRIMARY KEY NOT NULL,
	"procedure_id" uuid NOT NULL,
	"procedure_code" text NOT NULL,
	"applicant_user_id" uuid NOT NULL,
	"applicant_type" integer NOT NULL,
	"applicant_id" text NOT NULL,
	"receiving_agency_id" text NOT NULL,
	"competent_agency_id" text NOT NULL,
	"province_code" text NOT NULL,
	"status" text NOT NULL,
	"status_code" integer NOT NULL,
	"channel" integer NOT NULL,
	"data" jsonb NOT NULL,
	"fee_vnd" integer DEFAULT 0 NOT NULL,
	"paid" boolean DEFAULT false NOT NULL,
	"assignee_id" uuid,
	"submitted_at" timestamp with time zone NOT NULL,
	"reception_due_at" timestamp with time zone NOT NULL,
	"due_at" timestamp with time zone NOT NULL,
	"paused_at" timestamp with time zone,
	"supplement_requests" integer DEFAULT 0 NOT NULL,
	"decided_at" timestamp with time zone,
	"returned_at" timestamp with time zone,
	"result_document_id" uuid,
	"decision_signed" boolean DEFAULT false NOT NULL,
	"idempotency_key" text,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "drafts" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"procedure_code" text NOT NULL,
	"data" jsonb NOT NULL,
	"documents" jsonb NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "payments" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"dossier_code" text NOT NULL,
	"amount_vnd" integer NOT NULL,
	"status" text NOT NULL,
	"qr_payload" text NOT NULL,
	"provider_ref" text,
	"receipt_document_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"paid_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "ratings" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"dossier_code" text NOT NULL,
	"user_id" uuid NOT NULL,
	"agency_id" text NOT NULL,
	"procedure_code" text NOT NULL,
	"score" text NOT NULL,
	"comment" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "ratings_dossier_code_unique" UNIQUE("dossier_code")
);
--> statement-breakpoint
CREATE TABLE "notifications" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"user_id" uuid NOT NULL,
	"title" text NOT NULL,
	"body" text NOT NULL,
	"link" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"read_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "outbox" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"channel" text NOT NULL,
	"recipient" text NOT NULL,
	"subject" text NOT NULL,
	"body" text NOT NULL,
	"payload" jsonb,
	"attempts" integer DEFAULT 0 NOT NULL,
	"next_attempt_at" timestamp with time zone DEFAULT now() NOT NULL,
	"delivered_at" timestamp with time zone,
	"last_error" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "business_records" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"tax_code" text NOT NULL,
	"version" integer NOT NULL,
	"data" jsonb NOT NULL,
	"province_code" text NOT NULL,
	"source" text NOT NULL,
	"recorded_by" text,
	"valid_from" timestamp with time zone DEFAULT now() NOT NULL,
	"valid_to" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "population_records" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"pin" text NOT NULL,
	"version" integer NOT NULL,
	"data" jsonb NOT NULL,
	"province_code" text NOT NULL,
	"commune_code" text NOT NULL,
	"source" text NOT NULL,
	"recorded_by" text,
	"valid_from" timestamp with time zone DEFAULT now() NOT NULL,
	"valid_to" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "registry_access_log" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"subject" text NOT NULL,
	"attributes" text[] NOT NULL,
	"purpose" text NOT NULL,
	"requested_by" text NOT NULL,
	"dossier_code" text,
	"consent_by" text,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "signing_keys" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"owner_type" text NOT NULL,
	"owner_id" text NOT NULL,
	"certificate_pem" text NOT NULL,
	"encrypted_key_pem" text,
	"serial" text NOT NULL,
	"not_before" timestamp with time zone NOT NULL,
	"not_after" timestamp with time zone NOT NULL,
	"revoked_at" timestamp with time zone,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "blobs" (
	"sha256" text PRIMARY KEY NOT NULL,
	"mime_type" text NOT NULL,
	"size" integer NOT NULL,
	"bytes" "bytea" NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "document_uses" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"document_id" uuid NOT NULL,
	"dossier_code" text NOT NULL,
	"purpose" text NOT NULL,
	"used_by" text NOT NULL,
	"consent_by" text,
	"at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "wallet_documents" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"code" text,
	"owner_type" text NOT NULL,
	"owner_id" text NOT NULL,
	"type" text NOT NULL,
	"title" text NOT NULL,
	"source" text NOT NULL,
	"issuer_agency_id" text,
	"dossier_code" text,
	"blob_sha256" text,
	"mime_type" text,
	"data" jsonb,
	"jws" text,
	"status" text DEFAULT 'valid' NOT NULL,
	"issued_at" timestamp with time zone DEFAULT now() NOT NULL,
	"revoked_at" timestamp with time zone,
	CONSTRAINT "wallet_documents_code_unique" UNIQUE("code")
);
--> statement-breakpoint
CREATE INDEX "procedures_sector_idx" ON "procedures" USING btree ("sector");--> statement-breakpoint
CREATE INDEX "dossier_actions_dossier_idx" ON "dossier_actions" USING btree ("dossier_code","id");--> statement-breakpoint
CREATE INDEX "dossier_items_dossier_idx" ON "dossier_items" USING btree ("dossier_code");--> statement-breakpoint
CREATE INDEX "dossiers_queue_idx" ON "dossiers" USING btree ("competent_agency_id","status_code","due_at");--> statement-breakpoint
CREATE INDEX "dossiers_applicant_idx" ON "dossiers" USING btree ("applicant_user_id","submitted_at");--> statement-breakpoint
CREATE INDEX "dossiers_province_idx" ON "dossiers" USING btree ("province_code","status_code");--> statement-breakpoint
CREATE UNIQUE INDEX "dossiers_idempotency_idx" ON "dossiers" USING btree ("applicant_user_id","idempotency_key");--> statement-breakpoint
CREATE INDEX "drafts_user_idx" ON "drafts" USING btree ("user_id");--> statement-breakpoint
CREATE INDEX "payments_dossier_idx" ON "payments" USING btree ("dossier_code");--> statement-breakpoint
CREATE UNIQUE INDEX "payments_provider_ref_idx" ON "payments" USING btree ("provider_ref");--> statement-breakpoint
CREATE INDEX "ratings_agency_idx" ON "ratings" USING btree ("agency_id","created_at");--> statement-breakpoint
CREATE INDEX "notifications_user_idx" ON "notifications" USING btree ("user_id","created_at");--> statement-breakpoint
CREATE INDEX "outbox_pending_idx" ON "outbox" USING btree ("delivered_at","next_attempt_at");--> statement-breakpoint
CREATE UNIQUE INDEX "business_tax_version" ON "business_records" USING btree ("tax_code","version");--> statement-breakpoint
CREATE INDEX "business_current_idx" ON "business_records" USING btree ("tax_code","valid_to");--> statement-breakpoint
CREATE UNIQUE INDEX "population_pin_version" ON "population_records" USING btree ("pin","version");--> statement-breakpoint
CREATE INDEX "population_current_idx" ON "population_records" USING btree ("pin","valid_to");--> statement-breakpoint
CREATE INDEX "population_commune_idx" ON "population_records" USING btree ("commune_code");--> statement-breakpoint
CREATE INDEX "registry_access_subject_idx" ON "registry_access_log" USING btree ("subject");--> statement-breakpoint
CREATE INDEX "signing_keys_owner_idx" ON "signing_keys" USING btree ("owner_type","owner_id");--> statement-breakpoint
CREATE INDEX "document_uses_document_idx" ON "document_uses" USING btree ("document_id");--> statement-breakpoint
CREATE INDEX "wallet_owner_idx" ON "wallet_documents" USING btree ("owner_type","owner_id","type");