#!/usr/bin/env bash
# ApiFunction cold start with and without the SnapStart priming hook, in one run: fresh JVMs (default 7 per mode)
# print the median time from JVM start to the first response, the initialisation, and the first request alone.
# Usage: tests/bench/cold-start.sh [samples]. See docs/benchmarks.md.
set -euo pipefail
source "$(dirname "$0")/classpath.sh"
exec java -Xmx1g -cp "$cp" io.cloudpedia.bench.ColdStartBench "$@"
