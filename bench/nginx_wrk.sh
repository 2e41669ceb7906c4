#!/usr/bin/env bash
# Loopback end-to-end comparison: an HTTPS server on 127.0.0.1 serving one small static file over
# TLS 1.3 with the benchmark's ECDSA P-256 certificate, loaded by wrk twice:
#   keep-alive       wrk -t1 -c16 -dDURATION            (requests on 16 persistent connections)
#   new connection   wrk ... -H "Connection: close"     (one new TLS connection per request; wrk
#                    keeps each connection's session, so these are mostly TLS 1.3 resumptions:
#                    the nginx run counts them from its log and prints the share)
# Servers: nginx (one worker process), and `tlspp serve` once that command exists (--tlspp PATH).
# Both get the same certificate, key, file, port choice and load. Everything lives in a temp dir
# that is removed at exit; every server started here is stopped here.
#
# Needs nginx, wrk and the openssl CLI; this script installs nothing:
#   apt-get install nginx wrk
# Usage: bench/nginx_wrk.sh [--duration 5s] [--connections 16] [--tlspp PATH]
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
duration=5s
connections=16
tlspp=""
while [ $# -gt 0 ]; do
  case "$1" in
    --duration) duration=$2; shift 2 ;;
    --connections) connections=$2; shift 2 ;;
    --tlspp) tlspp=$2; shift 2 ;;
    *) echo "usage: $0 [--duration 5s] [--connections 16] [--tlspp PATH]" >&2; exit 2 ;;
  esac
done
for tool in nginx wrk openssl ss; do
  if ! command -v "$tool" >/dev/null; then
    echo "nginx_wrk: $tool is missing (apt-get install nginx wrk)" >&2
    exit 2
  fi
done

work=$(mktemp -d /tmp/tlspp-nginx-wrk.XXXXXX)
server_pid=""
stop_server() {
  if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then
    kill -TERM "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
  server_pid=""
}
trap 'stop_server; rm -rf "$work"' EXIT

bash "$here/gen_certs.sh" "$work/certs"
cert=$work/certs/ecdsa_p256.crt
key=$work/certs/ecdsa_p256.key
mkdir -p "$work/www" "$work/tmp"
head -c 1024 /dev/zero | tr '\0' 'x' >"$work/www/index.html"  # 1 KiB static file

# A free loopback port (not listening now).
free_port() {
  local port
  for _ in $(seq 1 100); do
    port=$((20000 + RANDOM % 40000))
    if ! ss -Htln "sport = :$port" | grep -q .; then
      echo "$port"
      return 0
    fi
  done
  echo "nginx_wrk: no free port found" >&2
  return 1
}

# Waits up to 5 s for something to listen on 127.0.0.1:$1.
wait_for_port() {
  for _ in $(seq 1 50); do
    if (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; then return 0; fi
    sleep 0.1
  done
  echo "nginx_wrk: nothing listens on port $1" >&2
  return 1
}

# Runs wrk against URL with extra args; prints requests/s (and wrk's error lines to stderr).
run_wrk() {
  local url=$1
  shift
  local out
  out=$(wrk -t1 -c"$connections" -d"$duration" "$@" "$url")
  echo "$out" | grep -E 'Socket errors|Non-2xx' >&2 || true
  echo "$out" | awk '/^Requests\/sec:/ {print $2}'
}

# Loads the server on $1 both ways and prints one Markdown table row named $2.
measure() {
  local port=$1 name=$2 url keepalive close
  url="https://127.0.0.1:$port/index.html"
  curl_check "$url"
  keepalive=$(run_wrk "$url")
  close=$(run_wrk "$url" -H "Connection: close")
  printf '| %s | %s | %s |\n' "$name" "$keepalive" "$close"
}

# One request with verification on (curl, when present; the certificate names IP 127.0.0.1): the
# server really speaks TLS 1.3 with the test certificate.
curl_check() {
  if command -v curl >/dev/null; then
    curl -sS --fail --tlsv1.3 --cacert "$work/certs/ca.crt" -o /dev/null "$1" ||
      { echo "nginx_wrk: the server did not answer a verified TLS 1.3 request" >&2; return 1; }
  fi
}

# ---- nginx -------------------------------------------------------------------------------------
nginx_port=$(free_port)
user_line=""
if [ "$(id -u)" -eq 0 ]; then user_line="user $(id -un) $(id -gn);"; fi  # keep workers as us
cat >"$work/nginx.conf" <<EOF
$user_line
worker_processes 1;
daemon off;
pid $work/nginx.pid;
error_log $work/nginx-error.log warn;
events { worker_connections 1024; }
http {
  # Log only the Connection: close run, to count how many new connections resumed a session.
  map \$http_connection \$close_run { close 1; default 0; }
  log_format resumed "\$ssl_session_reused";
  access_log $work/close-run.log resumed buffer=64k if=\$close_run;
  client_body_temp_path $work/tmp/body;
  proxy_temp_path $work/tmp/proxy;
  fastcgi_temp_path $work/tmp/fastcgi;
  uwsgi_temp_path $work/tmp/uwsgi;
  scgi_temp_path $work/tmp/scgi;
  keepalive_requests 1000000;
  server {
    listen 127.0.0.1:$nginx_port ssl;
    ssl_protocols TLSv1.3;
    ssl_certificate $cert;
    ssl_certificate_key $key;
    root $work/www;
  }
}
EOF
nginx -p "$work" -c "$work/nginx.conf" -e "$work/nginx-error.log" &
server_pid=$!
wait_for_port "$nginx_port"

echo "## nginx_wrk: loopback HTTPS, TLS 1.3, ECDSA P-256, 1 KiB file, wrk -t1 -c$connections -d$duration"
echo
echo "- CPU: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(nproc) CPUs; $(uname -sr); load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "- $(nginx -v 2>&1 | sed 's/^nginx version: //') (1 worker), $(openssl version), $(wrk --version 2>&1 | head -1 | cut -d' ' -f1-2)"
echo
echo "| server | keep-alive req/s | new connection per request req/s |"
echo "|:--|--:|--:|"
measure "$nginx_port" "nginx"
stop_server  # also flushes the log
notes=""
if [ -s "$work/close-run.log" ]; then
  notes="nginx: $(grep -c '^r' "$work/close-run.log") of $(wc -l <"$work/close-run.log") new connections resumed a TLS 1.3 session (wrk reuses each connection's session when it reconnects)"
fi

# ---- tlspp serve (TODO: enable once `tlspp serve` exists) --------------------------------------
# Started exactly like nginx above: same certificate, key, directory, a free port, one process.
if [ -n "$tlspp" ]; then
  tlspp_port=$(free_port)
  "$tlspp" serve "$work/www" --port "$tlspp_port" --cert "$cert" --key "$key" \
    >"$work/tlspp.log" 2>&1 &
  server_pid=$!
  wait_for_port "$tlspp_port"
  measure "$tlspp_port" "tlspp serve"
  stop_server
else
  echo "| tlspp serve | — | — |"
  notes="$notes${notes:+; }tlspp serve: not run (pass --tlspp PATH once the command exists)"
fi
echo
echo "$notes"
