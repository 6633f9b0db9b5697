#!/usr/bin/env bash
# The capacity figures in docs/scaling.md: one gunicorn worker (one core) with the page cache on
# and off, then Varnish (tools/varnish/clinic.vcl) in front of it; wrk, 4 connections, 10 s per
# page. CPU ms per request is the process's user + system time from /proc, divided by requests.
# Needs a seeded database and Redis in the environment (DATABASE_URL, REDIS_URL), wrk and varnishd:
#   DATABASE_URL=postgres://... REDIS_URL=redis://... tools/varnish/capacity.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
export DJANGO_SETTINGS_MODULE=tests.production_node_settings ALLOWED_HOSTS=localhost \
	SECURE_SSL_REDIRECT=false SECRET_KEY="capacity-$(head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n')"
APP_PORT=${APP_PORT:-18310}
PROXY_PORT=${PROXY_PORT:-18311}
PAGES=(/ /treatments/deep-vein-stenting/ /conditions/deep-vein-thrombosis/ /news/)
HEADERS=(-H "Host: localhost" -H "X-Forwarded-Proto: https")
WORK=$(mktemp -d)

cpu_ticks() { local total=0; for pid in "$@"; do read -r -a stat <"/proc/$pid/stat"; total=$((total + stat[13] + stat[14])); done; echo "$total"; }
children() { cat "/proc/$1/task/$1/children"; }

# name url pids...: requests/s and CPU ms per request of the given processes
measure() {
	local name=$1 url=$2; shift 2
	for _ in 1 2 3; do curl -s -o /dev/null "${HEADERS[@]}" "$url"; done
	local before out after requests
	before=$(cpu_ticks "$@")
	out=$(wrk -t1 -c4 -d10s "${HEADERS[@]}" "$url")
	after=$(cpu_ticks "$@")
	requests=$(awk '/requests in/ {print $1}' <<<"$out")
	printf '%-36s %-36s %9s req/s %7.3f CPU ms/request\n' "$name" "/${url#http://*/}" \
		"$(awk '/Requests\/sec/ {print $2}' <<<"$out")" \
		"$(echo "($after - $before) * 1000 / $(getconf CLK_TCK) / $requests" | bc -l)"
}

app() {
	PAGE_CACHE_SECONDS=$1 .venv/bin/python -m gunicorn clinic_site.wsgi --workers 1 \
		--bind "127.0.0.1:$APP_PORT" --log-level warning &
	APP=$!
	until curl -s -o /dev/null "http://127.0.0.1:$APP_PORT/healthz/"; do sleep 0.3; done
}

for cache_seconds in 600 0; do
	app "$cache_seconds"
	for page in "${PAGES[@]}"; do
		measure "app, page cache $([ "$cache_seconds" = 0 ] && echo off || echo on):" \
			"http://127.0.0.1:$APP_PORT$page" $(children "$APP")
	done
	kill "$APP"; wait "$APP" || true
done

app 600
sed "s/\"8000\"/\"$APP_PORT\"/" tools/varnish/clinic.vcl >"$WORK/clinic.vcl"
varnishd -F -j none -n "$WORK/varnish" -a "127.0.0.1:$PROXY_PORT" -f "$WORK/clinic.vcl" -s malloc,64m >/dev/null 2>&1 &
PROXY=$!
until curl -s -o /dev/null "http://127.0.0.1:$PROXY_PORT/healthz/"; do sleep 0.3; done
for page in "${PAGES[@]}"; do
	measure "Varnish in front (Varnish's CPU):" "http://127.0.0.1:$PROXY_PORT$page" $(children "$PROXY")
done
kill "$PROXY" "$APP"; wait || true
rm -rf "$WORK"
