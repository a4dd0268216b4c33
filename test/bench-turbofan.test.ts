import { averageRuns, differences, totalOf, turbofanInRegion, turbofanReport } from '../bench/turbofan';
import { REGION_END, REGION_START, RESULT_PREFIX } from '../bench/worker-protocol';

/** A `--trace-opt` line of a completed TurboFan compilation, as V8 11 (Node 20) prints it. */
const completed = (name: string, ms: [number, number, number], osr = false) =>
  `[completed compiling 0x207849ea2779 <JSFunction ${name === '' ? '' : `${name} `}(sfi = 0x241060f26151)> (target TURBOFAN)${osr ? ' OSR' : ''} `
  + `- took ${ms[0].toFixed(3)}, ${ms[1].toFixed(3)}, ${ms[2].toFixed(3)} ms]`;

describe('bench/turbofan.ts', () => {
  test('counts only the compilations between the region marks, by function name, the three phases added up', () => {
    const output = [
      completed('scan', [0, 5, 0]), // module loading, before the timed part
      REGION_START,
      '[marking 0x1 <JSFunction check (sfi = 0x2)> for optimization to TURBOFAN, ConcurrencyMode::kConcurrent, reason: hot and stable]',
      completed('check', [0.5, 3, 0.5]),
      completed('check', [0, 2, 0]),
      completed('resolve', [0, 1.5, 0], true),
      completed('', [0, 0.25, 0]),
      `${RESULT_PREFIX}{}`,
      REGION_END,
      completed('stringify', [0, 9, 0]), // after it
    ].join('\n');
    const run = turbofanInRegion(output);
    expect([...run.keys()].sort()).toEqual(['(anonymous)', 'check', 'resolve']);
    expect(run.get('check')).toEqual({ compiles: 2, ms: 6 });
    expect(run.get('resolve')).toEqual({ compiles: 1, ms: 1.5 });
    expect(run.get('(anonymous)')).toEqual({ compiles: 1, ms: 0.25 });
    expect(totalOf(run)).toEqual({ compiles: 4, ms: 7.75 });
  });

  test('a trace without the marks counts nothing (the worker ran without BENCH_REGION_MARKS)', () => {
    expect(turbofanInRegion([completed('check', [0, 3, 0]), `${RESULT_PREFIX}{}`].join('\n')).size).toBe(0);
  });

  test('runs are averaged function by function, a function one run did not compile counting 0 there', () => {
    const avg = averageRuns([
      new Map([['check', { compiles: 2, ms: 6 }], ['with', { compiles: 1, ms: 4 }]]),
      new Map([['check', { compiles: 2, ms: 4 }]]),
    ]);
    expect(avg.get('check')).toEqual({ compiles: 2, ms: 5 });
    expect(avg.get('with')).toEqual({ compiles: 0.5, ms: 2 });
  });

  test('the differences put what (a) spends most extra time on first, and what it spends less on last', () => {
    const a = new Map([['check', { compiles: 7, ms: 26 }], ['resolve', { compiles: 4, ms: 30 }], ['_toKube', { compiles: 4, ms: 25 }]]);
    const b = new Map([['resolve', { compiles: 2, ms: 20 }], ['_toKube', { compiles: 6, ms: 40 }], ['addByHand', { compiles: 1, ms: 10 }]]);
    expect(differences(a, b).map(d => [d.name, d.extraMs])).toEqual([['check', 26], ['resolve', 10], ['addByHand', -10], ['_toKube', -15]]);
    const report = turbofanReport(a, b, 3, 1000).join('\n');
    expect(report).toContain('(a) mixins: 15 x, 81.0 ms; (b) hand: 9 x, 70.0 ms; (a) - (b): 6.0 compilations, 11.0 ms');
    expect(report.indexOf('check')).toBeLessThan(report.indexOf('resolve'));
    expect(report.slice(report.indexOf('less in (a):'))).toMatch(/_toKube[\s\S]*addByHand/);
  });
});
