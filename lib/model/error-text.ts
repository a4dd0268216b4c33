/**
 * An error's message for the user, with its cause when it has one (Node's `fetch` says only "fetch failed" and
 * puts the reason, with its errno code, in `cause`): `fetch failed (ENOTFOUND: getaddrinfo ENOTFOUND example.org)`.
 * Anything thrown that is not an Error is shown as `String(e)`. Internal module.
 */
export function errorText(e: unknown): string {
  if (!(e instanceof Error)) return String(e);
  const cause = (e as { cause?: unknown }).cause;
  if (cause instanceof Error) {
    const code = (cause as NodeJS.ErrnoException).code;
    return `${e.message} (${code ? `${code}: ` : ''}${cause.message})`;
  }
  return e.message;
}
