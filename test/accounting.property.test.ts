import * as fc from 'fast-check';
import { Amounts, defaultedResources, podLimits, podRequests } from '../lib/accounting/pod-resources';
import { ContainerJson, PodSpecJson } from '../lib/model/pod-model';
import { milliValue, parseQuantity, unitValue } from '../lib/model/quantity';

/*
 * Properties of the KEP-753 arithmetic (component-helpers PodRequests) that must hold for every pod spec.
 * numRuns is bounded so the suite stays fast.
 */
const RUNS = { numRuns: 150 };
const RESOURCES = ['cpu', 'memory'];

const quantities = fc.record({
  cpu: fc.oneof(fc.integer({ min: 0, max: 4000 }).map(m => `${m}m`), fc.constantFrom('0.25', '1', '1.5', '2')),
  memory: fc.oneof(fc.integer({ min: 0, max: 4096 }).map(m => `${m}Mi`), fc.constantFrom('1G', '512M', '1.5Gi')),
}, { requiredKeys: [] });

let seq = 0;
const containerArb = (sidecar: boolean): fc.Arbitrary<ContainerJson> => fc.tuple(quantities, fc.boolean()).map(([requests, withLimits]) => ({
  name: `c${seq++}`,
  // limits no lower than the requests when present (a valid spec), sometimes none at all
  resources: withLimits ? { requests, limits: requests } : { requests },
  ...(sidecar ? { restartPolicy: 'Always' } : {}),
}));
const initArb = fc.array(fc.boolean().chain(s => containerArb(s)), { maxLength: 5 });
const mainArb = fc.array(containerArb(false), { minLength: 1, maxLength: 4 });
const podArb = fc.record({ initContainers: initArb, containers: mainArb });

const get = (a: Amounts, r: string): bigint => a.get(r) ?? 0n;
const atLeast = (a: Amounts, b: Amounts): boolean => RESOURCES.every(r => get(a, r) >= get(b, r));
const same = (a: Amounts, b: Amounts): boolean => RESOURCES.every(r => get(a, r) === get(b, r));
const own = (c: ContainerJson): Amounts => defaultedResources(c).requests;
const isSidecar = (c: ContainerJson): boolean => c.restartPolicy === 'Always';

describe('accounting properties (fast-check)', () => {
  test('adding a native sidecar anywhere in the init list never lowers the request', () => {
    fc.assert(fc.property(podArb, containerArb(true), fc.nat(), (spec: PodSpecJson, sidecar, at) => {
      const init = [...spec.initContainers!];
      init.splice(at % (init.length + 1), 0, sidecar);
      return atLeast(podRequests({ ...spec, initContainers: init }), podRequests(spec));
    }), RUNS);
  });

  test('the order of the regular containers never matters (requests and limits)', () => {
    fc.assert(fc.property(podArb, fc.func(fc.integer()), (spec: PodSpecJson, key) => {
      const shuffled = [...spec.containers].map((c, i) => ({ c, k: key(i) })).sort((a, b) => a.k - b.k).map(x => x.c);
      const other = { ...spec, containers: shuffled };
      return same(podRequests(other), podRequests(spec)) && same(podLimits(other), podLimits(spec));
    }), RUNS);
  });

  test('moving a sidecar earlier in the init list never lowers the request', () => {
    fc.assert(fc.property(podArb, fc.nat(), fc.nat(), (spec: PodSpecJson, a, b) => {
      const init = [...spec.initContainers!];
      const sidecars = init.map((c, i) => (isSidecar(c) ? i : -1)).filter(i => i >= 0);
      fc.pre(sidecars.length > 0);
      const from = sidecars[a % sidecars.length];
      fc.pre(from > 0);
      const to = b % from;
      const [moved] = init.splice(from, 1);
      init.splice(to, 0, moved);
      return atLeast(podRequests({ ...spec, initContainers: init }), podRequests(spec));
    }), RUNS);
  });

  test('the request never falls below any single container, nor below all sidecars plus all regular containers', () => {
    fc.assert(fc.property(podArb, (spec: PodSpecJson) => {
      const total = podRequests(spec);
      const all = [...spec.initContainers!, ...spec.containers];
      if (!all.every(c => atLeast(total, own(c)))) return false;
      // sidecars and regular containers all run at once (every generated quantity is whole bytes and whole millicores)
      const running: Amounts = new Map();
      for (const c of [...spec.initContainers!.filter(isSidecar), ...spec.containers]) {
        for (const [r, v] of own(c)) running.set(r, get(running, r) + v);
      }
      return atLeast(total, running);
    }), RUNS);
  });

  test('a cpu quantity written in millicores reads back exactly, whatever its notation', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 10_000_000 }), m => {
      const forms = [`${m}m`, `${m / 1000}`, `${m}e-3`, `${m / 1e6}k`];
      return forms.every(f => milliValue(parseQuantity(f)) === BigInt(m));
    }), RUNS);
  });

  test('a memory quantity in Mi equals the same bytes written plainly, in Ki or as an exponent', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 1_000_000 }), mi => {
      const bytes = BigInt(mi) * 1024n * 1024n;
      return [`${bytes}`, `${BigInt(mi) * 1024n}Ki`, `${bytes}e0`].every(f => unitValue(parseQuantity(f)) === bytes)
        && unitValue(parseQuantity(`${mi}Mi`)) === bytes;
    }), RUNS);
  });
});
