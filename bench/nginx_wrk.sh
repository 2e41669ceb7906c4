#!/usr/bin/env bash
# Loopback end-to-end comparison: an HTTPS server on 127.0.0.1 serving one small static file over
# TLS 1.3 with the benchmark's ECDSA P-256 certificate, loaded by wrk twice:
#   keep-alive       wrk -t1 -c16 -dDURATION            (requests on 16 persistent connections)
#   new connection   wrk ... -H "Connection: close"     (one new TLS connection per request; wrk
#                    keeps each connection's session, so these are mostly TLS 1.3 resumptions:
#                    the nginx run counts them from its log and prints the share)
# Servers: nginx (one worker process) and `tlspp serve` (one process, one event-loop thread).
# Both get the same certificate, key, file, port choice and load, one after the other. Everything
# lives in a temp dir that is removed at exit; every server started here is stopped here.
#
# CPU time: around every wrk run the script reads the serving process's CPU time (utime + stime
# of nginx's worker, of tlspp serve; /proc/PID/stat) and wrk's own: the table shows each server's
# CPU time per request next to its rate, and wrk's share of its wall time. When wrk uses (nearly)
# a whole CPU, the rate is wrk's limit, not the server's; on a machine shared with other work the
# rate follows the scheduler: the CPU time per request is the figure that compares the servers.
# --pin runs wrk on CPU 0 and each server (nginx's master and worker, tlspp serve) on CPU 1
# (taskset, the same for both servers). Not the default: on this 2-CPU machine under other load,
# pinning cut both servers' keep-alive rates about tenfold (every request then needs a wake-up
# across CPUs, each CPU shared with other work) and raised their CPU time per request.
#
# Prints one Markdown table: each server's requests/s, CPU time per request and tlspp's ratios to
# nginx, plus how many of the new connections resumed a session on each server. Exits 1 if a figure could not be taken
# (a server did not start or answer, wrk reported no rate, socket errors or non-2xx answers),
# 2 on usage errors, 77 when nginx, wrk, curl, openssl or ss is missing.
#
# Needs nginx, wrk, curl and the openssl CLI (scripts/deps.sh installs them); installs nothing:
#   apt-get install nginx wrk curl
# Usage: bench/nginx_wrk.sh [--duration 3s] [--connections 16] [--rounds 3] [--tlspp PATH] [--quick]
#                          [--pin] [--nginx-open-file-cache]
#                          [--tlspp-no-cache]
#   --rounds N    both servers run side by side; each round loads nginx then tlspp (tlspp first
#                 in odd rounds) keep-alive, then both with a new connection per request, so
#                 both see the same machine load; each cell is the median over the rounds
#   --tlspp PATH  the tlspp binary (default: build/tools/tlspp/tlspp of this checkout)
#   --quick       one round of 1 s per figure: proves every figure can be taken (the ctest)
#   --pin         pin wrk to CPU 0 and each server to CPU 1 (2 or more CPUs, taskset)
#   --nginx-open-file-cache  turn on nginx's open_file_cache (off by default in nginx; tlspp serve
#                 always keeps small files in memory, see its --help), to compare both caching
#   --tlspp-no-cache  run tlspp serve with --no-cache (reads the file at every request), to
#                 compare both without caching
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
duration=3s
connections=16
rounds=3
tlspp="$(dirname "$here")/build/tools/tlspp/tlspp"
pin=0
nginx_cache=""
tlspp_cache=()
while [ $# -gt 0 ]; do
  case "$1" in
    --duration) duration=$2; shift 2 ;;
    --connections) connections=$2; shift 2 ;;
    --rounds) rounds=$2; shift 2 ;;
    --tlspp) tlspp=$2; shift 2 ;;
    --quick) duration=1s; rounds=1; shift ;;
    --pin) pin=1; shift ;;
    --nginx-open-file-cache) nginx_cache="open_file_cache max=1000 inactive=20s; open_file_cache_valid 1s;"; shift ;;
    --tlspp-no-cache) tlspp_cache=(--no-cache); shift ;;
    *) echo "usage: $0 [--duration 3s] [--connections 16] [--rounds 3] [--tlspp PATH] [--quick] [--pin] [--nginx-open-file-cache] [--tlspp-no-cache]" >&2; exit 2 ;;
  esac
