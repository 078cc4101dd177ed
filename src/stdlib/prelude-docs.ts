// Documentation of the standard library, as `@doc` atoms that `get-doc` and
// `help!` read. A function's entry has one `@param` per argument of its type.
// CORELIB_DOCS is appended to the corelib prelude; RANDOM_DOCS fills the space
// of the built-in `random` module. The wording is ours.

const doc = (name: string, desc: string, params: readonly string[], ret: string): string =>
  `(@doc ${name}\n  (@desc ${JSON.stringify(desc)})\n  (@params (${params.map((p) => `(@param ${JSON.stringify(p)})`).join(' ')}))\n  (@return ${JSON.stringify(ret)}))\n`;
const atomDoc = (name: string, desc: string): string => `(@doc ${name} (@desc ${JSON.stringify(desc)}))\n`;

const UNIT = 'The unit value ()';

const MINIMAL = [
  doc('eval', 'Makes one evaluation step of its argument: calls a grounded operation, or rewrites the expression once by a matching (= ...) rule; NotReducible when nothing applies', ['Expression to reduce by one step'], 'The result of that step, one alternative per match'),
  doc('evalc', 'Like eval, but looks the rules up in the given space', ['Expression to reduce by one step', 'Space holding the rules'], 'The result of that step'),
  doc('chain', 'Evaluates the first argument, binds each of its results to the variable and continues with the template', ['Atom to evaluate', 'Variable receiving each result', 'Template evaluated with the variable bound'], 'The results of the template'),
  doc('unify', 'Unifies two atoms (a space as one of them is queried instead); the third argument is the result under each set of bindings found, the fourth when there is none', ['First atom', 'Second atom (a pattern)', 'Result when they unify', 'Result when they do not'], 'The third argument per unifier, or the fourth'),
  doc('cons-atom', 'Builds an expression from a head and the expression of the remaining items', ['Head', 'Tail expression'], 'The expression (head tail...)'),
  doc('decons-atom', 'Splits a non-empty expression into its head and the expression of the rest: (decons-atom (a b c)) gives (a (b c))', ['Non-empty expression'], 'A pair (head tail)'),
  doc('function', 'Runs a minimal MeTTa body until it reaches (return <value>); ending on anything else is an Error NoReturn', ['Body built from minimal MeTTa instructions'], 'The returned value'),
  doc('return', 'Ends the enclosing (function ...) with a value', ['Value to return'], 'The value'),
  doc('collapse-bind', 'Evaluates its argument to completion and gathers every alternative together with the bindings it was found under', ['Minimal MeTTa expression'], 'An expression of (atom bindings) pairs'),
  doc('superpose-bind', 'Turns the pairs made by collapse-bind back into alternatives, restoring each set of bindings', ['Expression of (atom bindings) pairs'], 'Each atom as a separate alternative'),
  doc('metta', 'Runs the full MeTTa interpreter on an atom, expecting a type, in a space', ['Atom to interpret', 'Expected type (Atom and %Undefined% accept anything)', 'Space to evaluate in'], 'The results of the evaluation'),
  doc('context-space', 'Gives the space the current expression is evaluated in', [], 'That space'),
];

const ARITHMETIC = [
  doc('+', 'Adds two numbers; two integers give an integer, otherwise a float', ['First addend', 'Second addend'], 'The sum'),
  doc('-', 'Subtracts the second number from the first', ['Number to subtract from', 'Number to subtract'], 'The difference'),
  doc('*', 'Multiplies two numbers', ['First factor', 'Second factor'], 'The product'),
  doc('/', 'Divides the first number by the second; integers divide with truncation and fail on a zero divisor', ['Dividend', 'Divisor'], 'The quotient'),
  doc('%', 'Remainder of dividing the first number by the second', ['Dividend', 'Divisor'], 'The remainder'),
  doc('<', 'Tests whether the first number is smaller than the second', ['First number', 'Second number'], 'True or False'),
  doc('>', 'Tests whether the first number is greater than the second', ['First number', 'Second number'], 'True or False'),
  doc('<=', 'Tests whether the first number is smaller than or equal to the second', ['First number', 'Second number'], 'True or False'),
  doc('>=', 'Tests whether the first number is greater than or equal to the second', ['First number', 'Second number'], 'True or False'),
  doc('==', 'Tests two atoms of the same type for equality, without evaluating beyond the arguments (1 and 1.0 are equal)', ['First atom', 'Second atom'], 'True or False'),
  doc('and', 'Logical conjunction', ['First Bool', 'Second Bool'], 'True when both are True'),
  doc('or', 'Logical disjunction', ['First Bool', 'Second Bool'], 'True when at least one is True'),
  doc('xor', 'Exclusive or', ['First Bool', 'Second Bool'], 'True when exactly one is True'),
  doc('not', 'Logical negation', ['A Bool'], 'The opposite Bool'),
];

