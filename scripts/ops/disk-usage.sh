#!/bin/sh
# Disk usage of the file system holding a path (read-only).
set -eu
[ "${1-}" = "--" ] && shift
exec df -h -- "${1:-/}"
