/** Minimal colouring facade so renderers do not depend on chalk directly (and tests see plain text). */
export interface Paint {
  readonly enabled: boolean;
  red(s: string): string;
  yellow(s: string): string;
  green(s: string): string;
  bold(s: string): string;
  dim(s: string): string;
}

const plain: Paint = {
  enabled: false,
  red: (s) => s,
  yellow: (s) => s,
  green: (s) => s,
  bold: (s) => s,
  dim: (s) => s,
};

export async function makePaint(enabled: boolean): Promise<Paint> {
  if (!enabled) return plain;
  const { Chalk } = await import('chalk');
  const c = new Chalk({ level: 1 });
  return { enabled: true, red: c.red, yellow: c.yellow, green: c.green, bold: c.bold, dim: c.dim };
}
