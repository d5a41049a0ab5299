import { platformTimeZone } from "@/lib/dates";
import { getDb } from "@/db/client";
import { requireUser } from "@/lib/auth";
import { guardPage } from "@/lib/auth/page-guard";
import { loadStatementPage } from "@/lib/statements/holder-statement";
import { effectiveStatementPeriod } from "@/lib/statements/period";
import { parseStatementQuery, type RawSearchParams } from "@/lib/statements/query";
import { StatementSection } from "@/components/statement/statement-section";
import { ButtonLink } from "@/components/ui/button";
import { PageHeader } from "@/components/ui/card";

export const metadata = { title: "Wallet statement" };

export default async function WalletStatementPage({ searchParams }: { searchParams: Promise<RawSearchParams> }) {
  const user = await guardPage(requireUser(), "/wallet/statement");
  const q = parseStatementQuery(await searchParams);
  const db = await getDb();
  const [{ page, cursorError }, period] = await Promise.all([loadStatementPage(db, { userId: user.id }, q), effectiveStatementPeriod(db, { userId: user.id }, q.range)]);
  return (
    <div className="space-y-6">
      <PageHeader
        title="Wallet statement"
        description={`Every movement in your wallet with its running balance. Times are in ${platformTimeZone()}; days are UTC days.`}
        actions={
          <ButtonLink href="/wallet" variant="secondary">
            Back to wallet
          </ButtonLink>
        }
      />
      <StatementSection
        basePath="/wallet/statement"
        q={q}
        page={page}
        cursorError={cursorError}
        period={period}
        caption="Wallet transactions, newest first"
        downloads={[
          { label: "CSV", href: "/api/wallet/statement.csv" },
          { label: "PDF", href: "/api/wallet/statement.pdf" },
        ]}
      />
    </div>
  );
}
