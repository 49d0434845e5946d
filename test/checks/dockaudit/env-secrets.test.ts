import { expect } from "chai";
import check from "../../../checks/dockaudit/env-secrets.js";
import { secretNameMatch } from "../../../checks/dockaudit/secret-names.js";
import { checkTable } from "../../support/check-tester.js";
import { container, errFact, snapshot } from "../../support/fixtures.js";

const withEnv = (name: string, EnvNames: string[], EnvSecretShapes: { name: string; kind: string }[] = []) =>
  container(name, { Config: { EnvNames, EnvSecretShapes } });

checkTable(check, [
  { name: "ordinary variables pass", status: "pass", snapshot: snapshot({ containers: [withEnv("web", ["PATH", "HOME", "NODE_ENV", "PORT"])] }) },
  { name: "credential names fail, named and sorted, values never shown", status: "fail",
    message: "3 environment variable(s) look like secrets: AWS_SECRET_ACCESS_KEY, DB_PASSWORD, GITHUB_TOKEN",
    snapshot: snapshot({ containers: [withEnv("web", ["PATH", "DB_PASSWORD", "GITHUB_TOKEN", "AWS_SECRET_ACCESS_KEY", "AWS_ACCESS_KEY_ID"])] }),
    check: (f) => expect(f[0]!.evidence?.["variables"]).to.deep.equal([
      { name: "AWS_SECRET_ACCESS_KEY", why: "name contains ACCESS_KEY" },
      { name: "DB_PASSWORD", why: "name contains PASSWORD" },
      { name: "GITHUB_TOKEN", why: "name contains TOKEN" },
    ]) },
  { name: "a value shape found at collection time fails even under a harmless name", status: "fail", message: "CONFIG_BLOB",
    snapshot: snapshot({ containers: [withEnv("web", ["CONFIG_BLOB"], [{ name: "CONFIG_BLOB", kind: "private-key" }])] }),
    check: (f) => expect(JSON.stringify(f[0]!.evidence)).to.contain("value looks like a private-key") },
  { name: "name and shape on the same variable are reported once, with both reasons", status: "fail",
    snapshot: snapshot({ containers: [withEnv("web", ["API_KEY"], [{ name: "API_KEY", kind: "jwt" }])] }),
    check: (f) => expect(f[0]!.evidence?.["variables"]).to.deep.equal([{ name: "API_KEY", why: "name contains API_KEY; value looks like a jwt" }]) },
  { name: "_FILE variables point at a secret file and pass", status: "pass",
    snapshot: snapshot({ containers: [withEnv("db", ["POSTGRES_PASSWORD_FILE", "MYSQL_ROOT_PASSWORD_FILE", "TLS_PRIVATE_KEY_PATH"])] }) },
  { name: "settings and switches named after secrets pass", status: "pass",
    snapshot: snapshot({ containers: [withEnv("db", ["PASSWORD_POLICY", "MIN_PASSWORD_LENGTH", "TOKEN_EXPIRY_SECONDS", "MYSQL_ALLOW_EMPTY_PASSWORD", "MYSQL_RANDOM_ROOT_PASSWORD", "JWT_ALGORITHM", "OAUTH_TOKEN_URL"])] }) },
  { name: "substrings of other words do not match", status: "pass",
    snapshot: snapshot({ containers: [withEnv("web", ["BYPASS_CACHE", "COMPASS_HOME", "TOKENIZER_MODEL", "PWD", "OLDPWD", "KEYBOARD", "SORT_KEY", "PASSWORDLESS_LOGIN"])] }) },
  { name: "no running containers is not applicable", status: "skip", snapshot: snapshot() },
  { name: "names not collected is an error for that container", status: "error",
    snapshot: snapshot({ containers: [{ ...container("web"), Config: { EnvSecretShapes: [] } as never }] }) },
  { name: "containers unreadable is an error", status: "error", snapshot: snapshot({ containers: errFact("EACCES", "GET /containers/json") }) },
]);

describe("secret variable names", () => {
  const secret = ["PASSWORD", "MYSQL_ROOT_PASSWORD", "DB_PASS", "DB_PWD", "dbPassword", "DBPASSWORD", "API_KEY", "APIKEY", "apiKey",
    "SECRET_KEY_BASE", "JWT_SECRET", "NPM_TOKEN", "PRIVATE_KEY", "SSH_PRIVATE_KEY", "APP_KEY", "GOOGLE_CREDENTIALS", "GPG_PASSPHRASE", "VERIFY_TOKEN"];
  const notSecret = ["PATH", "PWD", "PASSWORD_FILE", "AWS_ACCESS_KEY_ID", "SECRET_NAME", "TOKEN_HEADER", "PASSWORD_POLICY", "ALLOW_EMPTY_PASSWORD",
    "BYPASS", "PASSTHROUGHS", "KEY", "SORT_KEY"];
  for (const n of secret) it(`${n} is a secret name`, () => expect(secretNameMatch(n)).to.be.a("string"));
  for (const n of notSecret) it(`${n} is not`, () => expect(secretNameMatch(n)).to.equal(undefined));
});
