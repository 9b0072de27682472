#!/usr/bin/env bash
# Runs StateStoreBenchmark (put, compare-and-set put, get and a 10-key batch on the memory, file and
# ZooKeeper stores), writes benchmarks/results/state.json and prints a markdown table of ops/s.
# Needs JDK 17+ and Maven; works from any directory. Extra arguments go to JMH, e.g.
#   benchmarks/run-state-benchmark.sh -p store=file
# Takes about 3.5 minutes on a 2-core machine: 12 trials (3 stores x 4 operations) of about 16 s each.
set -euo pipefail

# shellcheck source=benchmark-jar.sh
source "$(dirname "${BASH_SOURCE[0]}")/benchmark-jar.sh"
results="benchmarks/results/state.json"

mkdir -p "$(dirname "$results")"
java -jar "$jar" 'org\.kafkamesos\.benchmarks\.StateStoreBenchmark\.' -rf json -rff "$results" "$@"

echo
echo "Operations per second, one thread (mean ± 99.9% error), from $results:"
echo
java -cp "$jar" org.kafkamesos.benchmarks.StateStoreResultsTable "$results"
