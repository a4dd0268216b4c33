import { categorize, categoryOf, formatGiga, inBatches, outsideGc, workloadsOnly } from '../bench/instructions';

/** The shape `cg_annotate --auto=no --threshold=0` prints (valgrind 3.19), shortened. */
const LISTING = `--------------------------------------------------------------------------------
Ir
--------------------------------------------------------------------------------
25,006,143,932 (100.0%)  PROGRAM TOTALS

--------------------------------------------------------------------------------
Ir                      file:function
--------------------------------------------------------------------------------
3,357,919,258 (13.43%)  ???:???
1,288,460,986 ( 5.15%)  ???:Builtins_SetDataProperties
  450,892,198 ( 1.80%)  ???:v8::internal::compiler::GraphReducer::ReduceTop()
  211,255,199 ( 0.84%)  ???:heap::base::SlotCallbackResult v8::internal::Scavenger::ScavengeObject<v8::internal::FullHeapObjectSlot>(v8::internal::FullHeapObjectSlot, v8::internal::HeapObject)
  210,983,925 ( 0.84%)  ???:v8::internal::Scanner::Next()
  147,467,243 ( 0.59%)  ???:v8::internal::JSObject::MigrateToMap(v8::internal::Isolate*, v8::internal::Handle<v8::internal::JSObject>, v8::internal::Handle<v8::internal::Map>, int)
        1,000 ( 0.00%)  ???:v8::internal::baseline::BaselineCompiler::VisitSingleBytecode()
`;

describe('bench/instructions.ts', () => {
  test('names V8 gives its compiler, collector, parser, builtins and JIT code fall in their categories', () => {
    expect(categoryOf('???:???')).toBe('jit-code');
    expect(categoryOf('???:v8::internal::compiler::PipelineImpl::OptimizeGraph(v8::internal::compiler::Linkage*)')).toBe('compiler');
    expect(categoryOf('???:v8::internal::MarkCompactCollector::CollectGarbage()')).toBe('gc');
    expect(categoryOf('???:v8::internal::Scavenger::Process(v8::internal::JobDelegate*)')).toBe('gc');
    expect(categoryOf('???:v8::internal::Parser::ParseFunction()')).toBe('parser');
    expect(categoryOf('???:v8::internal::interpreter::BytecodeGenerator::VisitCall(v8::internal::Call*)')).toBe('parser');
    expect(categoryOf('???:Builtins_LoadIC_Megamorphic')).toBe('interpreter');
    // work whose amount depends on when the collector runs: the write barrier while marking, heap walks
    expect(categoryOf('???:Builtins_RecordWriteSaveFP')).toBe('gc');
    expect(categoryOf('???:v8::internal::HeapObject::SizeFromMap(v8::internal::Map) const')).toBe('gc');
    expect(categoryOf('???:v8::internal::FreeListManyCached::Free(unsigned long, unsigned long, v8::internal::FreeMode)')).toBe('gc');
    expect(categoryOf('???:v8::internal::Runtime_SetKeyedProperty(int, unsigned long*, v8::internal::Isolate*)')).toBe('other');
    expect(categoryOf('/usr/lib/x86_64-linux-gnu/libc.so.6:__memmove_avx_unaligned_erms')).toBe('other');
  });

  test('a listing sums to its categories, and the total is the program total', () => {
    const { total, byCategory } = categorize(LISTING);
    expect(total).toBe(25_006_143_932);
    expect(byCategory).toEqual({
      'jit-code': 3_357_919_258,
      'interpreter': 1_288_461_986,
      'compiler': 450_892_198,
      'gc': 211_255_199,
      'parser': 210_983_925,
      'other': 147_467_243,
    });
    expect(categorize('no listing here').total).toBe(0);
  });

  test('the workloads alone: a run of N minus a run of 1, category by category', () => {
    const cat = (x: number) => ({ 'jit-code': x, 'interpreter': 2 * x, 'compiler': 3 * x, 'gc': 4 * x, 'parser': 5 * x, 'other': 6 * x });
    const w = workloadsOnly({ variant: 'hand', n: 1000, total: 21_000, byCategory: cat(1000) }, { variant: 'hand', n: 1, total: 210, byCategory: cat(10) });
    expect(w).toEqual({ variant: 'hand', n: 1000, total: 20_790, byCategory: cat(990) });
  });

  test('outside GC is the total less the collector', () => {
    const byCategory = { 'jit-code': 1, 'interpreter': 2, 'compiler': 3, 'gc': 40, 'parser': 5, 'other': 6 };
    expect(outsideGc({ variant: 'mixins', n: 1000, total: 57, byCategory })).toBe(17);
  });

  test('counts print in billions, and a difference that rounds to zero as 0.000 G', () => {
    expect(formatGiga(14_160_123_456)).toBe('14.160 G');
    expect(formatGiga(-345_000_000)).toBe('-0.345 G');
    expect(formatGiga(-400_000)).toBe('0.000 G');
  });

  test('batches run at most `parallel` jobs at once and keep the order of the list', async () => {
    let running = 0;
    let most = 0;
    const job = (i: number, ms: number) => async () => {
      running++;
      most = Math.max(most, running);
      await new Promise(r => setTimeout(r, ms));
      running--;
      return i;
    };
    expect(await inBatches([job(0, 30), job(1, 5), job(2, 10), job(3, 1), job(4, 1)], 2)).toEqual([0, 1, 2, 3, 4]);
    expect(most).toBe(2);
    expect(await inBatches([], 4)).toEqual([]);
  });
});
