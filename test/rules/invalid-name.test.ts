import * as fc from 'fast-check';
import { container, messages, pod, run, sidecar } from './rule-fixtures';
import { invalidName } from '../../lib/checks/rules/invalid-name';
import { dns1123LabelErrors, isDns1123Label } from '../../lib/model/names';

describe('PP-INVALID-NAME', () => {
  test('fails for an uppercase name with the API server\'s message, the field path and a fixed name', () => {
    const findings = run(invalidName, pod({ initContainers: [container('init'), sidecar('Log_Shipper')], containers: [container('app')] }));
    expect(findings.map(f => f.ruleId)).toEqual(['PP-INVALID-NAME']);
    const m = findings[0].message;
    expect(m).toContain('spec.initContainers[1].name: Invalid value: "Log_Shipper"');
    expect(m).toContain("a lowercase RFC 1123 label must consist of lower case alphanumeric characters or '-'");
    expect(m).toContain("e.g. 'log-shipper'");
  });

  test('fails for a name longer than 63 characters', () => {
    const [m] = messages(invalidName, pod({ containers: [container('a'.repeat(64))] }));
    expect(m).toContain('must be no more than 63 characters');
  });

  test('fails for a dotted name with "must not contain dots", as IsDNS1123Label says', () => {
    const [m] = messages(invalidName, pod({ containers: [container('app.v2')] }));
    expect(m).toContain('must not contain dots');
  });

  test('fails for an empty name with Required value', () => {
    const [m] = messages(invalidName, pod({ containers: [container('')] }));
    expect(m).toContain('spec.containers[0].name: Required value');
  });

  test('passes for DNS-1123 labels, digits first included', () => {
    expect(run(invalidName, pod({ initContainers: [sidecar('log-shipper')], containers: [container('123-abc'), container('a'.repeat(63))] })))
      .toEqual([]);
  });

  // apimachinery pkg/util/validation/validation_test.go TestIsDNS1123Label (good and bad values)
  test.each(['a', 'ab', 'abc', 'a1', 'a-1', 'a--1--2--b', '0', '01', '012', '1a', '1-a', '1--a--b--2', 'a'.repeat(63)])('IsDNS1123Label accepts %s', v => {
    expect(dns1123LabelErrors(v)).toEqual([]);
    expect(isDns1123Label(v)).toBe(true);
  });
  test.each(['', 'A', 'ABC', 'aBc', 'A1', 'A-1', '1-A', '-', 'a-', '-a', '1-', '-1', '_', 'a_', '_a', 'a_b', '1_', '_1', '1_2', '.', 'a.',
    '.a', 'a.b', '1.', '.1', '1.2', ' ', 'a ', ' a', 'a b', '1 ', ' 1', '1 2', 'a'.repeat(64)])('IsDNS1123Label rejects %j', v => {
    expect(dns1123LabelErrors(v).length).toBeGreaterThan(0);
    expect(isDns1123Label(v)).toBe(false);
  });

  test('the fast check isDns1123Label agrees with dns1123LabelErrors on any name', () => {
    const name = fc.oneof(fc.stringMatching(/^[-a-z0-9A-Z_.]{0,70}$/), fc.stringMatching(/^[a-z0-9]([-a-z0-9]{0,66}[a-z0-9])?$/));
    fc.assert(fc.property(name, n => isDns1123Label(n) === (dns1123LabelErrors(n).length === 0)), { numRuns: 2000 });
  });
});
