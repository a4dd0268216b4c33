/**
 * Whether a container's command (`command` + `args`) never exits on its own: the evidence PP-JOB-SUSPECTED-SIDECAR
 * takes besides the image. Only what is certain from the text counts: `tail -f`/`-F`/`--follow` (without `--pid`),
 * `sleep infinity`, a `while true` / `while :` / `until false` loop with no `break`, `exit` or `return`, and a few servers
 * started in the foreground. A shell script (`sh -c '...'`) counts only when such a command sits at its top level, is not
 * sent to the background (`&`) and does not follow `||`; inside `if`, `case`, a function or a `{ }` group it may never
 * run, so it does not count. Anything the reader is unsure of (a here-document, an unterminated quote) counts as
 * exiting: a missed warning costs less than a false one. Internal module.
 * @see https://kubernetes.io/docs/concepts/workloads/pods/sidecar-containers/#jobs-with-sidecar-containers
 */

/** Shells whose `-c` script is read. */
const SHELLS: ReadonlySet<string> = new Set(['sh', 'bash', 'ash', 'dash', 'zsh', 'ksh', 'mksh']);

/** Prefixes that run the rest of the line as the command (an init wrapper, `exec`, `nohup`). */
const WRAPPERS: ReadonlySet<string> = new Set(['exec', 'nohup', 'tini', 'dumb-init', '--']);

/** Whether a `while` (or, with `until`, an `until`) condition always holds: `true`, `:`, `[ 1 ]`, `sleep 5`; `false`. */
function alwaysLoops(cond: readonly string[], until: boolean): boolean {
  const c = cond.join(' ');
  if (until) return c === 'false' || c === '/bin/false';
  return c === 'true' || c === ':' || c === '/bin/true' || c === '[ 1 ]' || c === '[ true ]' || /^sleep \d+(\.\d+)?[smhd]?$/.test(c);
}

/**
 * What in the command never exits, as it should be quoted in a message (`tail -F /var/log/app.log`, `while true`), or
 * undefined when it may exit or the text is not certain.
 */
export function neverExitingCommand(command: readonly string[] | undefined, args: readonly string[] | undefined): string | undefined {
  const argv = unwrap([...(command ?? []), ...(args ?? [])].filter((a): a is string => typeof a === 'string'));
  if (argv.length === 0) return undefined;
  const shell = shellScript(argv);
  if (shell !== undefined) return scriptNeverExits(shell);
  return neverExitingProgram(argv);
}

/** `sh -c 'script'`, `bash -ec 'script'`, `busybox sh -c 'script'`: the script; undefined if argv is no shell call. */
function shellScript(argv: readonly string[]): string | undefined {
  let i = 0;
  if (base(argv[0]) === 'busybox' && argv.length > 1) i = 1;
  if (!SHELLS.has(base(argv[i]))) return undefined;
  for (let j = i + 1; j < argv.length - 1; j++) {
    if (!argv[j].startsWith('-')) return undefined;
    if (/^-[a-z]*c[a-z]*$/.test(argv[j])) return argv[j + 1] === '--' ? argv[j + 2] : argv[j + 1]; // `sh -c -- 'script'`
  }
  return undefined;
}

/** argv without the wrappers in front of the program (`exec`, `tini --`, `FOO=bar`). */
function unwrap(argv: readonly string[]): string[] {
  let i = 0;
  while (i < argv.length && (WRAPPERS.has(base(argv[i])) || /^[A-Za-z_][A-Za-z0-9_]*=/.test(argv[i]))) i++;
  return argv.slice(i);
}

function base(word: string | undefined): string {
  return word === undefined ? '' : word.slice(word.lastIndexOf('/') + 1);
}

