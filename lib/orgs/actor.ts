import type { OrgAccess } from "@/lib/auth";
import type { OrgActor } from "./members";

/** The person acting on an organisation, as the membership rules need them. */
export function actorOf(access: OrgAccess): OrgActor {
  return { userId: access.user.id, name: access.user.name ?? access.user.email, role: access.role };
}
