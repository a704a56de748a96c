import { createInterface } from 'node:readline';
import { Writable } from 'node:stream';

/** Reads a secret from the terminal without echoing it. Only called when stdin is a TTY. */
export async function promptSecret(question: string): Promise<string> {
  let muted = false;
  const output = new Writable({
    write(chunk, _enc, cb) {
      if (!muted) process.stderr.write(chunk);
      cb();
    },
  });
  const rl = createInterface({ input: process.stdin, output, terminal: true });
  try {
    return await new Promise<string>((resolve, reject) => {
      rl.question(question, (answer) => resolve(answer));
      muted = true;
      rl.on('SIGINT', () => reject(Object.assign(new Error('interrupted'), { code: 'SIGINT' })));
    });
  } finally {
    rl.close();
    process.stderr.write('\n');
  }
}

/** Asks a yes/no question on the terminal; anything but y/yes is no. */
export async function confirm(question: string): Promise<boolean> {
  const rl = createInterface({ input: process.stdin, output: process.stderr, terminal: true });
  try {
    const answer = await new Promise<string>((resolve) => rl.question(`${question} [y/N] `, resolve));
    return /^y(es)?$/i.test(answer.trim());
  } finally {
    rl.close();
  }
}
