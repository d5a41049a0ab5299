export * from "./auth";
export * from "./organisations";
