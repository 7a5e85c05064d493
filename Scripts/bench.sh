#!/usr/bin/env bash
# Speed and memory against the sqlite3 CLI doing the same work on the same files, with hyperfine (warm-ups, several
# rounds that alternate ours and the floor, each round's mean; the median of the rounds counts), on demo databases
# of 1,000 and 10,000 candidates (and 100,000 with --100k; 100,000 and 1,000,000 with --1m, whose demo is built once
# into --work and kept). Peak memory (max RSS) comes from GNU time. Each size's demo is timed against sqlite3 reading
# the same rows back from a .dump into an empty file. Prints one table of ratios and writes it as Markdown (the
# README's performance section shows it).
#
# Usage: Scripts/bench.sh [--100k | --1m] [--rounds N] [--work DIR]
# Needs: hyperfine, sqlite3, python3, /usr/bin/time (Debian: apt-get install hyperfine sqlite3 time).
set -euo pipefail
cd "$(dirname "$0")/.."
sizes=(1000 10000)
rounds=3
work=""
while [ $# -gt 0 ]; do
  case "$1" in
    --100k) sizes+=(100000) ;;
    --1m) sizes=(1000 10000 100000 1000000) ;;
    --rounds) rounds=$2; shift ;;
    --work) work=$2; shift ;;
    *) echo "usage: Scripts/bench.sh [--100k | --1m] [--rounds N] [--work DIR]" >&2; exit 64 ;;
  esac
  shift
done
for tool in hyperfine sqlite3 python3 /usr/bin/time; do
  command -v "$tool" >/dev/null || { echo "bench: $tool is missing" >&2; exit 1; }
done
work=${work:-$(mktemp -d /tmp/shortlist-bench.XXXXXX)}
mkdir -p "$work"
swift build -c release >/dev/null 2>&1
bin=$PWD/.build/release/shortlist
results="$work/results.tsv"
: > "$results"

# One round's means (ours, floor) from hyperfine's JSON, appended to the rounds file.
round_means() {
  python3 -c 'import json,sys; r=json.load(open(sys.argv[1]))["results"]; print(r[0]["mean"], r[1]["mean"])' \
    "$work/h.json" >> "$work/rounds.txt"
}

# The median over the rounds of each side, as one row of the results table (label, ms, ms, ratio, target).
summarize() { # label target
  python3 - "$work/rounds.txt" "$1" "$2" >> "$results" <<'PY'
import statistics, sys
rows = [tuple(map(float, l.split())) for l in open(sys.argv[1]) if l.strip()]
ours = statistics.median(r[0] for r in rows); floor = statistics.median(r[1] for r in rows)
print(f"{sys.argv[2]}\t{ours * 1000:.1f}\t{floor * 1000:.1f}\t{ours / floor:.2f}\t{sys.argv[3]}")
PY
  rm -f "$work/rounds.txt"
}

# median over rounds of hyperfine's mean for each of two commands, run alternately (ours, floor, ours, ...).
pair() { # label target ours floor
  local label=$1 target=$2 ours=$3 floor=$4 r
  for r in $(seq "$rounds"); do
    hyperfine -N --warmup 2 --runs 5 --export-json "$work/h.json" "$ours" "$floor" >/dev/null 2>&1 || {
      echo "bench: '$label' failed; run it by hand: $ours" >&2
      return 1
    }
    round_means
  done
  summarize "$label" "$target"
}

peak() { # command... -> max RSS in MB
  /usr/bin/time -f "%M" -o "$work/rss" "$@" >/dev/null 2>&1
  echo $(( $(cat "$work/rss") / 1024 ))
}

# A 100,000-row sourcing sheet and sqlite3 inserting it into an empty shortlist database (the import's floor).
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

