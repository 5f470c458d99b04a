/**
 * A static estimate of a shell one-liner (`sh -c "echo hi; sleep 5"`): what it prints, how long it
 * runs and how it exits, read from the text without running it. The container's main process
 * really runs in the shell model (container/main-process.ts); this estimate is only for code that
 * must reason about a script ahead of time (when a trapping shell reacts to SIGTERM, signals.ts).
 * To run a command in a container use execInContainer (container/index.ts).
 */
export interface ScriptPlan {
  logs: string[];
  /** Infinity for loops and `sleep infinity`. */
  durationMs: number;
  exitCode: number;
  /** Lines printed periodically by `while true; do echo ...; sleep N; done`. */
  repeat?: { line: string; everyMs: number };
}

export function planScript(command: string[] | undefined, args: string[] | undefined): ScriptPlan {
  const words = [...(command ?? []), ...(args ?? [])];
  if (words.length === 0) return { logs: [], durationMs: 0, exitCode: 0 };
  let script: string;
  if ((words[0] === 'sh' || words[0] === '/bin/sh' || words[0] === 'bash' || words[0] === '/bin/bash') && words[1] === '-c') script = words.slice(2).join(' ');
  else if (words[0] === 'sh' || words[0] === '/bin/sh') return { logs: [], durationMs: 0, exitCode: 0 };
  else script = words.map((w) => (/\s/.test(w) ? `"${w}"` : w)).join(' ');

  const loop = /while\s+true\s*;\s*do(.*?)done/s.exec(script);
  if (loop) {
    const body = loop[1]!;
    const echo = /echo\s+("([^"]*)"|'([^']*)'|([^;]*))/.exec(body);
    const sleep = /sleep\s+(\d+)/.exec(body);
    const line = echo ? (echo[2] ?? echo[3] ?? echo[4] ?? '').trim() : '';
    return { logs: [], durationMs: Infinity, exitCode: 0, ...(echo ? { repeat: { line, everyMs: (sleep ? Number(sleep[1]) : 1) * 1000 } } : {}) };
  }
  const logs: string[] = [];
  let duration = 0;
  let exitCode = 0;
  for (const raw of script.split(/;|&&|\n/)) {
    const stmt = raw.trim();
    if (!stmt) continue;
    const [cmd, ...rest] = stmt.split(/\s+/);
    const argText = stmt.slice(cmd!.length).trim();
    if (cmd === 'echo') logs.push(argText.replace(/^["']|["']$/g, ''));
    else if (cmd === 'sleep') {
      if (rest[0] === 'infinity') return { logs, durationMs: Infinity, exitCode: 0 };
      duration += Number.parseFloat(rest[0] ?? '0') * 1000 || 0;
    } else if (cmd === 'exit') {
      exitCode = Number(rest[0] ?? 0) || 0;
      break;
    } else if (cmd === 'tail' && rest.includes('-f')) return { logs, durationMs: Infinity, exitCode: 0 };
    else if (cmd === 'false') {
      exitCode = 1;
      break;
    } else if (cmd === 'date') logs.push('__DATE__');
    else if (cmd === 'hostname') logs.push('__HOSTNAME__');
  }
  return { logs, durationMs: Math.round(duration), exitCode };
}
