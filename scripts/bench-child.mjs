// Runs one cloudsync command in this process with stdout discarded, then reports its own peak RSS
// on stderr as JSON (process.resourceUsage covers this process only, which is what we measure).
import { main } from '../dist/cli/main.js';

const io = {
  out: () => undefined,
  err: (t) => process.stderr.write(t),
  stdoutIsTty: false,
  stderrIsTty: false,
  stdinIsTty: false,
  env: process.env,
  cwd: process.cwd(),
};
const t0 = performance.now();
const code = await main(process.argv, io);
const ms = performance.now() - t0;
process.stderr.write(`\n@@bench ${JSON.stringify({ code, ms, maxRssKb: process.resourceUsage().maxRSS })}\n`);
