import { notFound } from "next/navigation";
import { getDb } from "@/db/client";
import { requireUser } from "@/lib/auth";
import { guardPage } from "@/lib/auth/page-guard";
import { courseContentFor } from "@/lib/marketplace/listings";
import { Card, PageHeader } from "@/components/ui/card";

export const dynamic = "force-dynamic";

/** A course's content: only for buyers who have access (everyone else: 404). */
export default async function CourseContentPage({ params }: { params: Promise<{ id: string }> }) {
  const { id } = await params;
  const user = await guardPage(requireUser(), `/listings/${id}/content`);
  const course = await courseContentFor(await getDb(), id, user.id);
  if (!course) notFound();
  return (
    <div className="mx-auto max-w-3xl space-y-6">
      <PageHeader title={course.title} description="Your course" />
      <Card>
        <div className="whitespace-pre-line text-sm leading-relaxed text-slate-800" data-testid="course-content">
          {course.content || "The seller has not added content yet."}
        </div>
      </Card>
    </div>
  );
}
