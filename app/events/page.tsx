import { redirect } from "next/navigation";

/** The catalogue's event tickets, at the address people try first. */
export default function EventsPage() {
  redirect("/listings?kind=event_ticket");
}
