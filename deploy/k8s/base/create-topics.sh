#!/bin/bash
# Creates the Kafka topics of DESIGN §2.1 and §8.5 ahead of time (brokers run
# with auto-creation off), idempotently: a topic that exists is left alone.
# Run by the kafka-topics Job (deploy/k8s) and the kafka-topics service of
# deploy/compose, in the apache/kafka image.
#
#   KAFKA_BROKERS             bootstrap address(es)
#   TOPICS                    space-separated topic names
#   TOPIC_PARTITIONS          partitions of each topic (12)
#   TOPIC_REPLICATION_FACTOR  1 on one broker, 3 in the cloud
#   TOPIC_CONFIGS             space-separated key=value topic configs (optional)
#   KAFKA_CLIENT_CONFIG       a client .properties file, e.g. SASL/TLS (optional)
#   KAFKA_WAIT_SECONDS        how long to wait for the brokers (default 300)
set -euo pipefail

: "${KAFKA_BROKERS:?}" "${TOPICS:?}" "${TOPIC_PARTITIONS:?}" "${TOPIC_REPLICATION_FACTOR:?}"
topics_cmd=/opt/kafka/bin/kafka-topics.sh
client=()
if [ -n "${KAFKA_CLIENT_CONFIG:-}" ]; then client=(--command-config "$KAFKA_CLIENT_CONFIG"); fi
configs=()
for c in ${TOPIC_CONFIGS:-}; do configs+=(--config "$c"); done

deadline=$(( SECONDS + ${KAFKA_WAIT_SECONDS:-300} ))
until "$topics_cmd" --bootstrap-server "$KAFKA_BROKERS" "${client[@]}" --list >/dev/null 2>&1; do
  if [ $SECONDS -ge $deadline ]; then echo "Kafka at $KAFKA_BROKERS did not answer" >&2; exit 1; fi
  echo "waiting for Kafka at $KAFKA_BROKERS"
  sleep 3
done

for topic in $TOPICS; do
  echo "topic $topic: $TOPIC_PARTITIONS partitions, replication $TOPIC_REPLICATION_FACTOR ${TOPIC_CONFIGS:-}"
  "$topics_cmd" --bootstrap-server "$KAFKA_BROKERS" "${client[@]}" --create --if-not-exists \
    --topic "$topic" --partitions "$TOPIC_PARTITIONS" --replication-factor "$TOPIC_REPLICATION_FACTOR" "${configs[@]}"
done
"$topics_cmd" --bootstrap-server "$KAFKA_BROKERS" "${client[@]}" --describe --topic "$(echo $TOPICS | tr ' ' '|')"
