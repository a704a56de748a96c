import { loadConfig } from '../config/load.js';
import type { Config } from '../config/schema.js';
import { completeIo, type CompleteIo, type Io } from './io.js';
import { colorEnabled } from './output/color.js';
import { parseOutputFormat, type OutputFormat } from './output/format.js';
import { makePaint, type Paint } from './output/paint.js';

/** Global flags, shared by every command. */
export interface GlobalFlags {
  output?: string;
  color?: boolean;
  debug?: boolean;
  config?: string;
}

export interface Context {
  /** Always complete: a minimal (test) Io is filled in by `makeContext`. */
  io: CompleteIo;
  config: Config;
  configPath?: string;
  format: OutputFormat;
  /** Colours for stdout data (tables) and for stderr messages. */
  paint: Paint;
  paintErr: Paint;
  debug: boolean;
  warn(message: string): void;
  info(message: string): void;
}

/** `command` is the command's path ("logs show"), for the formats only some commands write. */
export async function makeContext(minimal: Io, flags: GlobalFlags, defaultFormat: OutputFormat = 'table', command?: string): Promise<Context> {
  const io = completeIo(minimal);
  const { config, path } = await loadConfig(flags.config, io.cwd);
  const format = parseOutputFormat(flags.output ?? config.output, defaultFormat, command);
  const paint = await makePaint(colorEnabled(io, flags.color, 'out'));
  const paintErr = await makePaint(colorEnabled(io, flags.color, 'err'));
  return {
    io,
    config,
    ...(path !== undefined ? { configPath: path } : {}),
    format,
    paint,
    paintErr,
    debug: flags.debug === true,
    warn: (m) => io.err(`${paintErr.yellow('warning:')} ${m}\n`),
    info: (m) => io.err(`${m}\n`),
  };
}
