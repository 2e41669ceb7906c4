#!/usr/bin/env bash
# Installs what is missing, builds, and runs tlspp's main job: `tlspp demo`, which starts a local
# tlspp server with generated development certificates and narrates real TLS 1.3 and TLS 1.2
# handshakes against it (arguments are passed on, e.g. --lang ko, --json, --show-secrets).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/deps.sh
bash scripts/build.sh gcc >/dev/null
exec build/tools/tlspp/tlspp demo "$@"
