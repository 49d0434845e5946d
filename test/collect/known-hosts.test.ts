// The known_hosts matcher (issue 19 item 3): a host, by name AND port, with any key recorded is never "new".
import { expect } from "chai";
import { createHmac, randomBytes } from "node:crypto";
import { hostFieldMatches, hostKeyAlgorithmsFor, hostKeyRefusal, judgeHostKey, knownHostsName, type HostKeyVerdict } from "../../src/collect/transports/known-hosts.js";

const ED = "AAAAC3NzaC1lZDI1NTE5AAAAIKxsVmM0aMoW6uXpDk0iS1r6Qv5hQ4ZQkPpR0mUeC8oX";
const ED2 = "AAAAC3NzaC1lZDI1NTE5AAAAIBbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb";
const RSA = "AAAAB3NzaC1yc2EAAAADAQABAAABgQplanted";
const ECDSA = "AAAAE2VjZHNhLXNoYTItbmlzdHAyNTYAAAAIbmlzdHAyNTYplanted";

const hashed = (name: string) => {
  const salt = randomBytes(20);
  return `|1|${salt.toString("base64")}|${createHmac("sha1", salt).update(name).digest("base64")}`;
};

describe("known_hosts: judging an offered host key", () => {
  const name = knownHostsName("web-1", 2222); // [web-1]:2222
  const judge = (text: string, type = "ssh-ed25519", blob = ED, n = name): HostKeyVerdict => judgeHostKey([{ file: "kh", text }], n, type, blob);

  const table: [string, string, string, string, HostKeyVerdict["state"]][] = [
    // what, known_hosts text, offered type, offered blob, verdict
    ["the same key", `${name} ssh-ed25519 ${ED}`, "ssh-ed25519", ED, "known"],
    ["nothing recorded", "", "ssh-ed25519", ED, "unknown"],
    ["only comments and other hosts", `# ${name} ssh-ed25519 ${ED2}\nweb-2 ssh-ed25519 ${ED2}\n[web-1]:22 ssh-rsa ${RSA}`, "ssh-ed25519", ED, "unknown"],
    ["the same name on port 22 (web-1) is another host", `web-1 ssh-rsa ${RSA}`, "ssh-ed25519", ED, "unknown"],
    ["the same name on another port is another host", `[web-1]:2223 ssh-rsa ${RSA}`, "ssh-ed25519", ED, "unknown"],
    ["another key of the same type", `${name} ssh-ed25519 ${ED2}`, "ssh-ed25519", ED, "changed"],
    ["a key of another type (rsa recorded, ed25519 offered)", `${name} ssh-rsa ${RSA}`, "ssh-ed25519", ED, "changed"],
    ["a key of another type, hashed name", `${hashed(name)} ecdsa-sha2-nistp256 ${ECDSA}`, "ssh-ed25519", ED, "changed"],
    ["a key of another type in a comma-separated list", `web-0,${name},10.0.0.1 ssh-rsa ${RSA}`, "ssh-ed25519", ED, "changed"],
    ["a key of another type under a wildcard pattern", `[web-*]:2222 ssh-rsa ${RSA}`, "ssh-ed25519", ED, "changed"],
    ["a negated pattern rejects the line", `[web-*]:2222,![web-1]:2222 ssh-rsa ${RSA}`, "ssh-ed25519", ED, "unknown"],
    ["one of several recorded types offered", `${name} ssh-rsa ${RSA}\n${name} ssh-ed25519 ${ED}`, "ssh-ed25519", ED, "known"],
    ["the offered key revoked", `@revoked * ssh-ed25519 ${ED}\n${name} ssh-ed25519 ${ED}`, "ssh-ed25519", ED, "revoked"],
    ["another key revoked", `@revoked * ssh-ed25519 ${ED2}\n${name} ssh-ed25519 ${ED}`, "ssh-ed25519", ED, "known"],
    ["a revoked key is no recorded key", `@revoked ${name} ssh-rsa ${RSA}`, "ssh-ed25519", ED, "unknown"],
    ["only a CA names the host", `@cert-authority [web-*]:2222 ssh-ed25519 ${ED2}`, "ssh-ed25519", ED, "cert-authority"],
    ["a CA for other hosts", `@cert-authority *.prod ssh-ed25519 ${ED2}`, "ssh-ed25519", ED, "unknown"],
    ["malformed lines are passed over", `${name}\n${name} ssh-ed25519\n@revoked`, "ssh-ed25519", ED, "unknown"],
  ];
  for (const [what, text, type, blob, state] of table) {
    it(`${what}: ${state}`, () => expect(judge(text, type, blob).state).to.equal(state));
  }

  it("port 22 is the bare name, as OpenSSH records it; hashed entries hash that name", () => {
    expect(knownHostsName("web-1", 22)).to.equal("web-1");
    expect(judge(`${hashed("web-1")} ssh-rsa ${RSA}`, "ssh-ed25519", ED, "web-1").state).to.equal("changed");
    expect(judge(`${hashed("[web-1]:22")} ssh-rsa ${RSA}`, "ssh-ed25519", ED, "web-1").state).to.equal("unknown");
    expect(hostFieldMatches("WEB-1", "web-1"), "names are case-insensitive").to.equal(true);
    expect(hostFieldMatches("|1|bad", "web-1")).to.equal(false);
  });

  it("looks in every file given, and names the file and line of the first recorded key (of the offered type first)", () => {
    const files = [{ file: "a", text: `other ssh-ed25519 ${ED}\n` }, { file: "b", text: `# x\n${name} ssh-rsa ${RSA}\n${name} ssh-ed25519 ${ED2}\n` }];
    expect(judgeHostKey(files, name, "ssh-ed25519", ED)).to.deep.equal({ state: "changed", file: "b", line: 3, recordedTypes: ["ssh-rsa", "ssh-ed25519"], sameType: true });
    expect(judgeHostKey(files, name, "ecdsa-sha2-nistp256", ECDSA)).to.deep.equal({ state: "changed", file: "b", line: 2, recordedTypes: ["ssh-rsa", "ssh-ed25519"], sameType: false });
  });

  it("says OpenSSH's meaning in one line, and nothing for a known or new host", () => {
    const other = hostKeyRefusal(judge(`${name} ssh-rsa ${RSA}`), name, "ssh-ed25519")!;
    expect(other).to.equal(`REMOTE HOST IDENTIFICATION HAS CHANGED: the host offered a ssh-ed25519 key, and a key of another type (ssh-rsa) is recorded for ${name} in kh line 1; refusing to connect and recording nothing (if the host really changed its keys, remove them (ssh-keygen -R '${name}' -f kh) and verify the new one)`);
    expect(hostKeyRefusal(judge(`${name} ssh-ed25519 ${ED2}`), name, "ssh-ed25519")).to.match(/^REMOTE HOST IDENTIFICATION HAS CHANGED: the host key \(ssh-ed25519\) differs from the one in kh line 1/);
    expect(hostKeyRefusal(judge(`@revoked * ssh-ed25519 ${ED}`), name, "ssh-ed25519")).to.match(/@revoked in kh line 1/);
    expect(hostKeyRefusal(judge(`@cert-authority * ssh-ed25519 ${ED2}`), name, "ssh-ed25519")).to.match(/@cert-authority.*not support/);
    expect(hostKeyRefusal(judge(""), name, "ssh-ed25519")).to.equal(undefined);
    expect(hostKeyRefusal(judge(`${name} ssh-ed25519 ${ED}`), name, "ssh-ed25519")).to.equal(undefined);
    for (const t of [other]) expect(t).not.to.include("\n");
  });

  it("asks for the recorded key types first (OpenSSH's order), and for the default order when none is recorded", () => {
    expect(hostKeyAlgorithmsFor([{ file: "kh", text: "" }], name)).to.equal(undefined);
    expect(hostKeyAlgorithmsFor([{ file: "kh", text: `${name} ssh-rsa ${RSA}\n@revoked ${name} ssh-ed25519 ${ED}` }], name))
      .to.deep.equal(["rsa-sha2-512", "rsa-sha2-256", "ssh-rsa", "ssh-ed25519", "ecdsa-sha2-nistp256", "ecdsa-sha2-nistp384", "ecdsa-sha2-nistp521"]);
  });
});
