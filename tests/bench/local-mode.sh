#!/usr/bin/env bash
# Local mode benchmark: 3 mock clusters x N pods (default 10,000), `cloudpedia local` over them; prints the time from
# start to the Ready line and the median and p99 time from a change in a member cluster to its visibility through the
# API. Extra arguments after the sample count go to `cloudpedia local` (e.g. --aws-endpoint URL). See docs/benchmarks.md.
set -euo pipefail
pods="${1:-10000}"
samples="${2:-200}"
shift $(( $# > 2 ? 2 : $# )) || true
source "$(dirname "$0")/classpath.sh"
exec java -Xmx2g -cp "$cp" io.cloudpedia.bench.LocalModeBench "$pods" "$samples" "$@"
