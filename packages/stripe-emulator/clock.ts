/** Simulated clock: real time plus an offset that `/_emu/clock/advance` increases. */
export interface ScheduledTask { at: number; label: string; run: () => void | Promise<void> }

export class Clock {
  private offsetSeconds = 0;
  private tasks: ScheduledTask[] = [];

  now(): number {
    return Math.floor(Date.now() / 1000) + this.offsetSeconds;
  }

  schedule(at: number, label: string, run: () => void | Promise<void>): void {
    this.tasks.push({ at, label, run });
  }

  pendingTasks(): number {
    return this.tasks.length;
  }

  advance(seconds: number): void {
    this.offsetSeconds += Math.max(0, Math.floor(seconds));
  }

  reset(): void {
    this.offsetSeconds = 0;
    this.tasks = [];
  }

  /** Runs every task due at the current simulated time, in time order (tasks may schedule more). */
  async runDue(): Promise<number> {
    let ran = 0;
    for (;;) {
      const now = this.now();
      const due = this.tasks.filter((t) => t.at <= now).sort((a, b) => a.at - b.at);
      if (due.length === 0) return ran;
      this.tasks = this.tasks.filter((t) => !due.includes(t));
      for (const task of due) {
        await task.run();
        ran++;
      }
    }
  }
}
