import { expect } from "chai";
import { progressLine } from "../../src/cli/progress.js";

function stream(isTTY: boolean) {
  const out: string[] = [];
  return { out, s: { isTTY, write: (x: string) => out.push(x) } };
}

describe("cli: progress line", () => {
  it("draws and then clears one line on a terminal", () => {
    const { out, s } = stream(true);
    let t = 0;
    const p = progressLine(s, { now: () => (t += 1000) });
    for (let i = 1; i <= 6; i++) p.onProgress!(i, 6);
    p.done();
    expect(out[0]).to.equal("\r\x1b[Kdockaudit: collecting containers 1/6");
    expect(out[5]).to.equal("\r\x1b[Kdockaudit: collecting containers 6/6");
    expect(out.at(-1)).to.equal("\r\x1b[K");
    expect(out.join("")).to.not.contain("\n");
  });

  it("writes nothing to a pipe or a file, or with --quiet", () => {
    for (const [tty, quiet] of [[false, false], [true, true]] as const) {
      const { out, s } = stream(tty);
      const p = progressLine(s, { quiet });
      expect(p.onProgress).to.equal(undefined);
      p.done();
      expect(out).to.deep.equal([]);
    }
  });

  it("stays silent for a handful of containers and throttles updates, always showing the last", () => {
    const few = stream(true);
    const p = progressLine(few.s, { now: () => 0 });
    p.onProgress!(1, 3); p.onProgress!(3, 3); p.done();
    expect(few.out).to.deep.equal([]);
    const many = stream(true);
    const q = progressLine(many.s, { now: () => 5 });
    for (let i = 1; i <= 100; i++) q.onProgress!(i, 100);
    expect(many.out).to.deep.equal(["\r\x1b[Kdockaudit: collecting containers 1/100", "\r\x1b[Kdockaudit: collecting containers 100/100"]);
  });
});
