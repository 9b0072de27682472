#!/usr/bin/env bash
# Runs ExecutorStartupBenchmark: the executor's launch-to-RUNNING time of a Kafka node against a raw
# kafka.Kafka start on the same machine in the same run, pairs measured back to back. Writes every sample
# to benchmarks/results/executor-startup.json and prints a markdown table of the medians.
# Needs JDK 17+ and Maven; works from any directory. The argument is the number of rounds (default 7,
# after one warm-up round); each round is 4 starts of a Kafka node, about 1 minute on a 2-core machine.
set -euo pipefail

# shellcheck source=benchmark-jar.sh
source "$(dirname "${BASH_SOURCE[0]}")/benchmark-jar.sh"
results="benchmarks/results/executor-startup.json"

java -Xms512m -Xmx512m -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
    -cp "$jar" org.kafkamesos.benchmarks.ExecutorStartupBenchmark "$results" "${1:-7}"
