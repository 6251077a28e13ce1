#!/usr/bin/env bash
# The test command: installs PostgreSQL 15 and Prometheus if missing (the recovery store tests start a private PostgreSQL
# server of their own, the metrics test a private Prometheus that scrapes a silo), then runs every test of the solution. Arguments go to `dotnet test`, e.g. --filter "FullyQualifiedName~Postgres".
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

if [ ! -x /usr/bin/prometheus ]; then
  if [ "$(id -u)" -eq 0 ]; then
    sudo=()
  elif command -v sudo >/dev/null 2>&1; then
    sudo=(sudo)
  else
    echo "Prometheus is missing and this user cannot install it: run as root, or install prometheus (apt-get install prometheus)" >&2
    exit 1
  fi

  echo "installing prometheus (the metrics test scrapes a silo with a private Prometheus server)" >&2
  "${sudo[@]}" apt-get update
  # The package's own service is not used: the test starts a server of its own on a free loopback port.
  "${sudo[@]}" env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends prometheus
fi

dotnet test Orleans.Dataflow.sln "$@"