done
# Exit 77 (ctest's skip code for nginx_wrk_quick) when a tool is missing.
for tool in nginx wrk openssl ss curl; do
  if ! command -v "$tool" >/dev/null; then
    echo "[  SKIPPED ] nginx_wrk: $tool is missing (bash scripts/deps.sh, or apt-get install nginx wrk curl)"
    exit 77
  fi
done
if [ ! -x "$tlspp" ]; then
  echo "nginx_wrk: no tlspp binary at $tlspp (build it, or pass --tlspp PATH)" >&2
  exit 2
fi

# --pin: wrk on CPU 0, the servers on CPU 1 (both servers alike); nothing pinned on one CPU or
# without taskset.
wrk_cmd=(wrk)
server_cmd=()
placement="not pinned"
if [ "$pin" -eq 1 ] && [ "$(nproc)" -ge 2 ] && command -v taskset >/dev/null; then
  wrk_cmd=(taskset -c 0 wrk)
  server_cmd=(taskset -c 1)
  placement="wrk pinned to CPU 0, each server to CPU 1"
fi
ticks_per_second=$(getconf CLK_TCK)

work=$(mktemp -d /tmp/tlspp-nginx-wrk.XXXXXX)
server_pids=()
stop_servers() {
  local pid
  for pid in "${server_pids[@]}"; do
    if kill -0 "$pid" 2>/dev/null; then
      kill -TERM "$pid" 2>/dev/null || true
      wait "$pid" 2>/dev/null || true
    fi
  done
  server_pids=()
}
trap 'stop_servers; rm -rf "$work"' EXIT

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

# CPU time (utime + stime, in clock ticks) process $1 has used so far.
cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }

# Runs wrk against URL with extra args while server process PID serves it; prints
# "requests/s server-µs-per-request wrk-CPU-percent". A run with socket errors (other than the
# reads wrk counts when a server closes after "Connection: close") or non-2xx answers, or without
# a rate, fails.
run_wrk() {
  local pid=$1 url=$2
  shift 2
  local out rate requests before after wrk_cpu
  before=$(cpu_ticks "$pid")
  # bash's `time` gives wrk's own user + system and wall seconds.
  out=$({ TIMEFORMAT='wrk-times %U %S %R'; time "${wrk_cmd[@]}" -t1 -c"$connections" \
    -d"$duration" "$@" "$url"; } 2>&1)
  after=$(cpu_ticks "$pid")
  rate=$(echo "$out" | awk '/^Requests\/sec:/ {print $2}')
  requests=$(echo "$out" | awk '/ requests in / {print $1}')
  if echo "$out" | grep -qE 'Non-2xx|Socket errors: connect [1-9]|timeout [1-9]' ||
    [ -z "$rate" ] || [ "$rate" = "0.00" ] || [ -z "$requests" ]; then
    echo "nginx_wrk: wrk $* $url failed:" >&2
    echo "$out" >&2
    return 1
  fi
  wrk_cpu=$(echo "$out" | awk '/^wrk-times / { printf "%.0f", ($2 + $3) / $4 * 100 }')
  awk -v r="$rate" -v n="$requests" -v t=$((after - before)) -v hz="$ticks_per_second" \
    -v w="$wrk_cpu" 'BEGIN { printf "%s %.1f %s\n", r, t / hz * 1e6 / n, w }'
}

# The median of the numbers given.
median() { printf '%s\n' "$@" | sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }

