// GitHub's own expression engine, @actions/expressions (actions/languageservices, a dev dependency
// in web/), driven the way that project's cross-language test harness drives it
// (expressions/src/xlang.test.ts): Lexer -> Parser(tokens, context names, []) -> Evaluator.
// An error thrown by the lexer is a "lexing" error, by the parser a "parsing" error (its message is
// completed with the position as the harness does), by the evaluator an "evaluation" error.
import { existsSync, readFileSync } from "node:fs";
import { fileURLToPath, pathToFileURL } from "node:url";

const packageDir = fileURLToPath(new URL("../../web/node_modules/@actions/expressions/dist/", import.meta.url));
if (!existsSync(packageDir)) {
  throw new Error(`@actions/expressions is not installed (${packageDir} is missing): run 'npm ci --prefix web'`);
}
const load = (file) => import(pathToFileURL(packageDir + file).href);

const { Lexer, Parser, Evaluator, ExpressionError, data } = await load("index.js");
const { TokenType } = await load("lexer.js");
const { kindStr } = await load("data/expressiondata.js");

export const referenceVersion = JSON.parse(readFileSync(packageDir + "../package.json", "utf8")).version;

// JSON text to the engine's data model, as the engine's own fromJSON reads it. Object keys come in
// JavaScript's order, which puts integer-like keys first: the generator never makes them.
export function toExpressionData(jsonText) {
  return JSON.parse(jsonText, data.reviver);
}

// The engine's data model to plain JavaScript values, keeping key order, -0, NaN and Infinity.
// Objects become {$object: [[key, value], ...]} so that the order survives any later JSON round trip.
export function toPlain(d) {
  switch (d.kind) {
    case data.Kind.Null:
      return null;
    case data.Kind.Boolean:
    case data.Kind.Number:
    case data.Kind.String:
      return d.value;
    case data.Kind.Array:
      return d.values().map(toPlain);
    case data.Kind.Dictionary:
      return { $object: d.pairs().map((p) => [p.key, toPlain(p.value)]) };
    default:
      throw new Error(`unexpected data kind ${d.kind}`);
  }
}

// The harness's errorWithExpression: ExpressionError carries a position, other errors do not.
function parseErrorMessage(e, expression) {
  if (e instanceof ExpressionError && e.pos !== undefined) {
    return `${e.message}. Located at position ${e.pos.column + 1} within expression: ${expression}`;
  }
  return `${e.message}. Located within expression: ${expression}`;
}

// Evaluates one expression against named contexts (JSON text of an object whose keys are the
// context names). Returns {kind, value} or {error: {kind, message}} (or {crash} if the engine
// itself broke), plus `notes` on what the text holds, for the known differences in compare.mjs:
//  - quoteEscapes: the most '' escapes in one string literal;
//  - lineBreakOutsideStrings: a line break between tokens (the engine then counts error positions
//    from the start of the line).
export function evaluateReference(expression, contextJson = "{}") {
  const notes = { quoteEscapes: 0, lineBreakOutsideStrings: false };
  const lexer = new Lexer(expression);
  let tokens;
  try {
    tokens = lexer.lex().tokens;
  } catch (e) {
    return { error: { kind: "lexing", message: e.message }, notes };
  } finally {
    notes.lineBreakOutsideStrings = lexer.lastLineOffset > 0;
  }
  for (const t of tokens) {
    if (t.type === TokenType.STRING) notes.quoteEscapes = Math.max(notes.quoteEscapes, t.lexeme.slice(1, -1).split("''").length - 1);
  }
  const contexts = toExpressionData(contextJson);
  let expr;
  try {
    expr = new Parser(tokens, contexts.pairs().map((p) => p.key), []).parse();
  } catch (e) {
    return { error: { kind: "parsing", message: parseErrorMessage(e, expression) }, notes };
  }
  if (expr === undefined) return { kind: "Null", value: null, notes };
  try {
    const result = new Evaluator(expr, contexts).evaluate();
    return { kind: kindStr(result.kind), value: toPlain(result), notes };
  } catch (e) {
    if (!(e instanceof Error) || e instanceof RangeError || e instanceof TypeError) {
      // A crash of the engine itself, not an expression error.
      return { crash: String(e?.stack ?? e), notes };
    }
    return { error: { kind: "evaluation", message: e.message }, notes };
  }
}
