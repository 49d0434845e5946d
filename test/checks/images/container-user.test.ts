import check from "../../../checks/images/container-user.js";
import { checkTable } from "../../support/check-tester.js";
import { container, errFact, snapshot } from "../../support/fixtures.js";

const withUser = (name: string, User: string) => container(name, { Config: { User } });

checkTable(check, [
  { name: "a named non-root user passes", status: "pass", message: 'user "app"',
    snapshot: snapshot({ containers: [withUser("web", "app")] }) },
  { name: "a numeric uid with a group passes", status: "pass", snapshot: snapshot({ containers: [withUser("web", "1000:1000")] }) },
  { name: "a non-root user in the root group is not root", status: "pass", snapshot: snapshot({ containers: [withUser("web", "1000:0")] }) },
  { name: "no user anywhere (image default) is root", status: "fail", message: "neither the image nor the container sets a user",
    snapshot: snapshot({ containers: [withUser("web", "")] }) },
  // Q20: peers let every one of these pass.
  { name: "0, root, 0:0, root:root, 0:1000, root:staff are all root", status: "fail",
    subjects: { a: "fail", b: "fail", c: "fail", d: "fail", e: "fail", f: "fail", g: "pass" },
    snapshot: snapshot({ containers: [withUser("a", "0"), withUser("b", "root"), withUser("c", "0:0"), withUser("d", "root:root"),
      withUser("e", "0:1000"), withUser("f", "root:staff"), withUser("g", "nobody")] }) },
  { name: "a user whose name merely starts with root is not root", status: "pass", snapshot: snapshot({ containers: [withUser("web", "rootless")] }) },
  { name: "no running containers is not applicable", status: "skip", snapshot: snapshot() },
  { name: "containers unreadable is an error", status: "error",
    snapshot: snapshot({ containers: errFact("connect EACCES /var/run/docker.sock", "GET /containers/json") }) },
]);
