import { sql } from "drizzle-orm";
import { expect } from "vitest";
import type { Database } from "@/db/client";

/** What every failed answer must look like: a status and `{"error":{"code","message","param?"}}`. */
export async function expectContractAnswer(response: Response, label: string): Promise<void> {
  expect(response.status, label).toBeLessThan(500);
  if (response.status < 400) return;
  const body: unknown = await response.json();
  expect(body, label).toMatchObject({ error: { code: expect.stringMatching(/^[a-z_]+$/), message: expect.any(String) } });
  if (body && typeof body === "object" && "error" in body && body.error && typeof body.error === "object" && "param" in body.error) {
    expect(typeof body.error.param, label).toBe("string");
  }
}

/** Row counts of every table, to prove a failed request wrote nothing. */
export async function rowCounts(db: Database): Promise<Record<string, number>> {
  const tables = await db.execute(sql`select tablename from pg_tables where schemaname = 'public' order by tablename`);
  const names = tables.rows.map((r) => String(r.tablename));
  const counts = await db.execute(sql.raw(`select ${names.map((n) => `(select count(*) from "${n}")::int as "${n}"`).join(", ")}`));
  const row = counts.rows[0] ?? {};
  return Object.fromEntries(names.map((n) => [n, Number(row[n])]));
}

/** Cases run per endpoint and how they were answered, printed at the end of the suite. */
export class CaseTally {
  private readonly byEndpoint = new Map<string, Map<number, number>>();

  record(endpoint: string, status: number) {
    const statuses = this.byEndpoint.get(endpoint) ?? new Map<number, number>();
    statuses.set(status, (statuses.get(status) ?? 0) + 1);
    this.byEndpoint.set(endpoint, statuses);
  }

  total(endpoint: string): number {
    return [...(this.byEndpoint.get(endpoint)?.values() ?? [])].reduce((a, b) => a + b, 0);
  }

  report(): string {
    return [...this.byEndpoint.entries()]
      .map(([endpoint, statuses]) => {
        const parts = [...statuses.entries()].sort(([a], [b]) => a - b).map(([s, n]) => `${s}x${n}`);
        return `  ${endpoint}: ${this.total(endpoint)} generated cases (${parts.join(" ")})`;
      })
      .join("\n");
  }
}
