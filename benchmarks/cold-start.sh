#!/usr/bin/env bash
# Cold start of every `memfun` command that does not call a model, against a bare `dotnet` hello-world published the
# same way, measured with hyperfine in one run. Both are published framework-dependent for linux-x64, once plain
# (JIT) and once ReadyToRun, so the table shows what precompilation buys. Each command runs in an empty temporary
# project with an empty HOME, emptied of .memfun/ before every run (sessions list creates the runtime's database
# there, and a project with .memfun/ also writes a log file). Writes benchmarks/results/cold-start.md.
#   bash benchmarks/cold-start.sh [RUNS]        (default 20 runs per command, 3 warm-ups)
set -euo pipefail
cd "$(dirname "$0")/.."
command -v hyperfine >/dev/null || { echo "hyperfine is required (apt-get install hyperfine)" >&2; exit 1; }
runs=${1:-20}

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
rid=linux-x64

mkdir -p "$work/hello" "$work/project" "$work/home"
cat > "$work/hello/hello.csproj" <<'XML'
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup><OutputType>Exe</OutputType><TargetFramework>net10.0</TargetFramework><ImplicitUsings>enable</ImplicitUsings><InvariantGlobalization>true</InvariantGlobalization></PropertyGroup>
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

# Every command that answers without a model (the agent commands' fixed cost is `benchmarks/Memfun.Benchmarks -- ask`).
# Commands that change files (init, skill create, apply, undo RUN) are left out: they start the same way as their
# read-only neighbours. `doctor` runs the tools it checks and asks the model endpoint, so it is timed but not a target.
commands=("--version" "--help" "ask --help" "config show" "skill list" "skill search review" "skill info commit-message"
  "agent list" "agent info reviewer" "traces list" "traces show" "sessions list" "undo --list" "completion bash" "doctor")
args=()
for mode in jit r2r; do
  args+=(-n "hello ($mode)" "$work/hello-$mode/hello")
  for c in "${commands[@]}"; do
    args+=(-n "memfun $c ($mode)" "$work/memfun-$mode/memfun $c")
  done
done

cd "$work/project"
HOME="$work/home" XDG_CONFIG_HOME="$work/home/.config" XDG_CACHE_HOME="$work/home/.cache" \
  hyperfine -N -i --warmup 3 --runs "$runs" --prepare "rm -rf $work/project/.memfun" --export-json "$work/times.json" "${args[@]}" >/dev/null
cd - >/dev/null

mkdir -p benchmarks/results
python3 - "$work/times.json" "$runs" > benchmarks/results/cold-start.md <<'PY'
import datetime, json, os, sys
results = {r["command"]: r for r in json.load(open(sys.argv[1]))["results"]}
print("# Cold start: every command that does not call a model vs a bare hello-world\n")
print("Measured %s on %d cores with hyperfine (3 warm-up runs, %s runs each), all in one run; both programs are"
      % (datetime.date.today(), os.cpu_count(), sys.argv[2]))
print("framework-dependent linux-x64 publishes built the same way. Ratio: mean wall time over the hello-world's of the")
print("same build; CPU: user + system time, over the hello-world's (less sensitive to other load on the machine).\n")
print("| Command | JIT mean [ms] | JIT ratio | JIT CPU ratio | ReadyToRun mean [ms] | ReadyToRun ratio | ReadyToRun CPU ratio |")
print("|:---|---:|---:|---:|---:|---:|---:|")
def cpu(r): return r["user"] + r["system"]
names = [n[:-len(" (jit)")] for n in results if n.endswith(" (jit)") and not n.startswith("hello")]
for name in ["hello"] + names:
    row = ["`%s`" % name]
    for mode in ("jit", "r2r"):
        r, h = results["%s (%s)" % (name, mode)], results["hello (%s)" % mode]
        row += ["%.1f" % (r["mean"] * 1000), "%.2f×" % (r["mean"] / h["mean"]), "%.2f×" % (cpu(r) / cpu(h))]
    print("| " + " | ".join(row) + " |")
PY
cat benchmarks/results/cold-start.md
