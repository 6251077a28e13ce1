#!/usr/bin/env bash
# The test command: installs what the tests need from apt if it is missing — PostgreSQL 15 (the recovery store tests
# start a private server of their own), Prometheus (the metrics test scrapes a silo with a private server) and
# chromium (the dashboard's tests drive it with Playwright, which never downloads a browser) — then runs every test of
# the solution. Arguments go to `dotnet test`, e.g. --filter "FullyQualifiedName~Postgres".
set -euo pipefail
cd "$(dirname "$0")/.."

missing=()
[ -x /usr/lib/postgresql/15/bin/postgres ] || missing+=(postgresql-15)
[ -x /usr/bin/prometheus ] || missing+=(prometheus)
[ -x /usr/bin/chromium ] || missing+=(chromium)

if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" -eq 0 ]; then
    sudo=()
  elif command -v sudo >/dev/null 2>&1; then
    sudo=(sudo)
  else
    echo "${missing[*]} missing and this user cannot install them: run as root, or apt-get install ${missing[*]}" >&2
    exit 1
  fi

  echo "installing ${missing[*]} (the tests need them: see the top of this script)" >&2
  "${sudo[@]}" apt-get update
  # The packages' own services (PostgreSQL's cluster on 5432, Prometheus on 9090) are not used: the tests start
  # private servers of their own on free loopback ports.
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}"
fi

dotnet test Orleans.Dataflow.sln "$@"
