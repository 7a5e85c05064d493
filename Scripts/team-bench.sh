#!/usr/bin/env bash
# Team sync speed on loopback, side by side with psql doing the same writes into the same tables, with hyperfine
# (alternating rounds, the median of each round's mean):
#   first sync   `team join` of a demo database (10,000 candidates by default) into an empty team: every candidate,
#                role, application, status change, and the member's own scorecards with their answers, signal marks
#                and notes; the floor is psql loading the same rows (COPY from CSV made by sqlite3 into temporary
#                tables) and upserting them into the same tables as the same member;
#   incremental  `sync` after one finished interview; the floor is psql inserting the same rows (the interview, its
#                answers, note, recommendation and status change) in one transaction.
# Targets (issue 18): first sync within 3x of its floor; incremental under 300 ms and within 3x.
# A throwaway PostgreSQL cluster (initdb, as the postgres OS user when run as root) on 127.0.0.1 and a free port is
# started for the run and removed at the end.
#
# Usage: Scripts/team-bench.sh [--candidates N] [--rounds N]
# Needs: hyperfine, sqlite3, python3, PostgreSQL server binaries (Debian: apt-get install hyperfine sqlite3 postgresql).
set -euo pipefail
cd "$(dirname "$0")/.."
candidates=10000
rounds=3
while [ $# -gt 0 ]; do
  case "$1" in
    --candidates) candidates=$2; shift ;;
    --rounds) rounds=$2; shift ;;
    *) echo "usage: Scripts/team-bench.sh [--candidates N] [--rounds N]" >&2; exit 64 ;;
  esac
  shift
done
for tool in hyperfine sqlite3 python3; do
  command -v "$tool" >/dev/null || { echo "team-bench: $tool is missing" >&2; exit 1; }
done
pgbin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -1)
[ -x "$pgbin/initdb" ] || { echo "team-bench: no PostgreSQL server binaries (apt-get install postgresql)" >&2; exit 1; }
swift build -c release >/dev/null 2>&1
bin=$PWD/.build/release/shortlist

work=$(mktemp -d /tmp/shortlist-team-bench.XXXXXX)
chmod 755 "$work"
asuser() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
[ "$(id -u)" = 0 ] && chown postgres "$work"
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
echo admin > "$work/pw"
asuser "$pgbin/initdb" -D "$work/data" -U admin --pwfile="$work/pw" --auth=scram-sha-256 -E UTF8 >/dev/null
asuser "$pgbin/pg_ctl" -D "$work/data" -l "$work/log" -w -o "-p $port -k $work -c listen_addresses=127.0.0.1" start \
  >/dev/null
trap 'asuser "$pgbin/pg_ctl" -D "$work/data" -m immediate -w stop >/dev/null 2>&1; rm -rf "$work"' EXIT
psql() { PGPASSWORD=${PW:-admin} "$pgbin/psql" -h 127.0.0.1 -p "$port" -U "${PU:-admin}" -X -q -v ON_ERROR_STOP=1 "$@"; }
psql -d postgres -c "CREATE DATABASE team"
admin_url="postgres://admin@127.0.0.1:$port/team?sslmode=disable"
alice_url="postgres://alice@127.0.0.1:$port/team?sslmode=disable"
PGPASSWORD=admin "$bin" --db "$work/lead.sqlite" team init "$admin_url" >/dev/null
PGPASSWORD=admin "$bin" --db "$work/lead.sqlite" team member add alice >/dev/null
psql -d postgres -c "ALTER ROLE alice PASSWORD 'alice'"
"$bin" --db "$work/pristine.sqlite" demo --candidates "$candidates" >/dev/null

tables="shortlist.candidate, shortlist.role, shortlist.application, shortlist.status_change, shortlist.bank_snapshot,
  shortlist.interview, shortlist.recommendation, shortlist.answer, shortlist.signal_mark, shortlist.note,
  shortlist.candidate_note, shortlist.conflict"

# The floor's data: the same rows the first sync pushes, as CSV.
db=$work/pristine.sqlite
q() { sqlite3 -csv "$db" "$1" > "$work/$2.csv"; }
q "SELECT uuid, title, created_at, hlc FROM role" role
q "SELECT uuid, name, email, tier, source, rate, created_at, hlc FROM candidate" candidate
q "SELECT c.uuid, r.uuid FROM candidate_role x JOIN candidate c ON c.id = x.candidate_id JOIN role r ON r.id = x.role_id" \
  application
q "SELECT c.uuid, r.uuid, from_status, to_status, at, note, CASE forced WHEN 1 THEN 't' ELSE 'f' END
   FROM status_change x JOIN candidate c ON c.id = x.candidate_id LEFT JOIN role r ON r.id = x.role_id" status_change
