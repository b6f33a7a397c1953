#!/bin/sh
# SPDX-License-Identifier: MIT
# A fuzzing campaign: each target of a fuzz build (-DCLOSECHECK_FUZZ=ON) for
# MINUTES, one after the other, under nice, starting from the seeds of
# fuzz/corpus/ in a working copy (the committed seeds stay small).  A crash,
# a leak, a UBSan report, an input slower than 10 s (-timeout) or one that
# makes the process grow past 2 GB (-rss_limit_mb) is a finding: it ends
# that target's run and libFuzzer writes the input to OUT/TARGET/crash-*,
# leak-*, timeout-* or oom-*.  Prints a table: target, minutes, executions,
# findings, corpus.
#
#   sh fuzz/campaign.sh BUILD-DIR [MINUTES] [OUT] [TARGET...]
set -u
build=${1:?usage: campaign.sh BUILD-DIR [MINUTES] [OUT] [TARGET...]}
minutes=${2:-5}
[ "$minutes" -gt 0 ] || { echo "campaign.sh: MINUTES must be 1 or more" >&2; exit 2; }
out=${3:-/tmp/closecheck-campaign}
shift $(($# < 3 ? $# : 3))
here=$(cd "$(dirname "$0")" && pwd)
targets=${*:-irtext rules config compdb cmdargs suppress baseline lsp analyze}

max_len() {
	case $1 in
	rules | irtext | analyze) echo 16384 ;;
	config | compdb | baseline | lsp) echo 4096 ;;
	*) echo 1024 ;;
	esac
}
dict() {
	case $1 in
	rules | config) echo "-dict=$here/dict/yaml.dict" ;;
	irtext) echo "-dict=$here/dict/irtext.dict" ;;
	lsp) echo "-dict=$here/dict/lsp.dict" ;;
	analyze) echo "-dict=$here/dict/c.dict" ;;
	esac
}

mkdir -p "$out"
printf '%-10s %8s %12s %9s %8s\n' target minutes executions findings corpus
for t in $targets; do
	w=$out/$t
	mkdir -p "$w/corpus"
	cp -n "$here/corpus/$t"/* "$w/corpus/" 2>/dev/null
	# one process: the first finding ends the target's run (fix it, run
	# again); libFuzzer's -fork=1 goes on past findings but was 10 to 100
	# times slower on the targets that write their input to a file
	nice -n 19 "$build/fuzz/fuzz_$t" "$w/corpus" $(dict "$t") \
		-max_len="$(max_len "$t")" -timeout=10 -rss_limit_mb=2048 \
		-max_total_time=$((minutes * 60)) -print_final_stats=1 \
		-artifact_prefix="$w/" >"$w/log" 2>&1
	execs=$(grep -o '^stat::number_of_executed_units: *[0-9]*' "$w/log" | awk '{ print $2 }')
	found=$(ls "$w" | grep -c -E '^(crash|leak|timeout|oom|slow-unit)-')
	printf '%-10s %8s %12s %9s %8s\n' "$t" "$minutes" "$execs" "$found" "$(ls "$w/corpus" | wc -l)"
done
