#!/bin/sh
# Install libfaketime from the system packages when missing (root with apt-get only): the
# webhook end-to-end test starts its bot processes on a reminder day with it, so their reminder
# jobs fire while the test watches, whatever day the test runs.
set -u
if ls /usr/lib/*/faketime/libfaketimeMT.so.1 >/dev/null 2>&1; then
    exit 0
fi
if [ "$(id -u)" != "0" ] || ! command -v apt-get >/dev/null 2>&1; then
    echo "ensure_faketime: no libfaketime and no root apt-get; install the faketime package" >&2
    exit 1
fi
echo "ensure_faketime: apt-get install faketime" >&2
if ! DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends faketime >/dev/null; then
    apt-get update >/dev/null &&
        DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends faketime >/dev/null
fi
ls /usr/lib/*/faketime/libfaketimeMT.so.1 >/dev/null 2>&1
