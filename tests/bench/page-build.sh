#!/usr/bin/env bash
# Page-build benchmark: time to build a 500-pod list page from stored objects, Cloudpedia's builder next to a naive
# parse-then-serialize, in one JVM, interleaved. Prints figures, asserts nothing. See docs/benchmarks.md.
set -euo pipefail
rounds="${1:-2000}"
source "$(dirname "$0")/classpath.sh"
exec java -Xmx2g -XX:+UseG1GC -cp "$cp" io.cloudpedia.bench.PageBuildBench "$rounds"
