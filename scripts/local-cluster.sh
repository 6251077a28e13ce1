#!/usr/bin/env bash
# Runs a flow as a local cluster: N silo processes on 127.0.0.1, one flow on N x WORKERS workers.
#
#   bash scripts/local-cluster.sh [-n PROCESSES] [-w WORKERS] [-p FIRST_PORT] FLOW [run flags...]
#
#   -n PROCESSES   processes to start (default 3)
#   -w WORKERS     workers per process (default 1)
#   -p FIRST_PORT  process I listens on FIRST_PORT + I (default 2101)
#   FLOW           the .csx or .dll to run; run flags after it go to every process unchanged (-s, -r, --arg, -v ...)
#
# Builds the silo once (dotnet build Silo -c Release), then starts process I as
#   dotnet Silo/bin/Release/net10.0/Orleans.Dataflow.Silo.dll run FLOW -i I -a "127.0.0.1:P0;127.0.0.1:P1;..." -w WORKERS ...
# Every line a process writes is prefixed with "[I] ": its standard output (what its workers' StdOutSinks print)
# goes to this script's standard output, its standard error to standard error. The union of all processes' output
# is the flow's output; e.g. the word counts of samples/wordcount.csx, without the prefixes:
#   bash scripts/local-cluster.sh samples/wordcount.csx | sed 's/^\[[0-9]*\] //' | sort
#
# Waits for every process. Exit code: 0 if all exited 0; else the exit code of the first process (by id) that
# failed, 130 if all of them stopped on Ctrl+C. Ctrl+C (or SIGTERM) sends every process one SIGINT (SIGTERM), a
# graceful stop; a second Ctrl+C kills them all at once.
set -euo pipefail

usage() {
  echo "usage: bash scripts/local-cluster.sh [-n PROCESSES] [-w WORKERS] [-p FIRST_PORT] FLOW [run flags...]" >&2
  exit 2
}

fail() {
  echo "local-cluster: $*" >&2
  exit 2
}

processes=3
workers=1
first_port=2101
while getopts ":n:w:p:h" option; do
  case "$option" in
    n) processes=$OPTARG ;;
    w) workers=$OPTARG ;;
    p) first_port=$OPTARG ;;
    h) usage ;;
    :) fail "-$OPTARG needs a value" ;;
    *) fail "unknown option -$OPTARG (run flags go after FLOW)" ;;
  esac
done
shift $((OPTIND - 1))
[ $# -ge 1 ] || usage
flow=$1
shift

[[ "$processes" =~ ^[1-9][0-9]*$ ]] || fail "-n must be a whole number of processes, 1 or more; got '$processes'"
[[ "$workers" =~ ^[1-9][0-9]*$ ]] || fail "-w must be a whole number of workers, 1 or more; got '$workers'"
[[ "$first_port" =~ ^[1-9][0-9]*$ ]] && [ "$((first_port + processes - 1))" -le 65535 ] \
  || fail "-p must be a port such that $processes consecutive ports fit below 65536; got '$first_port'"
for arg in "$@"; do
  case "$arg" in
    -i | --process-id | --process-id=* | -a | --addresses | --addresses=* | --hostfile | --hostfile=*)
      fail "$arg: the script gives every process its id and the addresses itself" ;;
    -w | --workers | --workers=*)
      fail "$arg: give the workers per process as -w before FLOW" ;;
  esac
done
[ -e "$flow" ] || fail "flow file '$flow' does not exist"

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
silo="$root/Silo/bin/Release/net10.0/Orleans.Dataflow.Silo.dll"

echo "local-cluster: building the silo (dotnet build Silo -c Release)" >&2
dotnet build "$root/Silo" -c Release -nologo -v quiet >&2

addresses=""
for ((i = 0; i < processes; i++)); do
  addresses+="${addresses:+;}127.0.0.1:$((first_port + i))"
done
# The addresses come from -a; a hostfile from the environment would contradict them.
unset DATAFLOW_HOSTFILE

# Job control puts every process in a process group of its own, so a Ctrl+C in the terminal reaches this script
# only, and each process gets exactly one signal from it (a second signal would stop a silo at once).
set -m
fifos="$(mktemp -d)"
pids=()
printers=()
stopping=0
signalled=0

on_signal() {
  signalled=1
  if [ "$stopping" -eq 0 ]; then
    stopping=1
    echo "local-cluster: stopping every process gracefully (a second Ctrl+C kills them)" >&2
    kill "-$1" "${pids[@]}" 2>/dev/null || true
  else
    echo "local-cluster: killing every process" >&2
    kill -KILL "${pids[@]}" 2>/dev/null || true
  fi
}
trap 'on_signal INT' INT
trap 'on_signal TERM' TERM
trap 'kill -KILL "${pids[@]}" 2>/dev/null || true; rm -rf "$fifos"' EXIT

# Prefixes each line as soon as it arrives. GNU sed -u reads and writes unbuffered; awk (mawk) would hold lines
# back until its input buffer fills, and other seds buffer too, so elsewhere a shell loop does it.
if echo | sed -u 's/^//' >/dev/null 2>&1; then
  prefix() { sed -u "s/^/[$1] /"; }
else
  prefix() { while IFS= read -r line || [ -n "$line" ]; do printf '[%s] %s\n' "$1" "$line"; done; }
fi

echo "local-cluster: $processes process(es) x $workers worker(s) on $addresses" >&2
for ((i = 0; i < processes; i++)); do
  mkfifo "$fifos/$i.out" "$fifos/$i.err"
  prefix "$i" <"$fifos/$i.out" &
  printers+=($!)
  prefix "$i" <"$fifos/$i.err" >&2 &
  printers+=($!)
  dotnet "$silo" run "$flow" -i "$i" -a "$addresses" -w "$workers" "$@" >"$fifos/$i.out" 2>"$fifos/$i.err" &
  pids+=($!)
done

statuses=()
for ((i = 0; i < processes; i++)); do
  while :; do
    signalled=0
    status=0
    wait "${pids[$i]}" || status=$?
    # A trapped signal interrupts wait; the process is still running (or its status is still to be collected).
    if [ "$signalled" -eq 1 ] && [ "$status" -gt 128 ]; then
      continue
    fi
    break
  done
  statuses+=("$status")
done
wait "${printers[@]}" 2>/dev/null || true

result=0
interrupted=0
for ((i = 0; i < processes; i++)); do
  status=${statuses[$i]}
  if [ "$status" -ne 0 ]; then
    echo "local-cluster: process $i exited with $status" >&2
  fi
  if [ "$status" -eq 130 ]; then
    interrupted=1
  elif [ "$status" -ne 0 ] && [ "$result" -eq 0 ]; then
    result=$status
  fi
done
if [ "$result" -eq 0 ] && [ "$interrupted" -eq 1 ]; then
  result=130
fi
exit "$result"
