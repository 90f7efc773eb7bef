#!/bin/sh
# Sleeps for N seconds, then prints "done": shows the timeout at work (the manifest allows 2 s).
set -eu
[ "${1-}" = "--" ] && shift
sleep "$1"
echo done
