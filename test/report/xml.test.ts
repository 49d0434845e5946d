import { expect } from "chai";
import { cap, capLine, escapeXml, evidenceValue, oneLine, stripAnsi, xmlSafe } from "../../src/report/xml.js";

describe("report: XML text hygiene", () => {
  it("strips ANSI CSI, OSC and two-character escape sequences", () => {
    expect(stripAnsi("\x1b[1;31mred\x1b[0m")).to.equal("red");
    expect(stripAnsi("\x1b]0;title\x07text")).to.equal("text");
    expect(stripAnsi("\x1b]8;;http://x\x1b\\link\x1b]8;;\x1b\\")).to.equal("link");
    expect(stripAnsi("a\x1bMb")).to.equal("ab");
  });

  it("removes what XML 1.0 forbids but keeps tab, newline, carriage return and astral characters", () => {
    expect(xmlSafe("a\x00b\x01c\x0bd\x0ce\x1ff\x7fg\x85h")).to.equal("abcdefgh");
    expect(xmlSafe("t\tn\nr\r")).to.equal("t\tn\nr\r");
    expect(xmlSafe("x\ufffe\uffffy")).to.equal("xy");
    expect(xmlSafe("lone \ud800 high, lone \udc00 low, pair 😀")).to.equal("lone  high, lone  low, pair 😀");
  });

  it("escapes markup and double quotes", () => {
    expect(escapeXml(`<a href="x">&'</a>`)).to.equal("&lt;a href=&quot;x&quot;&gt;&amp;'&lt;/a&gt;");
    expect(escapeXml("]]>")).to.equal("]]&gt;");
  });

  it("folds line breaks into spaces for one-line messages", () => {
    expect(oneLine("  a\n\n  b\r\n\tc  ")).to.equal("a b c");
  });

  it("caps with a marker and never splits a surrogate pair", () => {
    expect(cap("short", 10)).to.equal("short");
    expect(cap("abcdefghij_more", 10)).to.equal("abcdefghij\n… [truncated by dockaudit: 5 more characters; see the JSON or HTML report]");
    const s = "a".repeat(9) + "😀" + "b";
    expect(cap(s, 10).startsWith("a".repeat(9) + "\n…")).to.equal(true);
    expect(capLine("abcdef", 4)).to.equal("abc…");
  });

  it("renders evidence values on one line", () => {
    expect(evidenceValue("x")).to.equal("x");
    expect(evidenceValue(null)).to.equal("null");
    expect(evidenceValue({ a: [1] })).to.equal('{"a":[1]}');
    expect(evidenceValue(undefined)).to.equal("undefined");
  });
});
