CREATE TYPE "public"."booking_status" AS ENUM('awaiting_confirmation', 'confirmed', 'declined', 'released');--> statement-breakpoint
CREATE TYPE "public"."listing_kind" AS ENUM('course', 'event_ticket', 'service');--> statement-breakpoint
CREATE TYPE "public"."order_status" AS ENUM('awaiting_payment', 'authorised', 'paid', 'partially_refunded', 'refunded', 'released', 'cancelled', 'expired');--> statement-breakpoint
ALTER TYPE "public"."ledger_account_kind" ADD VALUE 'connected_sales';--> statement-breakpoint
ALTER TYPE "public"."ledger_transaction_type" ADD VALUE 'card_sale';--> statement-breakpoint
ALTER TYPE "public"."ledger_transaction_type" ADD VALUE 'wallet_purchase';--> statement-breakpoint
CREATE TABLE "fee_schedules" (
	"id" text PRIMARY KEY NOT NULL,
	"organisation_id" text,
	"percent_bps" integer NOT NULL,
	"fixed" bigint NOT NULL,
	"min" bigint,
	"max" bigint,
	"settlement_percent_bps" integer NOT NULL,
	"ends_override" boolean DEFAULT false NOT NULL,
	"effective_from" timestamp with time zone NOT NULL,
	"created_by" text,
	"note" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "fee_schedules_percent_check" CHECK ("fee_schedules"."percent_bps" between 0 and 10000 and "fee_schedules"."settlement_percent_bps" between 0 and 10000),
	CONSTRAINT "fee_schedules_amounts_check" CHECK ("fee_schedules"."fixed" >= 0 and coalesce("fee_schedules"."min", 0) >= 0 and ("fee_schedules"."max" is null or "fee_schedules"."max" >= coalesce("fee_schedules"."min", 0))),
	CONSTRAINT "fee_schedules_end_check" CHECK (not "fee_schedules"."ends_override" or "fee_schedules"."organisation_id" is not null)
);
--> statement-breakpoint
CREATE TABLE "bookings" (
	"id" text PRIMARY KEY NOT NULL,
	"order_id" text NOT NULL,
	"listing_id" text NOT NULL,
	"slot_id" text NOT NULL,
	"buyer_user_id" text NOT NULL,
	"status" "booking_status" DEFAULT 'awaiting_confirmation' NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "bookings_order_id_unique" UNIQUE("order_id")
);
--> statement-breakpoint
CREATE TABLE "course_access" (
	"id" text PRIMARY KEY NOT NULL,
	"listing_id" text NOT NULL,
	"user_id" text NOT NULL,
	"order_id" text NOT NULL,
	"granted_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "listing_slots" (
	"id" text PRIMARY KEY NOT NULL,
	"listing_id" text NOT NULL,
	"starts_at" timestamp with time zone NOT NULL,
	"ends_at" timestamp with time zone NOT NULL,
	"held_by_order_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL
);
--> statement-breakpoint
CREATE TABLE "listings" (
	"id" text PRIMARY KEY NOT NULL,
	"organisation_id" text NOT NULL,
	"kind" "listing_kind" NOT NULL,
	"title" text NOT NULL,
	"description" text NOT NULL,
	"content" text,
	"amount" bigint NOT NULL,
	"currency" text NOT NULL,
	"capacity" integer,
	"reserved" integer DEFAULT 0 NOT NULL,
	"starts_at" timestamp with time zone,
	"venue" text,
	"published" boolean DEFAULT false NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"updated_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "listings_stock_check" CHECK ("listings"."reserved" >= 0 and ("listings"."capacity" is null or "listings"."reserved" <= "listings"."capacity")),
	CONSTRAINT "listings_amount_check" CHECK ("listings"."amount" >= 0)
);
--> statement-breakpoint
CREATE TABLE "order_items" (
	"id" text PRIMARY KEY NOT NULL,
	"order_id" text NOT NULL,
	"listing_id" text NOT NULL,
	"slot_id" text,
	"kind" "listing_kind" NOT NULL,
	"title" text NOT NULL,
	"quantity" integer NOT NULL,
	"unit_amount" bigint NOT NULL,
	"amount" bigint NOT NULL,
	CONSTRAINT "order_items_quantity_check" CHECK ("order_items"."quantity" > 0)
);
--> statement-breakpoint
CREATE TABLE "order_refunds" (
	"id" text PRIMARY KEY NOT NULL,
	"order_id" text NOT NULL,
	"stripe_refund_id" text,
	"payment_intent_id" text NOT NULL,
	"stripe_account" text,
	"amount" bigint NOT NULL,
	"currency" text NOT NULL,
	"status" text NOT NULL,
	"source" text NOT NULL,
	"reason" text NOT NULL,
	"checkout_session_id" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "order_refunds_stripe_refund_id_unique" UNIQUE("stripe_refund_id"),
	CONSTRAINT "order_refunds_checkout_session_id_unique" UNIQUE("checkout_session_id")
);
--> statement-breakpoint
CREATE TABLE "orders" (
	"id" text PRIMARY KEY NOT NULL,
	"buyer_user_id" text NOT NULL,
	"organisation_id" text NOT NULL,
	"status" "order_status" DEFAULT 'awaiting_payment' NOT NULL,
	"amount" bigint NOT NULL,
	"currency" text NOT NULL,
	"platform_fee" bigint NOT NULL,
	"fee_schedule_id" text,
	"fee_computation" jsonb NOT NULL,
	"internal_reference_id" text,
	"articles_key" text NOT NULL,
	"charge_type" text,
	"stripe_account" text,
	"capture_method" text DEFAULT 'automatic' NOT NULL,
	"paid_with" text,
	"payment_route" text DEFAULT 'checkout' NOT NULL,
	"checkout_session_id" text,
	"payment_intent_id" text,
	"ledger_transaction_id" bigint,
	"closed_reason" text,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	"paid_at" timestamp with time zone,
	"closed_at" timestamp with time zone,
	CONSTRAINT "orders_checkout_session_id_unique" UNIQUE("checkout_session_id"),
	CONSTRAINT "orders_amount_check" CHECK ("orders"."amount" >= 0 and "orders"."platform_fee" >= 0 and "orders"."platform_fee" <= "orders"."amount")
);
--> statement-breakpoint
CREATE TABLE "tickets" (
	"id" text PRIMARY KEY NOT NULL,
	"order_id" text NOT NULL,
	"order_item_id" text NOT NULL,
	"listing_id" text NOT NULL,
	"holder_user_id" text NOT NULL,
	"code" text NOT NULL,
	"seq" integer NOT NULL,
	"created_at" timestamp with time zone DEFAULT now() NOT NULL,
	CONSTRAINT "tickets_code_unique" UNIQUE("code")
);
--> statement-breakpoint
ALTER TABLE "fee_schedules" ADD CONSTRAINT "fee_schedules_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "fee_schedules" ADD CONSTRAINT "fee_schedules_created_by_users_id_fk" FOREIGN KEY ("created_by") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bookings" ADD CONSTRAINT "bookings_order_id_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."orders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bookings" ADD CONSTRAINT "bookings_listing_id_listings_id_fk" FOREIGN KEY ("listing_id") REFERENCES "public"."listings"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bookings" ADD CONSTRAINT "bookings_slot_id_listing_slots_id_fk" FOREIGN KEY ("slot_id") REFERENCES "public"."listing_slots"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "bookings" ADD CONSTRAINT "bookings_buyer_user_id_users_id_fk" FOREIGN KEY ("buyer_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "course_access" ADD CONSTRAINT "course_access_listing_id_listings_id_fk" FOREIGN KEY ("listing_id") REFERENCES "public"."listings"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "course_access" ADD CONSTRAINT "course_access_user_id_users_id_fk" FOREIGN KEY ("user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "course_access" ADD CONSTRAINT "course_access_order_id_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."orders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "listing_slots" ADD CONSTRAINT "listing_slots_listing_id_listings_id_fk" FOREIGN KEY ("listing_id") REFERENCES "public"."listings"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "listings" ADD CONSTRAINT "listings_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "order_items" ADD CONSTRAINT "order_items_order_id_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."orders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "order_items" ADD CONSTRAINT "order_items_listing_id_listings_id_fk" FOREIGN KEY ("listing_id") REFERENCES "public"."listings"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "order_items" ADD CONSTRAINT "order_items_slot_id_listing_slots_id_fk" FOREIGN KEY ("slot_id") REFERENCES "public"."listing_slots"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "order_refunds" ADD CONSTRAINT "order_refunds_order_id_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."orders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "orders" ADD CONSTRAINT "orders_buyer_user_id_users_id_fk" FOREIGN KEY ("buyer_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "orders" ADD CONSTRAINT "orders_organisation_id_organisations_id_fk" FOREIGN KEY ("organisation_id") REFERENCES "public"."organisations"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "orders" ADD CONSTRAINT "orders_fee_schedule_id_fee_schedules_id_fk" FOREIGN KEY ("fee_schedule_id") REFERENCES "public"."fee_schedules"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tickets" ADD CONSTRAINT "tickets_order_id_orders_id_fk" FOREIGN KEY ("order_id") REFERENCES "public"."orders"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tickets" ADD CONSTRAINT "tickets_order_item_id_order_items_id_fk" FOREIGN KEY ("order_item_id") REFERENCES "public"."order_items"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tickets" ADD CONSTRAINT "tickets_listing_id_listings_id_fk" FOREIGN KEY ("listing_id") REFERENCES "public"."listings"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
ALTER TABLE "tickets" ADD CONSTRAINT "tickets_holder_user_id_users_id_fk" FOREIGN KEY ("holder_user_id") REFERENCES "public"."users"("id") ON DELETE no action ON UPDATE no action;--> statement-breakpoint
CREATE INDEX "fee_schedules_lookup_idx" ON "fee_schedules" USING btree ("organisation_id","effective_from");--> statement-breakpoint
CREATE INDEX "bookings_listing_idx" ON "bookings" USING btree ("listing_id");--> statement-breakpoint
CREATE UNIQUE INDEX "course_access_user_listing_idx" ON "course_access" USING btree ("user_id","listing_id");--> statement-breakpoint
CREATE INDEX "listing_slots_listing_idx" ON "listing_slots" USING btree ("listing_id","starts_at");--> statement-breakpoint
CREATE INDEX "listings_catalogue_idx" ON "listings" USING btree ("published","created_at","id");--> statement-breakpoint
CREATE INDEX "listings_org_idx" ON "listings" USING btree ("organisation_id","created_at");--> statement-breakpoint
CREATE INDEX "order_items_order_idx" ON "order_items" USING btree ("order_id");--> statement-breakpoint
CREATE INDEX "order_refunds_order_idx" ON "order_refunds" USING btree ("order_id");--> statement-breakpoint
CREATE INDEX "order_refunds_pending_idx" ON "order_refunds" USING btree ("status");--> statement-breakpoint
CREATE INDEX "orders_buyer_idx" ON "orders" USING btree ("buyer_user_id","created_at");--> statement-breakpoint
CREATE INDEX "orders_org_idx" ON "orders" USING btree ("organisation_id","created_at");--> statement-breakpoint
CREATE INDEX "orders_open_idx" ON "orders" USING btree ("buyer_user_id","status");--> statement-breakpoint
CREATE UNIQUE INDEX "tickets_item_seq_idx" ON "tickets" USING btree ("order_item_id","seq");--> statement-breakpoint
CREATE INDEX "tickets_holder_idx" ON "tickets" USING btree ("holder_user_id");--> statement-breakpoint
CREATE OR REPLACE FUNCTION fee_schedules_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'fee_schedules is append-only: record a change as a new row with its effective date' USING ERRCODE = 'P0001';
END;
$$;--> statement-breakpoint
CREATE TRIGGER fee_schedules_no_update BEFORE UPDATE OR DELETE ON "fee_schedules" FOR EACH ROW EXECUTE FUNCTION fee_schedules_append_only();
