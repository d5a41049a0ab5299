import type { LedgerAccountKind, LedgerTransactionType } from "@/db/schema";

/** Words people read on statements and exports for the enum values stored in the ledger. */
export const TRANSACTION_TYPE_LABELS: Record<LedgerTransactionType, string> = {
  manual_top_up: "Top-up",
  auto_top_up: "Auto top-up",
  member_transfer: "Member transfer",
  organisation_transfer: "Organisation transfer",
  payment: "Payment",
  purchase: "Purchase",
  refund: "Refund",
  card_refund: "Card refund",
  settlement: "Settlement",
  manual_adjustment: "Adjustment",
  fee: "Fee",
  dispute: "Dispute",
  dispute_reversal: "Dispute reversal",
  iou: "IOU",
  iou_payment: "IOU payment",
  payout: "Payout",
  card_sale: "Card sale",
  wallet_purchase: "Wallet purchase",
};

/** Counterparty names for accounts without an owner. */
export const SYSTEM_ACCOUNT_LABELS: Record<LedgerAccountKind, string> = {
  member_wallet: "Member",
  organisation: "Organisation",
  platform_fees: "Plaza fees",
  stripe_clearing: "Card payments",
  stripe_fees: "Stripe fees",
  settlement_bank: "Bank",
  adjustments: "Plaza adjustments",
  iou_receivable: "IOUs",
  connected_sales: "Card sales paid to sellers",
};
