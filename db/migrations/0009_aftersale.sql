CREATE TABLE "order_disputes" (
	"id" text PRIMARY KEY NOT NULL,
	"order_id" text NOT NULL,
	"stripe_dispute_id" text NOT NULL,
	"charge_id" text NOT NULL,
	"stripe_account" text,
	"amount" bigint NOT NULL,
	"currency" text NOT NULL,
	"reason" text NOT NULL,
	"status" text NOT NULL,
	"evidence_due_by" timestamp with time zone,
	"withdrawn_amount" bigint,
	"dispute_fee" bigint,
	"reinstated_amount" bigint,
	"transfer_reversal_status" text,
	"transfer_reversal_id" text,
	"transfer_return_status" text,
	"transfer_return_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	"closed_at" timestamp with time zone,
	CONSTRAINT "order_disputes_stripe_dispute_id_unique" UNIQUE("stripe_dispute_id")
);
--> statement-breakpoint
ALTER TABLE "listings" ADD COLUMN "refund_hours" integer;--> statement-breakpoint
ALTER TABLE "order_refunds" ADD COLUMN "request_key" text;--> statement-breakpoint
ALTER TABLE "order_refunds" ADD COLUMN "requested_by_user_id" text;--> statement-breakpoint
ALTER TABLE "order_refunds" ADD COLUMN "fee_refunded" bigint DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE "order_refunds" ADD COLUMN "failure_reason" text;--> statement-breakpoint
ALTER TABLE "order_refunds" ADD COLUMN "ledger_transaction_id" bigint;--> statement-breakpoint
ALTER TABLE "order_refunds" ADD COLUMN "failure_ledger_transaction_id" bigint;--> statement-breakpoint
ALTER TABLE "order_refunds" ADD COLUMN "unwind_status" text;--> statement-breakpoint
ALTER TABLE "order_refunds" ADD COLUMN "updated_at" timestamp with time zone DEFAULT now() NOT NULL;--> statement-breakpoint
ALTER TABLE "tickets" ADD COLUMN "voided_at" timestamp with time zone;--> statement-breakpoint
ALTER TABLE "order_disputes" ADD CONSTRAINT "order_disputes_order_id_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."orders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "order_disputes_order_idx" ON "order_disputes" USING btree ("order_id");--> statement-breakpoint
CREATE INDEX "order_disputes_status_idx" ON "order_disputes" USING btree ("status");--> statement-breakpoint
ALTER TABLE "order_refunds" ADD CONSTRAINT "order_refunds_requested_by_user_id_users_id_fk" FOREIGN KEY ("requested_by_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "order_refunds" ADD CONSTRAINT "order_refunds_request_key_unique" UNIQUE("request_key");--> statement-breakpoint
ALTER TABLE "order_refunds" ADD CONSTRAINT "order_refunds_amount_check" CHECK ("order_refunds"."amount" > 0 and "order_refunds"."fee_refunded" >= 0 and "order_refunds"."fee_refunded" <= "order_refunds"."amount");