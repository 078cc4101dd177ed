// MeTTa syntax highlighting for CodeMirror: a stream tokenizer following the
// lexer of src/syntax (comments to end of line, strings that may span lines,
// `$variables`, words ending at whitespace, parentheses or `;`).
import { StreamLanguage, type StringStream } from '@codemirror/language';

interface State {
  /** Inside a string that began on an earlier line. */
  inString: boolean;
}

/** Words the standard library gives meaning to, shown as keywords. */
const KEYWORDS = new Set([
  '=', ':', '->', 'if', 'let', 'let*', 'match', 'case', 'switch', 'superpose', 'collapse', 'empty',
  'unify', 'chain', 'eval', 'quote', 'unquote', 'function', 'return', 'import!', 'bind!', 'add-atom',
  'remove-atom', 'get-atoms', 'new-space', 'println!', 'trace!', 'assertEqual', 'assertEqualToResult',
  'get-type', 'Type', 'Error',
]);
const NUMBER = /^[+-]?(?:\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)$/;

function stringRest(stream: StringStream, state: State): string {
  while (!stream.eol()) {
    const c = stream.next();
    if (c === '\\') stream.next();
    else if (c === '"') {
      state.inString = false;
      return 'string';
    }
  }
  state.inString = true;
  return 'string';
}

export const mettaLanguage = StreamLanguage.define<State>({
  name: 'metta',
  startState: () => ({ inString: false }),
  copyState: (s) => ({ inString: s.inString }),
  token(stream, state) {
    if (state.inString) return stringRest(stream, state);
    if (stream.eatSpace()) return null;
    const c = stream.peek();
    if (c === ';') {
      stream.skipToEnd();
      return 'comment';
    }
    if (c === '"') {
      stream.next();
      return stringRest(stream, state);
    }
    if (c === '(' || c === ')') {
      stream.next();
      return 'paren';
    }
    if (c === '$') {
      stream.match(/^\$[^\s()]*/);
      return 'variableName.definition';
    }
    stream.match(/^[^\s();]+/);
    const word = stream.current();
    if (word === '!') return 'operator';
    if (NUMBER.test(word)) return 'number';
    if (word === 'True' || word === 'False') return 'bool';
    if (word.startsWith('&')) return 'atom';
    if (KEYWORDS.has(word)) return 'keyword';
    return null;
  },
  languageData: { commentTokens: { line: ';' }, closeBrackets: { brackets: ['(', '"'] } },
});
