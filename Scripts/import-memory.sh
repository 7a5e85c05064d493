#!/usr/bin/env bash
# Peak memory of importing a large sourcing sheet (issue 17: a 200 MB sheet within 256 MB). Generates a sheet of
# SIZE megabytes (default 200) with every column the importer reads, imports it into a new database with the release
# build, and prints the time and the maximum resident set size from GNU time.
#
# Usage: Scripts/import-memory.sh [SIZE_MB]
# Needs: python3, /usr/bin/time (Debian: apt-get install time).
set -euo pipefail
cd "$(dirname "$0")/.."
size=${1:-200}
command -v python3 >/dev/null && [ -x /usr/bin/time ] || { echo "import-memory: needs python3 and /usr/bin/time" >&2; exit 1; }
work=$(mktemp -d /tmp/shortlist-import-memory.XXXXXX)
trap 'rm -rf "$work"' EXIT
swift build -c release >/dev/null 2>&1
python3 - "$work/sheet.csv" "$size" <<'PY'
import sys
path, limit = sys.argv[1], int(sys.argv[2]) * 1024 * 1024
with open(path, "w") as f:
    f.write("Name,Email,Tier,Source,Rate,Tags,Notes\n")
    i = size = 0
    while size < limit:
        line = (f"Person {i} Example{i % 97},person.{i}@example.com,{1 + i % 4},Upwork,{50 + i % 100},python;rag,"
                f"Met at a meetup; strong on retrieval, asks good questions about data {i}\n")
        f.write(line)
        size += len(line)
        i += 1
print(f"sheet: {size / 1048576:.0f} MB, {i} rows")
PY
/usr/bin/time -f "import: %e s, peak memory %M KB" .build/release/shortlist --db "$work/db.sqlite" candidate import \
  "$work/sheet.csv" 2>&1 | grep -v "^created new database"
