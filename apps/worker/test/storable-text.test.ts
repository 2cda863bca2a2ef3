import { isPermanentDatabaseError } from "../src/apply/permanent-error";
import { storableJson, storableKey, storableText } from "../src/apply/storable-text";

describe("storableText", () => {
  it.each([
    ["NUL", "a\u0000b", "a\uFFFDb"],
    ["lone high surrogate", "a\uD800b", "a\uFFFDb"],
    ["lone low surrogate", "a\uDC00b", "a\uFFFDb"],
    ["high surrogate at the end", "ab\uDBFF", "ab\uFFFD"],
    ["two highs then a low", "\uD800\uD800\uDC00", "\uFFFD\uD800\uDC00"],
    ["emoji (paired surrogates)", "👩‍💻 🏳️‍🌈", "👩‍💻 🏳️‍🌈"],
    ["right-to-left marks", "\u202Eabc\u202C\u200F", "\u202Eabc\u202C\u200F"],
    ["plain", "hello", "hello"],
  ])("%s", (_name, input, expected) => {
    expect(storableText(input)).toBe(expected);
    expect(JSON.parse(JSON.stringify(storableText(input)))).toBe(expected);
  });
});

describe("storableKey", () => {
  it("keeps keys up to 256 characters as they are", () => {
    expect(storableKey("a".repeat(256))).toBe("a".repeat(256));
  });
  it("shortens longer ones deterministically, distinct for distinct inputs", () => {
    const one = storableKey("x".repeat(10_000) + "1");
    const two = storableKey("x".repeat(10_000) + "2");
    expect(one.length).toBeLessThanOrEqual(256);
    expect(one).toMatch(/^x{180}…[0-9a-f]{64}$/);
    expect(one).not.toBe(two);
    expect(storableKey("x".repeat(10_000) + "1")).toBe(one);
  });
});

describe("storableJson", () => {
  it("cleans every string, leaves other values and clean objects as they are", () => {
    const clean = { a: "ok", b: [1, true, null] };
    expect(storableJson(clean)).toBe(clean);
    expect(storableJson({ a: ["x\u0000"], b: { c: "\uD800" }, d: 1 })).toEqual({
      a: ["x\uFFFD"],
      b: { c: "\uFFFD" },
      d: 1,
    });
  });
});

describe("isPermanentDatabaseError", () => {
  it.each([
    [{ code: "P2010", meta: { code: "22P05", message: "unsupported Unicode escape" } }, true],
    [{ cause: { kind: "ValueOutOfRange" } }, true],
    [{ meta: { driverAdapterError: { cause: { originalCode: "54000" } } } }, true],
    [new Error("Raw query failed. Code: `22021`. Message: invalid byte sequence"), true],
    [{ cause: { code: "ECONNREFUSED" } }, false],
    [{ meta: { code: "40P01" } }, false],
    [{ meta: { code: "23505" } }, false],
    [new Error("Can't reach database server"), false],
  ])("%j -> %s", (error, expected) => {
    expect(isPermanentDatabaseError(error)).toBe(expected);
  });
});
