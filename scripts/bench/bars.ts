/** A bar of DESIGN.md section 8 as every bench prints it in its JSON `bars` (collected by scripts/bench/all.ts). */
export interface Bar {
  name: string;
  value: number | null;
  goal: number;
  op: ">=" | "<=" | "==";
  met: boolean;
}

export function bar(name: string, value: number, op: Bar["op"], goal: number): Bar {
  return { name, value, goal, op, met: op === ">=" ? value >= goal : op === "<=" ? value <= goal : value === goal };
}