# One request with verification on (the certificate names IP 127.0.0.1): the server really
# speaks TLS 1.3 with the test certificate and serves the file.
curl_check() {
  local got
  got=$(curl -sS --fail --tlsv1.3 --tls-max 1.3 --cacert "$work/certs/ca.crt" "$1") ||
    { echo "nginx_wrk: the server did not answer a verified TLS 1.3 request" >&2; return 1; }
  if [ "$got" != "$(cat "$work/www/index.html")" ]; then
    echo "nginx_wrk: the server answered with other bytes than the file" >&2
    return 1
  fi
}

load_at_start=$(cut -d' ' -f1-3 /proc/loadavg)
tlspp_rev="binary $tlspp"
if rev=$(git -C "$here" log -1 --format='%h %cd' --date=short 2>/dev/null); then
  tlspp_rev="$tlspp_rev (checkout at $rev)"
fi

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
  $nginx_cache
  server {
    listen 127.0.0.1:$nginx_port ssl;
    ssl_protocols TLSv1.3;
    ssl_certificate $cert;
    ssl_certificate_key $key;
    root $work/www;
  }
}
EOF
"${server_cmd[@]}" nginx -p "$work" -c "$work/nginx.conf" -e "$work/nginx-error.log" &
server_pids+=($!)
wait_for_port "$nginx_port"
# The worker serves the requests: its CPU time is nginx's (the master only waits).
nginx_worker=""
for _ in $(seq 1 50); do
  nginx_worker=$(ps -o pid= --ppid "$(cat "$work/nginx.pid" 2>/dev/null || echo 0)" | head -1 | tr -d ' ')
  if [ -n "$nginx_worker" ]; then break; fi
  sleep 0.1
done
if [ -z "$nginx_worker" ]; then
  echo "nginx_wrk: no nginx worker process found" >&2
  exit 1
fi

# ---- tlspp serve -------------------------------------------------------------------------------
# Started like nginx: same certificate, key and directory, a free port, one process; TLS 1.3 only,
# default resumption settings (stateless TLS 1.3 tickets), no per-request log.
tlspp_port=$(free_port)
"${server_cmd[@]}" "$tlspp" serve "$work/www" --port "$tlspp_port" --cert "$cert" --key "$key" --tls1.3 --quiet \
  "${tlspp_cache[@]}" >"$work/tlspp.log" 2>&1 &
server_pids+=($!)
tlspp_pid=$!
wait_for_port "$tlspp_port"

nginx_url="https://127.0.0.1:$nginx_port/index.html"
tlspp_url="https://127.0.0.1:$tlspp_port/index.html"
curl_check "$nginx_url"
curl_check "$tlspp_url"
declare -A rates cpu wrk_cpu
for round in $(seq 1 "$rounds"); do
  order="nginx tlspp"
  if [ $((round % 2)) -eq 0 ]; then order="tlspp nginx"; fi
  for mode in keepalive close; do
    for server in $order; do
      url=$nginx_url pid=$nginx_worker
      if [ "$server" = tlspp ]; then url=$tlspp_url pid=$tlspp_pid; fi
      if [ "$mode" = close ]; then
        figures=$(run_wrk "$pid" "$url" -H "Connection: close")
      else
        figures=$(run_wrk "$pid" "$url")
      fi
      read -r rate per_request wrk_share <<<"$figures"
      rates[$server.$mode]="${rates[$server.$mode]:-} $rate"
      cpu[$server.$mode]="${cpu[$server.$mode]:-} $per_request"
      wrk_cpu[$server.$mode]="${wrk_cpu[$server.$mode]:-} $wrk_share"
    done
  done
done
stop_servers  # also flushes nginx's log
# shellcheck disable=SC2086  # the cells are space-separated lists of numbers
for key in nginx.keepalive nginx.close tlspp.keepalive tlspp.close; do
  rates[$key]=$(median ${rates[$key]})
  cpu[$key]=$(median ${cpu[$key]})
  wrk_cpu[$key]=$(median ${wrk_cpu[$key]})
