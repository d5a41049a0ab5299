"use client";
import { useFormStatus } from "react-dom";
import { Button } from "./button";

/** A form's submit button that shows a pending label and cannot be pressed twice while the action runs. */
export function SubmitButton({ children, pendingLabel, variant, className }: { children: React.ReactNode; pendingLabel: string; variant?: "primary" | "secondary" | "danger"; className?: string }) {
  const { pending } = useFormStatus();
  return (
    <Button type="submit" disabled={pending} aria-disabled={pending} variant={variant} className={className}>
      {pending ? pendingLabel : children}
    </Button>
  );
}
