// A database store's failure (unreadable file, locked database, bad URL, lost
// connection) as one error type with a message a user can act on; grounded
// operations turn it into a MeTTa Error, the CLI into a message.
export class StoreError extends Error {
  static from(e: unknown, context: string): StoreError {
    if (e instanceof StoreError) return e;
    const code = typeof e === 'object' && e !== null && 'code' in e ? ` (${String((e as { code: unknown }).code)})` : '';
    const message = e instanceof Error ? e.message : String(e);
    return new StoreError(`${context}: ${message}${code}`);
  }
}
