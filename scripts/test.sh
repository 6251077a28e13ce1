#!/usr/bin/env bash
# The test command: installs PostgreSQL 15 if missing (the recovery store tests start a private server of their own)
# and Debian's chromium if missing (the dashboard's tests drive it with Playwright, which never downloads a browser),
# then runs every test of the solution. Arguments go to `dotnet test`, e.g. --filter "FullyQualifiedName~Postgres".
set -euo pipefail
cd "$(dirname "$0")/.."

missing=()
# The package's own cluster (main, port 5432) is not used: the tests initdb a private one and start it on a free port.
[ -x /usr/lib/postgresql/15/bin/postgres ] || missing+=(postgresql-15)
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

  echo "installing ${missing[*]} (the PostgreSQL recovery store tests need its binaries, the dashboard's tests the browser)" >&2
  "${sudo[@]}" apt-get update
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends "${missing[@]}"
fi

dotnet test Orleans.Dataflow.sln "$@"