declare -A memory
for n in "${sizes[@]}"; do
  db="$work/demo-$n.sqlite"
  k="$((n / 1000))k"
  [ "$n" -ge 1000000 ] && k="$((n / 1000000))m"
  if [ ! -f "$db" ]; then
    # The demo, once per size: its time and peak, against sqlite3 inserting the same rows (its own .dump of the
    # file, read into an empty one: schema, rows, indexes and triggers).
    /usr/bin/time -f "%e %M" -o "$work/demo.time" "$bin" --db "$db.part" demo --candidates "$n" --seed 1 >/dev/null
    mv "$db.part" "$db"
    sqlite3 "$db" .dump > "$work/dump.sql"
    rm -f "$work/dump.sqlite"
    /usr/bin/time -f "%e" -o "$work/dump.time" sqlite3 "$work/dump.sqlite" < "$work/dump.sql"
    rm -f "$work/dump.sql" "$work/dump.sqlite"
    read -r secs kb < "$work/demo.time"
    echo "$secs $(cat "$work/dump.time")" > "$work/rounds.txt"
    summarize "demo --candidates $n" 3
    memory["demo --candidates $n"]=$((kb / 1024))
  fi
  name=$(sqlite3 "$db" "SELECT name FROM candidate WHERE id = $((n / 2))")
  id=$((n / 2))
  pair "candidate list --format json ($k)" 2 \
    "$bin --db $db candidate list --all-roles --format json" \
    "sqlite3 -json $db 'SELECT * FROM candidate'"
  pair "candidate list ($k)" 2 \
    "$bin --db $db candidate list --all-roles" \
    "sqlite3 -column $db 'SELECT c.id, c.name, c.tier, c.source, c.rate, c.status, group_concat(t.tag) FROM candidate c LEFT JOIN candidate_tag t ON t.candidate_id = c.id GROUP BY c.id'"
  pair "interview list --format json ($k)" 2 \
    "$bin --db $db interview list --format json" \
    "sqlite3 -json $db 'SELECT i.*, c.name AS candidate, s.bank_id, s.version FROM interview i JOIN candidate c ON c.id = i.candidate_id JOIN bank_snapshot s ON s.id = i.snapshot_id ORDER BY i.id'"
  pair "candidate show NAME ($k)" 4 \
    "$bin --db $db candidate show '$name'" \
    "sqlite3 $db \"SELECT * FROM candidate WHERE name = '$name'; SELECT url FROM candidate_link WHERE candidate_id = $id; SELECT tag FROM candidate_tag WHERE candidate_id = $id; SELECT r.title FROM candidate_role cr JOIN role r ON r.id = cr.role_id WHERE cr.candidate_id = $id; SELECT * FROM status_change WHERE candidate_id = $id ORDER BY at; SELECT i.*, s.bank_id, s.version FROM interview i JOIN bank_snapshot s ON s.id = i.snapshot_id WHERE i.candidate_id = $id\""
  pair "tiers --format json ($k)" 1.5 \
    "$bin --db $db tiers --role all --format json" \
    "sqlite3 -json $db \"WITH s AS (SELECT i.candidate_id, avg(a.score) AS m FROM interview i JOIN answer a ON a.interview_id = i.id WHERE i.state = 'finished' AND a.score IS NOT NULL GROUP BY i.candidate_id), r AS (SELECT candidate_id, to_status, min(at) AS at FROM status_change WHERE to_status IN ('sourced','shortlisted','offer','hired') GROUP BY to_status, candidate_id) SELECT c.tier, count(*), count(s.m), avg(s.m), avg(c.rate), sum(EXISTS (SELECT 1 FROM r WHERE r.candidate_id = c.id AND r.to_status IN ('shortlisted','offer','hired'))), sum(EXISTS (SELECT 1 FROM r WHERE r.candidate_id = c.id AND r.to_status = 'hired')) FROM candidate c LEFT JOIN s ON s.candidate_id = c.id GROUP BY c.tier\""
  compare_floor="sqlite3 -json $db \"SELECT c.id, c.name, c.tier, c.source, c.rate, c.status, a.question_id, avg(a.score), count(DISTINCT i.id) FROM candidate c LEFT JOIN interview i ON i.candidate_id = c.id AND i.state = 'finished' LEFT JOIN answer a ON a.interview_id = i.id AND a.score IS NOT NULL GROUP BY c.id, a.question_id\""
  pair "compare --format json ($k)" 1 "$bin --db $db compare --role all --format json" "$compare_floor"
  # The HTML report against the same floor: it ranks the same rows and shows the first 1,000 of each kind.
  pair "compare --format html ($k)" 1 \
    "$bin --db $db compare --role all --format html --out $work/ours.html --force" "$compare_floor"
  questions=$(sqlite3 "$db" "SELECT group_concat(q, ',') FROM (SELECT DISTINCT question_id AS q FROM answer)")
  pivot=""
  for q in ${questions//,/ }; do pivot+=", (SELECT avg(a.score) FROM answer a JOIN interview i ON i.id = a.interview_id WHERE i.candidate_id = c.id AND i.state = 'finished' AND a.question_id = '$q')"; done
  # Strengths and concerns as the export writes them: every note on a question its author scored, by that score.
  evidence() {
    echo "(SELECT group_concat(i.interviewer || ' (' || n.question_id || ', ' || a.score || '): ' || n.text, char(10)) FROM note n JOIN interview i ON i.id = n.interview_id JOIN answer a ON a.interview_id = n.interview_id AND a.question_id = n.question_id WHERE i.candidate_id = c.id AND i.state = 'finished' AND a.score $1)"
  }
  printf '.output %s\nSELECT c.id, c.name, c.email, c.tier, c.source, c.rate %s, %s, %s, c.status FROM candidate c;\n' \
    "$work/theirs.csv" "$pivot" "$(evidence '>= 3')" "$(evidence 'BETWEEN 1 AND 2')" > "$work/export-$n.sql"
  pair "export shortlist --all ($k)" 1 \
    "$bin --db $db export shortlist --all --role all --out $work/ours.csv --force" \
    "sqlite3 -csv -header -init $work/export-$n.sql $db .quit"
  memory["candidate list --format json ($k)"]=$(peak "$bin" --db "$db" candidate list --all-roles --format json)
  memory["candidate list ($k)"]=$(peak "$bin" --db "$db" candidate list --all-roles)
  memory["interview list --format json ($k)"]=$(peak "$bin" --db "$db" interview list --format json)
  memory["tiers --format json ($k)"]=$(peak "$bin" --db "$db" tiers --role all --format json)
  memory["compare --format json ($k)"]=$(peak "$bin" --db "$db" compare --role all --format json)
  memory["compare --format html ($k)"]=$(peak "$bin" --db "$db" compare --role all --format html --out "$work/ours.html" --force)
  memory["export shortlist --all ($k)"]=$(peak "$bin" --db "$db" export shortlist --all --role all --out "$work/ours.csv" --force)
done

# Start-up alone: --version against sqlite3 -version.
for r in $(seq "$rounds"); do
  hyperfine -N --warmup 5 --runs 30 --export-json "$work/h.json" "$bin --version" "sqlite3 -version" >/dev/null 2>&1
  round_means
done
summarize "start-up (--version)" 2

# Start-up: a script that only quits, against sqlite3 opening the file for one SELECT.
db="$work/demo-${sizes[-1]}.sqlite"
echo quit > "$work/quit.txt"
# Through a shell on both sides (hyperfine subtracts the shell's own start-up).
for r in $(seq "$rounds"); do
  hyperfine --warmup 3 --runs 20 --export-json "$work/h.json" "$bin --db $db < $work/quit.txt" \
    "sqlite3 $db 'select 1' < /dev/null" >/dev/null 2>&1
  round_means
done
summarize "start-up (echo quit | shortlist)" 4

# Notes typed in a live call: 20,000 lines into one interview, each saved in its own transaction as it is read (as
# Enter saves it), from a copy of the smallest demo database; the median of the rounds, as notes per second.
sqlite3 "$work/demo-${sizes[0]}.sqlite" ".backup '$work/notes-src.sqlite'"
{ echo "as bench"; echo "interview start #7 --bank rag-prototype"; seq 20000 | sed 's/^/a note on retrieval quality, /'
  echo "/pause"; } > "$work/notes.txt"
hyperfine -N --runs "$rounds" --export-json "$work/h.json" \
  --prepare "sh -c 'rm -f $work/notes.sqlite*; cp $work/notes-src.sqlite $work/notes.sqlite'" \
  "$bin --db $work/notes.sqlite -f $work/notes.txt" >/dev/null 2>&1
[ "$(sqlite3 "$work/notes.sqlite" 'SELECT count(*) FROM note WHERE interview_id = (SELECT max(id) FROM interview)')" = 20000 ] || {
  echo "bench: the notes run did not save 20,000 notes" >&2
  exit 1
}
notes_rate=$(python3 -c 'import json,sys; print(round(20000 / json.load(open(sys.argv[1]))["results"][0]["median"]))' "$work/h.json")

# A read (one person) while another process holds the write lock for 4 s: the read must not wait.
lock_wait=$(python3 - "$bin" "$db" <<'PY'
import sqlite3, subprocess, sys, time
bin, db = sys.argv[1], sys.argv[2]
c = sqlite3.connect(db, isolation_level=None, timeout=1)
c.execute("BEGIN IMMEDIATE"); c.execute("UPDATE candidate SET source = source WHERE id = 1")
t = time.perf_counter()
name = c.execute("SELECT name FROM candidate WHERE id = (SELECT max(id) / 2 FROM candidate)").fetchone()[0]
subprocess.run([bin, "--db", db, "candidate", "show", name], stdout=subprocess.DEVNULL, check=True)
print(f"{(time.perf_counter() - t) * 1000:.1f}")
time.sleep(max(0, 4 - (time.perf_counter() - t))); c.execute("ROLLBACK")
PY
)

# The import of the 100,000-row sheet, against sqlite3 inserting the same rows into shortlist's schema: as many rows
# in every table (candidates, a history row each, two tags, a name token per word: "person", the number, "example").
# (A copy's stale -wal/-shm from an earlier run would corrupt it: they go first.)
rm -f "$work/empty.sqlite"*
"$bin" --db "$work/empty.sqlite" role list >/dev/null
"$bin" --db "$work/empty.sqlite" candidate add "Seed Person" --source Toptal >/dev/null
cat > "$work/floor.sql" <<SQL
PRAGMA foreign_keys = ON;
PRAGMA cache_size = -131072;
.import --csv $work/sheet.csv sheet
BEGIN;
INSERT INTO candidate(uuid, name, email, tier, source, rate, status, created_at, provenance, name_key)
  SELECT printf('%032x', rowid), name, email, 3, source, rate, 'sourced', 1.0, 'import sheet.csv:' || rowid, lower(name) FROM sheet;
INSERT INTO status_change(candidate_id, from_status, to_status, at, note) SELECT id, NULL, 'sourced', 1.0, 'imported' FROM candidate WHERE id > 1;
INSERT INTO candidate_tag SELECT id, 'python' FROM candidate WHERE id > 1;
INSERT INTO candidate_tag SELECT id, 'rag' FROM candidate WHERE id > 1;
INSERT INTO candidate_name_token SELECT 'person', id FROM candidate WHERE id > 1;
INSERT OR IGNORE INTO candidate_name_token SELECT 'example', id FROM candidate WHERE id > 1;
INSERT OR IGNORE INTO candidate_name_token SELECT CAST(id - 2 AS TEXT), id FROM candidate WHERE id > 1;
COMMIT;
SQL
for r in $(seq "$rounds"); do
  hyperfine -N --runs 1 --export-json "$work/h.json" \
    --prepare "sh -c 'rm -f $work/imp.sqlite-wal $work/imp.sqlite-shm; cp $work/empty.sqlite $work/imp.sqlite'" \
    "$bin --db $work/imp.sqlite candidate import $work/sheet.csv" \
    --prepare "sh -c 'rm -f $work/floor.sqlite-wal $work/floor.sqlite-shm; cp $work/empty.sqlite $work/floor.sqlite'" \
    "sqlite3 $work/floor.sqlite -init $work/floor.sql .quit" \
    >/dev/null 2>&1
  round_means
done
summarize "import 100,000 rows (into the schema)" 2

# The table, on the terminal and as Markdown.
python3 - "$results" "$work/bench.md" "$lock_wait" "$notes_rate" <<PY
import sys
rows = [l.rstrip("\n").split("\t") for l in open(sys.argv[1]) if l.strip()]
memory = {$(for k in "${!memory[@]}"; do printf '"%s": %s, ' "$k" "${memory[$k]}"; done)}
lines = ["| command | shortlist ms | sqlite3 floor ms | ratio | target | peak MB |", "|---|---:|---:|---:|---:|---:|"]
for label, ours, floor, ratio, target in rows:
    ok = "" if float(ratio) <= float(target) else " (over)"
    lines.append(f"| \`{label}\` | {ours} | {floor} | {ratio}x{ok} | <= {target}x | {memory.get(label, '')} |")
lines.append(f"| \`candidate show NAME\` while another process holds the write lock 4 s | {sys.argv[3]} | | | < 200 ms | |")
ok = "" if int(sys.argv[4]) >= 5000 else " (under)"
lines.append(f"| notes typed in a live call, each saved on Enter (20,000) | | | {sys.argv[4]}/s{ok} | >= 5,000/s | |")
text = "\n".join(lines) + "\n"
open(sys.argv[2], "w").write(text)
print(text)
PY
echo "Markdown: $work/bench.md"
