// Random GitHub Actions expressions over random contexts, from one seed.
// Deterministic: the same seed and count always give the same cases, so a failure replays with
// GHAPLAY_DIFF_SEED. Each case is {expression, context} where context is JSON text (written by
// hand so that -0 survives) of an object whose keys are the named contexts.
//
// What the generator never makes, and why (each is a known, deliberate difference between
// @actions/expressions and ghaplay, which follows GitHub's runner there; see compare.mjs):
//  - integer-like object keys ("0", "42"): JavaScript objects list them first, so the engine's
//    toJSON (JSON.stringify of a plain object) and fromJSON (Object.keys) reorder them, while the
//    runner and ghaplay keep insertion order;
//  - a string literal with more than one '' escape: the engine unescapes only the first
//    (value.replace("''", "'")), the runner and ghaplay every one;
//  - a line break outside string literals: the engine counts error positions from the start of the
//    line, the runner and ghaplay from the start of the expression (upstream skips its own
//    multi-line cases for TypeScript for this reason);
//  - characters whose upper case is several characters (ß -> SS), the dotted İ (lower case i̇) and
//    the Greek capital sigma (whose lower case depends on its position): the engine's toUpperCase and
//    toLowerCase use those full, context-dependent mappings, the runner's OrdinalIgnoreCase and
//    ghaplay one character to one character;
//  - lone UTF-16 surrogates: JSON text to ghaplay is UTF-8, where they do not exist;
//  - expressions over 21,000 characters (the engine throws a bare "ErrorExceededMaxLength") and
//    results near the runner's memory limit: depth and sizes here stay far below both.

