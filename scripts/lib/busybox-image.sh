# shellcheck shell=bash
# build_busybox_image IMAGE : imports a busybox rootfs made from Debian's busybox-static as IMAGE
# into the engine DOCKER_HOST points at (the system one when unset). No registry is reachable
# here, so this is how every test image is made. Shared by scripts/services.sh and
# scripts/private-dockerd.sh.
build_busybox_image() {
  local image=$1 tmp bb applet rc
  bb=/bin/busybox
  [[ -x "$bb" ]] || bb=$(command -v busybox)
  tmp=$(mktemp -d)
  mkdir -p "$tmp/rootfs"/{bin,sbin,usr/bin,usr/sbin,etc,tmp,root,proc,sys,dev,var/www,var/log}
  chmod 1777 "$tmp/rootfs/tmp"
  cp "$bb" "$tmp/rootfs/bin/busybox"
  while read -r applet; do
    [[ -z "$applet" || "$applet" == "bin/busybox" ]] && continue
    mkdir -p "$tmp/rootfs/$(dirname "$applet")"
    ln -sf /bin/busybox "$tmp/rootfs/$applet"
  done < <("$bb" --list-full)
  # make sure the plain names are also in /bin
  while read -r applet; do
    [[ -e "$tmp/rootfs/bin/$applet" ]] || ln -s /bin/busybox "$tmp/rootfs/bin/$applet"
  done < <("$bb" --list)
  printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/false\n' \
    >"$tmp/rootfs/etc/passwd"
  printf 'root:x:0:\nnogroup:x:65534:\n' >"$tmp/rootfs/etc/group"
  tar -C "$tmp/rootfs" -c . | docker import \
    -c 'ENV PATH=/usr/sbin:/usr/bin:/sbin:/bin' -c 'CMD ["/bin/sh"]' - "$image" >/dev/null
  rc=$?
  rm -rf "$tmp"
  return $rc
}
