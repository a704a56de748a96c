import type { KeyValuePair, ProvisionOnDemandRequest } from '../../directory/entra/synchronization-types.js';
import { newJob, TEMPLATES, intervalMs } from '../sync-service/defaults.js';
import { jobJson } from '../sync-service/graph-shapes.js';
import { parseResetScope, pauseJob, restartJob, startJob } from '../sync-service/lifecycle.js';
import { checkOnDemandRequest } from '../sync-service/on-demand-request.js';
import { checkSchema } from '../sync-service/schema-check.js';
import { jobScope } from '../sync-service/pipeline.js';
import { applySecrets, readSecrets } from '../sync-service/secrets.js';
import { noContent } from './common.js';
import { badRequest, GraphError } from './errors.js';
import { PERMS } from './permissions.js';
import type { Route } from './router.js';
import type { GraphRequest, HandlerContext } from './types.js';

/**
 * The synchronization API of cloud sync configurations (beta and v1.0): jobs (list, get, create,
 * update settings/schedule, delete, start, pause, restart), schema (get, put), secrets (put; get returns
 * only the keys that are settings, never credentials) and provisionOnDemand. The life cycle is in src/emulator/sync-service.
 */
const SP = 'servicePrincipals/:id/synchronization';
const JOB = `${SP}/jobs/:jobId`;

const jobsContext = (req: GraphRequest, id: string): string => `${req.origin}/${req.version}/$metadata#servicePrincipals('${id}')/synchronization/jobs`;

function ref({ state, params }: HandlerContext) {
  return state.syncService.job(params.id!, params.jobId!);
}

function body<T>(req: GraphRequest): T {
  if (req.body === undefined || req.body === null || typeof req.body !== 'object') throw new GraphError(400, 'BadRequest', 'The request body is missing or is not a JSON object.');
  return req.body as T;
}

function settingsPatch(job: { settings: KeyValuePair[] }, list: unknown): void {
  if (!Array.isArray(list)) throw badRequest("The property 'synchronizationJobSettings' must be an array of {name, value} pairs.");
  for (const item of list as Array<{ name?: unknown; value?: unknown }>) {
    if (typeof item?.name !== 'string' || typeof item.value !== 'string') throw badRequest("Each synchronizationJobSettings item needs a string 'name' and a string 'value'.");
    if (/^DeleteThresholdValue$|^QuarantineTooManyDeletesThreshold$/i.test(item.name) && !/^\d+$/.test(item.value)) throw badRequest(`The setting '${item.name}' must be a whole number (got '${item.value}').`);
    if (/^DeleteThresholdEnabled$/i.test(item.name) && !/^(true|false)$/i.test(item.value)) throw badRequest(`The setting '${item.name}' must be true or false (got '${item.value}').`);
    const s = job.settings.find((x) => x.name.toLowerCase() === (item.name as string).toLowerCase());
    if (s) s.value = item.value;
    else job.settings.push({ name: item.name, value: item.value });
  }
}

