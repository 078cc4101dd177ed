// The syntax layer: token table, reader, printer. Importing it installs the
// printer behind Atom.toString().
export { TokenTable, literalTokens, parseIntToken, parseFloatToken, parseNumberToken, type TokenConstructor } from './tokens.js';
export { Parser, parseAll, parseAtom, type TopForm } from './parser.js';
export { ParseError, TokenError, PARSE_ERRORS, type ParseErrorCode } from './errors.js';
export type { SourcePos } from './source.js';
export { format, formatResults } from './printer.js';
