ALTER TABLE "dossiers" ADD COLUMN "received_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "dossiers" ADD COLUMN "reception_alerted_at" timestamp with time zone;--> statement-breakpoint
-- Dossiers answered at reception before the column existed: the first official action that left 'new'.
UPDATE "dossiers" d SET "received_at" = (
  SELECT min(a."at") FROM "dossier_actions" a
  WHERE a."dossier_code" = d."code" AND a."from_status" = 'new' AND a."actor_role" IS DISTINCT FROM 'applicant'
) WHERE d."status" <> 'new';
