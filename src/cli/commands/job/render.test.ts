import { describe, expect, it } from 'vitest';
import { listRow, statusView } from '../../../cloud-sync/status.js';
import { job, ref, status } from '../../../../test/fixtures/job-fixtures.js';
import type { EmitOptions } from '../../output/emit.js';
import { makePaint } from '../../output/paint.js';
import { renderJobList } from './list/render.js';
import { renderServiceAccountsView } from './service-account/render.js';
import { renderStatusView } from './status/render.js';

const opts = async (format: EmitOptions['format']): Promise<EmitOptions> => ({ format, paint: await makePaint(false) });

describe('job rendering through the emitter', () => {
  const row = listRow(ref('contoso.com', job('AD2AADProvisioning', 'AD2AADProvisioning.abc.def', { status: status({ code: 'Paused' }) })));

  it('list: CSV columns, one NDJSON line per job, JSON with the configurations', async () => {
    const csv = renderJobList([row], { configurations: [], jobs: [row] }, await opts('csv')).split('\r\n');
    expect(csv[0]).toBe('DOMAIN,TEMPLATE,JOB_ID,STATUS,INTERVAL_MINUTES,SCHEDULE,LAST_RUN_END,LAST_RUN_STATE,IMPORTED,EXPORTED,ESCROWED,QUARANTINE');
    expect(csv[1]).toMatch(/^contoso\.com,AD2AADProvisioning,AD2AADProvisioning\.abc\.def,Paused,/);
    expect(renderJobList([row, row], {}, await opts('ndjson')).split('\n')).toHaveLength(3);
    expect(JSON.parse(renderJobList([row], { configurations: [], jobs: [row] }, await opts('json')))).toEqual({ configurations: [], jobs: [JSON.parse(JSON.stringify(row))] });
  });

  it('status: the view as a JSON document (one line in NDJSON), FIELD,VALUE in CSV', async () => {
    const v = statusView(ref('contoso.com', job('AD2AADProvisioning', 'j1')));
    expect(renderStatusView(v, await opts('ndjson'))).toBe(`${JSON.stringify(v)}\n`);
    expect(JSON.parse(renderStatusView(v, await opts('json')))).toEqual(JSON.parse(JSON.stringify(v)));
    expect(renderStatusView(v, await opts('csv'))).toContain('\r\njob,contoso.com/AD2AADProvisioning\r\n');
  });

  it('service accounts: the list as Graph gave it (NDJSON: the array on one line), CSV rows', async () => {
    const users = [{ id: '1', userPrincipalName: 'ADToAADSyncServiceAccount@contoso.com', displayName: 'On-Premises Directory Synchronization Service Account', accountEnabled: true }];
    expect(renderServiceAccountsView(users, await opts('ndjson'))).toBe(`${JSON.stringify(users)}\n`);
    expect(renderServiceAccountsView(users, await opts('json'))).toBe(`${JSON.stringify(users, null, 2)}\n`);
    expect(renderServiceAccountsView(users, await opts('csv'))).toBe(
      'ID,USER_PRINCIPAL_NAME,DISPLAY_NAME,ENABLED,CREATED\r\n1,ADToAADSyncServiceAccount@contoso.com,On-Premises Directory Synchronization Service Account,true,\r\n',
    );
  });
});

describe('job status --output markdown', () => {
  it('writes a heading, the set fields as a Field | Value table and the status line', async () => {
    const v = statusView(ref('contoso.com', job('AD2AADProvisioning', 'j1', { status: status({ code: 'Paused' }) })));
    const md = renderStatusView(v, await opts('markdown'));
    expect(md.split('\n').slice(0, 5)).toEqual(['## cloudsync job status: contoso.com/AD2AADProvisioning', '', '| Field | Value |', '| --- | --- |', '| job | contoso.com/AD2AADProvisioning |']);
    expect(md.endsWith('\n\n**status:** Paused\n')).toBe(true);
  });
});
