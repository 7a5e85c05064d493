#!/usr/bin/env bash
# Renders the demo comparison report to HTML and a PNG screenshot for a person to look at.
# Usage: Scripts/render-report.sh [OUT_DIR]   (needs Debian's chromium)
set -euo pipefail
cd "$(dirname "$0")/.."
out=${1:-/tmp/shortlist-report}
mkdir -p "$out"
swift build -c release >/dev/null
bin=.build/release/shortlist
db="$out/demo.sqlite"
rm -f "$db" "$db-wal" "$db-shm"
"$bin" --db "$db" demo --candidates 40 >/dev/null
"$bin" --db "$db" compare --format html --out "$out/report.html" --force
chromium --headless --no-sandbox --disable-gpu --user-data-dir="$out/chrome" --window-size=1200,2600 \
  --screenshot="$out/report.png" "file://$out/report.html" 2>/dev/null
echo "report: $out/report.html"
echo "screenshot: $out/report.png"
