/**
 * A job's synchronization schema: read, write, and check before writing. Graph answers a bad
 * PUT …/schema with one terse error; checking locally first says which rule, mapping or line is
 * wrong, and a summary of the changes lets the administrator see what a PUT would do.
 */
import type { AttributeMapping, ObjectMapping, SynchronizationRule, SynchronizationSchema } from '../directory/entra/synchronization-types.js';
import { CloudsyncError } from '../errors.js';
import { jobPath } from './control.js';
import { jsonErrorPosition } from '../util/json-position.js';
import type { CloudSyncJobRef, GraphReader } from './discovery.js';

export async function getSchema(graph: GraphReader, ref: CloudSyncJobRef): Promise<SynchronizationSchema> {
  return graph.request<SynchronizationSchema>('GET', `${jobPath(ref)}/schema`);
}

export async function putSchema(graph: GraphReader, ref: CloudSyncJobRef, schema: SynchronizationSchema): Promise<void> {
  await graph.request('PUT', `${jobPath(ref)}/schema`, schema);
}

/** The schema as a file: pretty JSON without Graph's @odata annotations. */
export function schemaToFile(schema: SynchronizationSchema): string {
  return JSON.stringify(schema, (k, v: unknown) => (k.startsWith('@odata.') ? undefined : v), 2) + '\n';
}

/** JSON.parse with the error's line and column. */
export function parseJsonText(text: string, file: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    const pos = jsonErrorPosition(text);
    const where = pos ? `line ${pos.line}, column ${pos.column}` : 'its end';
    const near = pos ? JSON.stringify(text.slice(pos.offset, pos.offset + 12)) : '';
    const reason = pos === undefined || pos.offset >= text.length ? 'unexpected end of the text' : `unexpected ${near}`;
    throw new CloudsyncError('input', `${file}: not valid JSON at ${where}: ${reason}`);
  }
}

export interface SchemaProblem {
  severity: 'error' | 'warning';
  /** Where in the schema, e.g. synchronizationRules[0].objectMappings[2].attributeMappings[5]. */
  path: string;
  message: string;
}

const SOURCE_TYPES = ['Attribute', 'Constant', 'Function'];
const FLOW_TYPES = ['Always', 'ObjectAddOnly', 'MultiValueAddOnly', 'ValueAddOnly', 'AttributeAddOnly'];
const FLOW_BEHAVIORS = ['FlowWhenChanged', 'FlowAlways'];

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isStr = (v: unknown): v is string => typeof v === 'string' && v.trim() !== '';

/**
 * Checks a schema before a PUT: structure and required fields, unique rule ids that the job
 * knows (rules come from the job's template: a PUT cannot invent one), each object mapping's
 * source and target object names against the schema's directories, and each attribute mapping's
 * target name and source. Errors stop the import; warnings are shown.
 */