const MATH = [
  doc('pow-math', 'Raises a base to a power; an integer power must fit in 32 bits', ['Base', 'Exponent'], 'The power, as a Float'),
  doc('sqrt-math', 'Square root (NaN for a negative number)', ['Number'], 'The root, as a Float'),
  doc('abs-math', 'Absolute value; an integer stays an integer', ['Number'], 'The absolute value'),
  doc('log-math', 'Logarithm of a number in a given base', ['Base', 'Number'], 'The logarithm, as a Float'),
  doc('trunc-math', 'Drops the fractional part of a number; an integer is returned as is', ['Number'], 'The truncated number'),
  doc('ceil-math', 'Rounds a number up to a whole value; an integer is returned as is', ['Number'], 'The rounded number'),
  doc('floor-math', 'Rounds a number down to a whole value; an integer is returned as is', ['Number'], 'The rounded number'),
  doc('round-math', 'Rounds a number to the nearest whole value, halves away from zero; an integer is returned as is', ['Number'], 'The rounded number'),
  doc('sin-math', 'Sine of an angle in radians', ['Angle'], 'The sine, as a Float'),
  doc('asin-math', 'Arcsine, in radians', ['Number between -1 and 1'], 'The angle, as a Float'),
  doc('cos-math', 'Cosine of an angle in radians', ['Angle'], 'The cosine, as a Float'),
  doc('acos-math', 'Arccosine, in radians', ['Number between -1 and 1'], 'The angle, as a Float'),
  doc('tan-math', 'Tangent of an angle in radians', ['Angle'], 'The tangent, as a Float'),
  doc('atan-math', 'Arctangent, in radians', ['Number'], 'The angle, as a Float'),
  doc('isnan-math', 'Tests whether a number is NaN (an integer never is)', ['Number'], 'True or False'),
  doc('isinf-math', 'Tests whether a number is positive or negative infinity (an integer never is)', ['Number'], 'True or False'),
  atomDoc('PI', 'The Float constant pi'),
  atomDoc('EXP', 'The Float constant e, the base of natural logarithms'),
  doc('random-int', 'A random integer in a half-open range, from the runner\'s random source (the random module has a form taking a generator)', ['Lower bound, included', 'Upper bound, excluded'], 'The integer'),
  doc('random-float', 'A random float in a half-open range, from the runner\'s random source (the random module has a form taking a generator)', ['Lower bound, included', 'Upper bound, excluded'], 'The float'),
];

