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
  chromium nodejs                         # tests/browser: headless Chromium via playwright-core
)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
# Debian's npm, unless the installed nodejs brings its own (the nodesource build does).
command -v npm >/dev/null || missing+=(npm)
if [ ${#missing[@]} -gt 0 ]; then
  as_root=()
  if [ "$(id -u)" -ne 0 ]; then as_root=(sudo); fi
  echo "deps: installing ${missing[*]}"
  "${as_root[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${as_root[@]}" apt-get install -y -qq --no-install-recommends \
    "${missing[@]}" >/dev/null
fi

# playwright-core for the browser test, project-local (tests/browser/node_modules, git-ignored),
# at the version package-lock.json pins. It drives /usr/bin/chromium; it downloads no browser.
browser_dir="$(cd "$(dirname "$0")/.." && pwd)/tests/browser"
want="$(sed -n 's/.*"playwright-core": *"\([0-9.]*\)".*/\1/p' "$browser_dir/package.json")"
have="$(sed -n 's/.*"version": *"\([0-9.]*\)".*/\1/p' \
  "$browser_dir/node_modules/playwright-core/package.json" 2>/dev/null | head -1 || true)"
if [ "$have" != "$want" ]; then
  echo "deps: installing playwright-core $want into tests/browser/node_modules"
  (cd "$browser_dir" && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund >/dev/null)
fi