export function validateSchema(input: unknown, current?: SynchronizationSchema): SchemaProblem[] {
  const out: SchemaProblem[] = [];
  const err = (path: string, message: string): void => void out.push({ severity: 'error', path, message });
  const warn = (path: string, message: string): void => void out.push({ severity: 'warning', path, message });
  if (!isObj(input)) {
    err('(root)', 'the schema must be a JSON object');
    return out;
  }
  if (!Array.isArray(input.synchronizationRules) || input.synchronizationRules.length === 0) err('synchronizationRules', 'required: a non-empty array of synchronization rules');
  if (!Array.isArray(input.directories)) err('directories', 'required: an array of directory definitions');
  if (out.length > 0) return out;

  const directories = new Map<string, Map<string, Set<string> | undefined>>();
  (input.directories as unknown[]).forEach((d, i) => {
    const p = `directories[${i}]`;
    if (!isObj(d)) return err(p, 'must be an object');
    if (!isStr(d.name)) return err(`${p}.name`, 'required');
    const objects = new Map<string, Set<string> | undefined>();
    if (d.objects !== undefined && !Array.isArray(d.objects)) err(`${p}.objects`, 'must be an array');
    for (const o of Array.isArray(d.objects) ? d.objects : []) {
      if (isObj(o) && isStr(o.name)) objects.set(o.name.toLowerCase(), Array.isArray(o.attributes) ? new Set(o.attributes.filter(isObj).map((a) => String(a.name).toLowerCase())) : undefined);
    }
    directories.set(d.name.toLowerCase(), objects);
  });

  const knownRules = new Set((current?.synchronizationRules ?? []).map((r) => r.id));
  const used = usedNames(current);
  const seen = new Set<string>();
  (input.synchronizationRules as unknown[]).forEach((r, i) => {
    const p = `synchronizationRules[${i}]`;
    if (!isObj(r)) return err(p, 'must be an object');
    if (!isStr(r.id)) err(`${p}.id`, 'required: the rule id');
    else {
      if (seen.has(r.id)) err(`${p}.id`, `duplicate rule id ${r.id}`);
      seen.add(r.id);
      if (current !== undefined && !knownRules.has(r.id)) err(`${p}.id`, `rule id ${r.id} is not one of this job's rules (${[...knownRules].join(', ') || 'none'}): rules come from the job's template and cannot be added`);
    }
    for (const f of ['sourceDirectoryName', 'targetDirectoryName'] as const) {
      if (!isStr(r[f])) err(`${p}.${f}`, 'required');
      else if (directories.size > 0 && !directories.has(r[f].toLowerCase())) err(`${p}.${f}`, `"${r[f]}" is not one of the schema's directories (${[...directories.keys()].join(', ')})`);
    }
    if (!Array.isArray(r.objectMappings)) return err(`${p}.objectMappings`, 'required: an array');
    const srcDir = isStr(r.sourceDirectoryName) ? directories.get(r.sourceDirectoryName.toLowerCase()) : undefined;
    const tgtDir = isStr(r.targetDirectoryName) ? directories.get(r.targetDirectoryName.toLowerCase()) : undefined;
    r.objectMappings.forEach((m, j) => checkObjectMapping(m, `${p}.objectMappings[${j}]`, srcDir, tgtDir, used, err, warn));
  });
  return out;
}

