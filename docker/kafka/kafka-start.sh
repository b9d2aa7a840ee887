#!/bin/bash
# Starts the broker: writes server.properties from the KAFKA_* environment, formats the log
# directory on first start, then runs kafka.Kafka in the foreground (SIGTERM stops it cleanly).
set -euo pipefail
conf="${KAFKA_CONFIG_FILE:-/tmp/server.properties}"
: > "$conf"
while IFS= read -r name; do
  case "$name" in
    KAFKA_HEAP_OPTS | KAFKA_OPTS | KAFKA_CONFIG_FILE) continue ;;
  esac
  key="${name#KAFKA_}"
  key="${key,,}"
  key="${key//__/:}"
  key="${key//_/.}"
  key="${key//:/_}"
  printf '%s=%s\n' "$key" "${!name}" >> "$conf"
done < <(compgen -e | grep '^KAFKA_' | sort)
log_dir="${KAFKA_LOG_DIRS%%,*}"
# shellcheck disable=SC2086 # word splitting of the options is intended
java_opts=(${KAFKA_HEAP_OPTS:--Xmx512m} -XX:+ExitOnOutOfMemoryError ${KAFKA_OPTS:-} -cp '/opt/kafka/libs/*')
if [ ! -f "$log_dir/meta.properties" ]; then
  java "${java_opts[@]}" kafka.tools.StorageTool format --ignore-formatted \
    --cluster-id "${CLUSTER_ID:-5L6g3nShT-eMCtK--X86sw}" --config "$conf" >&2
fi
exec java "${java_opts[@]}" kafka.Kafka "$conf"