export const synchronizationRoutes: Route[] = [
  {
    method: 'GET',
    path: `${SP}/jobs`,
    perms: PERMS.syncRead,
    handle: ({ state, req, params }) => {
      const id = params.id!.toLowerCase();
      const config = state.syncService.configurations.find((c) => c.servicePrincipalId === id);
      if (!config && state.dir.get(id)?.type !== 'servicePrincipal') state.syncService.config(id);
      return { status: 200, body: { '@odata.context': jobsContext(req, id), value: (config?.jobs ?? []).map(jobJson) } };
    },
  },
  {
    method: 'POST',
    path: `${SP}/jobs`,
    perms: PERMS.syncWrite,
    handle: ({ state, req, params }) => {
      const config = state.syncService.config(params.id!);
      const templateId = body<{ templateId?: unknown }>(req).templateId;
      if (typeof templateId !== 'string' || templateId === '') throw badRequest("The property 'templateId' is required.");
      const known = TEMPLATES.find((t) => t.toLowerCase() === templateId.toLowerCase());
      if (!known) throw badRequest(`The templateId '${templateId}' is not a synchronization template of this application. Valid values are: ${TEMPLATES.join(', ')}.`);
      const first = config.jobs[0];
      const job = newJob(known, config.domain, first ? jobScope(first) : {});
      config.jobs.push(job);
      state.syncService.changed();
      return { status: 201, body: { '@odata.context': `${jobsContext(req, config.servicePrincipalId)}/$entity`, ...jobJson(job) } };
    },
  },
  {
    method: 'GET',
    path: JOB,
    perms: PERMS.syncRead,
    handle: (ctx) => ({ status: 200, body: { '@odata.context': `${jobsContext(ctx.req, ctx.params.id!)}/$entity`, ...jobJson(ref(ctx).job) } }),
  },
  {
    method: 'PATCH',
    path: JOB,
    perms: PERMS.syncWrite,
    handle: (ctx) => {
      const { job } = ref(ctx);
      const b = body<{ synchronizationJobSettings?: unknown; schedule?: { interval?: unknown; state?: unknown; expiration?: unknown } }>(ctx.req);
      for (const k of Object.keys(b)) if (!['synchronizationJobSettings', 'schedule', '@odata.type'].includes(k)) throw badRequest(`The property '${k}' cannot be updated on a synchronizationJob.`);
      if (b.synchronizationJobSettings !== undefined) settingsPatch(job, b.synchronizationJobSettings);
      if (b.schedule !== undefined) {
        const s = b.schedule;
        if (s.interval !== undefined && (typeof s.interval !== 'string' || intervalMs(s.interval) === undefined || intervalMs(s.interval)! <= 0)) throw badRequest(`The schedule interval '${String(s.interval)}' is not an ISO 8601 duration such as PT40M.`);
        if (s.state !== undefined && s.state !== 'Active' && s.state !== 'Disabled' && s.state !== 'Paused') throw badRequest(`The schedule state '${String(s.state)}' is not valid: use Active, Disabled or Paused.`);
        if (typeof s.interval === 'string') job.schedule.interval = s.interval;
        if (s.state === 'Paused') pauseJob(job);
        else if (s.state === 'Active') startJob(job);
        else if (s.state === 'Disabled') job.schedule.state = 'Disabled';
        if (s.expiration !== undefined) job.schedule.expiration = typeof s.expiration === 'string' ? s.expiration : null;
      }
      ctx.state.syncService.changed();
      return noContent;
    },
  },
  {
    method: 'DELETE',
    path: JOB,
    perms: PERMS.syncWrite,
    handle: (ctx) => {
      const { config, job } = ref(ctx);
      config.jobs = config.jobs.filter((j) => j !== job);
      ctx.state.syncService.changed();
      return noContent;
    },
  },
  {
    method: 'POST',
    path: `${JOB}/start`,
    perms: PERMS.syncWrite,
    handle: (ctx) => {
      startJob(ref(ctx).job);
      ctx.state.syncService.changed();
      return noContent;
    },
  },
  {
    method: 'POST',
    path: `${JOB}/pause`,
    perms: PERMS.syncWrite,
    handle: (ctx) => {
      pauseJob(ref(ctx).job);
      ctx.state.syncService.changed();
      return noContent;
    },
  },
  {
    method: 'POST',
    path: `${JOB}/restart`,
    perms: PERMS.syncWrite,
    handle: (ctx) => {
      const { job } = ref(ctx);
      const b = (ctx.req.body ?? {}) as { criteria?: { resetScope?: unknown } | null };
      restartJob(job, parseResetScope(b.criteria?.resetScope));
      ctx.state.syncService.changed();
      return noContent;
    },
  },
  {
    method: 'GET',
    path: `${JOB}/schema`,
    perms: PERMS.syncRead,
    handle: (ctx) => ({ status: 200, body: { '@odata.context': `${jobsContext(ctx.req, ctx.params.id!)}('${ctx.params.jobId}')/schema/$entity`, ...ref(ctx).job.schema } }),
  },
  {
    method: 'PUT',
    path: `${JOB}/schema`,
    perms: PERMS.syncWrite,
    handle: (ctx) => {
      const { job } = ref(ctx);
      job.schema = checkSchema(ctx.req.body, job.schema);
      ctx.state.syncService.changed();
      return noContent;
    },
  },
  {
    method: 'GET',
    path: `${SP}/secrets`,
    perms: PERMS.syncWrite,
    handle: ({ state, params }) => ({ status: 200, body: readSecrets(state.syncService.config(params.id!)) }),
  },
  {
    method: 'PUT',
    path: `${SP}/secrets`,
    perms: PERMS.syncWrite,
    handle: ({ state, req, params }) => {
      applySecrets(state.syncService.config(params.id!), req.body);
      state.syncService.changed();
      return noContent;
    },
  },
  {
    method: 'POST',
    path: `${JOB}/provisionOnDemand`,
    perms: PERMS.syncWrite,
    handle: () => {
      throw badRequest('provisionOnDemand cannot be sent inside $batch.');
    },
    handleAsync: async (ctx) => {
      const r = ref(ctx);
      checkOnDemandRequest(ctx.req.body, r.job.schema);
      const runner = ctx.state.syncService.activeRunner;
      const admitted = runner.admitOnDemand(ctx.req.principal.appId, ctx.req.receivedAt);
      if (!admitted.ok) {
        throw new GraphError(429, 'TooManyRequests', 'Too many requests: provisionOnDemand allows 5 requests per 10 seconds per application and tenant.', { headers: { 'Retry-After': String(admitted.retryAfterSeconds) } });
      }
      const answer = await runner.provisionOnDemand(r, ctx.req.body as ProvisionOnDemandRequest, ctx.req.principal);
      return { status: 200, body: { '@odata.context': `${ctx.req.origin}/${ctx.req.version}/$metadata#microsoft.graph.stringKeyStringValuePair`, ...answer } };
    },
  },
];
