#!/usr/bin/env bash
# Install Debian's nginx when it is missing, with its brotli filter module where the release packages one
# (bookworm: libnginx-mod-http-brotli-filter). Used by scripts/serve.sh and scripts/test.sh.
set -euo pipefail
command -v nginx >/dev/null 2>&1 && exit 0
echo "Installing Debian's nginx..."
sudo_cmd=""; [ "$(id -u)" -eq 0 ] || sudo_cmd="sudo"
$sudo_cmd apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends nginx >/dev/null
if apt-cache show libnginx-mod-http-brotli-filter >/dev/null 2>&1; then
    DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends \
        libnginx-mod-http-brotli-filter >/dev/null || echo "note: no brotli module; nginx compresses with gzip only"
fi
