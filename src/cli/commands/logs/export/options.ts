import { statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { z } from 'zod';
import type { Context } from '../../../context.js';
import type { EntraCliFlags } from '../../../entra.js';
import { fail, since } from '../../../options/coerce.js';
import { parseFlags, type Parsed } from '../../../options/parse.js';
import type { ConnectionFlags } from '../../../source.js';

export interface LogsExportFlags extends EntraCliFlags, ConnectionFlags {
  out?: string;
  since?: string;
  entra?: boolean;
  ad?: boolean;
}

const stamp = (d: Date): string => d.toISOString().replace(/[-:]/g, '').replace(/\.\d+Z$/, 'Z').replace('T', '-');

function schema(cwd: string, now: Date) {
  return z.object({
    // A bad --out is found before anything is collected (doctor probes, Graph calls).
    out: z
      .string()
      .optional()
      .transform((v, ctx) => {
        const out = resolve(cwd, v ?? `cloudsync-support-${stamp(now)}.zip`);
        if (!statSync(dirname(out), { throwIfNoEntry: false })?.isDirectory()) return fail(ctx, `--out ${v ?? out}: the folder ${dirname(out)} does not exist`);
        return out;
      }),
    since: since(() => now.getTime()),
    entra: z.boolean().default(true),
    ad: z.boolean().default(true),
    now: z.date(),
  });
}

export type LogsExportOptions = Parsed<LogsExportFlags, z.output<ReturnType<typeof schema>>>;

export async function logsExportOptions(ctx: Context, flags: LogsExportFlags, now: Date = new Date()): Promise<LogsExportOptions> {
  return parseFlags(schema(ctx.io.cwd, now), flags, { ...flags, since: flags.since ?? '24h', now });
}
