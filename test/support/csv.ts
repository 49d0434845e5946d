import { expect } from "chai";

/** A strict RFC 4180 reader: CRLF records, quoted fields with doubled quotes; throws on anything else. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let i = 0;
  expect(text.endsWith("\r\n"), "the last record ends with CRLF").to.equal(true);
  while (i < text.length) {
    const row: string[] = [];
    for (;;) {
      let cell = "";
      if (text[i] === '"') {
        i++;
        for (;;) {
          const q = text.indexOf('"', i);
          if (q < 0) throw new Error("unterminated quoted field");
          cell += text.slice(i, q);
          i = q + 1;
          if (text[i] === '"') { cell += '"'; i++; } else break;
        }
      } else {
        while (i < text.length && text[i] !== "," && text[i] !== "\r") {
          if (text[i] === '"' || text[i] === "\n") throw new Error(`bare ${JSON.stringify(text[i])} in an unquoted field at ${i}`);
          cell += text[i++];
        }
      }
      row.push(cell);
      if (text[i] === ",") { i++; continue; }
      if (text.startsWith("\r\n", i)) { i += 2; break; }
      throw new Error(`expected , or CRLF at ${i}`);
    }
    rows.push(row);
  }
  return rows;
}