const CONTROL = [
  doc('superpose', 'Turns the items of a tuple into separate alternatives (nondeterministic results), each then evaluated', ['Tuple of alternatives'], 'Each item as its own result'),
  doc('collapse', 'Evaluates its argument and gathers all of its results into one tuple', ['Atom to evaluate'], 'The tuple of results; () when there are none'),
  doc('case', 'Evaluates the first argument and, for each result, returns the template of the first pattern it matches; Empty can be matched to catch the case of no result', ['Atom to evaluate', 'Tuple of (pattern template) pairs'], 'The chosen templates, evaluated'),
  doc('switch', 'Like case, but its first argument is evaluated as usual before the patterns are tried, so an empty argument gives no result', ['Value to match', 'Tuple of (pattern template) pairs'], 'The template of the first matching pattern'),
  doc('switch-minimal', 'The minimal MeTTa core of switch: tries the (pattern template) pairs in order and returns the first matching template unevaluated', ['Value to match', 'Tuple of (pattern template) pairs'], 'The matching template, or Empty'),
  doc('switch-internal', 'Helper of switch-minimal: tests the first (pattern template) pair of a deconstructed list and recurses on the rest', ['Value to match', 'Pair of the first case and the remaining cases'], 'The matching template'),
  doc('if', 'Chooses between two atoms by a condition; only the chosen one is evaluated', ['Condition', 'Result when True', 'Result when False'], 'The chosen argument, evaluated'),
  doc('let', 'Evaluates the second argument, unifies each result with the pattern and evaluates the template under the bindings; no result when they do not unify', ['Pattern', 'Atom to evaluate', 'Template'], 'The template with the pattern\'s variables bound'),
  doc('let*', 'Sequential let: each (pattern atom) pair is bound in order, later pairs seeing earlier bindings', ['Tuple of (pattern atom) pairs', 'Template'], 'The template with all the bindings'),
  doc('match', 'Searches a space for atoms unifying with a pattern and instantiates the template for each match', ['Space to search', 'Pattern', 'Template'], 'One instantiated template per match; nothing when there is none'),
  doc('if-equal', 'Chooses the third argument when the first two are equal up to variable renaming, the fourth otherwise; nothing is evaluated', ['First atom', 'Second atom', 'Result when equal', 'Result otherwise'], 'The third or the fourth argument'),
  doc('if-decons-expr', 'When the first argument is a non-empty expression, binds its head and tail to the two variables and gives the template; otherwise the default', ['Expression to split', 'Variable for the head', 'Variable for the tail', 'Template using head and tail', 'Default'], 'The template or the default'),
  doc('if-error', 'Chooses the second argument when the first is an Error expression, the third otherwise', ['Atom to test', 'Result for an error', 'Result otherwise'], 'The second or the third argument'),
  doc('return-on-error', 'Minimal MeTTa helper: returns from the enclosing function when the first argument is Empty or an Error, otherwise continues with the second', ['Result to check', 'Continuation'], 'The continuation, or a return of the error'),
  doc('nop', 'Ignores its arguments and does nothing', ['Anything (optional)'], UNIT),
  atomDoc('empty', 'A function of no arguments with no result: (empty) cuts the current alternative, like Empty'),
  doc('id', 'Identity: evaluates its argument and returns it', ['Atom'], 'The evaluated atom'),
  doc('noeval', 'Returns its argument without evaluating it', ['Atom'], 'The same atom, unevaluated'),
  doc('quote', 'Keeps its argument from being evaluated; (quote X) stays as it is', ['Atom'], 'The quote expression itself'),
  doc('unquote', 'Takes the atom out of a quote expression, which is then evaluated', ['A (quote X) expression'], 'X, evaluated'),
  doc('sealed', 'Renames every variable of an atom to a fresh one, except the listed ones, so the atom cannot capture outside variables', ['Expression of variables to keep', 'Atom to seal'], 'The atom with fresh variables'),
  doc('capture', 'Evaluates its argument in the space of the module it was written in', ['Atom to evaluate'], 'The results'),
  doc('pragma!', 'Sets an interpreter option: (pragma! type-check auto), (pragma! interpreter bare-minimal), or (pragma! max-stack-depth N) where N is an unsigned integer (0 means no limit)', ['Option name', 'New value'], UNIT),
  doc('atom-subst', 'Substitutes a value for a variable in a template', ['Value', 'Variable', 'Template'], 'The template with the value in place of the variable'),
  doc('=alpha', 'Tests whether two atoms are equal up to the names of their variables', ['First atom', 'Second atom'], 'True or False'),
  doc('noreduce-eq', 'Tests two atoms for equality without evaluating them', ['First atom', 'Second atom'], 'True or False'),
  doc('_collapse-extract', 'Helper of collapse: applies each (atom bindings) pair made by collapse-bind and keeps the atoms', ['Expression of (atom bindings) pairs'], 'Tuple of the atoms'),
];

