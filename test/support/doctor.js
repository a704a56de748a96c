/** `cloudsync doctor -o json`, in process: its exit code, its checks and stderr. */
import { runMain } from './run-main.js';
export async function doctorJson(env, args = []) {
    const r = await runMain(['doctor', '-o', 'json', ...args], { env });
    const out = r.stdout ? JSON.parse(r.stdout) : { checks: [] };
    return { code: r.code, checks: out.checks, stderr: r.stderr };
}
/** The status of the named check (undefined when doctor did not run it). */
export const checkStatus = (checks, check) => checks.find((c) => c.check === check)?.status;
//# sourceMappingURL=doctor.js.map