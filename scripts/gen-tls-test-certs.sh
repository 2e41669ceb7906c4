#!/usr/bin/env bash
# Generates the certificates the TLS handshake and interop tests use, into tests/data/tls/:
# a test CA (ECDSA P-256) and server leaves for "localhost" / 127.0.0.1 with ECDSA P-256,
# ECDSA P-384, RSA-2048, RSA-PSS-2048 and Ed25519 keys, each as key + chain (leaf, then the CA).
# Valid for 20 years from generation. Re-run to regenerate (the outputs are committed).
# Client certificates (mutual TLS, clientAuth EKU only): client-ecdsa and client-rsa from the test
# CA, and other-client-ecdsa / other-client-rsa from a second CA (other-ca.pem) that no test
# trusts, for the wrong-CA tests. `gen-tls-test-certs.sh clients` regenerates only those, keeping
# the test CA and the server leaves.
set -euo pipefail
cd "$(dirname "$0")/../tests/data/tls"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

cat >"$tmp/ca.cnf" <<'CNF'
[req]
distinguished_name = dn
prompt = no
[dn]
CN = tlspp Test CA
O = tlspp tests
[v3_ca]
basicConstraints = critical, CA:true
keyUsage = critical, keyCertSign, cRLSign
subjectKeyIdentifier = hash
CNF
cat >"$tmp/leaf.ext" <<'CNF'
basicConstraints = critical, CA:false
keyUsage = critical, digitalSignature, keyEncipherment
extendedKeyUsage = serverAuth, clientAuth
subjectAltName = DNS:localhost, DNS:server.test, IP:127.0.0.1, IP:::1
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
CNF

cat >"$tmp/client.ext" <<'CNF'
basicConstraints = critical, CA:false
keyUsage = critical, digitalSignature
extendedKeyUsage = clientAuth
subjectKeyIdentifier = hash
authorityKeyIdentifier = keyid
CNF

make_ca() {  # name CN
  openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out "$1-key.pem"
  openssl req -x509 -new -key "$1-key.pem" -config "$tmp/ca.cnf" -extensions v3_ca -days 7300 \
    -sha256 -subj "/CN=$2/O=tlspp tests" -out "$1.pem"
}

make_client() {  # name ca genpkey-args...
  local name=$1 ca=$2; shift 2
  openssl genpkey "$@" -out "$name-key.pem"
  openssl req -new -key "$name-key.pem" -subj "/CN=tlspp test client ($name)/O=tlspp tests" \
    -out "$tmp/$name.csr"
  openssl x509 -req -in "$tmp/$name.csr" -CA "$ca.pem" -CAkey "$ca-key.pem" -CAcreateserial \
    -days 7300 -sha256 -extfile "$tmp/client.ext" -out "$tmp/$name-leaf.pem"
  cat "$tmp/$name-leaf.pem" "$ca.pem" >"$name-chain.pem"
}

make_clients() {
  make_client client-ecdsa ca -algorithm EC -pkeyopt ec_paramgen_curve:P-256
  make_client client-rsa ca -algorithm RSA -pkeyopt rsa_keygen_bits:2048
  make_ca other-ca "tlspp Other Test CA"
  make_client other-client-ecdsa other-ca -algorithm EC -pkeyopt ec_paramgen_curve:P-256
  make_client other-client-rsa other-ca -algorithm RSA -pkeyopt rsa_keygen_bits:2048
  rm -f ca.srl other-ca.srl
}

if [[ "${1:-}" == clients ]]; then
  make_clients
  echo "generated client certificates in $(pwd)"
  exit 0
fi

openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out ca-key.pem
openssl req -x509 -new -key ca-key.pem -config "$tmp/ca.cnf" -extensions v3_ca -days 7300 \
  -sha256 -out ca.pem

make_leaf() {  # name genpkey-args...
  local name=$1; shift
  openssl genpkey "$@" -out "$name-key.pem"
  openssl req -new -key "$name-key.pem" -subj "/CN=localhost/O=tlspp tests ($name)" \
    -out "$tmp/$name.csr"
  openssl x509 -req -in "$tmp/$name.csr" -CA ca.pem -CAkey ca-key.pem -CAcreateserial \
    -days 7300 -sha256 -extfile "$tmp/leaf.ext" -out "$tmp/$name-leaf.pem"
  cat "$tmp/$name-leaf.pem" ca.pem >"$name-chain.pem"
}
make_leaf ecdsa -algorithm EC -pkeyopt ec_paramgen_curve:P-256
make_leaf ecdsa384 -algorithm EC -pkeyopt ec_paramgen_curve:P-384
make_leaf rsa -algorithm RSA -pkeyopt rsa_keygen_bits:2048
make_leaf ed25519 -algorithm ED25519
rm -f ca.srl
make_clients
echo "generated in $(pwd)"
