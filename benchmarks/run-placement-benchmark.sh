#!/usr/bin/env bash
# Runs PlacementBenchmark (our engine) and FenzoPlacementBenchmark (Fenzo 0.13.8) in one JMH run,
# writes benchmarks/results/placement.json and prints a markdown table of both with the ratio.
# Needs JDK 17+ and Maven; works from any directory. Extra arguments go to JMH, e.g.
#   benchmarks/run-placement-benchmark.sh -p workload=1000x10000/unique+rack
# Takes about 8 minutes on an idle 2-core machine (over 25 under heavy load), most of it Fenzo's
# 1000-broker unique workloads.
set -euo pipefail

# shellcheck source=benchmark-jar.sh
source "$(dirname "${BASH_SOURCE[0]}")/benchmark-jar.sh"
results="benchmarks/results/placement.json"

mkdir -p "$(dirname "$results")"
java -jar "$jar" 'org\.kafkamesos\.benchmarks\..*PlacementBenchmark\.' -rf json -rff "$results" "$@"

echo
echo "Milliseconds per full placement (mean ± 99.9% error), from $results:"
echo
java -cp "$jar" org.kafkamesos.benchmarks.PlacementResultsTable "$results"
