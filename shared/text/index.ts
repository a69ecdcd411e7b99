/**
 * Text that may be stored: the same rule on both sides. The server refuses what breaks it (400
 * `invalid-text`, naming the field); the app removes it where text enters (typing, paste, OCR).
 *
 * Not allowed in any stored string:
 * - NUL (U+0000) and the other C0 control characters U+0001–U+001F (PostgreSQL cannot store NUL
 *   in text or jsonb at all), DEL (U+007F) and the C1 controls U+0080–U+009F (Unicode 15, §23.1
 *   "Control Codes": they have no meaning in plain text);
 * - unpaired UTF-16 surrogates (a "lone surrogate" is no Unicode scalar value, so it cannot be
 *   encoded as UTF-8: RFC 3629 §3; PostgreSQL refuses `\ud800` in jsonb).
 * Except: tab (U+0009) and line feed (U+000A) in fields that allow several lines
 * (`multiline: true`). A carriage return is never stored: the cleaner turns CR LF and lone CR
 * into LF.
 */

/** What is wrong with a text: the first offending character. */
export interface TextProblem {
  /** UTF-16 index of the character in the string. */
  index: number;
  /** The character's code unit (a lone surrogate) or code point. */
  codePoint: number;
  /** `line-break` for tab/CR/LF in a one-line field; `lone-surrogate`; `control` otherwise (NUL included). */
  kind: 'control' | 'line-break' | 'lone-surrogate';
}

/** Options of {@link findTextProblem} and {@link cleanText}. */
export interface TextRule {
  /** True for fields of several lines (tab and line feed allowed). Default false. */
  multiline?: boolean;
}

const loneSurrogate = '[\\ud800-\\udbff](?![\\udc00-\\udfff])|(?<![\\ud800-\\udbff])[\\udc00-\\udfff]';
const oneLineBad = new RegExp(`[\\u0000-\\u001f\\u007f-\\u009f]|${loneSurrogate}`);
const multiLineBad = new RegExp(`[\\u0000-\\u0008\\u000b-\\u001f\\u007f-\\u009f]|${loneSurrogate}`);
const controls = new RegExp(`[\\u0000-\\u0008\\u000b-\\u001f\\u007f-\\u009f]`, 'g');

/** The first character of `text` that may not be stored under `rule`, or null when the text is fine. */
export function findTextProblem(text: string, rule: TextRule = {}): TextProblem | null {
  const m = (rule.multiline ? multiLineBad : oneLineBad).exec(text);
  if (!m) return null;
  const codePoint = m[0].charCodeAt(0);
  const kind = codePoint >= 0xd800 && codePoint <= 0xdfff ? 'lone-surrogate' : codePoint === 0x09 || codePoint === 0x0a || codePoint === 0x0d ? 'line-break' : 'control';
  return { index: m.index, codePoint, kind };
}

const names: Record<number, string> = { 0x00: 'NUL', 0x09: 'tab', 0x0a: 'line feed', 0x0d: 'carriage return', 0x7f: 'DEL', 0x1b: 'ESC' };

/** Names a problem for an error message, e.g. `U+0000 (NUL)` or `an unpaired surrogate U+D800`. */
export function describeTextProblem(p: TextProblem): string {
  const hex = `U+${p.codePoint.toString(16).toUpperCase().padStart(4, '0')}`;
  if (p.kind === 'lone-surrogate') return `an unpaired surrogate ${hex}`;
  const name = names[p.codePoint];
  return name ? `${hex} (${name})` : `the control character ${hex}`;
}

/**
 * `text` with everything removed that {@link findTextProblem} refuses: control characters and
 * lone surrogates are dropped; in a one-line field a tab or line break becomes one space; in a
 * multi-line field CR LF and CR become LF. Already clean text is returned unchanged (same string).
 */
export function cleanText(text: string, rule: TextRule = {}): string {
  if (!findTextProblem(text, rule)) return text;
  let out = text.replace(/\r\n?/g, '\n');
  out = rule.multiline ? out : out.replace(/[\t\n]+/g, ' ');
  out = out.replace(controls, '');
  return out.replace(new RegExp(loneSurrogate, 'g'), '');
}

/** Where in a JSON value a problem was found: the JSON Pointer (RFC 6901) of the string, and the problem. */
export interface JsonTextProblem extends TextProblem {
  pointer: string;
  /** True when the offending string is an object key rather than a value. */
  inKey: boolean;
}

/**
 * Walks a parsed JSON value (iteratively, so depth cannot overflow the stack) and returns the first
 * string, key or value, that breaks the multi-line rule (the strictest rule that holds for every
 * field; one-line fields are checked by their schema's owner). Null when every string is fine.
 */
export function findJsonTextProblem(value: unknown): JsonTextProblem | null {
  const stack: { v: unknown; pointer: string }[] = [{ v: value, pointer: '' }];
  while (stack.length > 0) {
    const { v, pointer } = stack.pop()!;
    if (typeof v === 'string') {
      const p = findTextProblem(v, { multiline: true });
      if (p) return { ...p, pointer, inKey: false };
    } else if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) stack.push({ v: v[i], pointer: `${pointer}/${i}` });
    } else if (v !== null && typeof v === 'object') {
      const keys = Object.keys(v);
      for (let i = keys.length - 1; i >= 0; i--) {
        const k = keys[i]!;
        const child = `${pointer}/${k.replace(/~/g, '~0').replace(/\//g, '~1')}`;
        const p = findTextProblem(k, { multiline: true });
        if (p) return { ...p, pointer: child, inKey: true };
        stack.push({ v: (v as Record<string, unknown>)[k], pointer: child });
      }
    }
  }
  return null;
}
