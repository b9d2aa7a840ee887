#!/bin/bash
# Kafka's kafka-broker-api-versions.sh, for health checks: succeeds once the broker answers.
exec java -Xmx64m -XX:TieredStopAtLevel=1 -cp '/opt/kafka/libs/*' org.apache.kafka.tools.BrokerApiVersionsCommand "$@"
