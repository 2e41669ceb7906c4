#!/usr/bin/env bash
# Installs what tlspp needs on Debian 12, and nothing when it is all there already (idempotent).
# Runs as root, or through sudo when not root.
set -euo pipefail

packages=(
  build-essential cmake pkg-config git ca-certificates
  libssl-dev openssl                      # libcrypto (the library never links libssl)
  libgtest-dev googletest libbenchmark-dev
  clang-16 libclang-rt-16-dev clang-format
  gnutls-bin curl                         # real peers for interop tests
  libgnutls28-dev                         # the GnuTLS column of bench/compare (never the library)
  nginx wrk                               # bench/nginx_wrk.sh
  valgrind                                # memcheck subset in scripts/test.sh
)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
[ ${#missing[@]} -eq 0 ] && exit 0

as_root=()
if [ "$(id -u)" -ne 0 ]; then as_root=(sudo); fi
echo "deps: installing ${missing[*]}"
"${as_root[@]}" apt-get update -qq
DEBIAN_FRONTEND=noninteractive "${as_root[@]}" apt-get install -y -qq --no-install-recommends \
  "${missing[@]}" >/dev/null
