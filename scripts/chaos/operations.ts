/**
 * The workload's operations. Each is a plug-in: a name, a weight and a `run` that drives Plaza's HTTP API and
 * the emulator's APIs for one cluster of people (their operations run one after another, so every outcome is
 * decided by the seed alone, whatever the delivery order of webhooks), waits for the effect it expects, and
 * returns a short outcome that must be the same in the clean run and the chaos run. Add an operation to
 * `OPERATIONS` to put it in the workload.
 */
import { createHash } from "node:crypto";
import type { Database } from "@/db/client";
import { ApiError, type Emulator, type Session } from "./client";
import { waitFor } from "./cluster";

export interface Person {
  id: string;
  email: string;
  name: string;
  session: Session;
  autoTopUp: boolean;
}

export interface PaidCardOrder {
  orderId: string;
  paymentIntentId: string;
  amount: number;
  refunded: number;
  disputed: boolean;
  sellerSlug: string;
  /** Refunded through Plaza's refunds API (operations outside Plaza leave such orders alone, and vice versa). */
  plazaRefunded: number;
}

export interface PaidWalletOrder {
  orderId: string;
  amount: number;
  sellerSlug: string;
  plazaRefunded: number;
}

export interface ClusterState {
  index: number;
  people: Person[];
  club: { id: string; slug: string; owner: Person };
  sellers: { slug: string; owner: Person; listings: { course: string; ticket: string; amountCourse: number; amountTicket: number } }[];
  service: { listingId: string; sellerSlug: string; amount: number; freeSlots: string[] };
  paidCardOrders: PaidCardOrder[];
  paidWalletOrders: PaidWalletOrder[];
}

export interface OpContext {
  db: Database;
  emulator: Emulator;
  /** In-process Plaza calls for commands that have no JSON API (IOU payments are a server action). */
  payIou(payer: Person, iouId: string): Promise<void>;
  clubBalance(clubId: string): Promise<number>;
  /** Cheap probes for the waits (the database, not Next: polling pages would load the instances under test). */
  walletBalance(userId: string): Promise<number>;
  orderStatus(orderId: string): Promise<{ status: string; amount: number; paymentIntentId: string | null }>;
  waitTimeoutMs: number;
}

export interface Rng {
  next(): number;
  int(min: number, max: number): number;
  pick<T>(xs: readonly T[]): T;
}