const TYPES = [
  doc('get-type', 'Gives every type of an atom in the current space; %Undefined% when it has none and no result when it is badly typed', ['Atom'], 'Each type as a separate result'),
  doc('get-type-space', 'Gives every type of an atom, looked up in the given space', ['Space', 'Atom'], 'Each type as a separate result'),
  doc('get-metatype', 'Gives the kind of an atom: Symbol, Variable, Expression or Grounded', ['Atom'], 'The meta-type'),
  doc('is-function', 'Tests whether a type is a function type (-> ...)', ['Type'], 'True or False'),
  doc('type-cast', 'Returns the atom when one of its types in the space fits the given type, an Error BadType otherwise', ['Atom', 'Type to check against', 'Space holding type declarations'], 'The atom or an Error'),
  doc('match-types', 'Chooses the third argument when the two types are compatible (%Undefined% and Atom fit anything, otherwise they must unify), the fourth otherwise', ['First type', 'Second type', 'Result when compatible', 'Result otherwise'], 'The third or the fourth argument'),
  doc('first-from-pair', 'Gives the first item of a two-item expression', ['Pair'], 'Its first item, or an Error for anything else'),
  doc('match-type-or', 'Folding step of type-cast: ors the accumulated Bool with whether the next type fits the target type', ['Bool so far', 'Type to test', 'Target type'], 'True or False'),
];

const ATOMS = [
  doc('car-atom', 'Gives the first item of a non-empty expression', ['Expression'], 'Its head'),
  doc('cdr-atom', 'Gives a non-empty expression without its first item', ['Expression'], 'Its tail'),
  doc('size-atom', 'Counts the items of an expression', ['Expression'], 'The number of items'),
  doc('index-atom', 'Gives the item of an expression at a zero-based position', ['Expression', 'Index'], 'The item, or an Error when the index is out of bounds'),
  doc('min-atom', 'Smallest number of an expression of numbers', ['Expression of numbers'], 'The minimum, as a Float'),
  doc('max-atom', 'Largest number of an expression of numbers', ['Expression of numbers'], 'The maximum, as a Float'),
  doc('filter-atom', 'Keeps the items of an expression for which the predicate, with the variable bound to the item, evaluates to True', ['Expression', 'Variable', 'Predicate'], 'Expression of the kept items'),
  doc('map-atom', 'Evaluates a template for each item of an expression, with the variable bound to the item', ['Expression', 'Variable', 'Template'], 'Expression of the results'),
  doc('foldl-atom', 'Folds an expression from the left: starting from the initial value, evaluates the operation with the accumulator and each item bound to the two variables', ['Expression', 'Initial value', 'Variable for the accumulator', 'Variable for the item', 'Operation'], 'The final accumulator'),
  doc('for-each-in-atom', 'Calls a function on each item of an expression, for its side effects', ['Expression', 'Function to call'], UNIT),
  doc('unique-atom', 'Drops repeated items of an expression (compared up to variable names), keeping first occurrences', ['Expression'], 'Expression without repeats'),
  doc('union-atom', 'Concatenates two expressions, keeping every occurrence', ['First expression', 'Second expression'], 'Expression of all items of both'),
  doc('intersection-atom', 'Keeps the items of the first expression that also occur in the second, counting occurrences', ['First expression', 'Second expression'], 'Expression of the common items'),
  doc('subtraction-atom', 'Removes from the first expression the items that occur in the second, counting occurrences', ['First expression', 'Second expression'], 'Expression of the remaining items'),
  doc('unique', 'Evaluates its argument and keeps one of each distinct result', ['Atom with nondeterministic results'], 'The distinct results'),
  doc('union', 'All the results of both arguments', ['First atom to evaluate', 'Second atom to evaluate'], 'The results of both'),
  doc('intersection', 'The results of the first argument that are also results of the second, counting repeats', ['First atom to evaluate', 'Second atom to evaluate'], 'The common results'),
  doc('subtraction', 'The results of the first argument that are not results of the second, counting repeats', ['First atom to evaluate', 'Second atom to evaluate'], 'The remaining results'),
  doc('sort-strings', 'Sorts an expression of strings', ['Expression of strings'], 'The sorted expression'),
];

