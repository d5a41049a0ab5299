CREATE TYPE "public"."settlement_line_status" AS ENUM('proposed', 'dropped', 'processing', 'paid', 'failed');--> statement-breakpoint
CREATE TYPE "public"."settlement_method" AS ENUM('stripe_transfer', 'bank');--> statement-breakpoint
CREATE TYPE "public"."settlement_status" AS ENUM('proposed', 'confirmed', 'cancelled');--> statement-breakpoint
CREATE TABLE "organisation_settlement_settings" (
	"organisation_id" text PRIMARY KEY NOT NULL,
	"minimum_float" bigint DEFAULT 0 NOT NULL,
	"updated_by" text,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "organisation_settlement_settings_float_check" CHECK ("organisation_settlement_settings"."minimum_float" between 0 and 9007199254740991)
);
--> statement-breakpoint
CREATE TABLE "settlement_lines" (
	"id" text PRIMARY KEY NOT NULL,
	"settlement_id" text NOT NULL,
	"organisation_id" text NOT NULL,
	"account_id" bigint NOT NULL,
	"balance" bigint NOT NULL,
	"minimum_float" bigint NOT NULL,
	"fee_bps" integer NOT NULL,
	"fee_schedule_id" text,
	"gross" bigint NOT NULL,
	"fee" bigint NOT NULL,
	"amount" bigint NOT NULL,
	"proposed_amount" bigint NOT NULL,
	"method" "settlement_method" NOT NULL,
	"destination_account_id" text,
	"status" "settlement_line_status" DEFAULT 'proposed' NOT NULL,
	"claims" integer DEFAULT 0 NOT NULL,
	"transfer_attempt" integer DEFAULT 1 NOT NULL,
	"stripe_transfer_id" text,
	"failure_code" text,
	"failure_message" text,
	"ledger_transaction_ids" jsonb DEFAULT '[]'::jsonb NOT NULL,
	"claimed_at" timestamp with time zone,
	"paid_at" timestamp with time zone,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "settlement_lines_org_unique" UNIQUE("settlement_id","organisation_id"),
	CONSTRAINT "settlement_lines_amounts_check" CHECK ("settlement_lines"."fee" >= 0 and "settlement_lines"."amount" >= 0 and "settlement_lines"."gross" = "settlement_lines"."amount" + "settlement_lines"."fee" and "settlement_lines"."amount" <= "settlement_lines"."proposed_amount")
);
--> statement-breakpoint
CREATE TABLE "settlements" (
	"id" text PRIMARY KEY NOT NULL,
	"reference_date" date NOT NULL,
	"as_of" timestamp with time zone NOT NULL,
	"currency" text NOT NULL,
	"status" "settlement_status" DEFAULT 'proposed' NOT NULL,
	"created_by" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"confirmed_by" text,
	"confirmed_at" timestamp with time zone
);
--> statement-breakpoint
ALTER TABLE "organisation_settlement_settings" ADD CONSTRAINT "organisation_settlement_settings_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE cascade ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "organisation_settlement_settings" ADD CONSTRAINT "organisation_settlement_settings_updated_by_users_id_fk" FOREIGN KEY ("updated_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "settlement_lines" ADD CONSTRAINT "settlement_lines_settlement_id_settlements_id_fk" FOREIGN KEY ("settlement_id") REFERENCES "public"."settlements"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "settlement_lines" ADD CONSTRAINT "settlement_lines_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "settlements" ADD CONSTRAINT "settlements_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "settlements" ADD CONSTRAINT "settlements_confirmed_by_users_id_fk" FOREIGN KEY ("confirmed_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "settlement_lines_org_idx" ON "settlement_lines" USING btree ("organisation_id","status");--> statement-breakpoint
CREATE UNIQUE INDEX "settlements_reference_date_unique" ON "settlements" USING btree ("reference_date","currency") WHERE "settlements"."status" <> 'cancelled';--> statement-breakpoint
CREATE INDEX "settlements_created_idx" ON "settlements" USING btree ("created_at");--> statement-breakpoint
-- The ledger's clock (hand-written): entries and transactions are stamped with clock_timestamp() / now() as
-- before, unless the transaction set `plaza.ledger_clock` (set_config(..., true)): then with that instant plus
-- the time elapsed since the transaction began, so a seed or a test can post history with past dates through
-- ledger_post itself (still in order within the transaction). The app never sets it.
CREATE OR REPLACE FUNCTION ledger_clock(p_default timestamptz) RETURNS timestamptz LANGUAGE sql VOLATILE AS $$
  SELECT coalesce(nullif(current_setting('plaza.ledger_clock', true), '')::timestamptz + (clock_timestamp() - now()), p_default)
$$;--> statement-breakpoint
ALTER TABLE "ledger_entries" ALTER COLUMN "created_at" SET DEFAULT ledger_clock(clock_timestamp());--> statement-breakpoint
ALTER TABLE "ledger_transactions" ALTER COLUMN "created_at" SET DEFAULT ledger_clock(now());
