import type { Metadata } from "next";
import { requireOrgRole } from "@/lib/auth";

/**
 * The tab title of an organisation page, from the organisation's name ("Statement · Harbour Bridge Club ·
 * Plaza"). Only someone who may see the organisation learns its name: anyone else gets a neutral title, as the
 * page itself answers 404 or 403 (no existence oracle).
 */
export async function organisationTitle(params: Promise<{ slug: string }>, section?: string): Promise<Metadata> {
  const { slug } = await params;
  try {
    // Any role in the organisation (members included) may know its name; each page still guards itself.
    const { organisation } = await requireOrgRole(slug, ["owner", "admin", "staff", "member"]);
    return { title: section ? `${section} · ${organisation.name}` : organisation.name };
  } catch {
    return { title: section ?? "Organisation" };
  }
}
