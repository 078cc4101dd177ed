// Input history kept across sessions: one entered line per line of a plain text
// file, oldest first (the format of most shells' and REPLs' history files).
// History is a convenience, so a file that cannot be read or written is ignored.
import { appendFileSync, readFileSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

/** Lines kept in memory and on disk. */
export const HISTORY_SIZE = 1000;

/** `$METTA_HISTORY` if set (empty disables history), else ~/.metta_history. */
export function defaultHistoryFile(): string | null {
  const env = process.env['METTA_HISTORY'];
  if (env !== undefined) return env === '' ? null : env;
  return join(homedir(), '.metta_history');
}

/** The saved lines, newest first (as node:readline wants them). */
export function loadHistory(file: string): string[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    return [];
  }
  const lines = text.split('\n').filter((l) => l.trim() !== '');
  // Appending one line per entry lets the file grow; it is cut back here, rarely.
  if (lines.length > 2 * HISTORY_SIZE) {
    try {
      writeFileSync(file, lines.slice(-HISTORY_SIZE).join('\n') + '\n');
    } catch {
      // Left long; it is read back cut anyway.
    }
  }
  return lines.slice(-HISTORY_SIZE).reverse();
}

export function appendHistory(file: string, line: string): void {
  if (line.trim() === '') return;
  try {
    appendFileSync(file, line + '\n', { mode: 0o600 });
  } catch {
    // No history file this time; the session itself is unaffected.
  }
}
