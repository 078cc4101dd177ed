// The MeTTa REPL for Node hosts; `metta` with no FILE starts it.
export { startRepl, PROMPT, CONTINUATION, type ReplOptions } from './repl.js';
export { ReplSession, type ReplIO, type SessionHost, type SessionOptions, type Interruptible, type Outcome } from './session.js';
export { scanInput, formSources, type FormSpan, type InputScan } from './input.js';
