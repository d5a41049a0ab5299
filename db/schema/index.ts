export * from "./auth";
export * from "./organisations";
export * from "./ledger";
export * from "./stripe";
export * from "./notify";
export * from "./wallet";
export * from "./fees";
export * from "./marketplace";
