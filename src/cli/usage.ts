import { Command } from 'commander';

/**
 * commander's usage errors as the documented single line (docs/exit-codes.md, exit 2):
 * `cloudsync: error: unknown command 'shwo' (did you mean show?); see cloudsync logs --help`.
 * Subcommands are created by `createCommand`, so every command in the tree reports this way.
 */
export class CloudsyncCommand extends Command {
  override createCommand(name?: string): Command {
    return new CloudsyncCommand(name);
  }

  override error(message: string, errorOptions?: { code?: string; exitCode?: number }): never {
    return super.error(usageLine(message, commandPath(this)), errorOptions);
  }
}

/** "error: unknown command 'x'\n(Did you mean y?)" -> one line naming the help to read. */
export function usageLine(message: string, path: string): string {
  const text = message
    .replace(/^error:\s*/, '')
    .replace(/\s*\n\(Did you mean/g, ' (did you mean')
    .replace(/\s*\n\s*/g, ' ')
    .trim();
  return `cloudsync: error: ${text}; see ${path} --help`;
}

function commandPath(cmd: Command): string {
  const names: string[] = [];
  for (let c: Command | null = cmd; c; c = c.parent) names.unshift(c.name());
  return names.join(' ');
}

/**
 * A group whose default subcommand takes no arguments (`logs` runs `logs list`): a first word
 * that is not a flag is a mistyped subcommand, reported as one (with commander's suggestion),
 * not as "too many arguments for 'list'".
 */
export function rejectUnknownSubcommand(group: Command, defaultName: string): void {
  group.hook('preSubcommand', (thisCommand, sub) => {
    const first = thisCommand.args[0];
    if (sub.name() === defaultName && first !== undefined && first !== defaultName && !first.startsWith('-')) {
      (thisCommand as unknown as { unknownCommand(): never }).unknownCommand();
    }
  });
}