const SPACES = [
  doc('new-space', 'Creates a new, empty space', [], 'The space'),
  doc('open-space', 'Opens the database space a URL names: "sqlite:FILE" (a file, created if needed) or "postgres://user@host:port/db"; its atoms persist and other processes may share it (Node hosts only)', ['URL string'], 'The space'),
  doc('add-atom', 'Adds an atom to a space as it is, without evaluating it', ['Space', 'Atom'], UNIT),
  doc('add-reduct', 'Evaluates an atom and adds the result to a space', ['Space', 'Atom to evaluate'], UNIT),
  doc('add-atoms', 'Adds each item of an expression to a space, unevaluated', ['Space', 'Expression of atoms'], UNIT),
  doc('add-reducts', 'Evaluates an expression of atoms and adds each resulting item to a space', ['Space', 'Expression of atoms'], UNIT),
  doc('remove-atom', 'Removes one occurrence of an atom from a space (nothing happens when it is absent)', ['Space', 'Atom'], UNIT),
  doc('get-atoms', 'Gives every atom stored in a space, with fresh variables', ['Space'], 'Each atom as a separate result'),
  doc('new-state', 'Creates a mutable state holding a value', ['Initial value'], 'The state, shown as (State value)'),
  doc('get-state', 'Reads the value held by a state', ['State'], 'The value'),
  doc('change-state!', 'Replaces the value held by a state; the new value must have the state\'s type', ['State', 'New value'], 'The state'),
  doc('bind!', 'Makes a word stand for an atom in the rest of the program text, e.g. (bind! &kb (new-space))', ['Word', 'Atom it stands for'], UNIT),
];

const MODULES = [
  doc('import!', 'Loads a module; with &self its atoms and tokens join the current module, with a new word that word names the module\'s space', ['&self, or a word for the module\'s space', 'Module name or path (parts may be separated by :)'], UNIT),
  doc('include', 'Runs a module\'s file in the current module, as if its text were written here', ['Module name or path'], 'The results of the file\'s last evaluated form'),
  doc('mod-space!', 'Gives the space of a module, loading the module first when needed', ['Module name'], 'The module\'s space'),
  doc('print-mods!', 'Prints the loaded modules', [], UNIT),
  doc('register-module!', 'Loads the module found at a file system path', ['Path'], UNIT),
  doc('git-module!', 'Loads a module from a git repository (not available in this runtime)', ['Repository URL'], UNIT),
];

const OUTPUT = [
  doc('println!', 'Prints an atom and a newline to the standard output; a String is printed without quotes', ['Atom to print'], UNIT),
  doc('trace!', 'Prints the first argument to the standard error and returns the second', ['Atom to print', 'Atom to return'], 'The second argument'),
  doc('print-alternatives!', 'Prints a heading with the number of items, then each item of an expression on its own line', ['Heading', 'Expression of items'], UNIT),
  doc('format-args', 'Fills the {} placeholders of a format string with the items of an expression, in order', ['Format string', 'Expression of values'], 'The formatted String'),
  doc('repr', 'The text of an atom as it prints', ['Atom'], 'A String'),
  doc('parse', 'Reads the first atom written in a string, using the standard library\'s words', ['String of MeTTa text'], 'The atom'),
  doc('stringToChars', 'Splits a String into an expression of its characters, each a Char atom written like \'a\'', ['String'], 'The expression of Chars'),
  doc('charsToString', 'Joins an expression of Chars (or Strings) into one String', ['Expression of Chars'], 'The String'),
];

