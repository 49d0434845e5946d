// Throwaway TLS material for a dockerd listening on tcp://127.0.0.1 with --tlsverify, made with the openssl CLI.
import { execFileSync } from "node:child_process";
import { chmodSync, copyFileSync, mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";

export interface TlsMaterial {
  /** Server side: <dir>/ca.pem, server-cert.pem, server-key.pem (what dockerd's tlscacert/tlscert/tlskey point at). */
  caCert: string;
  serverCert: string;
  serverKey: string;
  /** Client side in the layout DOCKER_CERT_PATH expects: ca.pem, cert.pem, key.pem. */
  clientDir: string;
}

function openssl(cwd: string, args: string[]): void {
  execFileSync("openssl", args, { cwd, stdio: ["ignore", "ignore", "pipe"] });
}

function signedCert(dir: string, name: string, cn: string, extensions: string): void {
  openssl(dir, ["req", "-new", "-newkey", "rsa:2048", "-nodes", "-subj", `/CN=${cn}`, "-keyout", `${name}-key.pem`, "-out", `${name}.csr`]);
  writeFileSync(join(dir, `${name}.ext`), extensions);
  openssl(dir, ["x509", "-req", "-days", "2", "-in", `${name}.csr`, "-CA", "ca.pem", "-CAkey", "ca-key.pem", "-CAcreateserial",
    "-extfile", `${name}.ext`, "-out", `${name}-cert.pem`]);
}

/** Generates a CA, a server cert for IP:127.0.0.1 and a client cert under `dir`. Keys 0400, certs 0444 (CIS-compliant modes). */
export function generateTls(dir: string): TlsMaterial {
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  openssl(dir, ["req", "-x509", "-new", "-newkey", "rsa:2048", "-nodes", "-days", "2", "-subj", "/CN=dockaudit-test-ca",
    "-keyout", "ca-key.pem", "-out", "ca.pem"]);
  signedCert(dir, "server", "127.0.0.1", "subjectAltName=IP:127.0.0.1,DNS:localhost\nextendedKeyUsage=serverAuth\n");
  signedCert(dir, "client", "dockaudit-test-client", "extendedKeyUsage=clientAuth\n");

  const clientDir = join(dir, "client");
  mkdirSync(clientDir, { mode: 0o700 });
  copyFileSync(join(dir, "ca.pem"), join(clientDir, "ca.pem"));
  copyFileSync(join(dir, "client-cert.pem"), join(clientDir, "cert.pem"));
  copyFileSync(join(dir, "client-key.pem"), join(clientDir, "key.pem"));

  for (const f of ["ca-key.pem", "server-key.pem", "client-key.pem", "client/key.pem"]) chmodSync(join(dir, f), 0o400);
  for (const f of ["ca.pem", "server-cert.pem", "client-cert.pem", "client/ca.pem", "client/cert.pem"]) chmodSync(join(dir, f), 0o444);
  return { caCert: join(dir, "ca.pem"), serverCert: join(dir, "server-cert.pem"), serverKey: join(dir, "server-key.pem"), clientDir };
}
