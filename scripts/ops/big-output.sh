#!/bin/sh
# Writes N KiB of "y" lines to stdout: shows the output cap at work.
set -eu
[ "${1-}" = "--" ] && shift
head -c "$(( $1 * 1024 ))" /dev/zero | tr '\0' 'y'
