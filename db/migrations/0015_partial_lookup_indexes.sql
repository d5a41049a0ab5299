DROP INDEX "ledger_transactions_order_idx";--> statement-breakpoint
DROP INDEX "ledger_transactions_stripe_object_idx";--> statement-breakpoint
DROP INDEX "ledger_transactions_stripe_event_idx";--> statement-breakpoint
CREATE INDEX "ledger_transactions_order_idx" ON "ledger_transactions" USING btree ("order_id") WHERE "ledger_transactions"."order_id" is not null;--> statement-breakpoint
CREATE INDEX "ledger_transactions_stripe_object_idx" ON "ledger_transactions" USING btree ("stripe_object_id") WHERE "ledger_transactions"."stripe_object_id" is not null;--> statement-breakpoint
CREATE INDEX "ledger_transactions_stripe_event_idx" ON "ledger_transactions" USING btree ("stripe_event_id") WHERE "ledger_transactions"."stripe_event_id" is not null;