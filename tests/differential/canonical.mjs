// One canonical text per result, so that two results are identical exactly when their texts are.
// Numbers are exact: -0 is not 0, NaN and the infinities are spelled out, any other number is its
// shortest round-trip text (equal texts <=> equal doubles). Object keys keep their order.

export function canonicalValue(v) {
  if (v === null) return "null";
  if (typeof v === "boolean") return String(v);
  if (typeof v === "number") {
    if (Object.is(v, -0)) return "-0";
    return String(v); // NaN, Infinity, -Infinity, or the shortest round-trip form
  }
  if (typeof v === "string") return JSON.stringify(v);
  if (Array.isArray(v)) return `[${v.map(canonicalValue).join(",")}]`;
  if (v && Array.isArray(v.$object)) {
    return `{${v.$object.map(([k, x]) => `${JSON.stringify(k)}:${canonicalValue(x)}`).join(",")}}`;
  }
  throw new Error(`not a plain value: ${JSON.stringify(v)}`);
}

export function canonicalResult(r) {
  if (r.error) return `error ${r.error.kind}: ${r.error.message}`;
  return `${r.kind} ${canonicalValue(r.value)}`;
}

// Parses JSON text keeping object key order and duplicate keys, as {$object: [[key, value], ...]}
// (JSON.parse would move integer-like keys first and merge duplicates).
export function parseOrderedJson(text) {
  let i = 0;
  const ws = () => {
    while (i < text.length && " \t\n\r".includes(text[i])) i++;
  };
  const fail = (what) => {
    throw new SyntaxError(`${what} at offset ${i} in ${text.slice(0, 200)}`);
  };
  const value = () => {
    ws();
    const c = text[i];
    if (c === "{") {
      i++;
      const pairs = [];
      ws();
      if (text[i] === "}") {
        i++;
        return { $object: pairs };
      }
      for (;;) {
        ws();
        if (text[i] !== '"') fail("expected a key");
        const key = string();
        ws();
        if (text[i++] !== ":") fail("expected ':'");
        pairs.push([key, value()]);
        ws();
        if (text[i] === ",") {
          i++;
          continue;
        }
        if (text[i] === "}") {
          i++;
          return { $object: pairs };
        }
        fail("expected ',' or '}'");
      }
    }
    if (c === "[") {
      i++;
      const items = [];
      ws();
      if (text[i] === "]") {
        i++;
        return items;
      }
      for (;;) {
        items.push(value());
        ws();
        if (text[i] === ",") {
          i++;
          continue;
        }
        if (text[i] === "]") {
          i++;
          return items;
        }
        fail("expected ',' or ']'");
      }
    }
    if (c === '"') return string();
    const m = /^(?:true|false|null|-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?)/.exec(text.slice(i, i + 400));
    if (!m) fail("unexpected character");
    i += m[0].length;
    return JSON.parse(m[0]);
  };
  const string = () => {
    const start = i;
    i++;
    while (i < text.length && text[i] !== '"') i += text[i] === "\\" ? 2 : 1;
    if (i >= text.length) fail("unterminated string");
    i++;
    return JSON.parse(text.slice(start, i));
  };
  const v = value();
  ws();
  if (i !== text.length) fail("trailing text");
  return v;
}

// Plain JSON-able data (as the generator makes contexts) to the canonical {$object} form.
export function fromJsonValue(v) {
  if (Array.isArray(v)) return v.map(fromJsonValue);
  if (v !== null && typeof v === "object") return { $object: Object.entries(v).map(([k, x]) => [k, fromJsonValue(x)]) };
  return v;
}
