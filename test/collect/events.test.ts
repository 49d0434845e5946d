import { expect } from "chai";
import { mkdtempSync, rmSync } from "node:fs";
import net from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { engineStream } from "../../src/collect/transports/engine-http.js";
import { parseEvent } from "../../src/collect/events.js";

const ID = "4101a0d208d2d0a1a4b327995b0d38bfb0dcdad21dba1fe57186aa30785884e5";

describe("collect: Engine API events", () => {
  it("keeps type, action, actor id, name and time of a container event, and no attribute else", () => {
    const e = parseEvent(JSON.stringify({
      Type: "container", Action: "start", Actor: { ID, Attributes: { name: "web", image: "nginx", api_token: "s3cr3t-label-value" } },
      time: 1700000000, timeNano: 1700000000123456000,
    }));
    expect(e).to.deep.equal({ type: "container", action: "start", id: ID, name: "web", time: 1700000000.123456 });
    expect(JSON.stringify(e)).to.not.contain("s3cr3t");
  });

  it("drops an exec's command line and a health status's argument from the action", () => {
    expect(parseEvent(JSON.stringify({ Type: "container", Action: "exec_create: sh -c echo PASSWORD=hunter2", Actor: { ID } }))?.action).to.equal("exec_create");
    expect(parseEvent(JSON.stringify({ Type: "container", Action: "health_status: healthy", Actor: { ID } }))?.action).to.equal("health_status");
  });

  it("names the container of a network connect, the reference of an image event; reads old-style status/id", () => {
    expect(parseEvent(JSON.stringify({ Type: "network", Action: "connect", Actor: { ID: "n1", Attributes: { container: ID, name: "bridge", type: "bridge" } }, time: 1 })))
      .to.deep.equal({ type: "network", action: "connect", id: "n1", name: "bridge", container: ID, time: 1 });
    expect(parseEvent(JSON.stringify({ Type: "image", Action: "pull", Actor: { ID: "busybox:latest", Attributes: {} }, time: 2 })))
      .to.deep.equal({ type: "image", action: "pull", id: "busybox:latest", name: "busybox:latest", time: 2 });
    expect(parseEvent(JSON.stringify({ Type: "daemon", Action: "reload", Actor: { ID: "ABCD:EF" }, time: 3 }))?.action).to.equal("reload");
    expect(parseEvent(JSON.stringify({ status: "start", id: ID, Type: "container", time: 4 }))?.action).to.equal("start");
  });

  it("refuses what is not a watched event: other types, not JSON, no actor, a hostile id", () => {
    expect(parseEvent(JSON.stringify({ Type: "volume", Action: "mount", Actor: { ID: "v" } }))).to.equal(undefined);
    expect(parseEvent("not json")).to.equal(undefined);
    expect(parseEvent("[]")).to.equal(undefined);
    expect(parseEvent(JSON.stringify({ Type: "container", Action: "start" }))).to.equal(undefined);
    expect(parseEvent(JSON.stringify({ Type: "container", Action: "start", Actor: { ID: "x\u001b[2J" } }))).to.equal(undefined);
    expect(parseEvent(JSON.stringify({ Type: "container", Action: "st art!", Actor: { ID } }))).to.equal(undefined);
  });

  it("strips control characters from names and bounds them", () => {
    const e = parseEvent(JSON.stringify({ Type: "container", Action: "create", Actor: { ID, Attributes: { name: `evil\u001b]0;x\u0007${"a".repeat(1000)}` } } }));
    expect(e?.name).to.not.match(/[\x00-\x1f]/);
    expect(e?.name?.length).to.be.at.most(256);
  });

  describe("engineStream", () => {
    const dir = mkdtempSync(join(tmpdir(), "dockaudit-events-"));
    after(() => rmSync(dir, { recursive: true, force: true }));

    function serve(name: string, write: (s: net.Socket) => void): Promise<{ socket: string; server: net.Server }> {
      const socket = join(dir, name);
      const server = net.createServer((s) => {
        s.once("data", () => {
          s.write("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n");
          write(s);
        });
      });
      return new Promise((resolve) => server.listen(socket, () => resolve({ socket, server })));
    }
    const chunk = (s: net.Socket, text: string) => s.write(`${Buffer.byteLength(text).toString(16)}\r\n${text}\r\n`);

    it("hands over whole lines however the chunks split them, drops an oversized line as null, rejects when the daemon ends it", async () => {
      const { socket, server } = await serve("a.sock", (s) => {
        chunk(s, '{"a":1}\n{"b"');
        chunk(s, ':2}\n');
        chunk(s, `${"x".repeat(3000)}\n{"c":3}\n`);
        setTimeout(() => { chunk(s, ""); s.end(); }, 20);
      });
      const lines: (string | null)[] = [];
      const st = engineStream({ socketPath: socket, connectTimeoutMs: 2000, maxLineBytes: 1024 }, "/events", { since: "1" }, (l) => lines.push(l));
      const err = await st.done.then(() => null, (e: Error) => e);
      server.close();
      expect(lines).to.deep.equal(['{"a":1}', '{"b":2}', null, '{"c":3}']);
      expect(err?.message).to.match(/the daemon (ended|closed) GET \/events/);
    });

    it("resolves when closed by the caller; rejects when nothing listens", async () => {
      const { socket, server } = await serve("b.sock", (s) => chunk(s, '{"a":1}\n'));
      const lines: (string | null)[] = [];
      const st = engineStream({ socketPath: socket, connectTimeoutMs: 2000 }, "/events", {}, (l) => {
        lines.push(l);
        st.close();
      });
      await st.done;
      server.close();
      expect(lines).to.deep.equal(['{"a":1}']);
      const gone = engineStream({ socketPath: join(dir, "nothing.sock"), connectTimeoutMs: 2000 }, "/events", {}, () => undefined);
      const e = await gone.done.then(() => null, (x: NodeJS.ErrnoException) => x);
      expect(e?.code).to.equal("ENOENT");
    });
  });
});
