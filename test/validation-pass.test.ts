import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { App, Chart, Testing } from 'cdk8s';
import * as kplus from 'cdk8s-plus-30';
import { Construct } from 'constructs';
import { PodChecks } from '../lib/pod-checks';
import { isAppSynthPass, isRenderingSynth, passToken, rootOf } from '../lib/validation-pass';
import { WithNativeSidecar } from '../lib/with-native-sidecar';

function tmpApp(): App {
  return new App({ outdir: fs.mkdtempSync(path.join(os.tmpdir(), 'validation-pass-')) });
}

/** A construct whose validation computes once per pass token (as the pod checks do) and counts how often it did. */
function counted(scope: Construct, id: string): { calls: () => number } {
  const c = new Construct(scope, id);
  let calls = 0;
  let seen: object | undefined;
  c.node.addValidation({
    validate: () => {
      const token = passToken(c);
      if (token !== seen) {
        calls++;
        seen = token;
      }
      return [];
    },
  });
  return { calls: () => calls };
}

describe('passToken', () => {
  test('computes once per app.synth() although cdk8s validates once per chart plus once', () => {
    const app = tmpApp();
    const probes = [0, 1, 2].map(i => counted(new Chart(app, `c${i}`), 'x'));
    let passes = 0;
    app.node.addValidation({ validate: () => { passes++; return []; } });
    app.synth();
    expect(passes).toBe(4); // what cdk8s does: app.synth() validates, then each of the 3 charts' toJson() again
    expect(probes.map(p => p.calls())).toEqual([1, 1, 1]);
    app.synth();
    expect(probes.map(p => p.calls())).toEqual([2, 2, 2]);
  });

  test('app.synthYaml() computes once', () => {
    const app = tmpApp();
    const probes = [0, 1].map(i => counted(new Chart(app, `c${i}`), 'x'));
    app.synthYaml();
    expect(probes.map(p => p.calls())).toEqual([1, 1]);
  });

  test('Testing.synth computes every time: each call is a synth of its own', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'c');
    const probe = counted(chart, 'x');
    Testing.synth(chart);
    Testing.synth(chart);
    expect(probe.calls()).toBe(2);
  });

  test('is one token for every construct of an app within a pass', () => {
    const app = tmpApp();
    const a = new Construct(new Chart(app, 'c1'), 'a');
    const b = new Construct(new Chart(app, 'c2'), 'b');
    const tokens: object[] = [];
    a.node.addValidation({ validate: () => { tokens.push(passToken(a), passToken(b)); return []; } });
    app.synth();
    expect(tokens.length).toBe(6);
    expect(new Set(tokens).size).toBe(1);
  });
});

describe('pod checks across synths', () => {
  test('fails when a conflict is added between two synths of the same app', () => {
    const app = tmpApp();
    const chart = new Chart(app, 'c');
    const d = new kplus.Deployment(chart, 'd', { containers: [{ name: 'app', image: 'app:1.0', portNumber: 8080 }] });
    d.with(new WithNativeSidecar({ name: 'proxy', image: 'proxy:1.0', portNumber: 9000 }));
    new Chart(app, 'other');
    expect(() => app.synth()).not.toThrow();
    d.addContainer({ name: 'second', image: 'second:1.0', portNumber: 9000 });
    expect(() => app.synth()).toThrow(/PP-PORT-CONFLICT/);
  });

  test('PodChecks.findings sees the workload as it is now', () => {
    const app = tmpApp();
    const d = new kplus.Deployment(new Chart(app, 'c'), 'd', { containers: [{ name: 'app', image: 'app:1.0', portNumber: 8080 }] });
    d.with(new WithNativeSidecar({ name: 'proxy', image: 'proxy:1.0', portNumber: 9000 }));
    app.synth();
    d.addContainer({ name: 'second', image: 'second:1.0', portNumber: 9000 });
    expect(PodChecks.findings(d).map(f => f.ruleId)).toContain('PP-PORT-CONFLICT');
  });
});

describe('isAppSynthPass', () => {
  /** Records, in every validation pass, whether it is one of App.synth's or App.synthYaml's. */
  function recorder(scope: Construct): boolean[] {
    const seen: boolean[] = [];
    const c = new Construct(scope, 'recorder');
    c.node.addValidation({ validate: () => { seen.push(isAppSynthPass(c)); return []; } });
    return seen;
  }

  test('true in the first pass of app.synth() and in its repeats, from the very first synth', () => {
    const app = tmpApp();
    const seen = recorder(new Chart(app, 'c'));
    app.synth();
    expect(seen).toEqual([true, true]);
    app.synthYaml();
    expect(seen).toEqual([true, true, true, true]);
  });

  test('false for Testing.synth, a chart\'s toJson() and a validation called by hand', () => {
    const app = Testing.app();
    const chart = new Chart(app, 'c');
    const seen = recorder(chart);
    Testing.synth(chart);
    chart.toJson();
    for (const c of app.node.findAll()) c.node.validate();
    expect(seen).toEqual([false, false, false]);
    app.synth();
    expect(seen.slice(3)).toEqual([true, true]);
    Testing.synth(chart);
    expect(seen.slice(5)).toEqual([false]);
  });
});

describe('isRenderingSynth', () => {
  test('false in the first pass of app.synth(), true once cdk8s validates again to render a chart', () => {
    const app = tmpApp();
    const chart = new Chart(app, 'c');
    const seen: boolean[] = [];
    const c = new Construct(chart, 'recorder');
    c.node.addValidation({ validate: () => { passToken(c); seen.push(isRenderingSynth(c)); return []; } });
    app.synth();
    expect(seen).toEqual([false, true]);
    expect(isRenderingSynth(c)).toBe(true); // until the next pass
    Testing.synth(chart);
    expect(seen.slice(2)).toEqual([false]);
    expect(isRenderingSynth(c)).toBe(false);
  });

  test('a synth whose first pass fails never gets there', () => {
    const app = tmpApp();
    const chart = new Chart(app, 'c');
    const c = new Construct(chart, 'failing');
    c.node.addValidation({ validate: () => { passToken(c); return ['no']; } });
    expect(() => app.synth()).toThrow(/no/);
    expect(isRenderingSynth(c)).toBe(false);
  });

  test('false for an app never validated', () => {
    expect(isRenderingSynth(new Construct(tmpApp(), 'x'))).toBe(false);
  });
});

describe('rootOf', () => {
  test('finds the App from a construct deep in the tree, and the App itself from the App', () => {
    const app = new App();
    const chart = new Chart(app, 'c');
    const deep = new Construct(new Construct(chart, 'a'), 'b');
    expect(rootOf(deep)).toBe(app);
    expect(rootOf(chart)).toBe(app);
    expect(rootOf(app)).toBe(app);
    expect(rootOf(deep)).toBe(deep.node.root);
  });
});
