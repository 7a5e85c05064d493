#!/usr/bin/env bash
# Team sync speed and memory on loopback (a throwaway PostgreSQL cluster on 127.0.0.1 and a free port, removed at the
# end), release build:
#   setup        a lead's team; alice and bob join with a copy of the demo database (N candidates, 100,000 by default):
#                alice pushes the candidates and her scorecards, bob his (a join pushes nothing it has just pulled);
#   first pull   `team join` of an empty laptop as a member with no scorecard of her own (every sealed row passes the
#                sealing check) and as a lead, against psql `COPY (the same statement) TO STDOUT` as the lead;
#   incremental  `sync` after one finished interview (compare the figure at --candidates 2000 with the one at 100000);
#   twenty       twenty laptops, each with one new note about a candidate, syncing at once against one after another.
# Peak memory (maximum resident set) of each sync is printed beside its time.
# Targets (issue 29): member's first pull <= 1.5x the lead's; the lead's <= 4x psql COPY; every sync <= 256 MB; an
# incremental sync at 100k <= 1.5x the one at 2k and < 300 ms; twenty at once sooner than one after another.
#
# Usage: Scripts/team-bench.sh [--candidates N] [--rounds N]
# Needs: python3, sqlite3, GNU time, PostgreSQL server binaries (Debian: apt-get install sqlite3 time postgresql).
set -euo pipefail
cd "$(dirname "$0")/.."
candidates=100000
rounds=3
while [ $# -gt 0 ]; do
  case "$1" in
    --candidates) candidates=$2; shift ;;
    --rounds) rounds=$2; shift ;;
    *) echo "usage: Scripts/team-bench.sh [--candidates N] [--rounds N]" >&2; exit 64 ;;
  esac
  shift
done
for tool in python3 sqlite3; do
  command -v "$tool" >/dev/null || { echo "team-bench: $tool is missing" >&2; exit 1; }
done
[ -x /usr/bin/time ] || { echo "team-bench: GNU time is missing (apt-get install time)" >&2; exit 1; }
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
asuser "$pgbin/pg_ctl" -D "$work/data" -l "$work/log" -w \
  -o "-p $port -k $work -c listen_addresses=127.0.0.1 -c max_connections=60" start >/dev/null
trap 'asuser "$pgbin/pg_ctl" -D "$work/data" -m immediate -w stop >/dev/null 2>&1; rm -rf "$work"' EXIT
PGPASSWORD=admin "$pgbin/psql" -h 127.0.0.1 -p "$port" -U admin -X -q -d postgres -c "CREATE DATABASE team"
url() { echo "postgres://$1@127.0.0.1:$port/team?sslmode=disable"; }
pw() { cat "$work/$1.pw"; }
echo admin > "$work/admin.pw"
PGPASSWORD=admin "$bin" --db "$work/lead.sqlite" team init "$(url admin)" >/dev/null
for m in alice bob dave $(seq -f "m%g" 1 20); do
  PGPASSWORD=admin "$bin" --db "$work/lead.sqlite" team member add "$m" | sed -n 's/.*shown this once: //p' \
    > "$work/$m.pw"
done
"$bin" --db "$work/pristine.sqlite" demo --candidates "$candidates" >/dev/null
# A sync, timed, with its peak memory: prints "seconds kilobytes".
timed() { # name db args...
  local who=$1 db=$2
  shift 2
  env PGPASSWORD="$(pw "$who")" SHORTLIST_NO_BACKGROUND_SYNC=1 /usr/bin/time -f "%e %M" -o "$work/t" \
    "$bin" --db "$db" "$@" >/dev/null 2>"$work/err" || { cat "$work/err" >&2; exit 1; }
  cat "$work/t"
}
for m in alice bob; do
  cp "$work/pristine.sqlite" "$work/$m.sqlite"
  read -r s kb < <(timed "$m" "$work/$m.sqlite" team join "$(url "$m")")
  echo "setup: $m joined with the demo copy in ${s} s, peak $((kb / 1024)) MB"
done

# The floor: psql runs the lead's pull statement (taken from the server's log) as COPY to standard output.
PGPASSWORD=admin "$pgbin/psql" -h 127.0.0.1 -p "$port" -U admin -X -q -d team -c "ALTER SYSTEM SET log_statement = 'all'" \
  -c "SELECT pg_reload_conf()" >/dev/null
rm -f "$work/probe.sqlite"
timed admin "$work/probe.sqlite" team join "$(url admin)" >/dev/null
PGPASSWORD=admin "$pgbin/psql" -h 127.0.0.1 -p "$port" -U admin -X -q -d team -c "ALTER SYSTEM RESET log_statement" \
  -c "SELECT pg_reload_conf()" >/dev/null
