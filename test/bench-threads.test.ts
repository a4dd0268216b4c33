import { statCpuMs, threadCpu, threadCpuBetween } from '../bench/threads';

describe('bench/threads.ts', () => {
  test('reads utime and stime of a stat line, even when the thread name holds spaces and parentheses', () => {
    // pid (comm) state ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt utime stime ...
    const line = '4242 (V8 Worker (2)) S 1 4242 4242 0 -1 4194368 120 0 0 0 37 5 0 0 20 0 9 0 100 0 0';
    expect(statCpuMs(line)).toBe(420);
  });

  test('splits the time between two readings into the main thread and the others, a new thread counting from zero', () => {
    const main = String(process.pid);
    const from = new Map([[main, 100], ['7', 50]]);
    const to = new Map([[main, 300], ['7', 80], ['9', 60]]);
    expect(threadCpuBetween(from, to)).toEqual({ mainMs: 200, otherMs: 90 });
  });

  test('on Linux, the main thread is this one: busy work here shows as its CPU time', () => {
    const now = threadCpu();
    if (now === undefined) return; // no /proc: the bench reports no split
    const main = String(process.pid);
    expect(now.has(main)).toBe(true);
    let later = now;
    const deadline = Date.now() + 5000;
    while (later.get(main) === now.get(main) && Date.now() < deadline) later = threadCpu()!; // reading /proc is the busy work
    expect(later.get(main)!).toBeGreaterThan(now.get(main)!);
    expect(threadCpuBetween(now, later).mainMs).toBe(later.get(main)! - now.get(main)!);
  });
});
