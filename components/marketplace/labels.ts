/** Words for the marketplace's enum values (shared by pages and components). */
export const KIND_LABELS: Record<string, string> = { course: "Course", event_ticket: "Event ticket", service: "Bookable service" };

export const ORDER_STATUS_LABELS: Record<string, string> = {
  awaiting_payment: "Awaiting payment",
  authorised: "Authorised, awaiting the seller",
  paid: "Paid",
  partially_refunded: "Partly refunded",
  refunded: "Refunded",
  released: "Released",
  cancelled: "Cancelled",
  expired: "Expired",
};

export const ORDER_STATUS_TONE: Record<string, "slate" | "green" | "amber" | "red" | "blue"> = {
  awaiting_payment: "amber",
  authorised: "blue",
  paid: "green",
  partially_refunded: "amber",
  refunded: "slate",
  released: "slate",
  cancelled: "slate",
  expired: "slate",
};