export function mulberry32(seed) {
  let a = seed >>> 0;
  return function next() {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

class Random {
  constructor(seed) {
    this.next = mulberry32(seed);
  }
  int(n) {
    return Math.floor(this.next() * n);
  }
  range(lo, hi) {
    return lo + this.int(hi - lo + 1);
  }
  chance(p) {
    return this.next() < p;
  }
  pick(items) {
    return items[this.int(items.length)];
  }
  // [[weight, value-or-function], ...]
  weighted(table) {
    const total = table.reduce((s, [w]) => s + w, 0);
    let x = this.next() * total;
    for (const [w, v] of table) {
      if ((x -= w) < 0) return typeof v === "function" ? v() : v;
    }
    const v = table[table.length - 1][1];
    return typeof v === "function" ? v() : v;
  }
  // Random letter case: "github" -> "GitHub", "GITHUB", ...
  mixCase(s) {
    const mode = this.int(4);
    if (mode === 0) return s;
    if (mode === 1) return s.toUpperCase();
    if (mode === 2) return s.toLowerCase();
    return [...s].map((c) => (this.chance(0.5) ? c.toUpperCase() : c.toLowerCase())).join("");
  }
}

// ---------------------------------------------------------------------------------------------
// Values and contexts

// Pieces of strings: plain words in mixed case, look-alikes of other types, JSON and format
// syntax, quotes, escapes, control characters and non-ASCII (accents, the dotless ı that GitHub's
// case-insensitive comparison leaves alone, a full-width letter above the surrogates, an emoji,
// and now and then any letter of the blocks in LETTER_BLOCKS).
const WORDS = [
  "foo", "Bar", "BAZ", "main", "Main", "refs/heads/main", "push", "pull_request", "ubuntu-latest",
  "success", "failure", "x", "X", "a", "ab", "AB", "hello world", "", " ", "  ",
  "true", "True", "false", "null", "NaN", "Infinity", "-Infinity", "infinity",
  "0", "1", "-1", "01", "1.5", ".5", "5.", "1e3", "1E+3", "-0", "0x1F", "0xff", "0o17", " 42 ", "\t7\n",
  "1,000", "1_000", "0b101", "12abc",
  "'", "''", "it's", "\"", "{", "}", "{0}", "{{", "}}", "{1}", "[", "]", "[1,2]", "{\"a\":1}",
  "\\", "\\n", "\n", "\r\n", "\t", "\u0001", "\u001f", "\u007f",
  "é", "É", "ñ", "Ñ", "ü", "Ü", "ı", "I", "i", "ｆ", "Ｆ", "€", "😀", "日本", "Ωμέγα", "Привет",
];

// Letters with case, for the case-insensitive operators: Latin-1 and Latin Extended-A/B, IPA,
// Greek and Coptic, Cyrillic, Armenian, Georgian, Latin Extended Additional, Greek Extended, letterlike
// symbols, Glagolitic, Latin Extended-C/D, full-width Latin, and astral Deseret.
const LETTER_BLOCKS = [
  [0xc0, 0x24f], [0x250, 0x2af], [0x370, 0x3ff], [0x400, 0x52f], [0x531, 0x586], [0x10a0, 0x10ff],
  [0x1e00, 0x1eff], [0x1f00, 0x1fff], [0x2100, 0x214f], [0x2c00, 0x2c7f], [0xa640, 0xa69f], [0xa720, 0xa7ff],
  [0xff21, 0xff5a], [0x10400, 0x1044f],
];

// Characters whose case mapping in JavaScript is not one character to one (see the header).
export function hasFullCaseMapping(text) {
  for (const c of text) {
    if (c === "\u03a3" || [...c.toUpperCase()].length !== 1 || [...c.toLowerCase()].length !== 1) return true;
  }
  return false;
}

function randomLetter(r) {
  for (;;) {
    const [lo, hi] = r.pick(LETTER_BLOCKS);
    const c = String.fromCodePoint(r.range(lo, hi));
    if (/\p{L}/u.test(c) && !hasFullCaseMapping(c)) return c;
  }
}

const KEY_NAMES = [
  "name", "Name", "ref", "sha", "outputs", "result", "conclusion", "event", "a", "B", "c_d", "e-f",
  "_g", "x1", "true", "null", "NaN", "Infinity", "status", "value", "items", "id", "Id", "ID",
];
// Keys that only an index reaches: spaces, dots, number-like but not integer-like, non-ASCII.
const ODD_KEYS = ["with space", "dot.key", "1.5", "-1", "01", "1e3", "", "ünï", "ÜNÏ", "it's", "{0}", "*"];

export function isIntegerLikeKey(key) {
  return /^(0|[1-9]\d*)$/.test(key) && Number(key) < 2 ** 32 - 1;
}

const CONTEXT_NAMES = ["github", "env", "inputs", "matrix", "steps", "needs", "vars", "job", "runner", "secrets", "strategy", "my_ctx", "Foo", "a-b", "_x"];

function randomString(r) {
  const n = r.weighted([[3, 1], [3, 2], [1, 3], [1, 0]]);
  let s = "";
  for (let i = 0; i < n; i++) s += r.chance(0.1) ? randomLetter(r) : r.pick(WORDS);
  s = r.mixCase(s);
  return hasFullCaseMapping(s) ? "x" : s;
}

function randomNumber(r) {
  return r.weighted([
    [3, () => r.pick([0, -0, 1, -1, 2, 3, 10, 42, 100, 255])],
    [3, () => r.range(-1000, 1000)],
    [2, () => r.pick([0.5, -0.5, 1.25, 0.1, 0.2, 0.3, 1 / 3, 2 / 3, 3.14159, 2.5, 1.999999, 0.000123])],
    [1, () => r.pick([1e15, 1e16, 123456789012345, 1234567890123456, 2 ** 53, 2 ** 53 + 2, 9007199254740993, 1e21, 1e-7, 1.5e300, -1e21, 4294967295, 2147483648])],
    [1, () => r.pick([1e-5, 1e-6, 123.456789012345678, 0.1 + 0.2, 1e20, 99999999999999999999, 5e-324, 1.7976931348623157e308])],
    [1, () => Math.round((r.next() - 0.5) * 1e6) / 1000],
  ]);
}

function randomKey(r, used) {
  for (let attempt = 0; attempt < 10; attempt++) {
    const k = r.chance(0.8) ? r.mixCase(r.pick(KEY_NAMES)) : r.pick(ODD_KEYS);
    // Keys differing only in case are kept now and then (first one wins in both engines);
    // exact repeats cannot be told apart in JSON text and are skipped.
    if (!used.has(k) && !isIntegerLikeKey(k)) {
      used.add(k);
      return k;
    }
  }
  return null;
}

// A random JSON-able value: {$object: [[k, v], ...]} for objects (ordered), arrays, primitives.
export function randomValue(r, depth) {
  const leaf = [
    [4, () => randomString(r)],
    [3, () => randomNumber(r)],
    [1, () => r.chance(0.5)],
    [1, null],
  ];
  if (depth <= 0) return r.weighted(leaf);
  return r.weighted([
    ...leaf,
    [3, () => Array.from({ length: r.weighted([[1, 0], [3, 1], [3, 2], [3, 3], [1, 5]]) }, () => randomValue(r, depth - 1))],
    [5, () => randomObject(r, depth - 1)],
  ]);
}

function randomObject(r, depth) {
  const used = new Set();
  const pairs = [];
  const n = r.weighted([[1, 0], [2, 1], [3, 2], [3, 3], [2, 4], [1, 6]]);
  for (let i = 0; i < n; i++) {
    const k = randomKey(r, used);
    if (k !== null) pairs.push([k, randomValue(r, depth)]);
  }
  return { $object: pairs };
}

// JSON text; -0 is written "-0" (JSON.stringify would write 0). Never NaN or the infinities.
export function toJsonText(v) {
  if (v === null || typeof v === "boolean") return String(v);
  if (typeof v === "number") return Object.is(v, -0) ? "-0" : JSON.stringify(v);
  if (typeof v === "string") return JSON.stringify(v);
  if (Array.isArray(v)) return `[${v.map(toJsonText).join(",")}]`;
  return `{${v.$object.map(([k, x]) => `${JSON.stringify(k)}:${toJsonText(x)}`).join(",")}}`;
}

function randomContexts(r) {
  const names = new Set();
  const pairs = [];
  const n = r.range(1, 4);
  for (let i = 0; i < n; i++) {
    const name = r.pick(CONTEXT_NAMES);
    if (names.has(name.toLowerCase())) continue;
    names.add(name.toLowerCase());
    const value = r.weighted([[8, () => randomObject(r, r.range(1, 3))], [1, () => randomValue(r, 2)]]);
    pairs.push([name, value]);
  }
  return { $object: pairs };
}

// ---------------------------------------------------------------------------------------------
// Expressions

// A string literal: at most one '' escape (see the header).
function stringLiteral(r, s) {
  let quotes = 0;
  let out = "";
  for (const c of s) {
    if (c === "'") {
      if (quotes++ >= 1) continue; // drop further quotes
      out += "''";
    } else if (c === "\n") {
      out += "\n"; // a line break inside a literal is fine: only whitespace line breaks move positions
    } else {
      out += c;
    }
  }
  return `'${out}'`;
}

const NUMBER_LITERALS = [
  "0", "1", "2", "42", "-1", "+1", "-0", "0.0", "-0.0", ".5", "-.5", "+.5", "1.", "1.5", "0.1", "3.14159",
  "1e3", "1E3", "1e+3", "1e-3", "2.5E-2", "0x0", "0xF", "0xff", "0x1F", "0xfF", "0x7FFFFFFF", "0o0", "0o7",
  "0o17", "0o777", "00012", "1e21", "1e-7", "123456789012345678", "1e308", "1e400", "-1e400",
  "0.30000000000000004", "1234567.125", "9007199254740993",
];

// A number as some literal text: random magnitudes and digit counts, in the forms the lexer reads.
function numberText(r) {
  const x = r.weighted([
    [3, () => (r.next() - 0.5) * 10 ** r.range(-25, 25)],
    [2, () => Math.round((r.next() - 0.5) * 10 ** r.range(0, 18))],
    [1, () => Math.round((r.next() - 0.5) * 10 ** r.range(0, 6)) / 10 ** r.range(1, 17)],
    [1, () => r.pick([0.1, 0.7, 1.005, 2.675, 1e15 - 1, 1e15, 1e15 + 1, 2 ** 53, 999999999999999.9, 0.000001, 0.0000001, 1e-15, 1e-16])],
  ]);
  const t = r.weighted([
    [5, () => String(x)],
    [1, () => x.toExponential(r.range(0, 16))],
    [1, () => x.toFixed(r.range(0, 20))],
    [1, () => (Number.isSafeInteger(x) && x >= 0 && x < 2 ** 31 ? `0x${x.toString(16)}` : String(x))],
    [1, () => (Number.isSafeInteger(x) && x >= 0 && x < 2 ** 30 ? `0o${x.toString(8)}` : String(x))],
  ]);
  return /^[-+]?(\d|\.\d)/.test(t) || t.startsWith("0x") || t.startsWith("0o") ? t : String(x);
}

// A number literal's text as JSON (JSON has no hex, octal, leading + or bare dots).
function jsonNumber(t) {
  const x = Number(t);
  return Number.isFinite(x) ? (Object.is(x, -0) ? "-0" : String(x)) : "0";
}

// Texts that may or may not read as a number: white space of all kinds around digits, prefixes
// and spellings JavaScript's Number() accepts or refuses.
function numericText(r) {
  const core = r.pick([
    "1", "-1", "+1", "0", "-0", ".5", "5.", "1e3", "1E-3", "1e+3", "0x1F", "0X1F", "0o17", "0O17", "0b11", "0B11",
    "Infinity", "-Infinity", "+Infinity", "infinity", "NaN", "1_000", "1,000", "0x", "1e", "--1", "0.0.1", "00012",
    "٣", "５", "1e400", "-1e400", "1e-400", "0xFFFFFFFF", "0x100000000", "0o77777777777", "9007199254740993", "",
  ]);
  const ws = () => r.pick(["", "", "", " ", "\t", "\n", "\r\n", "\u00a0", "\ufeff", "\u2028", "\u3000", "\v", "\f", "\u200b"]);
  return ws() + core + ws();
}

const FUNCTION_NAMES = ["contains", "startsWith", "endsWith", "format", "join", "toJSON", "fromJSON", "case"];

const VALID_FORMATS = [
  "{0}", "{0} {1}", "{1}{0}", "a{0}b", "{{0}}", "{{{0}}}", "{{", "}}", "plain", "", "{0}{0}", "x {2} y {0}",
  "{00}", "{0}-{1}-{2}", "{{ {0} }}", "{0}}}", "{{{0}",
];
const INVALID_FORMATS = [
  "{0", "0}", "{", "}", "{a}", "{ 0}", "{0 }", "{-1}", "{0:x}", "{0,5}", "}{0}", "{0}{", "{{0}", "{0}}", "{1}", "{5}",
  "{256}", "{99999999999}", "{}", "{0}{1}{2}{3}",
];

const VALID_JSON = [
  "1", "-1", "-0", "0", "1.5", "1e3", "1E-2", "12345678901234567890", "\"s\"", "\"\"", "\"a\\nb\"", "\"\\u00e9\"",
  "true", "false", "null", "[]", "{}", "[1,2,3]", "[1,\"a\",null,true]", "{\"a\":1}", "{\"A\":1,\"b\":[1,2]}",
  "{\"a\":{\"b\":{\"c\":\"d\"}}}", " 3 ", "\n[ 1 , 2 ]\t", "{\"a\":1,\"A\":2}", "[[],{}]", "{\"x\":-0}", "\"Ünï😀\"",
  "{\"with space\":1,\"dot.key\":2}", "{\"a\":1,\"a\":2}", "{\"a\":1,\"b\":2,\"a\":3}", "1e400", "-1e400", "1e-400",
  "\"\\/\\b\\f\\n\\r\\t\\u0000\\u00E9\"", "[1E+2,-0.0,0.5e-1]", "\u00a0", " \n\t\r1", "{\"a\":{\"b\":[{\"c\":[[[]]]}]}}",
];
const INVALID_JSON = [
  "", " ", "{", "[1,]", "{'a':1}", "nul", "tru", "1 2", "01", ".5", "+1", "NaN", "Infinity", "[1", "\"abc", "{\"a\"}",
  "{a:1}", "'s'", "\"\\x\"", "1.", "--1", "[1,2]]", "// x\n1", "0x10", "\u00a0 1", "\ufeff1", "\"a\tb\"", "-", "1.e3",
  "[1,2", "{\"a\":1,}", "\"\\u12\"", "tRue", "[,1]", "1e", "\u2028",
];

const MALFORMED = [
  "", " ", "(", ")", "()", "(1", "1)", "((1)", "[", "]", "a.", "a[", "a[]", "a[0", ".a", "..a", "a..b", "a.1", "a.[0]",
  "1 2", "1 == ", "== 1", "!", "1 !", "1 = 1", "1 === 1", "1 & 1", "1 | 1", "1 &&& 1", "1 || || 1", "1 <> 2", "1 => 2",
  "'abc", "abc'", "'a''", "\"a\"", "a.b-", "-a", "--1", "1.2.3", "0x", "0xG", "1e", "1e+", "0o8", "0b101", "1_000", "TRUE",
  "True", "Null", "nan", "infinity", "-Inf", "foo()", "nosuch.x", "a.*.", "*", "a.**", "a[*", "a[**]", "@", "#x", "$x",
  "a ? b : c", "a; b", "a, b", "1,", "contains(1)", "contains(1, 2, 3)", "startsWith()", "endsWith('a')", "join()",
  "join(1, 2, 3)", "toJSON()", "toJSON(1, 2)", "fromJSON()", "fromJSON(1, 2)", "format()", "case(true, 1)",
  "case(true)", "case()", "case(true, 1, false, 2)", "success()", "always()", "hashFiles('x')", "format('{0}',)",
  "format(,1)", "contains(,)", "a(1)", "1(2)", "'a'(1)", "(1)(2)", "a.b(1)", "😀", "é", "a b", "a == b c", "!(",
  "1 < )", "> 1", "a[1]2", "a.b 2", "(1)2", "1 && ..x", ".github/x.md", "x/y", "1 =2", "1 &2", "1 |2",
];

export class ExpressionGenerator {
  constructor(r, contexts) {
    this.r = r;
    this.contexts = contexts; // {$object: [[name, value], ...]}
  }

  // A value-producing expression of nesting depth at most `depth`.
  expr(depth) {
    const r = this.r;
    if (depth <= 0) {
      return r.weighted([
        [3, () => this.literal()],
        [5, () => this.access(0)],
      ]);
    }
    return r.weighted([
      [3, () => this.literal()],
      [6, () => this.access(depth)],
      [2, () => `!${this.operand(depth - 1)}`],
      [6, () => this.binary(depth)],
      [1, () => `(${this.expr(depth - 1)})`],
      [7, () => this.call(depth)],
      [3, () => this.probe()],
    ]);
  }

  // Conversions between numbers and strings, where engines most easily part ways: number to text
  // (format, join, toJSON, object keys), text to number (comparisons), number literals.
  probe() {
    const r = this.r;
    const num = () => numberText(r);
    const numericString = () => stringLiteral(r, r.chance(0.5) ? numericText(r) : num());
    const ctxName = r.pick(this.contexts.$object)[0];
    return r.weighted([
      [3, () => `format('{0}', ${num()})`],
      [2, () => `format('{0}|{1}', ${num()}, ${numericString()})`],
      [2, () => `join(fromJSON('[${[num(), num(), num()].map(jsonNumber).join(",")}]'), ' ')`],
      [2, () => `toJSON(${num()})`],
      [2, () => `toJSON(fromJSON('${jsonNumber(num())}'))`],
      [2, () => `fromJSON(${numericString()})`],
      [3, () => `${numericString()} ${r.pick(["==", "!=", "<", ">", "<=", ">="])} ${num()}`],
      [1, () => `${num()} ${r.pick(["==", "<", ">="])} ${r.pick(["true", "false", "null"])}`],
      [2, () => `${ctxName}[${num()}]`],
      [1, () => `${ctxName}[${numericString()}]`],
      [2, () => num()],
      [1, () => `contains(${num()}, ${numericString()})`],
      [1, () => `startsWith(${numericString()}, ${num()})`],
    ]);
  }

  // An operand: as it is (so precedence decides) or in parentheses.
  operand(depth) {
    const e = this.expr(depth);
    return this.r.chance(0.35) ? `(${e})` : e;
  }

  literal() {
    const r = this.r;
    return r.weighted([
      [1, "null"],
      [1, "true"],
      [1, "false"],
      [1, () => r.pick(["NaN", "Infinity", "-Infinity", "+Infinity"])],
      [4, () => r.pick(NUMBER_LITERALS)],
      [6, () => stringLiteral(r, randomString(r))],
    ]);
  }

  // Walks the real context so that most accesses find something.
  access(depth) {
    const r = this.r;
    const contexts = this.contexts.$object;
    const [name, root] = r.pick(contexts);
    let out = r.mixCase(name);
    let current = root;
    const steps = r.weighted([[2, 0], [4, 1], [4, 2], [2, 3], [1, 4]]);
    for (let i = 0; i < steps; i++) {
      const isObject = current && typeof current === "object" && !Array.isArray(current);
      const isArray = Array.isArray(current);
      const choice = r.weighted([
        [isObject ? 8 : 1, "key"],
        [isArray ? 6 : 1, "int"],
        [1, "star"],
        [depth > 0 ? 1 : 0, "expr"],
        [1, "missing"],
      ]);
      if (choice === "key") {
        const keys = isObject ? current.$object : [];
        const [key, next] = keys.length ? r.pick(keys) : [r.pick(KEY_NAMES), undefined];
        const k = r.chance(0.6) ? r.mixCase(key) : key;
        if (/^[A-Za-z_][A-Za-z0-9_-]*$/.test(k) && r.chance(0.7)) out += `.${k}`;
        else out += `[${stringLiteral(r, k)}]`;
        current = next;
      } else if (choice === "int") {
        const n = isArray ? current.length : 2;
        const i2 = r.weighted([[6, () => r.int(n + 1)], [1, () => r.pick(["-1", "0.9", "1.5", "'1'", "' 0 '", "true", "null", "'0x1'", "1e0", "NaN"])]]);
        out += `[${i2}]`;
        current = isArray && typeof i2 === "number" ? current[i2] : undefined;
      } else if (choice === "star") {
        out += r.chance(0.5) ? ".*" : "[*]";
        current = isArray ? current[0] : isObject && current.$object.length ? current.$object[0][1] : undefined;
      } else if (choice === "expr") {
        out += `[${this.expr(depth - 1)}]`;
        current = undefined;
      } else {
        out += `.${r.mixCase(r.pick(["missing", "nope", "Name", "a"]))}`;
        current = undefined;
      }
    }
    return out;
  }

  binary(depth) {
    const r = this.r;
    if (r.chance(0.15)) {
      // The same text in two letter cases: equal under GitHub's case-insensitive comparison.
      const a = randomString(r);
      const b = r.chance(0.8) ? r.mixCase(a) : randomString(r);
      const op = r.pick(["==", "!=", "<", "<=", ">", ">="]);
      const fn = r.pick(["contains", "startsWith", "endsWith"]);
      const [x, y] = r.chance(0.5) ? [a, b] : [b, a];
      const lit = (t) => (hasFullCaseMapping(t) ? "'x'" : stringLiteral(r, t));
      return r.chance(0.7) ? `${lit(x)} ${op} ${lit(y)}` : `${fn}(${lit(x)}, ${lit([...x].length > 2 && r.chance(0.5) ? r.mixCase([...x].slice(1, -1).join("")) : y)})`;
    }
    const op = r.pick(["==", "!=", "<", "<=", ">", ">=", "&&", "||", "==", "&&", "||"]);
    const count = op === "&&" || op === "||" ? r.weighted([[4, 2], [1, 3]]) : 2;
    const parts = [];
    for (let i = 0; i < count; i++) parts.push(this.operand(depth - 1));
    const space = () => r.pick([" ", " ", "", "  ", "\t"]);
    return parts.join(`${space()}${op}${space()}`);
  }

  call(depth) {
    const r = this.r;
    const fn = r.pick(FUNCTION_NAMES);
    const name = r.chance(0.3) ? r.mixCase(fn) : fn;
    const d = depth - 1;
    const args = (() => {
      switch (fn) {
        case "contains":
        case "startsWith":
        case "endsWith":
          return [this.expr(d), this.expr(d)];
        case "join":
          return r.chance(0.5) ? [this.expr(d)] : [this.expr(d), this.expr(d)];
        case "toJSON":
          return [this.expr(d)];
        case "fromJSON":
          return [this.jsonSource(d)];
        case "format":
          return this.formatArgs(d);
        case "case":
          return this.caseArgs(d);
      }
    })();
    const sep = r.pick([", ", ",", " , "]);
    return `${name}(${args.join(sep)})`;
  }

  jsonSource(d) {
    const r = this.r;
    return r.weighted([
      [5, () => stringLiteral(r, r.pick(VALID_JSON))],
      [2, () => stringLiteral(r, toJsonText(randomValue(r, 2)))],
      [3, () => stringLiteral(r, r.pick(INVALID_JSON))],
      [3, () => `toJSON(${this.expr(d)})`],
      [2, () => this.expr(d)],
    ]);
  }

  formatArgs(d) {
    const r = this.r;
    const valid = r.chance(0.75);
    const fmt = valid ? r.pick(VALID_FORMATS) : r.pick(INVALID_FORMATS);
    const highest = Math.max(-1, ...[...fmt.matchAll(/\{(\d+)\}/g)].map((m) => Number(m[1])));
    // One argument per placeholder, now and then one too few or too many; never hundreds.
    let n = highest > 5 ? r.int(4) : highest + 1;
    n = Math.max(0, n + r.weighted([[6, 0], [1, -1], [1, 1], [1, 2]]));
    const fmtArg = r.chance(0.85) ? stringLiteral(r, fmt) : this.expr(d);
    return [fmtArg, ...Array.from({ length: n }, () => this.expr(d))];
  }

  // case(pred, value, ..., default): predicates are mostly comparisons, so booleans; now and
  // then anything (a non-boolean predicate is an evaluation error).
  caseArgs(d) {
    const r = this.r;
    const pairs = r.weighted([[4, 1], [3, 2], [1, 3]]);
    const args = [];
    for (let i = 0; i < pairs; i++) {
      const pred = r.weighted([
        [6, () => `${this.operand(d)} ${r.pick(["==", "!=", "<", ">="])} ${this.operand(d)}`],
        [2, () => `!${this.operand(d)}`],
        [2, () => r.pick(["true", "false"])],
        [2, () => `contains(${this.expr(d)}, ${this.expr(d)})`],
        [1, () => this.expr(d)],
      ]);
      args.push(pred, this.expr(d));
    }
    args.push(this.expr(d));
    return args;
  }

  // Something broken: a fixed malformed text, a damaged valid expression, or nesting near the
  // depth limit of 50.
  malformed(depth) {
    const r = this.r;
    return r.weighted([
      [4, () => r.pick(MALFORMED)],
      [6, () => this.damage(this.expr(depth))],
      [2, () => this.deep()],
    ]);
  }

  damage(text) {
    const r = this.r;
    const e = [...text]; // by code points: never split a surrogate pair
    const at = r.int(e.length + 1);
    const junk = r.pick(["@", "#", "$", "%", "^", "~", "`", "\"", "?", ":", ";", "{", "}", "/", "\\", "=", "&", "|", "(", ")", "[", "]", ",", ".", "!", "'", "*", "-", "+", "1", "a", " ", "==", "&&", "\u00a0", "\v", "\f", "\u3000", "\ufeff", "\u2028", "\u200b"]);
    const cut = (a, b) => e.slice(a, b).join("");
    return r.weighted([
      [3, () => cut(0, at) + junk + cut(at)],
      [2, () => cut(0, at) + cut(at + 1)],
      [2, () => cut(0, at)],
      [1, () => `${text} ${text}`],
      [1, () => `${text})`],
      [1, () => `(${text}`],
    ]);
  }

  deep() {
    const r = this.r;
    const n = r.range(44, 56);
    const name = r.pick(this.contexts.$object)[0];
    return r.weighted([
      [1, () => "!".repeat(n) + "true"],
      [1, () => "(".repeat(n) + "1" + ")".repeat(n)],
      [1, () => name + ".a".repeat(n)],
      [1, () => name + "[0]".repeat(n)],
      [1, () => name + ".*".repeat(n)],
      [1, () => {
        const wrap = r.pick(["join(", "fromJSON(toJSON(", "toJSON(fromJSON("]);
        const opens = (wrap.match(/\(/g) ?? []).length;
        const k = Math.floor(n / opens);
        return wrap.repeat(k) + "'[1]'" + ")".repeat(k * opens);
      }],
      [1, () => Array.from({ length: n }, (_, i) => `format('d${i}'`).join(" || ") + ")".repeat(n)],
      [1, () => Array.from({ length: n }, () => "1").join(" == ")],
      [1, () => Array.from({ length: n }, () => "true").join(" && ")],
    ]);
  }

  // Surrounding white space, now and then (spaces and tabs: no line breaks, see the header).
  pad(e) {
    const r = this.r;
    if (!r.chance(0.1)) return e;
    return r.pick(["", " ", "\t", "  "]) + e + r.pick(["", " ", "\t"]);
  }
}

// `count` cases from `seed`: about 85% well-formed expressions of depth 0-4, the rest malformed.
// A context is shared by a few consecutive cases.
export function generateCases(seed, count) {
  const r = new Random(seed);
  const cases = [];
  let contexts;
  let contextJson;
  let gen;
  for (let i = 0; i < count; i++) {
    if (i % 6 === 0) {
      contexts = randomContexts(r);
      contextJson = toJsonText(contexts);
      gen = new ExpressionGenerator(r, contexts);
    }
    const depth = r.weighted([[1, 0], [3, 1], [4, 2], [3, 3], [1, 4]]);
    const expression = gen.pad(r.chance(0.85) ? gen.expr(depth) : gen.malformed(r.range(0, 2)));
    cases.push({ index: i, expression, context: contextJson });
  }
  return cases;
}
