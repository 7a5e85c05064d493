#!/usr/bin/env bash
# Speed benchmarks against the sqlite3 CLI doing the same work, on the 10,000-candidate demo database.
# Prints each pair and its ratio; targets: export <= 1.5x, import <= 2x, compare --format json <= 1.5x.
# Usage: Scripts/bench.sh [WORK_DIR]     (needs sqlite3 and python3)
set -euo pipefail
cd "$(dirname "$0")/.."
work=${1:-$(mktemp -d /tmp/shortlist-bench.XXXXXX)}
mkdir -p "$work"
swift build -c release >/dev/null 2>&1
bin=$PWD/.build/release/shortlist
db="$work/demo.sqlite"
rm -f "$db"*

now() { date +%s.%N; }
best() { # best of 3 wall-clock seconds for a command
  local best=999999 t0 t1 d
  for _ in 1 2 3; do
    t0=$(now); "$@" >/dev/null 2>&1; t1=$(now)
    d=$(echo "$t1 - $t0" | bc -l); if (( $(echo "$d < $best" | bc -l) )); then best=$d; fi
  done
  printf '%.4f' "$best"
}
report() { # name ours theirs target
  local ratio; ratio=$(echo "$2 / $3" | bc -l)
  printf '%-28s shortlist %8.3fs   sqlite3 %8.3fs   ratio %5.2fx   (target <= %sx)\n' "$1" "$2" "$3" "$ratio" "$4"
}

t0=$(now); "$bin" --db "$db" demo --candidates 10000 --seed 1 >/dev/null; t1=$(now)
printf 'demo --candidates 10000: %.2fs\n' "$(echo "$t1 - $t0" | bc -l)"

# Export of every candidate vs sqlite3 writing the same columns (candidate fields and per-question means).
questions=$(sqlite3 "$db" "SELECT group_concat(q, ',') FROM (SELECT DISTINCT question_id AS q FROM answer)")
pivot=""
for q in ${questions//,/ }; do pivot+=", (SELECT avg(a.score) FROM answer a JOIN interview i ON i.id = a.interview_id WHERE i.candidate_id = c.id AND i.state = 'finished' AND a.question_id = '$q')"; done
export_sql="SELECT c.id, c.name, c.email, c.tier, c.source, c.rate $pivot, c.status FROM candidate c;"
ours=$(best "$bin" --db "$db" export shortlist --all --role all --out "$work/ours.csv")
theirs=$(best sqlite3 -csv -header "$db" "$export_sql" -cmd ".output $work/theirs.csv")
report "export (all candidates)" "$ours" "$theirs" 1.5

# Import of a 100,000-row sourcing sheet vs sqlite3 .import into a plain table.
python3 - "$work/sheet.csv" <<'PY'
import csv, sys, random
random.seed(7)
sources = ["Toptal", "Braintrust", "referral", "outreach", "Upwork", "Fiverr", "AI network"]
with open(sys.argv[1], "w", newline="") as f:
    w = csv.writer(f)
    w.writerow(["name", "email", "source", "rate", "tags"])
    for i in range(100000):
        w.writerow([f"Person {i} Example", f"p{i}@example.com", random.choice(sources), random.randint(30, 200), "python;rag"])
PY
import_ours() { rm -f "$work/imp.sqlite"*; "$bin" --db "$work/imp.sqlite" candidate import "$work/sheet.csv"; }
import_theirs() { rm -f "$work/imp2.sqlite"; sqlite3 "$work/imp2.sqlite" ".import --csv $work/sheet.csv sheet"; }
ours=$(best import_ours)
theirs=$(best import_theirs)
report "import (100,000 rows)" "$ours" "$theirs" 2

# compare --format json vs the equivalent GROUP BY in sqlite3.
compare_sql="SELECT c.id, c.name, c.tier, c.source, c.rate, c.status, a.question_id, avg(a.score), count(DISTINCT i.id)
  FROM candidate c LEFT JOIN interview i ON i.candidate_id = c.id AND i.state = 'finished'
  LEFT JOIN answer a ON a.interview_id = i.id AND a.score IS NOT NULL GROUP BY c.id, a.question_id;"
ours=$(best "$bin" --db "$db" compare --role all --format json)
theirs=$(best sqlite3 -json "$db" "$compare_sql")
report "compare --format json" "$ours" "$theirs" 1.5
echo "work folder: $work"
