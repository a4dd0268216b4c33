import { andList } from '../../lib/checks/rules/rule-helpers';

describe('andList', () => {
  test.each([
    [[], ''],
    [["'a'"], "'a'"],
    [["'a'", "'b'"], "'a' and 'b'"],
    [["'a'", "'b'", "'c'"], "'a', 'b' and 'c'"],
  ])('%j reads %j', (items, text) => {
    expect(andList(items)).toBe(text);
  });
});
