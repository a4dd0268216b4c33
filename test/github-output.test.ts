import * as fs from 'fs';
import * as path from 'path';
import { cli, writeFiles } from './cli-helpers';

const FIXTURES = path.join(__dirname, 'fixtures');

describe('--format github', () => {
  test('one workflow command per finding: ::error or ::warning with file, line, column and the rule ID as title', async () => {
    const dir = path.join(FIXTURES, 'schema');
    const file = (f: string) => path.join(dir, f);
    const r = await cli(['check', '--format', 'github', dir]);
    expect(r.code).toBe(1);
    expect(r.out.split('\n')).toEqual([
      `::error file=${file('missing-required.yaml')},line=9,col=5,title=PP-SCHEMA::Job/missing-required: /spec/template/spec: missing required field 'containers'`,
      `::error file=${file('misspelled-field.yaml')},line=18,col=11,title=PP-SCHEMA::Deployment/misspelled: `
        + "/spec/template/spec/containers/0/imagePullPolice: unknown field 'imagePullPolice' (did you mean 'imagePullPolicy'?)",
      `::error file=${file('wrong-types.yaml')},line=12,col=11,title=PP-SCHEMA::Pod/wrong-types: /spec/containers/0/ports/0/containerPort: `
        + 'must be an integer, not string "8080"',
      `::error file=${file('wrong-types.yaml')},line=15,col=11,title=PP-SCHEMA::Pod/wrong-types: /spec/containers/0/resources/limits/memory: `
        + 'string "512MB" is not a valid quantity (e.g. \'500m\', \'1Gi\', \'2\')',
      `::error file=${file('wrong-types.yaml')},line=14,col=9,title=PP-INVALID-QUANTITY::Pod/wrong-types: container 'app': quantity "512MB" `
        + '(spec.containers[0].resources.limits[memory]) is not a Kubernetes quantity: it does not match <sign><digits>[.<digits>]<suffix>; '
        + "use a number with an optional suffix, e.g. '500m', '0.5', '128Mi', '1G', '1e3'.",
      `::error file=${file('wrong-types.yaml')},line=12,col=11,title=PP-INVALID-PORT::Pod/wrong-types: port "8080" of container 'app' is not `
        + 'a port number (spec.containers[0].ports[0].containerPort: Invalid value: 8080: must be between 1 and 65535, inclusive). Use a number from 1 to 65535.',
      '3 files, 3 objects, 3 workloads, 0 HPAs checked against Kubernetes 1.30 with schema validation: 6 errors, 0 warnings.',
      '',
    ]);
  });

  test('a warning is ::warning, at the field its message names; an item of a List is located in the List', async () => {
    const text = fs.readFileSync(path.join(FIXTURES, 'mistakes', 'image-tag.yaml'), 'utf8').replace(/^#.*\n/gm, '');
    const list = `apiVersion: v1\nkind: List\nitems:\n${text.split('\n').filter(l => l !== '').map((l, i) => `${i === 0 ? '- ' : '  '}${l}`).join('\n')}\n`;
    const dir = writeFiles({ 'list.yaml': list });
    const r = await cli(['check', '--no-schemas', '--format', 'github', dir]);
    expect(r.code).toBe(0);
    expect(r.out.split('\n')[0]).toBe(`::warning file=${path.join(dir, 'list.yaml')},line=11,col=9,title=PP-IMAGE-TAG::Pod/image-tag: `
      + "image 'nginx' of container 'web' (spec.containers[0].image) has no tag (so it means :latest): it changes under you and replicas "
      + "may run different code. Pin a version tag (e.g. 'nginx:1.2.3') or a digest.");
  });

  test('escapes what would end a property or the command: %, CR, LF, and : and , in properties', async () => {
    const dir = writeFiles({ 'a,b:c%.yaml': 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  containers:\n    - name: web\n      image: nginx\n' });
    const r = await cli(['check', '--no-schemas', '--format', 'github', dir]);
    expect(r.out.split('\n')[0]).toMatch(new RegExp(`^::warning file=${path.join(dir, 'a%2Cb%3Ac%25.yaml').replace(/[.%]/g, '\\$&')},line=8,col=7,title=PP-IMAGE-TAG::Pod/p: `));
  });
});
