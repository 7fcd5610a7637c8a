/**
 * The `isthmus` command line (bin/isthmus.js). `runCli` is the whole program as a function of its
 * arguments and its standard input, so tests run it without a subprocess; `main` binds it to the
 * process. Exit status: 0 success, 1 bad input (hex, JSON, or a message that does not decode or
 * encode), 2 usage error.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodeMessage } from '../ofp/decode';
import { encodeMessage } from '../ofp/encode';
import { OfpDecodeError, OfpEncodeError } from '../ofp/errors';
import { Framer } from '../ofp/framer';
import { messageFromJson, messageToJson, OfpJsonError } from '../ofp/json';
import { CliInputError, parseHexText, parseJsonDocuments } from './input';
import { runLabCli } from '../lab/run-cli';

export interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Standard input, as text or as a function that reads it (called only by commands that need it). */
export type Stdin = string | (() => string);

const USAGE = `Usage: isthmus <command>

Commands:
  isthmus ofp decode [HEX...|-]   decode OpenFlow 1.3 messages from hex (args, or stdin if '-' or
                                  absent); whitespace and '#' comments are ignored; prints one
                                  JSON document per message
  isthmus ofp encode [JSON|-]     encode the JSON form of messages (one object, an array, or several
                                  concatenated documents; from the arg, or stdin if '-' or absent);
                                  prints the hex of each message, one line per message
  isthmus lab <topology> [...]    run an Open vSwitch/Mininet lab pointed at a controller (root;
                                  'isthmus lab --help' for topologies and options)
  isthmus --help                  show this help
  isthmus --version               show the version

Exit status: 0 ok, 1 bad input, 2 usage error.
`;

const ok = (stdout: string): CliResult => ({ code: 0, stdout, stderr: '' });
const usageError = (why: string): CliResult => ({ code: 2, stdout: '', stderr: `isthmus: ${why}\n\n${USAGE}` });

function version(): string {
  // src/cli and dist/cli both sit two levels below the package root.
  const pkg = JSON.parse(readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8')) as { version?: unknown };
  return String(pkg.version);
}

/** The text argument of a subcommand: its args joined, or stdin when there are none or just '-'. */
function inputText(args: readonly string[], stdin: Stdin): string {
  if (args.length > 0 && !(args.length === 1 && args[0] === '-')) return args.join(' ');
  return typeof stdin === 'string' ? stdin : stdin();
}

/** `e.message` reads `CODE at offset N: detail`, N counted from the start of the message. */
function describeDecodeError(e: OfpDecodeError, base: number): string {
  return `${e.message} [input byte ${base + e.offset}]`;
}

/** `ofp decode`: hex in, one pretty JSON document per message out. */
function decodeCommand(args: readonly string[], stdin: Stdin): CliResult {
  const bytes = parseHexText(inputText(args, stdin));
  if (bytes.length === 0) throw new CliInputError('no bytes to decode');
  const framer = new Framer();
  let frames: Buffer[];
  try {
    frames = framer.push(bytes);
  } catch (e) {
    if (!(e instanceof OfpDecodeError)) throw e;
    return { code: 1, stdout: '', stderr: `isthmus: cannot frame the input: ${e.message} (offset in the input)\n` };
  }
  let stdout = '';
  let base = 0;
  for (const [i, frame] of frames.entries()) {
    try {
      stdout += `${JSON.stringify(messageToJson(decodeMessage(frame)), null, 2)}\n`;
    } catch (e) {
      if (!(e instanceof OfpDecodeError)) throw e;
      return { code: 1, stdout, stderr: `isthmus: message ${i + 1} does not decode: ${describeDecodeError(e, base)}\n` };
    }
    base += frame.length;
  }
  if (framer.buffered > 0) {
    const need = bytes.length - base >= 4 ? bytes.readUInt16BE(base + 2) : undefined;
    const why = need === undefined ? 'is shorter than a header' : `has ${framer.buffered} of the ${need} bytes its header announces`;
    return { code: 1, stdout, stderr: `isthmus: the message at input byte ${base} ${why} (TRUNCATED)\n` };
  }
  return ok(stdout);
}

/** `ofp encode`: JSON documents in, one hex line per message out. */
function encodeCommand(args: readonly string[], stdin: Stdin): CliResult {
  const docs = parseJsonDocuments(inputText(args, stdin)).flatMap((d) => (Array.isArray(d) ? (d as unknown[]) : [d]));
  if (docs.length === 0) throw new CliInputError('no JSON message to encode');
  let stdout = '';
  for (const [i, doc] of docs.entries()) {
    try {
      const { xid, msg } = messageFromJson(doc);
      stdout += `${encodeMessage(msg, xid).toString('hex')}\n`;
    } catch (e) {
      if (!(e instanceof OfpJsonError || e instanceof OfpEncodeError)) throw e;
      return { code: 1, stdout, stderr: `isthmus: message ${i + 1}: ${e.message}\n` };
    }
  }
  return ok(stdout);
}

function ofpCommand(args: readonly string[], stdin: Stdin): CliResult {
  const [sub, ...rest] = args;
  switch (sub) {
    case 'decode':
      return decodeCommand(rest, stdin);
    case 'encode':
      return encodeCommand(rest, stdin);
    case '--help':
    case '-h':
      return ok(USAGE);
    case undefined:
      return usageError("'ofp' needs a subcommand: decode or encode");
    default:
      return usageError(`unknown ofp subcommand '${sub}'`);
  }
}

/** Runs the CLI on `argv` (without node and script). Pure apart from reading package.json and calling `stdin`. */
export function runCli(argv: readonly string[], stdin: Stdin): CliResult {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case '--help':
      case '-h':
      case 'help':
        return ok(USAGE);
      case '--version':
      case '-V':
        return ok(`${version()}\n`);
      case 'ofp':
        return ofpCommand(rest, stdin);
      case undefined:
        return usageError('no command given');
      default:
        return usageError(`unknown command '${command}'`);
    }
  } catch (e) {
    if (e instanceof CliInputError) return { code: 1, stdout: '', stderr: `isthmus: ${e.message}\n` };
    throw e;
  }
}

/** Effectful. Runs the CLI on the process's arguments and standard streams; sets process.exitCode. */
export function main(): void {
  const argv = process.argv.slice(2);
  if (argv[0] === 'lab') {
    // The lab is long-running and owns the terminal (Mininet's CLI), so it runs outside runCli.
    runLabCli(argv.slice(1), { stdout: process.stdout, stderr: process.stderr }).then(
      (code) => process.exit(code),
      (err: unknown) => {
        process.stderr.write(`isthmus lab: ${err instanceof Error ? err.message : String(err)}\n`);
        process.exit(1);
      },
    );
    return;
  }
  const result = runCli(process.argv.slice(2), () => readFileSync(0, 'utf8'));
  process.stdout.write(result.stdout);
  process.stderr.write(result.stderr);
  process.exitCode = result.code;
}
