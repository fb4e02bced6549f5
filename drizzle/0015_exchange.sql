CREATE TABLE "exchange_agreements" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"provider_member_id" text NOT NULL,
	"consumer_member_id" text NOT NULL,
	"title" text NOT NULL,
	"data_description" text NOT NULL,
	"rights_of_use" text NOT NULL,
	"conditions" text NOT NULL,
	"value_sharing" text NOT NULL,
	"valid_from" timestamp with time zone NOT NULL,
	"valid_until" timestamp with time zone NOT NULL,
	"created_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "exchange_consents" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"subject" text NOT NULL,
	"client_id" text NOT NULL,
	"service_id" text NOT NULL,
	"purpose" text NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"given_at" timestamp with time zone DEFAULT now() NOT NULL,
	"withdrawn_at" timestamp with time zone
);
--> statement-breakpoint
CREATE TABLE "exchange_grant_withdrawals" (
	"grant_id" uuid PRIMARY KEY NOT NULL,
	"reason" text NOT NULL,
	"withdrawn_by" text NOT NULL,
	"withdrawn_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "exchange_grants" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"service_id" text NOT NULL,
	"client_id" text NOT NULL,
	"method" text NOT NULL,
	"path_pattern" text NOT NULL,
	"purposes" text[] NOT NULL,
	"legal_basis" text NOT NULL,
	"expires_at" timestamp with time zone NOT NULL,
	"rate_per_minute" integer NOT NULL,
	"quota_per_day" integer NOT NULL,
	"agreement_id" uuid,
	"granted_by" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "exchange_log" (
	"seq" bigserial PRIMARY KEY NOT NULL,
	"at" timestamp with time zone NOT NULL,
	"request_id" text NOT NULL,
	"client_id" text NOT NULL,
	"service_id" text,
	"method" text NOT NULL,
	"path" text NOT NULL,
	"user_id" text,
	"issue" text,
	"subject" text,
	"grant_id" uuid,
	"consent_id" uuid,
	"status" integer NOT NULL,
	"error_type" text,
	"duration_ms" integer NOT NULL,
	"request_hash" text NOT NULL,
	"response_hash" text NOT NULL,
	"assertion" text,
	"request_body" "bytea",
	"response_body" "bytea",
	"digest" text NOT NULL,
	"chain_seq" bigint,
	"prev_hash" text,
	"hash" text
);
--> statement-breakpoint
CREATE TABLE "exchange_members" (
	"id" text PRIMARY KEY NOT NULL,
	"instance" text NOT NULL,
	"member_class" text NOT NULL,
	"member_code" text NOT NULL,
	"name" text NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "exchange_seals" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"first_chain_seq" bigint NOT NULL,
	"last_chain_seq" bigint NOT NULL,
	"last_hash" text NOT NULL,
	"jws" text NOT NULL,
	"sealed_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "exchange_seals_last_chain_seq_unique" UNIQUE("last_chain_seq")
);
--> statement-breakpoint
CREATE TABLE "exchange_services" (
	"id" text PRIMARY KEY NOT NULL,
	"subsystem_id" text NOT NULL,
	"code" text NOT NULL,
	"title" text NOT NULL,
	"backend_url" text NOT NULL,
	"openapi" jsonb NOT NULL,
	"personal_data" boolean NOT NULL,
	"consent_required" boolean DEFAULT false NOT NULL,
	"subject_pattern" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "exchange_subsystems" (
	"id" text PRIMARY KEY NOT NULL,
	"member_id" text NOT NULL,
	"code" text NOT NULL,
	"name" text NOT NULL,
	"system_id" uuid,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "information_systems" (
	"id" uuid PRIMARY KEY DEFAULT gen_random_uuid() NOT NULL,
	"member_id" text NOT NULL,
	"name" text NOT NULL,
	"purpose" text NOT NULL,
	"security_level" integer,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
ALTER TABLE "exchange_agreements" ADD CONSTRAINT "exchange_agreements_provider_member_id_exchange_members_id_fk" FOREIGN KEY ("provider_member_id") REFERENCES "public"."exchange_members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "exchange_agreements" ADD CONSTRAINT "exchange_agreements_consumer_member_id_exchange_members_id_fk" FOREIGN KEY ("consumer_member_id") REFERENCES "public"."exchange_members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "exchange_consents" ADD CONSTRAINT "exchange_consents_client_id_exchange_subsystems_id_fk" FOREIGN KEY ("client_id") REFERENCES "public"."exchange_subsystems"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "exchange_consents" ADD CONSTRAINT "exchange_consents_service_id_exchange_services_id_fk" FOREIGN KEY ("service_id") REFERENCES "public"."exchange_services"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "exchange_grant_withdrawals" ADD CONSTRAINT "exchange_grant_withdrawals_grant_id_exchange_grants_id_fk" FOREIGN KEY ("grant_id") REFERENCES "public"."exchange_grants"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "exchange_grants" ADD CONSTRAINT "exchange_grants_service_id_exchange_services_id_fk" FOREIGN KEY ("service_id") REFERENCES "public"."exchange_services"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "exchange_grants" ADD CONSTRAINT "exchange_grants_client_id_exchange_subsystems_id_fk" FOREIGN KEY ("client_id") REFERENCES "public"."exchange_subsystems"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "exchange_grants" ADD CONSTRAINT "exchange_grants_agreement_id_exchange_agreements_id_fk" FOREIGN KEY ("agreement_id") REFERENCES "public"."exchange_agreements"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "exchange_services" ADD CONSTRAINT "exchange_services_subsystem_id_exchange_subsystems_id_fk" FOREIGN KEY ("subsystem_id") REFERENCES "public"."exchange_subsystems"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "exchange_subsystems" ADD CONSTRAINT "exchange_subsystems_member_id_exchange_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."exchange_members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "exchange_subsystems" ADD CONSTRAINT "exchange_subsystems_system_id_information_systems_id_fk" FOREIGN KEY ("system_id") REFERENCES "public"."information_systems"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "information_systems" ADD CONSTRAINT "information_systems_member_id_exchange_members_id_fk" FOREIGN KEY ("member_id") REFERENCES "public"."exchange_members"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "exchange_consents_subject_idx" ON "exchange_consents" USING btree ("subject","client_id","service_id");--> statement-breakpoint
CREATE INDEX "exchange_grants_lookup_idx" ON "exchange_grants" USING btree ("client_id","service_id");--> statement-breakpoint
CREATE UNIQUE INDEX "exchange_log_request_idx" ON "exchange_log" USING btree ("client_id","request_id");--> statement-breakpoint
CREATE UNIQUE INDEX "exchange_log_chain_idx" ON "exchange_log" USING btree ("chain_seq");--> statement-breakpoint
CREATE INDEX "exchange_log_unsealed_idx" ON "exchange_log" USING btree ("seq") WHERE chain_seq is null;--> statement-breakpoint
CREATE INDEX "exchange_log_subject_idx" ON "exchange_log" USING btree ("subject","at") WHERE subject is not null;--> statement-breakpoint
CREATE INDEX "exchange_log_service_at_idx" ON "exchange_log" USING btree ("service_id","at");--> statement-breakpoint
CREATE INDEX "exchange_subsystems_system_idx" ON "exchange_subsystems" USING btree ("system_id");