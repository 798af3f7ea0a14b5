#!/usr/bin/env bash
# Sets Memfun up on a fresh Debian/Ubuntu machine, then runs it on the current directory:
# installs the system packages, packs the `memfun` .NET tool from this checkout, installs it globally,
# runs `memfun doctor` (the machine, the backend, the model endpoint), then the main job:
# `memfun ask` on the current repository (the question is the script's argument, or a default one).
# Models come from memfun.toml / MEMFUN_LLM_* (by default a local Ollama); without a reachable model the
# ask step stops with an error that says what to configure.
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
target=$(pwd)

bash "$repo/scripts/install-deps.sh"

echo "== packing the memfun tool"
package_dir="$repo/artifacts/package"
rm -rf "$package_dir"
# Precompiled (ReadyToRun) for this machine's runtime identifier: commands start in about half the time
# (docs/benchmarks.md). Where that cannot be built, the portable package is packed instead.
rid=$(dotnet --info | sed -n 's/^ *RID: *//p' | head -n 1)
if [ -z "$rid" ] || ! dotnet pack "$repo/src/Memfun.Cli/Memfun.Cli.csproj" -c Release -o "$package_dir" -nologo -v q \
    -r "$rid" -p:PublishReadyToRun=true; then
  echo "(no ReadyToRun package for '${rid:-unknown}'; packing the portable one)"
  rm -rf "$package_dir"
  dotnet pack "$repo/src/Memfun.Cli/Memfun.Cli.csproj" -c Release -o "$package_dir" -nologo -v q
fi
version=$(ls "$package_dir" | sed -n 's/^Memfun\.Cli\.\(.*\)\.nupkg$/\1/p' | head -n 1)

echo "== installing memfun $version as a global .NET tool"
if dotnet tool list --global | grep -qi '^memfun\.cli '; then
  dotnet tool update --global Memfun.Cli --add-source "$package_dir" --version "$version" >/dev/null
else
  dotnet tool install --global Memfun.Cli --add-source "$package_dir" --version "$version" >/dev/null
fi
tools_dir="$HOME/.dotnet/tools"
case ":$PATH:" in *":$tools_dir:"*) ;; *) export PATH="$PATH:$tools_dir"; echo "(add $tools_dir to your PATH to run memfun from any shell)";; esac

cd "$target"
echo "== memfun doctor in $target"
memfun --version
# doctor exits non-zero when a required check fails, a usable model included; the ask step below then says
# what to configure, so the set-up goes on to show it.
memfun doctor || echo "== doctor found something to fix (above); continuing"

question=${1:-"What does this repository do, and how is it organised? Cite the main files."}
echo "== memfun ask \"$question\""
memfun ask "$question"