const ASSERTS = [
  doc('assert', 'Checks that an atom evaluates to True', ['Atom to evaluate'], 'The unit value, or an Error'),
  doc('assertEqual', 'Checks that two atoms have the same results, as multisets', ['Atom to evaluate', 'Atom whose results are expected'], 'The unit value, or an Error describing the difference'),
  doc('assertEqualMsg', 'Like assertEqual, with the given message in the Error', ['Atom to evaluate', 'Atom whose results are expected', 'Message on failure'], 'The unit value, or an Error with the message'),
  doc('assertAlphaEqual', 'Like assertEqual, comparing results up to variable names', ['Atom to evaluate', 'Atom whose results are expected'], 'The unit value, or an Error describing the difference'),
  doc('assertAlphaEqualMsg', 'Like assertAlphaEqual, with the given message in the Error', ['Atom to evaluate', 'Atom whose results are expected', 'Message on failure'], 'The unit value, or an Error with the message'),
  doc('assertEqualToResult', 'Checks that an atom\'s results are exactly the items of an unevaluated tuple, as multisets', ['Atom to evaluate', 'Tuple of expected results'], 'The unit value, or an Error describing the difference'),
  doc('assertEqualToResultMsg', 'Like assertEqualToResult, with the given message in the Error', ['Atom to evaluate', 'Tuple of expected results', 'Message on failure'], 'The unit value, or an Error with the message'),
  doc('assertAlphaEqualToResult', 'Like assertEqualToResult, comparing up to variable names', ['Atom to evaluate', 'Tuple of expected results'], 'The unit value, or an Error describing the difference'),
  doc('assertAlphaEqualToResultMsg', 'Like assertAlphaEqualToResult, with the given message in the Error', ['Atom to evaluate', 'Tuple of expected results', 'Message on failure'], 'The unit value, or an Error with the message'),
  doc('assertIncludes', 'Checks that every item of a tuple is among the results of an atom', ['Atom to evaluate', 'Tuple of results that must occur'], 'The unit value, or an Error naming what is missing'),
  doc('_assert-results-are-equal', 'Helper of the assert family: compares two result tuples as multisets', ['Actual results', 'Expected results', 'The assert call, for the Error'], 'The unit value, or an Error describing the difference'),
  doc('_assert-results-are-equal-msg', 'Helper of the assert family: compares two result tuples as multisets', ['Actual results', 'Expected results', 'The assert call, for the Error', 'Message on failure'], 'The unit value, or an Error with the message'),
  doc('_assert-results-are-alpha-equal', 'Helper of the assert family: compares two result tuples as multisets, up to variable names', ['Actual results', 'Expected results', 'The assert call, for the Error'], 'The unit value, or an Error describing the difference'),
  doc('_assert-results-are-alpha-equal-msg', 'Helper of the assert family: compares two result tuples as multisets, up to variable names', ['Actual results', 'Expected results', 'The assert call, for the Error', 'Message on failure'], 'The unit value, or an Error with the message'),
];

const DOCUMENTATION = [
  doc('get-doc', 'Gives the documentation of an atom as a @doc-formal expression, from its @doc entry and its type; in the current space when no space is given', ['Space (optional)', 'Atom'], 'The @doc-formal expression; no result when undocumented'),
  doc('help!', 'Prints the documentation of an atom, or lists a module\'s documented names; without an argument lists the standard library', ['Atom or module name'], UNIT),
  doc('_get-doc', 'Helper of get-doc: reads the documentation of an atom in a space', ['Space', 'Atom'], 'The @doc-formal expression'),
  doc('_help!', 'Helper of help!: prints the documentation of an atom or a module', ['Atom or module name'], UNIT),
  doc('@doc', 'Documents an atom: (@doc name (@desc text)) for a value, (@doc name (@desc text) (@params ((@param text) ...)) (@return text)) for a function', ['Documented atom', 'Description', 'Parameters (functions only)', 'Return value (functions only)'], 'A documentation entry'),
  doc('@desc', 'Description part of a @doc entry', ['Text'], 'The description'),
  doc('@params', 'Parameters part of a @doc entry: a tuple of @param', ['Tuple of @param'], 'The parameter list'),
  doc('@param', 'One parameter of a function in a @doc entry; in @doc-formal it also holds the parameter\'s type', ['Text'], 'The parameter description'),
  doc('@return', 'Return value part of a @doc entry; in @doc-formal it also holds the return type', ['Text'], 'The return description'),
  doc('@doc-formal', 'The documentation of an atom as get-doc gives it: (@item), (@kind), (@type), (@desc) and, for functions, (@params) and (@return) with types', ['Item', 'Kind', 'Type', 'Description', 'Typed parameters', 'Typed return value'], 'The full documentation'),
  doc('@item', 'The documented atom inside @doc-formal', ['Atom'], 'The item'),
  doc('@kind', 'Whether @doc-formal describes a function or an atom', ['function or atom'], 'The kind'),
  doc('@type', 'A type inside @doc-formal', ['Type'], 'The type'),
];

