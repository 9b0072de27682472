#!/usr/bin/env bash
# Runs RelaunchBenchmark: the relaunch of a broker holding about 1 GB on its own volume, against the relaunch of a
# broker holding the same replicas in its sandbox, which copies them all from its peers; three real brokers on a
# local Mesos cluster, measured back to back in each round. Writes every sample to benchmarks/results/relaunch.json
# and prints a markdown table of the medians. Needs JDK 17+ and Maven; works from any directory. Arguments: rounds
# (default 3), megabytes per broker (default 1024), and a replication throttle in MB/s standing for the network
# between hosts (default 0: none, loopback); about 2 minutes on a 2-core machine with the defaults, and 3 GB of disk
# while it runs.
set -euo pipefail

# shellcheck source=benchmark-jar.sh
source "$(dirname "${BASH_SOURCE[0]}")/benchmark-jar.sh"
results="benchmarks/results/relaunch${3:+-$3MBps}.json"

java -Xms1g -Xmx1g -Dorg.slf4j.simpleLogger.defaultLogLevel=warn \
    -cp "$jar" org.kafkamesos.benchmarks.RelaunchBenchmark "$results" "${1:-3}" "${2:-1024}" "${3:-0}"
