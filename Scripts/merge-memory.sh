#!/usr/bin/env bash
# Peak memory and time of merging a large database into an empty one (issue 17: merge streams the other file, so
# memory does not grow with its size). Builds a demo database of CANDIDATES candidates (default 100000, with their
# interviews, notes and status moves), then merges it with the release build, and prints GNU time's figures.
#
# Usage: Scripts/merge-memory.sh [CANDIDATES]
# Needs: /usr/bin/time (Debian: apt-get install time).
set -euo pipefail
cd "$(dirname "$0")/.."
n=${1:-100000}
[ -x /usr/bin/time ] || { echo "merge-memory: needs /usr/bin/time" >&2; exit 1; }
work=$(mktemp -d /tmp/shortlist-merge-memory.XXXXXX)
trap 'rm -rf "$work"' EXIT
export SHORTLIST_NO_BACKGROUND_SYNC=1
swift build -c release >/dev/null 2>&1
bin=.build/release/shortlist
"$bin" --db "$work/other.sqlite" demo --candidates "$n" --seed 1 >/dev/null 2>&1
"$bin" --db "$work/db.sqlite" role list >/dev/null 2>&1
echo "other file: $n candidates, $(du -m "$work/other.sqlite" | cut -f1) MB"
/usr/bin/time -f "merge: %e s, peak memory %M KB" "$bin" --db "$work/db.sqlite" merge "$work/other.sqlite" 2>&1 \
  | grep -E "^merge:|candidates|interviews"