/** A program (no shell) that never exits: `tail -f`, `sleep infinity`, a server in the foreground. */
function neverExitingProgram(argv: readonly string[]): string | undefined {
  const [program, ...rest] = [base(argv[0]), ...argv.slice(1)];
  const shown = (): string => argv.map(w => (/\s/.test(w) ? `"${w}"` : w)).join(' ');
  switch (program) {
    case 'tail':
      return rest.some(a => /^-[a-zA-Z0-9+]*[fF]/.test(a) || /^--follow(=|$)/.test(a)) && !rest.some(a => a.startsWith('--pid')) ? shown() : undefined;
    case 'sleep':
      return rest.length > 0 && rest.every(a => a === 'infinity' || a === 'inf') ? shown() : undefined;
    case 'nginx':
      return rest.some(a => /daemon\s+off\s*;/.test(a)) ? shown() : undefined;
    case 'python': case 'python3':
      return rest[0] === '-m' && rest[1] === 'http.server' ? shown() : undefined;
    case 'nc': case 'ncat': case 'netcat': {
      const flags = rest.filter(a => /^-[a-zA-Z]+$/.test(a)).join('');
      const listen = flags.includes('l') || rest.includes('--listen');
      const keep = flags.includes('k') || rest.includes('--keep-open');
      return listen && keep ? shown() : undefined;
    }
    case 'httpd': case 'apache2':
      return rest.join(' ').includes('-D FOREGROUND') || rest.includes('-DFOREGROUND') ? shown() : undefined;
    case 'httpd-foreground': case 'apache2-foreground': case 'redis-server':
      return shown();
    default:
      return undefined;
  }
}

/** A simple command of a script: its words, and the operators around it (`;` for a newline, `&&`, `||`, `|`, `&`). */
interface SimpleCommand {
  readonly words: string[];
  /** The operator before it ('' for the first command). */
  readonly precededBy: string;
  /** The operator that ends it. */
  endedBy: string;
}

/** Words that can end a loop or the shell itself, wherever they stand in a loop's body. */
const LEAVES: ReadonlySet<string> = new Set(['break', 'exit', 'return', 'exec', 'kill']);

/** The first top-level command of the script that never exits, or undefined. */
function scriptNeverExits(script: string): string | undefined {
  const commands = splitScript(script);
  if (!commands) return undefined;
  const stack: string[] = [];
  let background: string | undefined; // a never-exiting command sent to the background, which a later `wait` waits for
  for (let i = 0; i < commands.length; i++) {
    const c = commands[i];
    const words = body(c.words);
    const first = words[0];
    if (first === undefined) continue;
    if (first === 'if' || first === 'case' || first === '{' || first === 'function' || /\(\)$/.test(first) || words[1] === '()') {
      // a one-line function or group (`f() { ...; }` split at `;` leaves `}` on its own) is closed by that `}`
      stack.push(first === 'if' || first === 'case' ? first : '{');
      continue;
    }
    if (first === 'fi' || first === 'esac' || first === '}' || first === 'done') {
      stack.pop();
      continue;
    }
    if (first === 'while' || first === 'until' || first === 'for' || first === 'select') {
      const cond = words.slice(1);
      const loop = loopEnd(commands, i);
      if (stack.length === 0 && (first === 'while' || first === 'until') && loop && !loop.leaves && alwaysLoops(cond, first === 'until')
        && c.precededBy !== '||' && !pipelineBackgrounded(commands, loop.end)) {
        return `${first} ${cond.join(' ')}`;
      }
      stack.push('loop');
      continue;
    }
    if (stack.length > 0 || c.precededBy === '||') continue;
    const program = unwrap(words);
    if (program.length === 1 && program[0] === 'wait' && background) return `${background} & wait`;
    const found = neverExitingProgram(program);
    if (found && pipelineBackgrounded(commands, i)) background ??= found;
    else if (found) return found;
    else if (first === 'exit' || first === 'exec') return undefined; // nothing after it runs
  }
  return undefined;
}

/** The words of a command without the keyword that opens a body on its line (`do`, `then`, `else`). */
function body(words: readonly string[]): readonly string[] {
  let i = 0;
  while (i < words.length && ['do', 'then', 'else', 'elif'].includes(words[i])) i++;
  return words.slice(i);
}

