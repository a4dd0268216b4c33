/**
 * Quiet tests: the warnings and notes the pod checks print (`[construct/path] WARNING RULE-ID: ...`,
 * `[construct/path] NOTE ...`) are captured instead of reaching the terminal. A test that expects some reads them with
 * `takeWarnings()` and asserts them; a warning no test read fails the test that printed it, so a passing `npm test`
 * prints none and every warning a test causes is one it asserts.
 */
const LIBRARY_LINE = /^\[[^\]]*\] (WARNING|NOTE) /;

let captured: string[] = [];
let spy: jest.SpyInstance | undefined;

beforeEach(() => {
  captured = [];
  const write = process.stderr.write.bind(process.stderr);
  spy = jest.spyOn(process.stderr, 'write').mockImplementation(((chunk: unknown, ...rest: unknown[]) => {
    const text = String(chunk);
    if (LIBRARY_LINE.test(text)) {
      captured.push(...text.split('\n').filter(l => l !== ''));
      return true;
    }
    return (write as (...args: unknown[]) => boolean)(chunk, ...rest);
  }) as typeof process.stderr.write);
});

afterEach(() => {
  spy?.mockRestore();
  const unread = captured;
  captured = [];
  if (unread.length > 0) {
    throw new Error(`the test printed ${unread.length} warning(s) it did not assert (read them with takeWarnings()):\n  ${unread.join('\n  ')}`);
  }
});

/** The warnings printed since the test began (or since the last call), each line once; they count as read. */
export function takeWarnings(): string[] {
  const out = captured;
  captured = [];
  return out;
}