done

nginx_resumed="$(grep -c '^r' "$work/close-run.log" || true) of $(wc -l <"$work/close-run.log")"
# "stopped after N connections (H handshakes completed, R resumed)". H counts curl's check, the
# keep-alive runs' connections and the close runs'; only the close runs resume.
tlspp_resumed=$(sed -n 's/.*handshakes completed, \([0-9]*\) resumed.*/\1/p' "$work/tlspp.log")
tlspp_handshakes=$(sed -n 's/.*(\([0-9]*\) handshakes completed.*/\1/p' "$work/tlspp.log")
if [ -z "$tlspp_resumed" ]; then
  echo "nginx_wrk: tlspp serve did not stop cleanly:" >&2
  cat "$work/tlspp.log" >&2
  exit 1
fi

ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2f×", a / b }'; }

echo "## nginx_wrk: loopback HTTPS, TLS 1.3, ECDSA P-256, 1 KiB file, wrk -t1 -c$connections -d$duration, median of $rounds rounds"
echo
echo "- date: $(date -u '+%Y-%m-%d %H:%M UTC'); CPU: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), $(nproc) CPUs; $(uname -sr); load average at start: $load_at_start"
echo "- $(nginx -v 2>&1 | sed 's/^nginx version: //') (1 worker), $(openssl version), $(wrk --version 2>&1 | head -1 | cut -d' ' -f1-2)"
echo "- tlspp serve (one thread, event loop), $tlspp_rev"
tlspp_caching="tlspp serve keeps files up to 256 KiB in memory (revalidated once a second)"
if [ ${#tlspp_cache[@]} -gt 0 ]; then
  tlspp_caching="tlspp serve --no-cache (resolves, opens, reads and closes the file per request)"
fi
nginx_caching="nginx as by default, without open_file_cache (opens, stats, reads and closes the file per request)"
if [ -n "$nginx_cache" ]; then nginx_caching="nginx with $nginx_cache"; fi
echo "- file caching: $tlspp_caching; $nginx_caching"
echo "- $placement; CPU time per request: the serving process's user + system time over the run / requests (nginx: its worker)"
echo
echo "| server | keep-alive req/s | CPU µs/req | wrk CPU | new connection req/s | CPU µs/req | wrk CPU |"
echo "|:--|--:|--:|--:|--:|--:|--:|"
for server in nginx tlspp; do
  label=nginx
  if [ "$server" = tlspp ]; then label="tlspp serve"; fi
  echo "| $label | ${rates[$server.keepalive]} | ${cpu[$server.keepalive]} | ${wrk_cpu[$server.keepalive]}% | ${rates[$server.close]} | ${cpu[$server.close]} | ${wrk_cpu[$server.close]}% |"
done
# CPU time: nginx's per request over tlspp's (above 1: tlspp spends less per request).
echo "| tlspp / nginx | $(ratio "${rates[tlspp.keepalive]}" "${rates[nginx.keepalive]}") | $(ratio "${cpu[nginx.keepalive]}" "${cpu[tlspp.keepalive]}") | | $(ratio "${rates[tlspp.close]}" "${rates[nginx.close]}") | $(ratio "${cpu[nginx.close]}" "${cpu[tlspp.close]}") | |"
echo
echo "CPU µs/req in the ratio row: nginx's CPU time per request over tlspp's (above 1: tlspp spends"
echo "less per request). wrk CPU: wrk's user + system time over its wall time; near 100% the rate is"
echo "bounded by wrk, and the CPU time per request is the comparison that holds."
echo
echo "New connections that resumed a TLS 1.3 session (wrk reuses each connection's session when it"
echo "reconnects): nginx $nginx_resumed (from its log of the close runs); tlspp serve"
echo "$tlspp_resumed of $((tlspp_handshakes - 1 - rounds * connections)) (its handshake count less curl's check and the keep-alive runs' $((rounds * connections)))."
