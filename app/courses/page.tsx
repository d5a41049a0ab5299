import { redirect } from "next/navigation";

/** The catalogue's courses, at the address people try first. */
export default function CoursesPage() {
  redirect("/listings?kind=course");
}
