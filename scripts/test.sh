#!/usr/bin/env bash
# The test command: installs PostgreSQL 15 if missing (the recovery store tests start a private server of their own)
# and Debian's chromium if missing (the dashboard's tests drive it with Playwright, which never downloads a browser),
# then runs every test of the solution. Arguments go to `dotnet test`, e.g. --filter "FullyQualifiedName~Postgres".
set -euo pipefail
cd "$(dirname "$0")/.."

if [ ! -x /usr/lib/postgresql/15/bin/postgres ]; then
  if [ "$(id -u)" -eq 0 ]; then
    sudo=()
  elif command -v sudo >/dev/null 2>&1; then
    sudo=(sudo)
  else
    echo "PostgreSQL 15 is missing and this user cannot install it: run as root, or install postgresql-15 (apt-get install postgresql-15)" >&2
    exit 1
  fi

  echo "installing postgresql-15 (the PostgreSQL recovery store tests need its binaries)" >&2
  "${sudo[@]}" apt-get update
  # The package's own cluster (main, port 5432) is not used: the tests initdb a private one and start it on a free port.
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends postgresql-15
fi

if [ ! -x /usr/bin/chromium ]; then
  if [ "$(id -u)" -eq 0 ]; then
    sudo=()
  elif command -v sudo >/dev/null 2>&1; then
    sudo=(sudo)
  else
    echo "chromium is missing and this user cannot install it: run as root, or install chromium (apt-get install chromium)" >&2
    exit 1
  fi

  echo "installing chromium (the dashboard's tests open it with Playwright)" >&2
  "${sudo[@]}" apt-get update
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends chromium
fi

dotnet test Orleans.Dataflow.sln "$@"
