import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { checkBindSource, checkCreateSpec, DEFAULT_PIDS_LIMIT, type CreateSpec } from "@/lib/docker/safe-create";

// Each request that would hand the host to a container is refused, with the field named; the
// safe version of the same request passes (so the checks are not refusing everything).
let root: string;
let outside: string;
beforeAll(() => {
  const base = fs.mkdtempSync(path.join(os.tmpdir(), "snx-bind-"));
  root = path.join(base, "volumes");
  outside = path.join(base, "secrets");
  fs.mkdirSync(path.join(root, "client-a"), { recursive: true });
  fs.mkdirSync(outside);
  fs.symlinkSync(outside, path.join(root, "escape"));
});
afterAll(() => fs.rmSync(path.dirname(root), { recursive: true, force: true }));

const spec = (HostConfig: CreateSpec["HostConfig"]): CreateSpec => ({ Image: "local/busybox:1", HostConfig });
const refused = (s: CreateSpec) => {
  try {
    checkCreateSpec(s, root);
  } catch (err) {
    return err as { code: string; details: { fields: Record<string, string> } };
  }
  return null;
};

describe("safe container creation", () => {
  it("accepts a plain container with allowed capabilities, named volumes, tmpfs and binds under the root", () => {
    expect(
      refused(
        spec({
          CapAdd: ["NET_BIND_SERVICE", "CAP_CHOWN"],
          NetworkMode: "bridge",
          IpcMode: "private",
          Binds: ["data:/data", `${root}/client-a:/srv:ro`, `${root}/client-a/new-dir:/new`],
          Mounts: [
            { Type: "bind", Source: `${root}/client-a`, Target: "/x" },
            { Type: "volume", Source: "v1", Target: "/v" },
            { Type: "tmpfs", Target: "/tmp" } as never,
          ],
          SecurityOpt: ["no-new-privileges:true"],
        }),
      ),
    ).toBeNull();
  });

  const cases: [string, CreateSpec["HostConfig"], string][] = [
    ["privileged", { Privileged: true }, "HostConfig.Privileged"],
    ["host network", { NetworkMode: "host" }, "HostConfig.NetworkMode"],
    ["another container's network", { NetworkMode: "container:abc" }, "HostConfig.NetworkMode"],
    ["host PID", { PidMode: "host" }, "HostConfig.PidMode"],
    ["host IPC", { IpcMode: "host" }, "HostConfig.IpcMode"],
    ["host UTS", { UTSMode: "host" }, "HostConfig.UTSMode"],
    ["host user namespace", { UsernsMode: "host" }, "HostConfig.UsernsMode"],
    ["SYS_ADMIN capability", { CapAdd: ["SYS_ADMIN"] }, "HostConfig.CapAdd"],
    ["CAP_SYS_PTRACE spelled with prefix", { CapAdd: ["cap_sys_ptrace"] }, "HostConfig.CapAdd"],
    ["ALL capabilities", { CapAdd: ["ALL"] }, "HostConfig.CapAdd"],
    [
      "a device",
      { Devices: [{ PathOnHost: "/dev/sda", PathInContainer: "/dev/sda", CgroupPermissions: "rwm" }] },
      "HostConfig.Devices",
    ],
    ["device cgroup rules", { DeviceCgroupRules: ["a *:* rwm"] }, "HostConfig.DeviceCgroupRules"],
    ["bind of /", { Binds: ["/:/host"] }, "HostConfig.Binds"],
    ["bind of the Docker socket", { Binds: ["/var/run/docker.sock:/var/run/docker.sock"] }, "HostConfig.Binds"],
    ["bind escaping with ..", { Binds: [`${"ROOT"}/../secrets:/s`] }, "HostConfig.Binds"],
    ["bind through a symlink that points out", { Binds: [`${"ROOT"}/escape:/s`] }, "HostConfig.Binds"],
    [
      "Mounts type bind of /etc (the Portainer bypass)",
      { Mounts: [{ Type: "bind", Source: "/etc", Target: "/etc2" }] },
      "HostConfig.Mounts",
    ],
    [
      "Mounts bind through a symlink",
      { Mounts: [{ Type: "bind", Source: `${"ROOT"}/escape/x`, Target: "/s" }] },
      "HostConfig.Mounts",
    ],
    [
      "local volume binding a host device",
      {
        Mounts: [
          {
            Type: "volume",
            Source: "v",
            Target: "/v",
            VolumeOptions: { DriverConfig: { Name: "local", Options: { type: "none", o: "bind", device: "/etc" } } },
          } as never,
        ],
      },
      "HostConfig.Mounts",
    ],
    ["VolumesFrom", { VolumesFrom: ["other"] }, "HostConfig.VolumesFrom"],
    ["seccomp unconfined", { SecurityOpt: ["seccomp=unconfined"] }, "HostConfig.SecurityOpt"],
    ["apparmor unconfined", { SecurityOpt: ["apparmor:unconfined"] }, "HostConfig.SecurityOpt"],
    ["SELinux labels off", { SecurityOpt: ["label=disable"] }, "HostConfig.SecurityOpt"],
    // allowlist (ADR 026): only known keys, each with its check
    ["a custom seccomp profile", { SecurityOpt: ["seccomp=/tmp/profile.json"] }, "HostConfig.SecurityOpt"],
    ["a custom AppArmor profile", { SecurityOpt: ["apparmor=docker-custom"] }, "HostConfig.SecurityOpt"],
    ["an SELinux label", { SecurityOpt: ["label=type:spc_t"] }, "HostConfig.SecurityOpt"],
    ["Sysctls", { Sysctls: { "kernel.core_pattern": "|/tmp/x" } } as never, "HostConfig.Sysctls"],
    ["a namespaced Sysctl too", { Sysctls: { "net.ipv4.ip_forward": "1" } } as never, "HostConfig.Sysctls"],
    ["another Runtime", { Runtime: "runsc" } as never, "HostConfig.Runtime"],
    ["CgroupParent", { CgroupParent: "/" } as never, "HostConfig.CgroupParent"],
    ["another container's cgroup", { Cgroup: "container:abc" } as never, "HostConfig.Cgroup"],
    ["host cgroup namespace", { CgroupnsMode: "host" } as never, "HostConfig.CgroupnsMode"],
    ["another container's PID namespace", { PidMode: "container:abc" }, "HostConfig.PidMode"],
    ["another container's IPC namespace", { IpcMode: "container:abc" }, "HostConfig.IpcMode"],
    ["unmasked /proc paths (MaskedPaths [])", { MaskedPaths: [] } as never, "HostConfig.MaskedPaths"],
    ["writable /proc paths (ReadonlyPaths [])", { ReadonlyPaths: [] } as never, "HostConfig.ReadonlyPaths"],
    ["OomKillDisable", { OomKillDisable: true }, "HostConfig.OomKillDisable"],
    ["OomScoreAdj", { OomScoreAdj: -1000 }, "HostConfig.OomScoreAdj"],
    ["Links", { Links: ["db:db"] }, "HostConfig.Links"],
    [
      "a log driver",
      { LogConfig: { Type: "syslog", Config: { "syslog-address": "udp://198.51.100.1:514" } } },
      "HostConfig.LogConfig",
    ],
    ["GroupAdd", { GroupAdd: ["docker"] } as never, "HostConfig.GroupAdd"],
    ["an unknown key", { SomethingNew: true } as never, "HostConfig.SomethingNew"],
    ["an unlimited PidsLimit (0)", { PidsLimit: 0 }, "HostConfig.PidsLimit"],
    ["an unlimited PidsLimit (-1)", { PidsLimit: -1 }, "HostConfig.PidsLimit"],
    ["a PidsLimit above the maximum", { PidsLimit: 1_000_000 }, "HostConfig.PidsLimit"],
  ];
  it.each(cases)("refuses %s", (_name, hostConfig, field) => {
    const withRoot = JSON.parse(JSON.stringify(hostConfig).replaceAll("ROOT", root)) as CreateSpec["HostConfig"];
    const err = refused(spec(withRoot));
    expect(err?.code).toBe("VALIDATION");
    expect(Object.keys(err!.details.fields)).toEqual([field]);
  });

  it("sets a bounded PidsLimit when none is given and keeps one that is", () => {
    expect(checkCreateSpec(spec({}), root).HostConfig?.PidsLimit).toBe(DEFAULT_PIDS_LIMIT);
    expect(checkCreateSpec({ Image: "local/busybox:1" }, root).HostConfig?.PidsLimit).toBe(DEFAULT_PIDS_LIMIT);
    expect(checkCreateSpec(spec({ PidsLimit: 64 }), root).HostConfig?.PidsLimit).toBe(64);
  });

  it("refuses unknown top-level options and joining the host's network through NetworkingConfig", () => {
    const top = refused({ Image: "local/busybox:1", MacAddress: "02:42:ac:11:00:02" } as CreateSpec);
    expect(Object.keys(top!.details.fields)).toEqual(["MacAddress"]);
    const joined = refused({ Image: "local/busybox:1", NetworkingConfig: { EndpointsConfig: { host: {} } } });
    expect(Object.keys(joined!.details.fields)).toEqual(["NetworkingConfig.EndpointsConfig"]);
  });

  it("takes false and empty strings as the engine's default", () => {
    expect(refused(spec({ Privileged: false, Runtime: "", CgroupParent: "" } as never))).toBeNull();
  });

  it("bind sources: relative paths and lookalike prefixes are outside the root", () => {
    expect(() => checkBindSource("b", "volumes/client-a", root)).toThrow(/absolute/);
    expect(() => checkBindSource("b", `${root}-evil/x`, root)).toThrow(/outside/);
    expect(() => checkBindSource("b", `${root}/client-a`, root)).not.toThrow();
  });
});
