/**
 * test and [ (coreutils and busybox): file tests on the container filesystem, string and integer
 * comparisons, `!`. `kubectl cp` runs `test -d <dest>` to learn whether the destination is a
 * folder before it picks tar's -C directory (kubectl pkg/cmd/cp/cp.go checkDestinationIsDir).
 */
import { normalize } from '../../fs';
import type { Command, CommandEnv, CommandIo } from '../types';

const FILE_TESTS = new Set(['-d', '-f', '-e', '-s', '-r', '-w', '-x', '-L', '-h']);
const INT_TESTS: Record<string, (a: number, b: number) => boolean> = {
  '-eq': (a, b) => a === b,
  '-ne': (a, b) => a !== b,
  '-lt': (a, b) => a < b,
  '-le': (a, b) => a <= b,
  '-gt': (a, b) => a > b,
  '-ge': (a, b) => a >= b,
};

class TestSyntaxError extends Error {}

function fileTest(op: string, operand: string, env: CommandEnv): boolean {
  const fs = env.host.fs;
  const path = normalize(env.host.cwd, operand);
  switch (op) {
    case '-d':
      return fs.isDir(path);
    case '-f':
      return fs.isFile(path);
    case '-s':
      return fs.isFile(path) ? (fs.read(path) ?? '').length > 0 : fs.isDir(path);
    case '-L':
    case '-h':
      // No symbolic links in this filesystem.
      return false;
    default:
      return fs.isDir(path) || fs.isFile(path);
  }
}

function integer(text: string, name: string): number {
  if (!/^\s*[-+]?\d+\s*$/.test(text)) throw new TestSyntaxError(`${name}: ${text}: integer expression expected`);
  return Number(text);
}

function evaluate(args: string[], env: CommandEnv, name: string): boolean {
  if (args.length === 0) return false;
  if (args[0] === '!') return !evaluate(args.slice(1), env, name);
  if (args.length === 1) return args[0] !== '';
  if (args.length === 2) {
    const [op, operand] = args as [string, string];
    if (op === '-z') return operand === '';
    if (op === '-n') return operand !== '';
    if (FILE_TESTS.has(op)) return fileTest(op, operand, env);
    throw new TestSyntaxError(`${name}: ${op}: unary operator expected`);
  }
  if (args.length === 3) {
    const [a, op, b] = args as [string, string, string];
    if (op === '=' || op === '==') return a === b;
    if (op === '!=') return a !== b;
    const compare = INT_TESTS[op];
    if (compare) return compare(integer(a, name), integer(b, name));
    throw new TestSyntaxError(`${name}: ${op}: binary operator expected`);
  }
  throw new TestSyntaxError(`${name}: too many arguments`);
}

function run(name: 'test' | '[', args: string[], env: CommandEnv, io: CommandIo): number {
  let operands = args;
  if (name === '[') {
    if (args[args.length - 1] !== ']') {
      io.err(env.host.flavour === 'gnu' ? "[: missing ']'\n" : '[: missing ]\n');
      return 2;
    }
    operands = args.slice(0, -1);
  }
  try {
    return evaluate(operands, env, name) ? 0 : 1;
  } catch (error) {
    if (!(error instanceof TestSyntaxError)) throw error;
    io.err(`${error.message}\n`);
    return 2;
  }
}

export const TEST_COMMANDS: Record<string, Command> = {
  test: (args, env, io) => run('test', args, env, io),
  '[': (args, env, io) => run('[', args, env, io),
};
