#!/usr/bin/env bash
# Generates the benchmark PKI into DIR (created if missing) with the openssl CLI:
#   ca.crt / ca.key                   test CA (ECDSA P-256), the one trust anchor of every client
#   ecdsa_p256.crt / ecdsa_p256.key   server certificate chain (leaf only) and key, ECDSA P-256
#   rsa_2048.crt / rsa_2048.key       server certificate chain (leaf only) and key, RSA-2048
# Both leaves are issued by the CA for DNS:localhost and IP:127.0.0.1, serverAuth, valid 10 years.
# Usage: bench/gen_certs.sh DIR
set -euo pipefail
dir=${1:?usage: gen_certs.sh DIR}
mkdir -p "$dir"
cd "$dir"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out ca.key 2>/dev/null
openssl req -x509 -new -key ca.key -sha256 -days 3650 -subj "/CN=tlspp bench CA" \
  -addext "basicConstraints=critical,CA:TRUE" \
  -addext "keyUsage=critical,keyCertSign,cRLSign" -out ca.crt

cat >"$tmp/leaf.ext" <<'EXT'
basicConstraints=critical,CA:FALSE
keyUsage=critical,digitalSignature,keyEncipherment
extendedKeyUsage=serverAuth
subjectAltName=DNS:localhost,IP:127.0.0.1
EXT

issue() {  # issue NAME GENPKEY-ARGS...
  local name=$1
  shift
  openssl genpkey "$@" -out "$name.key" 2>/dev/null
  openssl req -new -key "$name.key" -subj "/CN=localhost" -out "$tmp/$name.csr"
  openssl x509 -req -in "$tmp/$name.csr" -CA ca.crt -CAkey ca.key -CAcreateserial \
    -CAserial "$tmp/ca.srl" -sha256 -days 3650 -extfile "$tmp/leaf.ext" -out "$name.crt" 2>/dev/null
}
issue ecdsa_p256 -algorithm EC -pkeyopt ec_paramgen_curve:P-256
issue rsa_2048 -algorithm RSA -pkeyopt rsa_keygen_bits:2048
chmod 600 ./*.key
openssl verify -CAfile ca.crt ecdsa_p256.crt rsa_2048.crt >/dev/null
