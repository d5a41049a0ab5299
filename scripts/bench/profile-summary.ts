/**
 * Summarises a V8 CPU profile (node --cpu-prof) for PERFORMANCE.md: self time by function and by package, top
 * first. Usage: tsx scripts/bench/profile-summary.ts file.cpuprofile [top=25]
 */
import { readFileSync } from "node:fs";

interface Node {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
  children?: number[];
}
const [file, topArg] = process.argv.slice(2);
if (!file) throw new Error("usage: profile-summary.ts file.cpuprofile [top]");
const profile: { nodes: Node[]; samples: number[]; timeDeltas: number[] } = JSON.parse(readFileSync(file, "utf8"));
const self = new Map<number, number>();
profile.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));
const total = [...self.values()].reduce((a, b) => a + b, 0);
const byFunction = new Map<string, number>();
const byPackage = new Map<string, number>();
for (const n of profile.nodes) {
  const t = self.get(n.id) ?? 0;
  if (!t) continue;
  const url = n.callFrame.url;
  const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(url)?.[1] ?? (url.startsWith("node:") || url === "" ? `(node ${n.callFrame.functionName || "native"})` : url.includes("/lib/") || url.includes("/db/") ? "plaza" : url);
  const fn = `${n.callFrame.functionName || "(anonymous)"} ${url.replace(/^.*node_modules\//, "").replace(/^file:\/\/.*?\/wt-[^/]+\//, "")}:${n.callFrame.lineNumber + 1}`;
  byFunction.set(fn, (byFunction.get(fn) ?? 0) + t);
  byPackage.set(pkg, (byPackage.get(pkg) ?? 0) + t);
}
const limit = Number(topArg ?? 25);
const pct = (t: number) => `${((100 * t) / total).toFixed(1)}%`;
console.log(`total sampled: ${(total / 1000).toFixed(0)} ms`);
console.log("\nby package:");
for (const [k, t] of [...byPackage].sort((a, b) => b[1] - a[1]).slice(0, 15)) console.log(`  ${pct(t).padStart(6)}  ${k}`);
console.log("\nby function (self):");
for (const [k, t] of [...byFunction].sort((a, b) => b[1] - a[1]).slice(0, limit)) console.log(`  ${pct(t).padStart(6)}  ${k}`);