function checkObjectMapping(
  m: unknown,
  p: string,
  srcDir: Map<string, Set<string> | undefined> | undefined,
  tgtDir: Map<string, Set<string> | undefined> | undefined,
  used: Set<string>,
  err: (path: string, message: string) => void,
  warn: (path: string, message: string) => void,
): void {
  if (!isObj(m)) return err(p, 'must be an object');
  const label = isStr(m.name) ? `"${m.name}"` : 'the object mapping';
  if (!isStr(m.name)) err(`${p}.name`, 'required');
  if (m.enabled !== undefined && typeof m.enabled !== 'boolean') err(`${p}.enabled`, `${label}: must be true or false`);
  for (const [f, dir, side] of [
    ['sourceObjectName', srcDir, 'source'],
    ['targetObjectName', tgtDir, 'target'],
  ] as const) {
    const v = m[f];
    if (!isStr(v)) err(`${p}.${f}`, `required (${label})`);
    else if (dir !== undefined && dir.size > 0 && !dir.has(v.toLowerCase()) && !used.has(`object:${v.toLowerCase()}`)) {
      warn(`${p}.${f}`, `${label}: "${v}" is not an object of the ${side} directory (${[...dir.keys()].join(', ')})`);
    }
  }
  if (m.scope !== undefined && m.scope !== null) {
    if (!isObj(m.scope) || !Array.isArray(m.scope.inputFilterGroups)) err(`${p}.scope`, `${label}: must be null or an object with inputFilterGroups[]`);
    else
      m.scope.inputFilterGroups.forEach((g, k) => {
        const gp = `${p}.scope.inputFilterGroups[${k}]`;
        if (!isObj(g) || !Array.isArray(g.clauses)) return err(gp, 'must be an object with clauses[]');
        g.clauses.forEach((c, n) => {
          if (!isObj(c) || !isStr(c.operatorName) || !isStr(c.sourceOperandName)) err(`${gp}.clauses[${n}]`, 'needs operatorName and sourceOperandName');
        });
      });
  }
  if (!Array.isArray(m.attributeMappings)) return err(`${p}.attributeMappings`, `required (${label}): an array`);
  const targets = new Set<string>();
  const targetAttrs = isStr(m.targetObjectName) ? tgtDir?.get(m.targetObjectName.toLowerCase()) : undefined;
  m.attributeMappings.forEach((a, k) => {
    const ap = `${p}.attributeMappings[${k}]`;
    if (!isObj(a)) return err(ap, 'must be an object');
    if (!isStr(a.targetAttributeName)) return err(`${ap}.targetAttributeName`, `required (${label})`);
    const t = a.targetAttributeName;
    if (targets.has(t.toLowerCase())) err(`${ap}.targetAttributeName`, `${label}: ${t} is mapped twice (the service would combine or reject them)`);
    targets.add(t.toLowerCase());
    // Only names the job does not already map are worth a warning: Graph's directory definitions are often partial.
    const known = used.has(`attribute:${String(m.targetObjectName).toLowerCase()}:${t.toLowerCase()}`);
    if (!known && targetAttrs !== undefined && targetAttrs.size > 0 && !targetAttrs.has(t.toLowerCase())) {
      warn(`${ap}.targetAttributeName`, `${label}: ${t} is not an attribute of ${String(m.targetObjectName)} in the schema's directories`);
    }
    if (a.flowType !== undefined && !FLOW_TYPES.includes(String(a.flowType))) err(`${ap}.flowType`, `${t}: "${String(a.flowType)}" is not one of ${FLOW_TYPES.join(', ')}`);
    if (a.flowBehavior !== undefined && !FLOW_BEHAVIORS.includes(String(a.flowBehavior))) err(`${ap}.flowBehavior`, `${t}: "${String(a.flowBehavior)}" is not one of ${FLOW_BEHAVIORS.join(', ')}`);
    if (a.source !== null && a.source !== undefined) checkSource(a.source, `${ap}.source`, t, err);
    else if (a.defaultValue === null || a.defaultValue === undefined) warn(`${ap}.source`, `${t} has neither a source nor a default value`);
  });
}

/** Object and target attribute names the current schema already uses (they need no warning). */
function usedNames(current: SynchronizationSchema | undefined): Set<string> {
  const out = new Set<string>();
  for (const m of (current?.synchronizationRules ?? []).flatMap((r) => r.objectMappings)) {
    out.add(`object:${m.sourceObjectName.toLowerCase()}`);
    out.add(`object:${m.targetObjectName.toLowerCase()}`);
    for (const a of m.attributeMappings) out.add(`attribute:${m.targetObjectName.toLowerCase()}:${a.targetAttributeName.toLowerCase()}`);
  }
  return out;
}

function checkSource(s: unknown, p: string, target: string, err: (path: string, message: string) => void): void {
  if (!isObj(s)) return err(p, `${target}: the source must be an object`);
  if (!SOURCE_TYPES.includes(String(s.type))) return err(`${p}.type`, `${target}: source type "${String(s.type)}" is not one of ${SOURCE_TYPES.join(', ')}`);
  if (s.type === 'Attribute' && !isStr(s.name)) err(`${p}.name`, `${target}: an Attribute source needs the source attribute's name`);
  if (s.type === 'Function' && !isStr(s.name) && !isStr(s.expression)) err(p, `${target}: a Function source needs the function's name or expression`);
  if (s.parameters !== undefined && !Array.isArray(s.parameters)) err(`${p}.parameters`, `${target}: must be an array`);
  for (const [i, prm] of (Array.isArray(s.parameters) ? s.parameters : []).entries()) {
    if (!isObj(prm) || !isStr(prm.key)) err(`${p}.parameters[${i}]`, `${target}: a parameter needs a key`);
    else if (prm.value !== undefined && prm.value !== null) checkSource(prm.value, `${p}.parameters[${i}].value`, target, err);
  }
}

