#!/bin/sh
# Prints each argument on its own line, exactly as received (used by the scripts tests to show
# that arguments arrive literally, with no shell in between).
[ "${1-}" = "--" ] && shift
for arg in "$@"; do
  printf '%s\n' "$arg"
done
