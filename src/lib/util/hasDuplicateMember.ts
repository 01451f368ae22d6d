const BACKSLASH = 0x5c;
const COLON = 0x3a;

/**
 * Tells whether JSON text (already known to parse) has an object with a repeated member
 * name at any depth. JSON.parse silently keeps the last one, which is how two parsers come
 * to see different claims in the same token.
 *
 * It runs on every token the bridge sees, so it compares counts instead of collecting
 * names: JSON.parse keeps one member per distinct name, so the text names more members
 * than the parsed value holds exactly when a name repeats within an object (`"\u0061"` and
 * `"a"` are the same name to JSON.parse, and so here). Pass `parsed` when it is at hand.
 */
export function hasDuplicateMember(json: string, parsed: unknown = JSON.parse(json)): boolean {
  return memberNamesInText(json) !== membersInValue(parsed);
}

/** Strings followed (after optional whitespace) by `:` — member names; string contents are skipped with `indexOf`. */
function memberNamesInText(json: string): number {
  let names = 0;
  for (let open = json.indexOf('"'); open >= 0; ) {
    const close = closingQuote(json, open);
    if (close < 0) break;
    let next = close + 1;
    let c = json.charCodeAt(next);
    while (c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d) c = json.charCodeAt(++next);
    if (c === COLON) names += 1;
    open = json.indexOf('"', next);
  }
  return names;
}

/** Members of every object in `value`; iterative, as hostile tokens nest thousands deep. */
function membersInValue(value: unknown): number {
  let members = 0;
  const pending: unknown[] = [value];
  while (pending.length > 0) {
    const next = pending.pop();
    if (next === null || typeof next !== 'object') continue;
    if (Array.isArray(next)) {
      for (const item of next) pending.push(item);
      continue;
    }
    for (const key of Object.keys(next)) {
      members += 1;
      pending.push((next as Record<string, unknown>)[key]);
    }
  }
  return members;
}

/** Index of the quote that closes the string opened at `open`: the first one not escaped. */
function closingQuote(json: string, open: number): number {
  let end = json.indexOf('"', open + 1);
  while (end > 0) {
    let backslashes = 0;
    while (json.charCodeAt(end - 1 - backslashes) === BACKSLASH) backslashes++;
    if (backslashes % 2 === 0) return end;
    end = json.indexOf('"', end + 1);
  }
  return -1;
}
