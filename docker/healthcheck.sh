#!/bin/bash
# Container health check for trail-insights without curl or wget: GET /healthz over HTTP/1.0 through
# bash's /dev/tcp and succeed only on a 200 status line. The port is TRAIL_INSIGHTS_HTTP_PORT (default
# 8080), or HEALTHCHECK_PORT when set (for `forward --http-port`).
set -u
port="${HEALTHCHECK_PORT:-${TRAIL_INSIGHTS_HTTP_PORT:-8080}}"
exec 3<>"/dev/tcp/127.0.0.1/${port}" || exit 1
printf 'GET /healthz HTTP/1.0\r\nHost: localhost\r\nConnection: close\r\n\r\n' >&3
IFS= read -r -t 4 status <&3 || exit 1
exec 3<&-
case "$status" in
  HTTP/1.?" 200"*) exit 0 ;;
  *) exit 1 ;;
esac