q "SELECT sha256, bank_id, version, title, content, created_at FROM bank_snapshot" bank_snapshot
own="FROM interview i JOIN candidate c ON c.id = i.candidate_id WHERE i.interviewer = 'alice'"
q "SELECT i.uuid, c.uuid, (SELECT sha256 FROM bank_snapshot WHERE id = i.snapshot_id), 'alice', i.started_at,
   i.finished_at, i.state $own" interview
q "SELECT i.uuid, c.uuid, 'alice', i.recommendation $own AND i.recommendation IS NOT NULL" recommendation
q "SELECT i.uuid, a.question_id, c.uuid, 'alice', a.score, a.comment, CASE a.skipped WHEN 1 THEN 't' ELSE 'f' END,
   a.skip_reason, a.at FROM answer a JOIN interview i ON i.id = a.interview_id JOIN candidate c ON c.id = i.candidate_id
   WHERE i.interviewer = 'alice'" answer
q "SELECT i.uuid, s.question_id, s.signal_index, c.uuid, 'alice', s.value, s.at FROM signal_mark s
   JOIN interview i ON i.id = s.interview_id JOIN candidate c ON c.id = i.candidate_id WHERE i.interviewer = 'alice'" \
  signal_mark
q "SELECT n.uuid, i.uuid, c.uuid, 'alice', n.question_id, n.text, n.at FROM note n
   JOIN interview i ON i.id = n.interview_id JOIN candidate c ON c.id = i.candidate_id WHERE i.interviewer = 'alice'" note
# The floor: psql loads the same rows (COPY into temporary tables) and applies the same upserts (INSERT ... SELECT
# ... ON CONFLICT into the same tables, as the same member, so the same row-level security checks run).
{
  echo "BEGIN;"
  for spec in \
    "role|uuid text, title text, created_at float8, hlc text|uuid, title, created_at, hlc" \
    "candidate|uuid text, name text, email text, tier int, source text, rate float8, created_at float8, hlc text|uuid, name, email, tier, source, rate, created_at, hlc" \
    "application|candidate_uuid text, role_uuid text|candidate_uuid, role_uuid" \
    "status_change|candidate_uuid text, role_uuid text, from_status text, to_status text, at float8, note text, forced boolean|candidate_uuid, role_uuid, from_status, to_status, at, note, forced" \
    "bank_snapshot|sha256 text, bank_id text, version int, title text, content text, created_at float8|sha256, bank_id, version, title, content, created_at" \
    "interview|uuid text, candidate_uuid text, snapshot_sha256 text, owner text, started_at float8, finished_at float8, state text|uuid, candidate_uuid, snapshot_sha256, owner, started_at, finished_at, state" \
    "recommendation|interview_uuid text, candidate_uuid text, owner text, value text|interview_uuid, candidate_uuid, owner, value" \
    "answer|interview_uuid text, question_id text, candidate_uuid text, owner text, score int, comment text, skipped boolean, skip_reason text, at float8|interview_uuid, question_id, candidate_uuid, owner, score, comment, skipped, skip_reason, at" \
    "signal_mark|interview_uuid text, question_id text, signal_index int, candidate_uuid text, owner text, value text, at float8|interview_uuid, question_id, signal_index, candidate_uuid, owner, value, at" \
    "note|uuid text, interview_uuid text, candidate_uuid text, owner text, question_id text, text text, at float8|uuid, interview_uuid, candidate_uuid, owner, question_id, text, at"; do
    IFS='|' read -r t defs cols <<< "$spec"
    echo "CREATE TEMP TABLE in_$t ($defs);"
    echo "\\copy in_$t FROM '$work/$t.csv' CSV"
    echo "INSERT INTO shortlist.$t ($cols) SELECT $cols FROM in_$t ON CONFLICT DO NOTHING;"
  done
  echo "COMMIT;"
} > "$work/floor-first.sql"
cat > "$work/reset-ours.sh" <<SH
PGPASSWORD=admin "$pgbin/psql" -h 127.0.0.1 -p $port -U admin -X -q -d team -c "TRUNCATE $(echo $tables)"
rm -f "$work/big.sqlite" "$work/big.sqlite-wal" "$work/big.sqlite-shm"
cp "$work/pristine.sqlite" "$work/big.sqlite"
SH
cat > "$work/reset-floor.sh" <<SH
PGPASSWORD=admin "$pgbin/psql" -h 127.0.0.1 -p $port -U admin -X -q -d team -c "TRUNCATE $(echo $tables)"
SH

