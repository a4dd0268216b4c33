/** Single-quotes a string for `sh`. */
export function shellQuote(s: string): string {
  // close the quote, emit a double-quoted ', reopen: it's -> 'it'"'"'s'
  return `'${s.replace(/'/g, '\'"\'"\'')}'`;
}
