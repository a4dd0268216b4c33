import { container, pod } from './rules/rule-fixtures';
import { INVALID_QUANTITY_ID, PodRule, runRules } from '../lib/checks/rule';
import { RuleSeverity } from '../lib/checks/rule-severity';
import { QuantityError } from '../lib/model/quantity';

const rule = (id: string, check: PodRule['check']): PodRule => ({ id, severity: RuleSeverity.ERROR, cause: 'c', explanation: 'e', check });

describe('runRules', () => {
  const p = pod({ containers: [container('app')] });

  test('a rule that throws becomes one finding of that rule with the error, and the other rules still run', () => {
    const findings = runRules([
      rule('PP-BROKEN', () => { throw new Error('no port list'); }),
      rule('PP-FINE', () => ['found it']),
    ], p);
    expect(findings).toEqual([
      { ruleId: 'PP-BROKEN', severity: RuleSeverity.ERROR, message: 'cannot check the pod: no port list' },
      { ruleId: 'PP-FINE', severity: RuleSeverity.ERROR, message: 'found it' },
    ]);
  });

  test('a rule that meets a malformed quantity is skipped, except the rule that reports malformed quantities', () => {
    const malformed = () => { throw new QuantityError('quantities must match the regular expression'); };
    expect(runRules([rule('PP-OTHER', malformed)], p)).toEqual([]);
    expect(runRules([rule(INVALID_QUANTITY_ID, malformed)], p).map(f => f.ruleId)).toEqual([INVALID_QUANTITY_ID]);
  });
});
