#!/usr/bin/env bash
# Installs what is missing, builds, and runs tlspp's main job. Until `tlspp demo` exists, that is the
# self-check: the crypto provider's algorithms and the RFC 8448 key-schedule check.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/deps.sh
bash scripts/build.sh gcc >/dev/null
exec build/tools/tlspp/tlspp selfcheck "$@"