round_means() {
  python3 -c 'import json,sys; r=json.load(open(sys.argv[1]))["results"]; print(r[0]["mean"], r[1]["mean"])' \
    "$work/h.json" >> "$work/rounds.txt"
}
summarize() { # label target
  python3 - "$work/rounds.txt" "$1" "$2" <<'PY'
import statistics, sys
rows = [tuple(map(float, l.split())) for l in open(sys.argv[1]) if l.strip()]
ours = statistics.median(r[0] for r in rows); floor = statistics.median(r[1] for r in rows)
print(f"| {sys.argv[2]} | {ours * 1000:.0f} ms | {floor * 1000:.0f} ms | {ours / floor:.2f}x | {sys.argv[3]} |")
PY
  rm -f "$work/rounds.txt"
}

echo "| sync ($candidates candidates) | ours | psql floor | ratio | target |"
echo "|---|---|---|---|---|"
for r in $(seq "$rounds"); do
  # hyperfine's --prepare runs before each timing of its command; one command per call so each gets its own.
  hyperfine -N --runs 3 --prepare "bash $work/reset-ours.sh" --export-json "$work/a.json" \
    "env PGPASSWORD=alice $bin --db $work/big.sqlite team join $alice_url" >/dev/null 2>&1
  hyperfine -N --runs 3 --prepare "bash $work/reset-floor.sh" --export-json "$work/b.json" \
    "env PGPASSWORD=alice $pgbin/psql -h 127.0.0.1 -p $port -U alice -X -q -d team -f $work/floor-first.sql" \
    >/dev/null 2>&1
  python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["results"][0]["mean"], json.load(open(sys.argv[2]))["results"][0]["mean"])' \
    "$work/a.json" "$work/b.json" >> "$work/rounds.txt"
done
summarize "first sync (team join)" "<= 3x"

# Incremental: the joined database finishes one more interview before each timed sync.
bash "$work/reset-ours.sh"
PGPASSWORD=alice "$bin" --db "$work/big.sqlite" team join "$alice_url" >/dev/null
cat > "$work/one-interview.sh" <<SH
k=\$(( (RANDOM % $candidates) + 1 ))
printf 'interview start #%s --bank rag-prototype --again\nnote from the call\n/score 3 clear\n/next\n/score 2\n/recommend yes\n/finish\n' "\$k" \
  | SHORTLIST_INTERVIEWER=alice SHORTLIST_NO_BACKGROUND_SYNC=1 "$bin" --db "$work/big.sqlite" >/dev/null 2>&1
SH
cat > "$work/floor-incremental.sql" <<'SQL'
BEGIN;
SELECT gen_random_uuid()::text AS i, (SELECT uuid FROM shortlist.candidate ORDER BY random() LIMIT 1) AS c \gset
INSERT INTO shortlist.interview (uuid, candidate_uuid, snapshot_sha256, started_at, finished_at, state)
  SELECT :'i', :'c', sha256, 1, 2, 'finished' FROM shortlist.bank_snapshot LIMIT 1;
INSERT INTO shortlist.answer (interview_uuid, question_id, candidate_uuid, score, comment, at)
  VALUES (:'i', 'first-moves', :'c', 3, 'clear', 2), (:'i', 'data-quality', :'c', 2, NULL, 2);
INSERT INTO shortlist.note (uuid, interview_uuid, candidate_uuid, question_id, text, at)
  VALUES (gen_random_uuid()::text, :'i', :'c', 'first-moves', 'note from the call', 2);
INSERT INTO shortlist.recommendation (interview_uuid, candidate_uuid, value) VALUES (:'i', :'c', 'yes');
INSERT INTO shortlist.status_change (candidate_uuid, to_status, at) VALUES (:'c', 'interviewing', random());
COMMIT;
SQL
for r in $(seq "$rounds"); do
  hyperfine -N --runs 5 --prepare "bash $work/one-interview.sh" --export-json "$work/a.json" \
    "env PGPASSWORD=alice $bin --db $work/big.sqlite sync" >/dev/null 2>&1
  hyperfine -N --runs 5 --export-json "$work/b.json" \
    "env PGPASSWORD=alice $pgbin/psql -h 127.0.0.1 -p $port -U alice -X -q -d team -f $work/floor-incremental.sql" \
    >/dev/null 2>&1
  python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["results"][0]["mean"], json.load(open(sys.argv[2]))["results"][0]["mean"])' \
    "$work/a.json" "$work/b.json" >> "$work/rounds.txt"
done
summarize "incremental sync after one interview" "< 300 ms and <= 3x"
