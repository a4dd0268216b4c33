/** The line a worker prints its result on: `BENCH_RESULT <json>`. */
export const RESULT_PREFIX = 'BENCH_RESULT ';
