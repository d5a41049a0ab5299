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
    const { organisation } = await requireOrgRole(slug);
    return { title: section ? `${section} · ${organisation.name}` : organisation.name };
  } catch {
    return { title: section ?? "Organisation" };
  }
}
