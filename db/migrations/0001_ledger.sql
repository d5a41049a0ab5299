CREATE TYPE "public"."ledger_account_kind" AS ENUM('member_wallet', 'organisation', 'platform_fees', 'stripe_clearing', 'stripe_fees', 'settlement_bank', 'adjustments', 'iou_receivable');--> statement-breakpoint
CREATE TYPE "public"."ledger_transaction_type" AS ENUM('manual_top_up', 'auto_top_up', 'member_transfer', 'organisation_transfer', 'payment', 'purchase', 'refund', 'card_refund', 'settlement', 'manual_adjustment', 'fee', 'dispute', 'dispute_reversal', 'iou', 'iou_payment', 'payout');--> statement-breakpoint
CREATE TABLE "ledger_accounts" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"kind" "ledger_account_kind" NOT NULL,
	"owner_user_id" text,
	"owner_organisation_id" text,
	"currency" text NOT NULL,
	"shard" smallint DEFAULT 0 NOT NULL,
	"shard_count" smallint DEFAULT 1 NOT NULL,
	"primary_account_id" bigint,
	"balance" bigint DEFAULT 0 NOT NULL,
	"version" bigint DEFAULT 0 NOT NULL,
	"allow_negative" boolean DEFAULT false NOT NULL,
	"overdraft_limit" bigint DEFAULT 0 NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "ledger_accounts_owner_currency_shard_unique" UNIQUE NULLS NOT DISTINCT("kind","owner_user_id","owner_organisation_id","currency","shard"),
	CONSTRAINT "ledger_accounts_id_currency_unique" UNIQUE("id","currency"),
	CONSTRAINT "ledger_accounts_primary_shard_unique" UNIQUE("primary_account_id","shard"),
	CONSTRAINT "ledger_accounts_currency_check" CHECK ("ledger_accounts"."currency" ~ '^[a-z]{3}$'),
	CONSTRAINT "ledger_accounts_one_owner_check" CHECK (num_nonnulls("ledger_accounts"."owner_user_id", "ledger_accounts"."owner_organisation_id") <= 1),
	CONSTRAINT "ledger_accounts_owner_kind_check" CHECK (("ledger_accounts"."kind" <> 'member_wallet' or "ledger_accounts"."owner_user_id" is not null) and ("ledger_accounts"."kind" <> 'organisation' or "ledger_accounts"."owner_organisation_id" is not null)),
	CONSTRAINT "ledger_accounts_balance_range_check" CHECK ("ledger_accounts"."balance" between -9007199254740991 and 9007199254740991),
	CONSTRAINT "ledger_accounts_overdraft_check" CHECK ("ledger_accounts"."overdraft_limit" between 0 and 9007199254740991),
	CONSTRAINT "ledger_accounts_shard_check" CHECK ("ledger_accounts"."shard" >= 0 and "ledger_accounts"."shard" < "ledger_accounts"."shard_count" and ("ledger_accounts"."shard" = 0) = ("ledger_accounts"."primary_account_id" is null) and ("ledger_accounts"."shard_count" = 1 or "ledger_accounts"."allow_negative"))
);
--> statement-breakpoint
CREATE TABLE "ledger_entries" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"transaction_id" bigint NOT NULL,
	"account_id" bigint NOT NULL,
	"amount" bigint NOT NULL,
	"currency" text NOT NULL,
	"balance_after" bigint NOT NULL,
	"account_version" bigint NOT NULL,
	"created_at" timestamp with time zone DEFAULT clock_timestamp() NOT NULL,
	CONSTRAINT "ledger_entries_account_version_unique" UNIQUE("account_id","account_version"),
	CONSTRAINT "ledger_entries_amount_check" CHECK ("ledger_entries"."amount" <> 0 and "ledger_entries"."amount" between -9007199254740991 and 9007199254740991),
	CONSTRAINT "ledger_entries_balance_range_check" CHECK ("ledger_entries"."balance_after" between -9007199254740991 and 9007199254740991),
	CONSTRAINT "ledger_entries_version_check" CHECK ("ledger_entries"."account_version" > 0)
);
--> statement-breakpoint
CREATE TABLE "ledger_transactions" (
	"id" bigserial PRIMARY KEY NOT NULL,
	"type" "ledger_transaction_type" NOT NULL,
	"description" text NOT NULL,
	"reference" text NOT NULL,
	"idempotency_key" text NOT NULL,
	"request_hash" text NOT NULL,
	"actor_user_id" text,
	"order_id" text,
	"stripe_object_id" text,
	"stripe_event_id" text,
	"metadata" jsonb DEFAULT '{}'::jsonb NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "ledger_transactions_reference_unique" UNIQUE("reference"),
	CONSTRAINT "ledger_transactions_idempotency_key_unique" UNIQUE("idempotency_key")
);
--> statement-breakpoint
ALTER TABLE "ledger_accounts" ADD CONSTRAINT "ledger_accounts_owner_user_id_users_id_fk" FOREIGN KEY ("owner_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ledger_accounts" ADD CONSTRAINT "ledger_accounts_owner_organisation_id_organisations_id_fk" FOREIGN KEY ("owner_organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ledger_accounts" ADD CONSTRAINT "ledger_accounts_primary_account_id_ledger_accounts_id_fk" FOREIGN KEY ("primary_account_id") REFERENCES "public"."ledger_accounts"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ledger_entries" ADD CONSTRAINT "ledger_entries_transaction_id_ledger_transactions_id_fk" FOREIGN KEY ("transaction_id") REFERENCES "public"."ledger_transactions"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ledger_entries" ADD CONSTRAINT "ledger_entries_account_currency_fk" FOREIGN KEY ("account_id","currency") REFERENCES "public"."ledger_accounts"("id","currency") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "ledger_transactions" ADD CONSTRAINT "ledger_transactions_actor_user_id_users_id_fk" FOREIGN KEY ("actor_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "ledger_accounts_owner_user_idx" ON "ledger_accounts" USING btree ("owner_user_id");--> statement-breakpoint
CREATE INDEX "ledger_accounts_owner_organisation_idx" ON "ledger_accounts" USING btree ("owner_organisation_id");--> statement-breakpoint
CREATE INDEX "ledger_entries_statement_idx" ON "ledger_entries" USING btree ("account_id","created_at","id");--> statement-breakpoint
CREATE INDEX "ledger_entries_transaction_idx" ON "ledger_entries" USING btree ("transaction_id");--> statement-breakpoint
CREATE INDEX "ledger_transactions_order_idx" ON "ledger_transactions" USING btree ("order_id");--> statement-breakpoint
CREATE INDEX "ledger_transactions_stripe_object_idx" ON "ledger_transactions" USING btree ("stripe_object_id");--> statement-breakpoint
CREATE INDEX "ledger_transactions_stripe_event_idx" ON "ledger_transactions" USING btree ("stripe_event_id");