/**
 * CPU time by thread, from Linux's `/proc/self/task/<tid>/stat`: the main thread (whose id is the process id) and all
 * the others together (V8's platform workers, where TurboFan compiles and the collector marks and sweeps concurrently,
 * and libuv's pool). The process's CPU time (`process.cpuUsage()`) counts them all; this tells which side a difference
 * is on. The kernel counts in clock ticks (10 ms at `USER_HZ` = 100). Undefined where there is no `/proc`.
 */
import * as fs from 'fs';

/** CPU time in milliseconds of the main thread and of every other thread, at one moment. */
export interface ThreadCpu {
  readonly mainMs: number;
  readonly otherMs: number;
  /** Each thread's total by id, so that a thread that ended between two readings is not counted negative. */
  readonly byThread: ReadonlyMap<string, number>;
}

const TICK_MS = 10; // USER_HZ = 100 on Linux

/** utime + stime of one `stat` line, in milliseconds (fields 14 and 15; the name in parentheses may hold spaces). */
export function statCpuMs(stat: string): number {
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) * TICK_MS;
}

/** Reads every thread of this process now; undefined without `/proc`. */
export function threadCpu(): ThreadCpu | undefined {
  let tids: string[];
  try {
    tids = fs.readdirSync('/proc/self/task');
  } catch {
    return undefined;
  }
  const byThread = new Map<string, number>();
  let mainMs = 0;
  let otherMs = 0;
  const main = String(process.pid);
  for (const tid of tids) {
    let ms: number;
    try {
      ms = statCpuMs(fs.readFileSync(`/proc/self/task/${tid}/stat`, 'utf8'));
    } catch {
      continue; // the thread ended while we read
    }
    byThread.set(tid, ms);
    if (tid === main) mainMs += ms;
    else otherMs += ms;
  }
  return { mainMs, otherMs, byThread };
}

/** The CPU time spent between two readings, main thread and others (a thread that started since counts from zero). */
export function threadCpuBetween(from: ThreadCpu, to: ThreadCpu): { mainMs: number; otherMs: number } {
  let mainMs = 0;
  let otherMs = 0;
  for (const [tid, ms] of to.byThread) {
    const spent = ms - (from.byThread.get(tid) ?? 0);
    if (tid === String(process.pid)) mainMs += spent;
    else otherMs += spent;
  }
  return { mainMs, otherMs };
}
