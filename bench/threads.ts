/**
 * CPU time by thread, from Linux's `/proc/self/task/<tid>/stat`: the main thread (whose id is the process id) and all
 * the others together (V8's platform workers, where TurboFan compiles and the collector marks and sweeps concurrently,
 * and libuv's pool). The process's CPU time (`process.cpuUsage()`) counts them all; this tells which side a difference
 * is on. The kernel counts in clock ticks (10 ms at `USER_HZ` = 100).
 */
import * as fs from 'fs';

/** Each thread's CPU time so far in milliseconds, by thread id. */
export type ThreadCpu = ReadonlyMap<string, number>;

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
  for (const tid of tids) {
    try {
      byThread.set(tid, statCpuMs(fs.readFileSync(`/proc/self/task/${tid}/stat`, 'utf8')));
    } catch {
      // the thread ended while we read
    }
  }
  return byThread;
}

/**
 * The CPU time spent between two readings, main thread and others. A thread that started since counts from zero; one
 * that ended since is not in the second reading, so what it spent in between is lost (at most a few ticks).
 */
export function threadCpuBetween(from: ThreadCpu, to: ThreadCpu): { mainMs: number; otherMs: number } {
  const main = String(process.pid);
  let mainMs = 0;
  let otherMs = 0;
  for (const [tid, ms] of to) {
    const spent = ms - (from.get(tid) ?? 0);
    if (tid === main) mainMs += spent;
    else otherMs += spent;
  }
  return { mainMs, otherMs };
}
