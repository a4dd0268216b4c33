/** The line a worker prints its result on: `BENCH_RESULT <json>`. */
export const RESULT_PREFIX = 'BENCH_RESULT ';

/** The lines a `run` worker prints around its timed part when `BENCH_REGION_MARKS` is set (`turbofan.ts`). */
export const REGION_START = 'BENCH_REGION start';
export const REGION_END = 'BENCH_REGION end';