/** The index of the `done` that closes the loop opened at `start`, and whether its body can leave it. */
function loopEnd(commands: readonly SimpleCommand[], start: number): { end: number; leaves: boolean } | undefined {
  let depth = 0;
  let leaves = false;
  for (let i = start + 1; i < commands.length; i++) {
    const words = commands[i].words;
    if (words[0] === 'do') depth++;
    if (words[0] === 'done' && --depth === 0) return { end: i, leaves };
    if (depth === 0) return undefined; // a loop condition over several commands: not one of the constant ones
    if (words.some(w => LEAVES.has(w))) leaves = true;
  }
  return undefined;
}

/** Whether the pipeline the command at `i` belongs to ends with `&`. */
function pipelineBackgrounded(commands: readonly SimpleCommand[], i: number): boolean {
  let j = i;
  while (j < commands.length - 1 && commands[j].endedBy === '|') j++;
  return commands[j].endedBy === '&';
}

/**
 * The simple commands of a shell script, split at `;`, newlines, `&&`, `||`, `|` and `&` outside quotes, comments
 * dropped; undefined when the script has a here-document or an unterminated quote (not read with certainty).
 */
function splitScript(script: string): SimpleCommand[] | undefined {
  const out: SimpleCommand[] = [];
  let words: string[] = [];
  let word = '';
  let inWord = false;
  let precededBy = '';
  const endWord = (): void => {
    if (inWord) words.push(word);
    word = '';
    inWord = false;
  };
  const endCommand = (op: string): void => {
    endWord();
    if (words.length > 0) {
      out.push({ words, precededBy, endedBy: op });
      words = [];
      precededBy = op;
    } else if (op !== ';') {
      // `a &&` then a newline: the newline does not end anything, the operator stays the one before the next command
      if (out.length > 0) out[out.length - 1].endedBy = op;
      precededBy = op;
    }
  };
  for (let i = 0; i < script.length; i++) {
    const ch = script[i];
    const next = script[i + 1];
    if (ch === '\\') {
      // an escaped newline continues the line; any other escaped character is part of the word
      if (next !== '\n') {
        word += next ?? '';
        inWord = true;
      }
      i++;
    } else if (ch === "'" || ch === '"' || ch === '`') {
      const close = findClose(script, i, ch);
      if (close < 0) return undefined;
      word += script.slice(i + 1, close);
      inWord = true;
      i = close;
    } else if (ch === '$' && next === '(') {
      const close = findParen(script, i + 1);
      if (close < 0) return undefined;
      word += script.slice(i, close + 1);
      inWord = true;
      i = close;
    } else if (ch === '#' && !inWord) {
      while (i < script.length && script[i] !== '\n') i++;
      i--;
    } else if (ch === '<' && next === '<') {
      return undefined;
    } else if (ch === '\n' || ch === ';') {
      if (ch === ';' && next === ';') i++;
      endCommand(';');
    } else if ((ch === '&' || ch === '|') && next === ch) {
      endCommand(ch + ch);
      i++;
    } else if (ch === '&' && next !== '>' && script[i - 1] !== '>') {
      endCommand('&');
    } else if (ch === '|') {
      endCommand('|');
    } else if (ch === ' ' || ch === '\t' || ch === '\r') {
      endWord();
    } else {
      word += ch;
      inWord = true;
    }
  }
  endCommand(';');
  return out;
}

/** The index of the quote closing the one at `open`, or -1. */
function findClose(text: string, open: number, quote: string): number {
  for (let i = open + 1; i < text.length; i++) {
    if (text[i] === '\\' && quote !== "'") i++;
    else if (text[i] === quote) return i;
  }
  return -1;
}

/** The index of the `)` closing the `(` at `open`, quotes and nesting respected, or -1. */
function findParen(text: string, open: number): number {
  let depth = 0;
  for (let i = open; i < text.length; i++) {
    const ch = text[i];
    if (ch === '\\') {
      i++;
    } else if (ch === "'" || ch === '"') {
      i = findClose(text, i, ch);
      if (i < 0) return -1;
    } else if (ch === '(') {
      depth++;
    } else if (ch === ')' && --depth === 0) {
      return i;
    }
  }
  return -1;
}
