#!/usr/bin/env bash
# Runs RebalancePlannerBenchmark (one plan of 100,000 partitions, replication factor 3, over 100 brokers in
# 10 racks: grow 90 -> 100 brokers, drain 1 of 100, already balanced), writes
# benchmarks/results/rebalance.json. Needs JDK 17+ and Maven; works from any directory. Extra arguments go
# to JMH, e.g. -p scenario=grow or -wi 2 -i 3. About 1.5 minutes on a 2-core machine.
set -euo pipefail

# shellcheck source=benchmark-jar.sh
source "$(dirname "${BASH_SOURCE[0]}")/benchmark-jar.sh"
results="benchmarks/results/rebalance.json"

mkdir -p "$(dirname "$results")"
java -jar "$jar" 'org\.kafkamesos\.benchmarks\.RebalancePlannerBenchmark\.' -rf json -rff "$results" "$@"
