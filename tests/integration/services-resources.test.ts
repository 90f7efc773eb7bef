import { describe, expect, vi } from "vitest";
import { servicesTest as it, type ServicesWorld } from "../support/fixtures";
import { textOf } from "../support/element-text";
import { createUserActor } from "../support/actors";
import { APP_ORIGIN, graphqlRequest, tokenFor } from "../support/graphql";
import { db } from "@/lib/db";
import { safeCreateContainer } from "@/lib/docker/safe-create";
import { POST } from "@/app/api/graphql/route";
import { rawDocker, removeByPrefix, TEST_IMAGE, TICK } from "../support/services-fixtures";
import { nextRequest } from "../support/next/headers";

// Images, networks and volumes over GraphQL against the real engine: lists, create/remove,
// removal refused while in use (with the user named), prune, a failing pull reported plainly,
// and the role rules (global roles read, SUPER_ADMIN writes, denials audited).
vi.mock("next/headers", () => import("../support/next/headers"));

describe("images, networks and volumes", () => {
  let w: ServicesWorld | null = null;
  let prefix: string;
  let admin: string, dev: string, clientAdmin: string, devId: string;

  it.beforeAll(async ({ world }) => {
    if (!(w = world)) return;
    prefix = w.prefix;
    const a = w.alpha;
    admin = await tokenFor(await createUserActor({ globalRoles: ["SUPER_ADMIN"] }));
    const devActor = await createUserActor({ globalRoles: ["DEVELOPER"] });
    devId = devActor.userId;
    dev = await tokenFor(devActor);
    clientAdmin = await tokenFor(await createUserActor({ clients: [{ clientId: a.id, role: "admin" }] }));
  });
  // networks and volumes are this file's own: gone before the world takes its containers
  it.afterAll(async () => {
    if (!w) return;
    await removeByPrefix(prefix);
    for (const n of await rawDocker.listNetworks({ filters: { name: [prefix] } }))
      await rawDocker
        .getNetwork(n.Id)
        .remove()
        .catch(() => undefined);
    await rawDocker
      .getVolume(`${prefix}vol`)
      .remove()
      .catch(() => undefined);
  });

  const attached = (name: string, HostConfig: object) =>
    safeCreateContainer({
      clientId: null,
      serviceType: "other",
      spec: { name, Image: TEST_IMAGE, Cmd: TICK, HostConfig },
    });

  it("lists images for global roles only", async ({ skip }) => {
    if (!w) return skip();
    const res = await graphqlRequest("{ images { id tags size created } }", { token: dev });
    expect((res.data?.images as { tags: string[] }[]).some((i) => i.tags.includes(TEST_IMAGE))).toBe(true);
    expect((await graphqlRequest("{ images { id } }", { token: clientAdmin })).codes).toEqual(["FORBIDDEN"]);
  });

  it("network: create, refuse removal while a container is attached, then remove", async ({ skip }) => {
    if (!w) return skip();
    const net = `${prefix}net`;
    const created = await graphqlRequest(
      `mutation($n: String!) { createNetwork(name: $n, internal: true) { name driver internal } }`,
      { token: admin, variables: { n: net } },
    );
    expect(created.data?.createNetwork).toEqual({ name: net, driver: "bridge", internal: true });
    const ref = await attached(`${prefix}on-net`, { NetworkMode: net });
    await rawDocker.getContainer(ref.containerId).start();
    const list = await graphqlRequest("{ networks { name containers } }", { token: dev });
    expect(
      (list.data?.networks as { name: string; containers: string[] }[]).find((n) => n.name === net)?.containers,
    ).toEqual([`${prefix}on-net`]);
    const busy = await graphqlRequest(`mutation($n: String!) { removeNetwork(name: $n) }`, {
      token: admin,
      variables: { n: net },
    });
    expect(busy.codes).toEqual(["CONFLICT"]);
    expect(busy.errors?.[0]?.message).toBe(`Network ${net} is in use by: ${prefix}on-net`);
    expect((await graphqlRequest(`mutation { removeNetwork(name: "bridge") }`, { token: admin })).codes).toEqual([
      "CONFLICT",
    ]);
    await rawDocker.getContainer(ref.containerId).remove({ force: true });
    expect(
      (
        await graphqlRequest(`mutation($n: String!) { removeNetwork(name: $n) }`, {
          token: admin,
          variables: { n: net },
        })
      ).data?.removeNetwork,
    ).toBe(true);
    expect(await rawDocker.listNetworks({ filters: { name: [net] } })).toEqual([]);
  });

  it("volume: create, refuse removal while used, then remove; a developer may not create (audited)", async ({
    skip,
  }) => {
    if (!w) return skip();
    const vol = `${prefix}vol`;
    const created = await graphqlRequest(`mutation($n: String!) { createVolume(name: $n) { name driver usedBy } }`, {
      token: admin,
      variables: { n: vol },
    });
    expect(created.data?.createVolume).toEqual({ name: vol, driver: "local", usedBy: [] });
    const ref = await attached(`${prefix}uses-vol`, { Binds: [`${vol}:/data`] });
    const busy = await graphqlRequest(`mutation($n: String!) { removeVolume(name: $n) }`, {
      token: admin,
      variables: { n: vol },
    });
    expect(busy.codes).toEqual(["CONFLICT"]);
    expect(busy.errors?.[0]?.message).toBe(`Volume ${vol} is in use by: ${prefix}uses-vol`);
    await rawDocker.getContainer(ref.containerId).remove({ force: true });
    expect(
      (
        await graphqlRequest(`mutation($n: String!) { removeVolume(name: $n) }`, {
          token: admin,
          variables: { n: vol },
        })
      ).data?.removeVolume,
    ).toBe(true);

    expect(
      (await graphqlRequest(`mutation { createVolume(name: "${prefix}nope") { name } }`, { token: dev })).codes,
    ).toEqual(["FORBIDDEN"]);
    expect(await db().auditLog.count({ where: { userId: devId, action: "volume.create", result: "denied" } })).toBe(1);
    expect(
      (await graphqlRequest(`mutation { createVolume(name: "../etc") { name } }`, { token: admin })).codes,
    ).toEqual(["VALIDATION"]);
  });

  it("prune removes a dangling image", async ({ skip }) => {
    if (!w) return skip();
    const ref = await attached(`${prefix}to-commit`, {});
    const image = (await rawDocker.getContainer(ref.containerId).commit({ changes: [`LABEL snxtest=${prefix}`] })) as {
      Id: string;
    };
    await rawDocker.getContainer(ref.containerId).remove({ force: true });
    const res = await graphqlRequest("mutation { pruneImages { deleted spaceReclaimed } }", { token: admin });
    expect(res.data?.pruneImages).toMatchObject({ deleted: expect.arrayContaining([image.Id]) });
    await expect(rawDocker.getImage(image.Id).inspect()).rejects.toMatchObject({ statusCode: 404 });
  });

  it("a pull that cannot reach a registry fails plainly and is audited; a bad reference is refused", async ({
    skip,
  }) => {
    if (!w) return skip();
    const pull = (reference: string) =>
      POST(
        new Request(`${APP_ORIGIN}/api/graphql`, {
          method: "POST",
          headers: {
            "content-type": "application/json",
            accept: "text/event-stream",
            authorization: `Bearer ${admin}`,
          },
          body: JSON.stringify({
            query: `subscription($r: String!) { pullImage(reference: $r) { status } }`,
            variables: { r: reference },
          }),
        }),
      ).then((r) => r.text());
    const body = await pull(`${prefix}missing:1`);
    expect(body).toContain("UNAVAILABLE");
    expect(
      await db().auditLog.count({
        where: { action: "image.pull", result: "failure", resourceId: `${prefix}missing:1` },
      }),
    ).toBe(1);
    expect(await pull("busybox; rm -rf /")).toContain("VALIDATION");
  });

  it("the Docker host page lists images for a developer and is refused to a client admin", async ({ skip }) => {
    if (!w) return skip();
    const { default: DockerHostPage } = await import("@/app/(console)/services/host/page");
    nextRequest.headers = new Headers({ authorization: `Bearer ${dev}` });
    expect(textOf(await DockerHostPage())).toContain(TEST_IMAGE);
    nextRequest.headers = new Headers({ authorization: `Bearer ${clientAdmin}` });
    // a client admin gets the page's plain refusal and none of the host's images
    const refused = textOf(await DockerHostPage());
    expect(refused).toContain("are for SUPER_ADMIN and DEVELOPER");
    expect(refused).not.toContain(TEST_IMAGE);
  });
});