const SYMBOLS = [
  doc('=', 'Declares a rule: an expression matching the left side evaluates to the right side', ['Pattern', 'Result'], 'Not evaluated itself'),
  doc(':', 'Declares the type of an atom', ['Atom', 'Type'], 'Not evaluated itself'),
  doc(':<', 'Declares that one type is a subtype of another', ['Subtype', 'Supertype'], 'Not evaluated itself'),
  atomDoc('->', 'Builds a function type: (-> argument-types... result-type)'),
  doc('Error', 'Builds an error: the atom that failed and why (a message, BadType, BadArgType, IncorrectNumberOfArguments, ...)', ['Atom that failed', 'Reason'], 'The error'),
  atomDoc('ErrorType', 'Type of error expressions'),
  atomDoc('SpaceType', 'Type of spaces'),
  atomDoc('Empty', 'No result: an alternative that evaluates to Empty is dropped'),
  atomDoc('NotReducible', 'Returned by a rule to leave the call unevaluated'),
  atomDoc('%Undefined%', 'The type of atoms without a declared type; it fits any type'),
  atomDoc('Type', 'The type of types'),
  atomDoc('Atom', 'Meta-type that fits any atom; an argument of this type is passed unevaluated'),
  atomDoc('Symbol', 'Meta-type of symbols; an argument of this type is passed unevaluated'),
  atomDoc('Variable', 'Meta-type of variables; an argument of this type is passed unevaluated'),
  atomDoc('Expression', 'Meta-type of expressions; an argument of this type is passed unevaluated'),
  atomDoc('Grounded', 'Meta-type of grounded atoms (numbers, strings, spaces, operations, ...)'),
  atomDoc('Number', 'Type of integers and floats'),
  atomDoc('Bool', 'Type of True and False'),
  atomDoc('String', 'Type of string literals'),
  atomDoc('StateMonad', 'Type constructor of states: (StateMonad T) holds a value of type T'),
  atomDoc('BadType', 'Error reason: an atom does not have the expected type'),
  atomDoc('BadArgType', 'Error reason (BadArgType index expected actual): an argument has the wrong type'),
  atomDoc('IncorrectNumberOfArguments', 'Error reason: a function was called with the wrong number of arguments'),
  atomDoc('StackOverflow', 'Error reason: the evaluation went deeper than max-stack-depth'),
  atomDoc('NoReturn', 'Error reason: a function body ended without (return ...)'),
];

export const CORELIB_DOCS = ['\n', ...MINIMAL, ...ARITHMETIC, ...MATH, ...CONTROL, ...TYPES, ...ATOMS, ...SPACES, ...MODULES,
  ...OUTPUT, ...ASSERTS, ...DOCUMENTATION, ...SYMBOLS].join('');

export const RANDOM_DOCS = [
  doc('random-int', 'A random integer in a half-open range, drawn from a generator', ['Generator, such as &rng', 'Lower bound, included', 'Upper bound, excluded'], 'The integer'),
  doc('random-float', 'A random float in a half-open range, drawn from a generator', ['Generator, such as &rng', 'Lower bound, included', 'Upper bound, excluded'], 'The float'),
  doc('set-random-seed', 'Seeds a generator, so that it repeats the same sequence', ['Generator', 'Seed'], UNIT),
  doc('new-random-generator', 'Creates a generator seeded with a number', ['Seed'], 'The generator'),
  doc('reset-random-generator', 'Makes a generator draw from the runner\'s random source again, as &rng does at first', ['Generator'], UNIT),
  doc('flip', 'A random Bool, True or False with equal chance', [], 'True or False'),
].join('');
