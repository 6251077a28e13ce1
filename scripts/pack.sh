#!/usr/bin/env bash
# Packs the projects a user references into artifacts/packages, then builds and runs samples/PackageConsumer, a
# project that takes them from that folder as packages (its NuGet.config), and checks what it prints.
# Arguments go to `dotnet pack`, e.g. -c Release.
set -euo pipefail
cd "$(dirname "$0")/.."

version=$(dotnet msbuild Abstractions/Abstractions.csproj -getProperty:Version)
out=artifacts/packages
rm -rf "$out"
for project in Abstractions Grains Client Silo TestingHost; do
  dotnet pack "$project" -o "$out" "$@"
done

# NuGet never looks again at a version it has in its global cache, so a package rebuilt under the same version would
# be the old one there: drop this version of these five packages, and nothing else, before the consumer restores.
cache=${NUGET_PACKAGES:-$HOME/.nuget/packages}
for id in abstractions grains client silo testinghost; do
  rm -rf "$cache/orleans.dataflow.$id/$version"
done

printed=$(dotnet run --project samples/PackageConsumer -p:DataflowVersion="$version")
expected=$'run_main: Completed (be, 2), (not, 1), (or, 1), (to, 2)\ntest_cluster: Completed (be, 2), (not, 1), (or, 1), (to, 2)'
if [ "$printed" != "$expected" ]; then
  printf 'the package consumer printed:\n%s\nexpected:\n%s\n' "$printed" "$expected" >&2
  exit 1
fi
echo "packages of version $version in $out: the consumer restored, built and ran from them"
