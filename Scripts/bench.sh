#!/usr/bin/env bash
# Speed benchmarks against the sqlite3 CLI doing the same work, on the 10,000-candidate demo database.
# Prints each pair and its ratio; targets: export <= 1.5x, import <= 2x, compare --format json <= 1.5x.
# Runs alternate (ours, theirs, ours, ...) so that a noisy machine slows both sides alike; each side's best run
# counts. For the import, a third line shows sqlite3 inserting the same rows into shortlist's own schema (unique
# keys, indexes, status history, tags): the floor any import into this schema has on this machine.
# Usage: Scripts/bench.sh [WORK_DIR] [RUNS]     (needs sqlite3 and python3; RUNS defaults to 7)
set -euo pipefail
cd "$(dirname "$0")/.."
work=${1:-$(mktemp -d /tmp/shortlist-bench.XXXXXX)}
runs=${2:-7}
mkdir -p "$work"
swift build -c release >/dev/null 2>&1
bin=$PWD/.build/release/shortlist
db="$work/demo.sqlite"
rm -f "$db"*

t0=$(date +%s.%N); "$bin" --db "$db" demo --candidates 10000 --seed 1 >/dev/null; t1=$(date +%s.%N)
printf 'demo --candidates 10000: %.2fs\n' "$(echo "$t1 - $t0" | bc -l)"

# Export of every candidate vs sqlite3 writing the same columns (candidate fields and per-question means).
questions=$(sqlite3 "$db" "SELECT group_concat(q, ',') FROM (SELECT DISTINCT question_id AS q FROM answer)")
pivot=""
for q in ${questions//,/ }; do pivot+=", (SELECT avg(a.score) FROM answer a JOIN interview i ON i.id = a.interview_id WHERE i.candidate_id = c.id AND i.state = 'finished' AND a.question_id = '$q')"; done
echo "SELECT c.id, c.name, c.email, c.tier, c.source, c.rate $pivot, c.status FROM candidate c;" > "$work/export.sql"

# A 100,000-row sourcing sheet.
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
# sqlite3 inserting the sheet into an empty shortlist database, as the import does (one transaction).
"$bin" --db "$work/empty.sqlite" role list >/dev/null
cat > "$work/floor.sql" <<SQL
PRAGMA foreign_keys = ON;
PRAGMA cache_size = -131072;
.import --csv $work/sheet.csv sheet
BEGIN;
INSERT INTO candidate(uuid, name, email, tier, source, rate, status, created_at, provenance)
  SELECT printf('%032x', rowid), name, email, 3, source, rate, 'sourced', 1.0, 'import sheet.csv:' || rowid FROM sheet;
INSERT INTO status_change(candidate_id, from_status, to_status, at, note) SELECT id, NULL, 'sourced', 1.0, 'imported' FROM candidate;
INSERT INTO candidate_tag SELECT id, 'python' FROM candidate;
INSERT INTO candidate_tag SELECT id, 'rag' FROM candidate;
COMMIT;
SQL

python3 - "$bin" "$work" "$runs" <<'PY'
import os, shutil, subprocess, sys, time
bin, work, runs = sys.argv[1], sys.argv[2], int(sys.argv[3])
db = f"{work}/demo.sqlite"

def rm(*paths):
    for p in paths:
        for suffix in ("", "-wal", "-shm"):
            try: os.remove(p + suffix)
            except FileNotFoundError: pass

def timed(cmd, prepare=None, stdin=None):
    if prepare: prepare()
    with open(stdin) if stdin else open(os.devnull) as inp:
        t = time.perf_counter()
        subprocess.run(cmd, stdin=inp, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=True)
        return time.perf_counter() - t

def race(name, target, sides):
    best = [float("inf")] * len(sides)
    for _ in range(runs):
        for k, side in enumerate(sides):
            best[k] = min(best[k], timed(*side))
    ours, theirs = best[0], best[1]
    print(f"{name:<28} shortlist {ours:7.3f}s   sqlite3 {theirs:7.3f}s   ratio {ours / theirs:5.2f}x   (target <= {target}x)")
    if len(sides) > 2:
        print(f"{'':<28} sqlite3 into shortlist's schema {best[2]:7.3f}s: shortlist is {ours / best[2]:4.2f}x of that floor")

export_sql = open(f"{work}/export.sql").read()
race("export (all candidates)", 1.5, [
    ([bin, "--db", db, "export", "shortlist", "--all", "--role", "all", "--out", f"{work}/ours.csv", "--force"],),
    (["sqlite3", "-csv", "-header", db, export_sql, "-cmd", f".output {work}/theirs.csv"],),
])
race("import (100,000 rows)", 2, [
    ([bin, "--db", f"{work}/imp.sqlite", "candidate", "import", f"{work}/sheet.csv"], lambda: rm(f"{work}/imp.sqlite")),
    (["sqlite3", f"{work}/imp2.sqlite", f".import --csv {work}/sheet.csv sheet"], lambda: rm(f"{work}/imp2.sqlite")),
    (["sqlite3", f"{work}/floor.sqlite"], lambda: shutil.copy(f"{work}/empty.sqlite", f"{work}/floor.sqlite"), f"{work}/floor.sql"),
])
compare_sql = """SELECT c.id, c.name, c.tier, c.source, c.rate, c.status, a.question_id, avg(a.score), count(DISTINCT i.id)
  FROM candidate c LEFT JOIN interview i ON i.candidate_id = c.id AND i.state = 'finished'
  LEFT JOIN answer a ON a.interview_id = i.id AND a.score IS NOT NULL GROUP BY c.id, a.question_id;"""
race("compare --format json", 1.5, [
    ([bin, "--db", db, "compare", "--role", "all", "--format", "json"],),
    (["sqlite3", "-json", db, compare_sql],),
])
PY
echo "work folder: $work"
