import type { z } from 'zod';
import { CloudsyncError } from '../../errors.js';
import type { OptionsErrorKind } from './coerce.js';

/**
 * Parses a command's options once, before anything runs: flags (commander's strings) over the
 * config file's section (typed), through the command's one schema. A failure is one
 * CloudsyncError line (usage or config, exit 2): the first problem, in the schema's key order.
 */
export async function parseOptions<S extends z.ZodType>(schema: S, input: unknown): Promise<z.output<S>> {
  const r = await schema.safeParseAsync(input);
  if (r.success) return r.data;
  throw optionsError(r.error.issues);
}

/** `parseOptions` for a schema without async refinements. */
export function parseOptionsSync<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const r = schema.safeParse(input);
  if (r.success) return r.data;
  throw optionsError(r.error.issues);
}

function optionsError(issues: readonly z.core.$ZodIssue[]): CloudsyncError {
  const issue = issues[0]!;
  const params = (issue as { params?: { kind?: OptionsErrorKind } }).params;
  if (params?.kind !== undefined) return new CloudsyncError(params.kind, issue.message);
  // Not one of our coercers' messages (a type the commander definition should have prevented).
  const at = issue.path.map(String).join('.');
  return new CloudsyncError('usage', `${at !== '' ? `--${kebab(at)}: ` : ''}${issue.message}`);
}

const kebab = (s: string): string => s.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

/**
 * Flags over a config section: every defined flag wins, the section fills the rest. Both are
 * plain objects with the same keys (the config file's names are the flags' names in camelCase).
 */
export function overConfig<F extends object, C extends object>(flags: F, config: C | undefined): F & C {
  const out: Record<string, unknown> = { ...(config ?? {}) };
  for (const [k, v] of Object.entries(flags)) if (v !== undefined) out[k] = v;
  return out as F & C;
}

/** A command's parsed options: the flags it passes on as they are (connection, Entra), with what the schema parsed in their place. */
export type Parsed<Flags, Out> = Omit<Flags, keyof Out> & Out;

/**
 * `parseOptions` for a command whose flags also carry what is resolved later (connection and Entra
 * flags): the flags as they are, with the schema's parsed values in place of its own keys.
 * `input` defaults to the flags; give it when the config section or derived facts join them.
 */
export async function parseFlags<F extends object, S extends z.ZodType>(schema: S, flags: F, input: unknown = flags): Promise<Parsed<F, z.output<S>>> {
  return { ...flags, ...((await parseOptions(schema, input)) as object) } as Parsed<F, z.output<S>>;
}