// ---- what changes --------------------------------------------------------------------------

export interface SchemaChange {
  kind: 'added' | 'removed' | 'changed';
  /** "rule X", "mapping Provision Active Directory users", "…users: mail". */
  what: string;
  detail?: string;
}

const mappingKey = (m: ObjectMapping): string => `${m.sourceObjectName}->${m.targetObjectName}:${m.name}`.toLowerCase();
const sourceText = (a: AttributeMapping): string => {
  const s = a.source;
  if (s === null || s === undefined) return a.defaultValue !== null && a.defaultValue !== undefined ? `default "${a.defaultValue}"` : '(none)';
  if (s.type === 'Attribute') return `[${s.name ?? ''}]`;
  if (s.type === 'Constant') return `"${s.name ?? s.expression ?? ''}"`;
  return s.expression ?? `${s.name ?? ''}(…)`;
};
const stable = (v: unknown): string => JSON.stringify(v ?? null);

/** Rules, object mappings (enabled, scope) and attribute mappings that differ between two schemas. */
export function diffSchemas(before: SynchronizationSchema, after: SynchronizationSchema): SchemaChange[] {
  const out: SchemaChange[] = [];
  const rulesBefore = new Map(before.synchronizationRules.map((r) => [r.id, r]));
  const rulesAfter = new Map(after.synchronizationRules.map((r) => [r.id, r]));
  for (const [id, r] of rulesBefore) if (!rulesAfter.has(id)) out.push({ kind: 'removed', what: `rule ${r.name ?? id} (${id})` });
  for (const [id, r] of rulesAfter) {
    const old = rulesBefore.get(id);
    if (old === undefined) out.push({ kind: 'added', what: `rule ${r.name ?? id} (${id})` });
    else out.push(...diffRule(old, r));
  }
  const dirs = (s: SynchronizationSchema): string => stable(s.directories);
  if (dirs(before) !== dirs(after)) out.push({ kind: 'changed', what: 'directory definitions' });
  return out;
}

function diffRule(before: SynchronizationRule, after: SynchronizationRule): SchemaChange[] {
  const out: SchemaChange[] = [];
  const mb = new Map(before.objectMappings.map((m) => [mappingKey(m), m]));
  const ma = new Map(after.objectMappings.map((m) => [mappingKey(m), m]));
  for (const [k, m] of mb) if (!ma.has(k)) out.push({ kind: 'removed', what: `object mapping "${m.name}"` });
  for (const [k, m] of ma) {
    const old = mb.get(k);
    if (old === undefined) {
      out.push({ kind: 'added', what: `object mapping "${m.name}"` });
      continue;
    }
    if (old.enabled !== m.enabled) out.push({ kind: 'changed', what: `object mapping "${m.name}"`, detail: m.enabled ? 'enabled' : 'disabled' });
    if (stable(old.scope) !== stable(m.scope)) out.push({ kind: 'changed', what: `object mapping "${m.name}"`, detail: 'scope filter' });
    const ab = new Map(old.attributeMappings.map((a) => [a.targetAttributeName.toLowerCase(), a]));
    const aa = new Map(m.attributeMappings.map((a) => [a.targetAttributeName.toLowerCase(), a]));
    for (const [t, a] of ab) if (!aa.has(t)) out.push({ kind: 'removed', what: `"${m.name}": ${a.targetAttributeName}`, detail: sourceText(a) });
    for (const [t, a] of aa) {
      const o = ab.get(t);
      if (o === undefined) out.push({ kind: 'added', what: `"${m.name}": ${a.targetAttributeName}`, detail: sourceText(a) });
      else if (stable(o) !== stable(a)) {
        const was = sourceText(o);
        const now = sourceText(a);
        out.push({ kind: 'changed', what: `"${m.name}": ${a.targetAttributeName}`, detail: was !== now ? `${was} → ${now}` : 'flow settings' });
      }
    }
  }
  return out;
}
