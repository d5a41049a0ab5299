CREATE TYPE "public"."top_up_refund_status" AS ENUM('pending', 'succeeded', 'failed');--> statement-breakpoint
CREATE TABLE "wallet_top_up_refunds" (
	"id" text PRIMARY KEY NOT NULL,
	"top_up_id" text NOT NULL,
	"user_id" text NOT NULL,
	"actor_user_id" text NOT NULL,
	"by_admin" boolean DEFAULT false NOT NULL,
	"amount" bigint NOT NULL,
	"charge" bigint NOT NULL,
	"card_amount" bigint NOT NULL,
	"currency" text NOT NULL,
	"status" "top_up_refund_status" DEFAULT 'pending' NOT NULL,
	"stripe_refund_id" text,
	"hold_transaction_id" bigint,
	"reversal_transaction_id" bigint,
	"failure_message" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"completed_at" timestamp with time zone,
	CONSTRAINT "wallet_top_up_refunds_stripe_refund_id_unique" UNIQUE("stripe_refund_id")
);
--> statement-breakpoint
ALTER TABLE "wallet_top_up_refunds" ADD CONSTRAINT "wallet_top_up_refunds_top_up_id_wallet_top_ups_id_fk" FOREIGN KEY ("top_up_id") REFERENCES "public"."wallet_top_ups"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "wallet_top_up_refunds" ADD CONSTRAINT "wallet_top_up_refunds_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "wallet_top_up_refunds" ADD CONSTRAINT "wallet_top_up_refunds_actor_user_id_users_id_fk" FOREIGN KEY ("actor_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "wallet_top_up_refunds_top_up_idx" ON "wallet_top_up_refunds" USING btree ("top_up_id");--> statement-breakpoint
CREATE INDEX "wallet_top_up_refunds_user_idx" ON "wallet_top_up_refunds" USING btree ("user_id","created_at");