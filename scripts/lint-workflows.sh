#!/usr/bin/env bash
# Lints .github/workflows with actionlint, built once from the Go module proxy and cached beside
# the service binaries.
set -euo pipefail

cd "$(dirname "$0")/.."

version=v1.7.7
bin_dir="${SOPHIA_SERVICES_HOME:-$HOME/.cache/sophia-services}/bin"
binary="$bin_dir/actionlint-$version"

if [[ ! -x "$binary" ]]; then
  mkdir -p "$bin_dir"
  build_dir="$(mktemp -d)"
  GOBIN="$build_dir" GOFLAGS=-mod=mod go install "github.com/rhysd/actionlint/cmd/actionlint@$version"
  mv "$build_dir/actionlint" "$binary"
  rmdir "$build_dir"
fi

"$binary" .github/workflows/*.yml
echo "actionlint $version: workflows clean"
