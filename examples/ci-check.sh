#!/usr/bin/env bash
# A CI gate on a knowledge-base vault: how far its checklist is done, with the report kept.
#
# Usage: ci-check.sh [VAULT] [THRESHOLD] [OUTDIR]
#
#   VAULT      the vault folder (or one Markdown file); default $KB_TUI_VAULT, else .
#   THRESHOLD  percent done the vault must reach, 0-100; default $KB_TUI_FAIL_UNDER, else 0
#   OUTDIR     where the reports go; default $KB_TUI_REPORT_DIR, else kb-tui-report
#
# It writes OUTDIR/report.html (for people) with `kb-tui export --fail-under THRESHOLD`,
# then OUTDIR/report.json (for machines), and prints one line: percent done, the counts and
# whether the gate passed. Reports left by an earlier run are removed first, so what OUTDIR
# holds afterwards is always this run's.
#
# Exit status: 0 when percent done is at or above THRESHOLD, 1 when it is below (both reports
# are written either way), 2 when kb-tui itself failed (vault not found, a status store it
# cannot read, a bad THRESHOLD, kb-tui not installed, ...): then there is no gate result.
#
# kb-tui is found as ${KB_TUI:-kb-tui} (one executable, not a command line). Nothing in the
# vault is run: kb-tui only reads it, and the summary is read from report.json by `python3 -I`
# (isolated: neither the current folder nor PYTHON* variables are looked at).

set -euo pipefail

usage() {
    sed -n '4,8p' "$0" | sed 's/^# \{0,1\}//'
}

die() {
    printf 'ci-check: %s\n' "$1" >&2
    exit 2
}

case "${1:-}" in
    -h | --help)
        usage
        exit 0
        ;;
esac
[ "$#" -le 3 ] || {
    usage >&2
    die "at most 3 arguments, got $#"
}

vault=${1:-${KB_TUI_VAULT:-.}}
threshold=${2:-${KB_TUI_FAIL_UNDER:-0}}
out=${3:-${KB_TUI_REPORT_DIR:-kb-tui-report}}
kb=${KB_TUI:-kb-tui}

mkdir -p -- "$out" || die "cannot create the report folder '$out'"
html=$out/report.html
json=$out/report.json
rm -f -- "$html" "$json"

command -v -- "$kb" >/dev/null 2>&1 ||
    die "kb-tui not found: '$kb' (install it, or set KB_TUI to its path)"

# The gate. kb-tui exits 1 both for "below --fail-under" and for its own failures, so the
# one line it prints on stderr tells them apart; it is passed on as it is.
rc=0
err=$("$kb" export --format=html --output="$html" --fail-under="$threshold" -- "$vault" \
    2>&1 >/dev/null) || rc=$?
[ -z "$err" ] || printf '%s\n' "$err" >&2
if [ "$rc" -eq 1 ] && [[ "$err" == *"below --fail-under"* ]]; then
    gate=1
elif [ "$rc" -eq 0 ]; then
    gate=0
else
    die "kb-tui export failed (exit $rc); no gate result"
fi
[ -f "$html" ] || die "kb-tui export exited $rc but wrote no $html"

# The same report for machines (no gate: the gate's answer is above).
rc=0
"$kb" export --format=json --output="$json" -- "$vault" || rc=$?
[ "$rc" -eq 0 ] || die "kb-tui export --format json failed (exit $rc)"

if [ "$gate" -eq 0 ]; then
    verdict="passed (at or above --fail-under $threshold)"
else
    verdict="FAILED (below --fail-under $threshold)"
fi
summary=$(python3 -I -c '
import json, sys
s = json.load(open(sys.argv[1], encoding="utf-8"))["summary"]
applicable = s["items"] - s["na"]
pct = s["percent_done"]
shown = "no applicable items" if pct is None else f"{pct:g}% done"
done = s["done"]
filtered = ", filtered" if s.get("filtered") else ""
print(f"{shown} ({done} of {applicable} items{filtered})")
' "$json" 2>/dev/null) || summary="percent done in $json (python3 could not read it)"
printf "ci-check: %s in vault '%s'; gate %s; report: %s\n" "$summary" "$vault" "$verdict" "$html"
exit "$gate"