python3 - "$work/log" "$work/pull.sql" <<'PY'
import sys
log = open(sys.argv[1]).read()
i = log.rfind("execute <unnamed>: WITH mine AS")
j = log.find("\n20", i)
sql = log[i + len("execute <unnamed>: "):j]
open(sys.argv[2], "w").write("COPY (" + sql + ") TO STDOUT;\n")
PY

median() { python3 -c 'import statistics,sys; print(statistics.median(float(x) for x in sys.argv[1:]))' "$@"; }
member=() lead=() floor=() mkb=0 lkb=0
for r in $(seq "$rounds"); do
  rm -f "$work/member.sqlite" "$work/lead2.sqlite"
  read -r s kb < <(timed dave "$work/member.sqlite" team join "$(url dave)"); member+=("$s"); mkb=$((kb > mkb ? kb : mkb))
  read -r s kb < <(timed admin "$work/lead2.sqlite" team join "$(url admin)"); lead+=("$s"); lkb=$((kb > lkb ? kb : lkb))
  start=$(date +%s.%N)
  PGPASSWORD=admin PGOPTIONS="-c max_parallel_workers_per_gather=0" "$pgbin/psql" -h 127.0.0.1 -p "$port" -U admin \
    -X -q -d team -f "$work/pull.sql" >/dev/null
  floor+=("$(python3 -c "import time; print(time.time() - $start)")")
done
m=$(median "${member[@]}") l=$(median "${lead[@]}") f=$(median "${floor[@]}")
echo
echo "| sync ($candidates candidates) | ours | against | ratio | peak | target |"
echo "|---|---|---|---|---|---|"
python3 - "$m" "$l" "$f" "$mkb" "$lkb" <<'PY'
import sys
m, l, f = map(float, sys.argv[1:4]); mkb, lkb = int(sys.argv[4]), int(sys.argv[5])
print(f"| member's first pull (`team join`, empty laptop) | {m:.1f} s | lead's {l:.1f} s | {m / l:.2f}x | {mkb // 1024} MB | <= 1.5x, <= 256 MB |")
print(f"| lead's first pull (`team join`, empty laptop) | {l:.1f} s | psql COPY {f:.1f} s | {l / f:.2f}x | {lkb // 1024} MB | <= 4x, <= 256 MB |")
PY

# Incremental: one more finished interview before each timed sync.
cat > "$work/one-interview.sh" <<SH
k=\$(( (RANDOM % $candidates) + 1 ))
printf 'interview start #%s --bank rag-prototype --again\nnote from the call\n/score 3 clear\n/next\n/score 2\n/recommend yes\n/finish\n' "\$k" \
  | SHORTLIST_INTERVIEWER=alice SHORTLIST_NO_BACKGROUND_SYNC=1 "$bin" --db "$work/alice.sqlite" >/dev/null 2>&1
SH
inc=() ikb=0
for r in $(seq $((rounds * 3))); do
  bash "$work/one-interview.sh"
  read -r s kb < <(timed alice "$work/alice.sqlite" sync); inc+=("$s"); ikb=$((kb > ikb ? kb : ikb))
done
i=$(median "${inc[@]}")
python3 -c "import sys; print(f'| incremental sync after one interview | {float(sys.argv[1]) * 1000:.0f} ms | (the same row at 2k) | | {int(sys.argv[2]) // 1024} MB | < 300 ms, <= 1.5x the 2k figure |')" "$i" "$ikb"

# Twenty laptops, each a copy of the member's joined laptop made over to its own member (as twenty joins would leave
# them), add one note each; all sync at once, then (another note each) one by one.
for k in $(seq 1 20); do
  cp "$work/member.sqlite" "$work/m$k.sqlite"
  sqlite3 "$work/m$k.sqlite" "UPDATE setting SET value = 'm$k' WHERE key = 'team_member';
    UPDATE setting SET value = '$(url "m$k")' WHERE key = 'team_url'"
done
note() { for k in $(seq 1 20); do "$bin" --db "$work/m$k.sqlite" candidate note "#$((k + 1))" "note $1 from m$k" >/dev/null; done; }
note together
start=$(date +%s.%N)
for k in $(seq 1 20); do
  env PGPASSWORD="$(pw "m$k")" "$bin" --db "$work/m$k.sqlite" sync >/dev/null 2>&1 &
done
wait
together=$(python3 -c "import time; print(time.time() - $start)")
note alone
start=$(date +%s.%N)
for k in $(seq 1 20); do env PGPASSWORD="$(pw "m$k")" "$bin" --db "$work/m$k.sqlite" sync >/dev/null 2>&1; done
alone=$(python3 -c "import time; print(time.time() - $start)")
python3 -c "import sys; t, a = map(float, sys.argv[1:]); print(f'| twenty laptops syncing at once | {t * 1000:.0f} ms | one after another {a * 1000:.0f} ms | {t / a:.2f}x | | < 1x |')" \
  "$together" "$alone"
