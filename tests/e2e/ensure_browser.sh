#!/bin/sh
# Install Chromium (and an emoji font, so screenshots show the bot's emoji) from the system
# packages for the browser test, when missing and when running as root with apt-get.
# Never runs `playwright install`: that downloads browsers from the internet.
set -u
missing=""
[ -x /usr/bin/chromium ] || missing="chromium"
if command -v dpkg >/dev/null 2>&1 && ! dpkg -s fonts-noto-color-emoji >/dev/null 2>&1; then
    missing="$missing fonts-noto-color-emoji"
fi
[ -n "$missing" ] || exit 0
if [ "$(id -u)" != "0" ] || ! command -v apt-get >/dev/null 2>&1; then
    [ -x /usr/bin/chromium ] || \
        echo "ensure_browser: no /usr/bin/chromium and no root apt-get; the browser test will be skipped" >&2
    exit 0
fi
echo "ensure_browser: apt-get install$missing" >&2
# shellcheck disable=SC2086  # the package list is meant to split
if ! DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends $missing >/dev/null; then
    apt-get update >/dev/null && \
        DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends $missing >/dev/null
fi
[ -x /usr/bin/chromium ] || \
    echo "ensure_browser: chromium could not be installed; the browser test will be skipped" >&2
exit 0
