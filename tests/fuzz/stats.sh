#!/usr/bin/env bash
# Sums up the fuzz entries of a ctest log (libFuzzer's -print_final_stats):
# per target the inputs run, the corpus it ended with and its peak memory.
#   stats.sh LastTest.log
set -euo pipefail
log=${1:?ctest log}
[[ -f $log ]] || exit 0
awk '
  /^[0-9]+\/[0-9]+ Testing: fuzz\.[a-z_]+$/ { split($3, a, "."); target = a[2] }
  /^[0-9]+\/[0-9]+ Test: fuzz\.[a-z_]+$/ { split($3, a, "."); target = a[2] }
  target != "" && /stat::number_of_executed_units:/ { runs[target] = $2 }
  target != "" && /stat::peak_rss_mb:/ { rss[target] = $2 }
  target != "" && /^(INFO: )?Done [0-9]+ runs in [0-9]+ second/ { secs[target] = $(NF-1) }
  END {
    n = 0; total = 0
    for (t in runs) { n++; total += runs[t]
      printf "fuzz: %-20s %10d inputs in %s s, peak %s MB\n", t, runs[t], secs[t] == "" ? "?" : secs[t], rss[t] }
    if (n) printf "fuzz: %d targets, %d inputs in all\n", n, total
  }' "$log"
