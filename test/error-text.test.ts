import { errorText } from '../lib/model/error-text';

describe('errorText', () => {
  test('is the message of an Error', () => {
    expect(errorText(new Error('unexpected end of input'))).toBe('unexpected end of input');
  });

  test('adds the cause and its errno code, as Node puts them behind "fetch failed"', () => {
    const cause = Object.assign(new Error('getaddrinfo ENOTFOUND example.org'), { code: 'ENOTFOUND' });
    expect(errorText(new Error('fetch failed', { cause }))).toBe('fetch failed (ENOTFOUND: getaddrinfo ENOTFOUND example.org)');
    expect(errorText(new Error('fetch failed', { cause: new Error('socket hang up') }))).toBe('fetch failed (socket hang up)');
  });

  test('shows anything else thrown as a string', () => {
    expect(errorText('boom')).toBe('boom');
    expect(errorText(42)).toBe('42');
  });
});
