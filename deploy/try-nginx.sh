#!/usr/bin/env bash
# Tries deploy/nginx.conf for real: nginx (Debian's, not as a service: its own prefix in a temporary
# folder, a self-signed certificate made here) in front of two app servers on one new PostgreSQL
# database, then checks through it: /healthz and /readyz, a page, both servers answering, the first
# admin's set-up and a sign-in (a Secure cookie over https with TRUST_PROXY=1), the client's address taken
# from X-Forwarded-For (a forged hop ignored), nginx's request id in the app's JSON log lines.
# Skips (exit 0) without nginx, openssl or psql. Not part of CI. Usage:
#   bash deploy/try-nginx.sh [postgres://postgres:postgres@127.0.0.1:5432/postgres]
set -euo pipefail
cd "$(dirname "$0")/.."
ADMIN_URL=${1:-${PG_ADMIN_URL:-postgres://postgres:postgres@127.0.0.1:5432/postgres}}
NGINX=$(command -v nginx || echo /usr/sbin/nginx)
for tool in "$NGINX" openssl psql curl; do
  command -v "$tool" >/dev/null || { echo "SKIPPED: $tool is not installed (apt-get install nginx openssl postgresql-client curl)"; exit 0; }
done

work=$(mktemp -d /tmp/upr-try-nginx-XXXX)
chmod 755 "$work"
db="upr_try_nginx_$$"
pids=()
failures=0
cleanup() {
  for p in "${pids[@]}"; do kill -TERM "$p" 2>/dev/null || true; done
  [ -f "$work/nginx.pid" ] && kill -QUIT "$(cat "$work/nginx.pid")" 2>/dev/null || true
  sleep 1
  psql "$ADMIN_URL" -qc "drop database if exists $db with (force)" >/dev/null 2>&1 || true
  rm -rf "$work"
}
trap cleanup EXIT
check() { # check "what" command...
  if "${@:2}"; then echo "ok   $1"; else echo "FAIL $1"; failures=$((failures + 1)); fi
}
free_port() { node -e "const s=require('net').createServer().listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})"; }

psql "$ADMIN_URL" -qc "create database $db"
DB_URL=$(node -e "const u=new URL(process.argv[1]);u.pathname='/$db';console.log(u.toString())" "$ADMIN_URL")
export DATABASE_URL=$DB_URL SESSION_SECRET=try-nginx-session-secret-0123456789abcdef012345
echo "== database $db: migrate and seed once, before the servers start"
node --import tsx scripts/db-seed.ts | tail -1

echo "== two app servers, TRUST_PROXY=1, LOG_FORMAT=json, on 127.0.0.1 (nginx reaches them from 127.0.0.3)"
ports=()
for i in 0 1; do
  port=$(free_port)
  ports+=("$port")
  PORT=$port HOST=127.0.0.1 TRUST_PROXY=1 LOG_FORMAT=json node --import tsx scripts/start.ts >"$work/app$i.log" 2>&1 &
  pids+=($!)
done
for i in 0 1; do
  for _ in $(seq 1 240); do curl -fs "http://127.0.0.1:${ports[$i]}/healthz" >/dev/null && break; sleep 0.5; done
done

echo "== nginx with deploy/nginx.conf (ports, names and certificate replaced), self-signed TLS"
openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj "/CN=localhost" \
  -keyout "$work/privkey.pem" -out "$work/fullchain.pem" 2>/dev/null
https_port=$(free_port)
http_port=$(free_port)
mkdir -p "$work/logs" "$work/tmp"
sed -e "s#127.0.0.1:3001#127.0.0.1:${ports[0]}#; s#127.0.0.1:3002#127.0.0.1:${ports[1]}#" \
  -e "s#listen 80;#listen 127.0.0.1:$http_port;#; s#listen 443 ssl#listen 127.0.0.1:$https_port ssl#" \
  -e "s#upr.example.org#localhost#g; s#/etc/ssl/upr/#$work/#g" \
  -e "s#proxy_pass http://upr_monitor;#proxy_pass http://upr_monitor;\n        proxy_bind 127.0.0.3;#" \
  deploy/nginx.conf >"$work/site.conf"
cat >"$work/nginx.conf" <<EOF
worker_processes 1;
pid $work/nginx.pid;
error_log $work/logs/error.log;
events { worker_connections 256; }
http {
  access_log $work/logs/access.log;
  client_body_temp_path $work/tmp/body;
  proxy_temp_path $work/tmp/proxy;
  fastcgi_temp_path $work/tmp/fastcgi;
  uwsgi_temp_path $work/tmp/uwsgi;
  scgi_temp_path $work/tmp/scgi;
  include $work/site.conf;
}
EOF
chmod -R a+rwX "$work/tmp" "$work/logs"
"$NGINX" -t -p "$work" -c "$work/nginx.conf" 2>&1 | tail -1
"$NGINX" -p "$work" -c "$work/nginx.conf" -g "daemon off;" &
pids+=($!)
for _ in $(seq 1 50); do curl -ks "https://localhost:$https_port/healthz" >/dev/null && break; sleep 0.2; done
base="https://localhost:$https_port"
c() { curl -s --cacert "$work/fullchain.pem" "$@"; }

echo "== checks through nginx ($base)"
check "/healthz 200 alive" test "$(c -o /dev/null -w '%{http_code}' "$base/healthz")" = 200
check "/readyz 200 ready" test "$(c "$base/readyz")" = "ready"
check "http:// is sent to https://" test "$(curl -s -o /dev/null -w '%{http_code}' "http://localhost:$http_port/")" = 301
for _ in 1 2 3 4; do c -o /dev/null "$base/recommendations"; done
check "a page: /recommendations 200" test "$(c -o /dev/null -w '%{http_code}' "$base/recommendations")" = 200
check "HSTS over https (TRUST_PROXY believes X-Forwarded-Proto)" \
  sh -c "curl -s --cacert '$work/fullchain.pem' -D - -o /dev/null '$base/' | grep -qi '^strict-transport-security'"
n0=$(grep -c '"msg":"request"' "$work/app0.log" || true)
n1=$(grep -c '"msg":"request"' "$work/app1.log" || true)
check "both servers answered ($n0 and $n1 request lines)" test "$n0" -gt 0 -a "$n1" -gt 0

token=$(grep -oh 'setup?token=[A-Za-z0-9_-]*' "$work/app0.log" | head -1 | cut -d= -f2)
check "the set-up page through nginx" test "$(c -o /dev/null -w '%{http_code}' "$base/setup?token=$token")" = 200
setup=$(c -D - -o /dev/null -H "Origin: $base" "$base/setup" \
  --data-urlencode "token=$token" --data-urlencode "email=admin@try-nginx.example" \
  --data-urlencode "password=try nginx password 1" --data-urlencode "confirmPassword=try nginx password 1" \
  --data-urlencode "displayName=Try nginx (test)" --data-urlencode "organisation=Stop the Traffik Kenya")
check "set-up sent through nginx: 302 (the same-origin check passed)" sh -c "printf '%s' \"\$1\" | grep -q '^HTTP/[0-9.]* 302'" _ "$setup"
bad=$(c -o /dev/null -w '%{http_code}' -H "Origin: $base" -H "X-Forwarded-For: 203.0.113.9" "$base/login" \
  --data-urlencode "email=admin@try-nginx.example" --data-urlencode "password=wrong password here")
login=$(c -D - -o /dev/null -H "Origin: $base" "$base/login" \
  --data-urlencode "email=admin@try-nginx.example" --data-urlencode "password=try nginx password 1")
cookie_line=$(printf '%s' "$login" | grep -i '^set-cookie' | head -1 | tr -d '\r')
echo "     failed sign-in answered $bad; the good one: $(printf '%s' "$login" | head -1 | tr -d '\r'); ${cookie_line%%=*}: ...${cookie_line#*;}"
check "sign-in over https: the session cookie is Secure" sh -c "printf '%s' \"\$1\" | grep -qi '; *secure'" _ "$cookie_line"
if command -v ss >/dev/null; then
  check "nginx's kept-alive connections to the servers come from 127.0.0.3" \
    sh -c "ss -tnH state established '( dport = :${ports[0]} or dport = :${ports[1]} )' | grep -q '127.0.0.3:'"
fi
addresses=$(psql "$DB_URL" -Atc "select string_agg(distinct address, ',') from sign_in_attempt")
echo "     sign_in_attempt addresses: $addresses (nginx connects from 127.0.0.3; the client is 127.0.0.1)"
check "the client's address is X-Forwarded-For's last hop, not nginx's nor the forged one" test "$addresses" = "127.0.0.1"
rid=$(c -D - -o /dev/null "$base/healthz" | grep -i '^x-request-id' | tr -d '\r' | cut -d' ' -f2)
check "nginx's request id ($rid) is in an app server's JSON line" grep -qh "\"requestId\":\"$rid\"" "$work/app0.log" "$work/app1.log"

echo "== $failures failed"
[ "$failures" = 0 ]
