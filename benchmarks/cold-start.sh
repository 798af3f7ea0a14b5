#!/usr/bin/env bash
# Cold start of `memfun --version` against a bare `dotnet` hello-world built the same way, measured with
# hyperfine in one run. Both are published framework-dependent for linux-x64, once plain (JIT) and once
# ReadyToRun, so the table shows what precompilation buys. Writes benchmarks/results/cold-start.md.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v hyperfine >/dev/null || { echo "hyperfine is required (apt-get install hyperfine)" >&2; exit 1; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
rid=linux-x64

mkdir -p "$work/hello"
cat > "$work/hello/hello.csproj" <<'XML'
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup><OutputType>Exe</OutputType><TargetFramework>net10.0</TargetFramework><ImplicitUsings>enable</ImplicitUsings></PropertyGroup>
</Project>
XML
echo 'Console.WriteLine("0.1.0");' > "$work/hello/Program.cs"

publish() { # project output r2r
  dotnet publish "$1" -c Release -r "$rid" --self-contained false -p:PublishReadyToRun="$3" -o "$2" -nologo -v q >/dev/null
}
publish "$work/hello/hello.csproj" "$work/hello-jit" false
publish "$work/hello/hello.csproj" "$work/hello-r2r" true
publish src/Memfun.Cli/Memfun.Cli.csproj "$work/memfun-jit" false
publish src/Memfun.Cli/Memfun.Cli.csproj "$work/memfun-r2r" true

mkdir -p benchmarks/results
hyperfine --warmup 3 --runs 30 --export-markdown "$work/table.md" \
  -n "hello (JIT)" "$work/hello-jit/hello" \
  -n "memfun --version (JIT)" "$work/memfun-jit/memfun --version" \
  -n "hello (ReadyToRun)" "$work/hello-r2r/hello" \
  -n "memfun --version (ReadyToRun)" "$work/memfun-r2r/memfun --version"
{
  echo "# Cold start: \`memfun --version\` vs a bare hello-world"
  echo
  echo "Measured $(date -u +%Y-%m-%d) on $(nproc) cores with hyperfine (3 warm-up runs, 30 runs each)."
  echo "Both programs are framework-dependent linux-x64 publishes built the same way."
  echo
  cat "$work/table.md"
} > benchmarks/results/cold-start.md
cat benchmarks/results/cold-start.md
