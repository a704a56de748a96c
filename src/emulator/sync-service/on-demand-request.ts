/**
 * provisionOnDemand's body, checked as Graph checks it: one parameter whose ruleId is the job
 * schema's rule, one subject whose objectId is a distinguished name and objectTypeName user or
 * group; a group may name at most 5 members in links.members. Anything else is 400.
 */
import type { ProvisionOnDemandSubject, SynchronizationSchema } from '../../directory/entra/synchronization-types.js';
import { parseDn } from '../../directory/dn.js';
import { GraphError } from '../graph/errors.js';

export const MAX_GROUP_MEMBERS = 5;

const bad = (message: string): GraphError => new GraphError(400, 'BadRequest', message);

function checkDn(value: unknown, where: string): string {
  if (typeof value !== 'string' || value.trim() === '') throw bad(`The property '${where}' is required and must be the distinguished name of an Active Directory object.`);
  try {
    parseDn(value);
  } catch {
    throw bad(`The value '${value}' of '${where}' is not a valid distinguished name.`);
  }
  return value;
}

/** The one subject to provision, or a 400 GraphError. */
export function checkOnDemandRequest(body: unknown, schema: SynchronizationSchema): ProvisionOnDemandSubject {
  const b = body as { parameters?: unknown } | undefined;
  if (b === undefined || b === null || typeof b !== 'object' || !Array.isArray(b.parameters) || b.parameters.length === 0) {
    throw bad("The request body must contain 'parameters': an array with one synchronizationJobApplicationParameters item.");
  }
  if (b.parameters.length > 1) throw bad('Only one synchronizationJobApplicationParameters item can be provisioned on demand per request.');
  const p = b.parameters[0] as { ruleId?: unknown; subjects?: unknown };
  const rules = schema.synchronizationRules.map((r) => r.id);
  if (typeof p.ruleId !== 'string' || p.ruleId === '') throw bad("The property 'parameters[0].ruleId' is required: use the id of the synchronization rule in the job's schema.");
  if (!rules.some((r) => r.toLowerCase() === (p.ruleId as string).toLowerCase())) {
    throw bad(`The ruleId '${p.ruleId}' does not match any synchronizationRule of the job's schema.`);
  }
  if (!Array.isArray(p.subjects) || p.subjects.length === 0) throw bad("The property 'parameters[0].subjects' must contain one subject.");
  if (p.subjects.length > 1) throw bad('Only one subject can be provisioned on demand per request.');
  const s = p.subjects[0] as { objectId?: unknown; objectTypeName?: unknown; links?: { members?: unknown } | null };
  const objectId = checkDn(s.objectId, 'parameters[0].subjects[0].objectId');
  const type = typeof s.objectTypeName === 'string' ? s.objectTypeName : '';
  if (type.toLowerCase() !== 'user' && type.toLowerCase() !== 'group') {
    throw bad(`The objectTypeName '${type}' is not supported for provisioning on demand: use 'user' or 'group'.`);
  }
  const members = s.links?.members;
  if (members !== undefined && members !== null) {
    if (type.toLowerCase() !== 'group') throw bad("Only a group subject can carry 'links.members'.");
    if (!Array.isArray(members)) throw bad("The property 'links.members' must be an array.");
    if (members.length > MAX_GROUP_MEMBERS) throw bad(`A group can be provisioned on demand with at most ${MAX_GROUP_MEMBERS} members; the request names ${members.length}.`);
    members.forEach((m: { objectId?: unknown }, i: number) => checkDn(m?.objectId, `links.members[${i}].objectId`));
  }
  return {
    objectId,
    objectTypeName: type.toLowerCase(),
    ...(Array.isArray(members) ? { links: { members: members.map((m: { objectId: string; objectTypeName?: string }) => ({ objectId: m.objectId, objectTypeName: m.objectTypeName ?? 'User' })) } } : {}),
  };
}