export function rng(seed: number): Rng {
  let s = seed >>> 0 || 1;
  const next = () => {
    // mulberry32
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { next, int: (min, max) => min + Math.floor(next() * (max - min + 1)), pick: (xs) => xs[Math.floor(next() * xs.length)] };
}

/** A UUID derived from a stable key, so ids the client chooses are the same in both runs. */
export function stableUuid(key: string): string {
  const h = createHash("sha256").update(key).digest("hex");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

export interface Operation {
  name: string;
  weight: number;
  run(ctx: OpContext, c: ClusterState, r: Rng, key: string): Promise<string>;
}

interface OrderView {
  id: string;
  status: string;
  amount: number;
  paymentIntentId: string | null;
  refunds: { status: string; amount: number }[];
}

let probeContext: OpContext | undefined;
async function balance(p: Person): Promise<number> {
  return probeContext!.walletBalance(p.id);
}

async function waitOrder(ctx: OpContext, p: Person, id: string, ok: (o: OrderView) => boolean, what: string): Promise<OrderView> {
  const found = await waitFor(`order ${id} ${what}`, async () => {
    const o = { id, ...(await ctx.orderStatus(id)), refunds: [] };
    return ok(o) ? o : undefined;
  }, ctx.waitTimeoutMs, 200);
  // The buyer reads the order through the API once it is settled (the view must answer for them).
  const view = (await p.session.json<{ order: OrderView }>("GET", `/api/orders/${id}`)).order;
  if (view.status !== found.status) throw new Error(`order ${id}: the API says ${view.status}, the database ${found.status}`);
  return view;
}

/** The probes the waits use; set once per run before the workload starts. */
export function setProbes(ctx: OpContext): void {
  probeContext = ctx;
}

async function completeSession(ctx: OpContext, sessionId: string, account?: string | null) {
  await ctx.emulator.call("POST", `/_emu/checkout/sessions/${sessionId}/complete`, {}, account ? { "Stripe-Account": account } : {});
}

async function card(ctx: OpContext, account?: string | null): Promise<string> {
  const pm = await ctx.emulator.v1<{ id: string }>("POST", "/v1/payment_methods", { type: "card", "card[number]": "4242424242424242", "card[exp_month]": "12", "card[exp_year]": "2031", "card[cvc]": "123" }, account ?? undefined);
  return pm.id;
}

function others(c: ClusterState, p: Person) {
  return c.people.filter((x) => x !== p);
}

async function checkout(p: Person, articles: { articleId: string; quantity: number; slotId?: string }[], ref: string) {
  return p.session.json<{ orderId: string; sessionId: string }>("POST", "/api/checkout", { articles, internalReferenceId: ref, uiMode: "hosted" });
}

function article(c: ClusterState, r: Rng) {
  const seller = r.pick(c.sellers);
  const ticket = r.next() < 0.5;
  return { seller, articleId: ticket ? seller.listings.ticket : seller.listings.course, unit: ticket ? seller.listings.amountTicket : seller.listings.amountCourse, quantity: ticket ? r.int(1, 3) : 1 };
}

function rememberPaid(c: ClusterState, o: OrderView, sellerSlug: string) {
  if (o.paymentIntentId) c.paidCardOrders.push({ orderId: o.id, paymentIntentId: o.paymentIntentId, amount: o.amount, refunded: 0, disputed: false, sellerSlug, plazaRefunded: 0 });
}

async function chargeOf(ctx: OpContext, pi: string): Promise<string> {
  const intent = await ctx.emulator.v1<{ latest_charge: string | null }>("GET", `/v1/payment_intents/${pi}`);
  if (!intent.latest_charge) throw new Error(`payment intent ${pi} has no charge`);
  return intent.latest_charge;
}

export const topUp: Operation = {
  name: "wallet_top_up",
  weight: 14,
  async run(ctx, c, r) {
    const p = r.pick(c.people);
    const amount = r.int(5, 60) * 100;
    const before = await balance(p);
    const s = await p.session.json<{ sessionId: string }>("POST", "/api/wallet/top-ups", { amount, uiMode: "hosted" });
    await completeSession(ctx, s.sessionId);
    await waitFor(`top-up of ${p.email} credited`, async () => (await balance(p)) === before + amount, ctx.waitTimeoutMs, 200);
    return `topped up ${amount}`;
  },
};

export const transfer: Operation = {
  name: "wallet_transfer",
  weight: 10,
  async run(_ctx, c, r, key) {
    const from = r.pick(c.people);
    const to = r.pick(others(c, from));
    const have = await balance(from);
    // Members with automatic top-up may spend beyond their balance: the saved card is charged first.
    const amount = from.autoTopUp ? r.int(1, 40) * 100 : Math.min(have, r.int(1, 20) * 100);
    if (amount <= 0) return "nothing to send";
    try {
      await from.session.json("POST", "/api/wallet/transfers", { toEmail: to.email, amount, description: `chaos ${key}` });
      return `sent ${amount}`;
    } catch (e) {
      if (e instanceof ApiError && e.code === "insufficient_funds") return "insufficient_funds";
      throw e;
    }
  },
};

export const cardCheckout: Operation = {
  name: "card_sale_checkout",
  weight: 16,
  async run(ctx, c, r, key) {
    const buyer = r.pick(c.people);
    const a = article(c, r);
    const start = await checkout(buyer, [{ articleId: a.articleId, quantity: a.quantity }], key);
    await completeSession(ctx, start.sessionId);
    const o = await waitOrder(ctx, buyer, start.orderId, (o) => o.status === "paid", "paid");
    rememberPaid(c, o, a.seller.slug);
    return `paid ${o.amount}`;
  },
};

export const cardCharge: Operation = {
  name: "card_sale_charge_api",
  weight: 8,
  async run(ctx, c, r, key) {
    const buyer = r.pick(c.people);
    const a = article(c, r);
    const start = await checkout(buyer, [{ articleId: a.articleId, quantity: a.quantity }], key);
    const pm = await card(ctx);
    const outcome = await buyer.session.json<{ status: string; order: OrderView }>("POST", `/api/orders/${start.orderId}/charge`, { stripe: pm });
    const o = await waitOrder(ctx, buyer, start.orderId, (o) => o.status === "paid", "paid");
    rememberPaid(c, o, a.seller.slug);
    return `${outcome.status} ${o.amount}`;
  },
};

export const walletSale: Operation = {
  name: "wallet_sale",
  weight: 10,
  async run(_ctx, c, r, key) {
    const buyer = r.pick(c.people);
    const a = article(c, r);
    const total = a.unit * a.quantity;
    if (!buyer.autoTopUp && (await balance(buyer)) < total) return "cannot afford";
    const start = await checkout(buyer, [{ articleId: a.articleId, quantity: a.quantity }], key);
    try {
      const outcome = await buyer.session.json<{ status: string }>("POST", `/api/orders/${start.orderId}/charge`, { wallet: true });
      if (outcome.status === "paid") c.paidWalletOrders.push({ orderId: start.orderId, amount: total, sellerSlug: a.seller.slug, plazaRefunded: 0 });
      return `${outcome.status} ${total}`;
    } catch (e) {
      if (e instanceof ApiError && e.code === "insufficient_funds") return "insufficient_funds";
      throw e;
    }
  },
};

export const serviceBooking: Operation = {
  name: "service_booking",
  weight: 5,
  async run(ctx, c, r, key) {
    const buyer = r.pick(c.people);
    const slot = c.service.freeSlots.shift();
    if (!slot) return "no slot";
    const start = await checkout(buyer, [{ articleId: c.service.listingId, quantity: 1, slotId: slot }], key);
    await completeSession(ctx, start.sessionId);
    await waitOrder(ctx, buyer, start.orderId, (o) => o.status === "authorised", "authorised");
    const seller = c.sellers.find((s) => s.slug === c.service.sellerSlug)!;
    if (r.next() < 0.7) {
      await seller.owner.session.json("POST", `/api/orders/${start.orderId}/confirm`, {});
      const o = await waitOrder(ctx, buyer, start.orderId, (o) => o.status === "paid", "paid after confirmation");
      rememberPaid(c, o, seller.slug);
      return "booked and confirmed";
    }
    await seller.owner.session.json("POST", `/api/orders/${start.orderId}/decline`, {});
    await waitOrder(ctx, buyer, start.orderId, (o) => o.status === "released", "released after decline");
    c.service.freeSlots.push(slot);
    return "booked and declined";
  },
};

export const supersession: Operation = {
  name: "supersession_and_late_payment",
  weight: 5,
  async run(ctx, c, r, key) {
    const buyer = r.pick(c.people);
    const a = article(c, r);
    const first = await checkout(buyer, [{ articleId: a.articleId, quantity: a.quantity }], key);
    if (r.next() < 0.5) {
      // A second checkout of the same reference supersedes the first; the second is paid.
      const second = await checkout(buyer, [{ articleId: a.articleId, quantity: a.quantity }], key);
      await waitOrder(ctx, buyer, first.orderId, (o) => o.status === "cancelled" || o.status === "expired", "closed by supersession");
      await completeSession(ctx, second.sessionId);
      const o = await waitOrder(ctx, buyer, second.orderId, (o) => o.status === "paid", "paid");
      rememberPaid(c, o, a.seller.slug);
      return "superseded, second paid";
    }
    // The charge API takes over, then the customer still completes the old Checkout: a late payment, refunded in full.
    const pm = await card(ctx);
    await buyer.session.json("POST", `/api/orders/${first.orderId}/charge`, { stripe: pm });
    let late = "session already closed";
    try {
      await completeSession(ctx, first.sessionId);
      late = "late payment";
    } catch (e) {
      if (!(e instanceof ApiError)) throw e;
    }
    const o = await waitOrder(ctx, buyer, first.orderId, (o) => o.status === "paid", "paid");
    rememberPaid(c, o, a.seller.slug);
    return `charged; ${late}`;
  },
};

export const externalRefund: Operation = {
  name: "dashboard_refund_outside_plaza",
  weight: 10,
  async run(ctx, c, r) {
    const candidates = c.paidCardOrders.filter((o) => o.refunded < o.amount && !o.disputed && o.plazaRefunded === 0);
    if (!candidates.length) return "nothing to refund";
    const o = r.pick(candidates);
    const full = r.next() < 0.4;
    const amount = full ? o.amount - o.refunded : Math.max(1, Math.floor((o.amount - o.refunded) / r.int(2, 4)));
    const charge = await chargeOf(ctx, o.paymentIntentId);
    await ctx.emulator.call("POST", `/_emu/charges/${charge}/refund`, { amount, reverse_transfer: true, refund_application_fee: true });
    o.refunded += amount;
    return `refunded ${amount}`;
  },
};

export const externalDispute: Operation = {
  name: "dispute",
  weight: 5,
  async run(ctx, c, r) {
    const candidates = c.paidCardOrders.filter((o) => o.refunded === 0 && !o.disputed && o.plazaRefunded === 0);
    if (!candidates.length) return "nothing to dispute";
    const o = r.pick(candidates);
    const charge = await chargeOf(ctx, o.paymentIntentId);
    const dispute = await ctx.emulator.call<{ id: string }>("POST", `/_emu/charges/${charge}/dispute`, { reason: r.pick(["fraudulent", "product_not_received", "duplicate"]) });
    o.disputed = true;
    if (r.next() < 0.6) {
      const outcome = r.next() < 0.5 ? "won" : "lost";
      await ctx.emulator.call("POST", `/_emu/disputes/${dispute.id}/resolve`, { outcome });
      return `disputed, ${outcome}`;
    }
    return "disputed";
  },
};

export const iou: Operation = {
  name: "iou_raise_and_pay",
  weight: 6,
  async run(ctx, c, r, key) {
    const payer = r.pick(c.people);
    const amount = r.int(1, 15) * 100;
    const raised = await c.club.owner.session.json<{ iou: { id: string } }>("POST", `/api/orgs/${c.club.slug}/ious`, { email: payer.email, amount, description: `chaos iou ${key}` });
    if (!payer.autoTopUp && (await balance(payer)) < amount) return "raised, left open";
    await ctx.payIou(payer, raised.iou.id);
    return `raised and paid ${amount}`;
  },
};

export const orgPayment: Operation = {
  name: "organisation_payment",
  weight: 4,
  async run(ctx, c, r, key) {
    const have = await ctx.clubBalance(c.club.id);
    const to = r.pick(c.people.filter((p) => p !== c.club.owner));
    const amount = Math.min(have, r.int(1, 10) * 100);
    if (amount <= 0) return "club balance empty";
    await c.club.owner.session.json("POST", `/api/orgs/${c.club.slug}/payments`, { email: to.email, amount, description: `chaos payment ${key}`, requestId: stableUuid(key) });
    return `paid member ${amount}`;
  },
};

export const OPERATIONS: Operation[] = [topUp, transfer, cardCheckout, cardCharge, walletSale, serviceBooking, supersession, externalRefund, externalDispute, iou, orgPayment];

export function chooseOperation(ops: Operation[], r: Rng): Operation {
  const total = ops.reduce((s, o) => s + o.weight, 0);
  let x = r.next() * total;
  for (const o of ops) {
    x -= o.weight;
    if (x < 0) return o;
  }
  return ops[ops.length - 1];
}
