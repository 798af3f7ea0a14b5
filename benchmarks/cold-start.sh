#!/usr/bin/env bash
# Cold start of every `memfun` command that does not call a model, against a bare `dotnet` hello-world published the
# same way, measured in one run of interleaved rounds. Both are published framework-dependent for linux-x64, once plain
# (JIT) and once ReadyToRun, so the table shows what precompilation buys. Each command runs in an empty temporary
# project with an empty HOME, emptied of .memfun/ before every run (sessions list creates the runtime's database
# there, and a project with .memfun/ also writes a log file). Writes benchmarks/results/cold-start.md.
#   bash benchmarks/cold-start.sh [RUNS]        (default 20 rounds, after 3 warm-up rounds)
set -euo pipefail
cd "$(dirname "$0")/.."
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

# doctor's floor: what any .NET doctor must do, and nothing else. It starts doctor's programs (its tool checks and the
# bubblewrap probe, given as arguments) at once and asks the model endpoint at the same time, through the framework's
# Process and HttpClient as doctor does. Whatever doctor takes beyond it is Memfun's own.
mkdir -p "$work/doctor-floor"
cp "$work/hello/hello.csproj" "$work/doctor-floor/doctor-floor.csproj"
cat > "$work/doctor-floor/Program.cs" <<'CS'
using System.Diagnostics;
var request = AskAsync(args[0]);
var programs = new List<Process>();
foreach (var line in args[1..])
{
    var words = line.Split(' ');
    var start = new ProcessStartInfo(words[0]) { RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
    foreach (var word in words[1..]) start.ArgumentList.Add(word);
    try { var program = Process.Start(start)!; program.StandardInput.Close(); programs.Add(program); }
    catch (System.ComponentModel.Win32Exception) { } // not installed: doctor reports it without running it
}
foreach (var program in programs)
{
    var errors = program.StandardError.ReadToEndAsync();
    program.StandardOutput.ReadToEnd();
    errors.Wait();
    program.WaitForExit();
}
await request;
static async Task AskAsync(string url)
{
    using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
    try { using var response = await http.GetAsync(url); } catch (HttpRequestException) { } // unreachable is an answer too
}
CS

publish() { # project output r2r
  dotnet publish "$1" -c Release -r "$rid" --self-contained false -p:PublishReadyToRun="$3" -o "$2" -nologo -v q >/dev/null
}
publish "$work/hello/hello.csproj" "$work/hello-jit" false
publish "$work/hello/hello.csproj" "$work/hello-r2r" true
# memfun is built without EventSource (Memfun.Cli.csproj); the same switch on the hello-world shows it buys a bare
# program nothing, so the ratios are not flattered by a setting the baseline lacks.
dotnet publish "$work/hello/hello.csproj" -c Release -r "$rid" --self-contained false -p:PublishReadyToRun=true -p:EventSourceSupport=false -o "$work/hello-noeventsource-r2r" -nologo -v q >/dev/null
publish "$work/doctor-floor/doctor-floor.csproj" "$work/doctor-floor-jit" false
publish "$work/doctor-floor/doctor-floor.csproj" "$work/doctor-floor-r2r" true
publish src/Memfun.Cli/Memfun.Cli.csproj "$work/memfun-jit" false
publish src/Memfun.Cli/Memfun.Cli.csproj "$work/memfun-r2r" true

# Every command that answers without a model (the agent commands' fixed cost is `benchmarks/Memfun.Benchmarks -- ask`).
# Commands that change files (init, skill create, apply, undo RUN) are left out: they start the same way as their
# read-only neighbours. `doctor` runs the tools it checks and asks the model endpoint, so it is timed beside its floor:
# those programs alone, started together as it starts them, and doctor-floor (above), which also asks the endpoint.
commands=("--version" "--help" "ask --help" "config show" "skill list" "skill search review" "skill info commit-message"
  "agent list" "agent info reviewer" "traces list" "traces show" "sessions list" "undo --list" "completion bash"
  "optimize --report" "optimize --show" "doctor")
# The same read-only commands where they usually run: a project memfun has worked in, with a .memfun/ folder (where
# logs go), one recorded run of 20 turns, and a skill and an agent of its own, left as they are between runs.
initialised=("config show" "skill list" "agent list" "traces list" "traces show" "sessions list" "undo --list"
  "skill validate" "agent validate" "optimize --report" "optimize --show")
python3 benchmarks/make-traces.py "$work/initialised" 1
mkdir -p "$work/initialised/.agents/skills/release-notes" "$work/initialised/.agents/agents/triager"
printf -- '---\nname: release-notes\ndescription: Write release notes from the merged changes since the last tag.\n---\nList the changes, grouped by area.\n' \
  > "$work/initialised/.agents/skills/release-notes/SKILL.md"
printf -- '---\nname: triager\ndescription: Sorts new issues by area and urgency.\ncapabilities: triage\n---\nRead the issue and label it.\n' \
  > "$work/initialised/.agents/agents/triager/AGENT.md"
mkdir -p benchmarks/results
# Interleaved rounds, not one block per command (as hyperfine runs them): on a shared machine a burst of load then
# hits every program of a round alike instead of a few commands' whole blocks. Each run gets an empty .memfun/ and
# /dev/null for its standard streams; wall time is taken by the parent, CPU (user + system) from wait4.
HOME="$work/home" XDG_CONFIG_HOME="$work/home/.config" XDG_CACHE_HOME="$work/home/.cache" \
  python3 - "$work" "$runs" "${commands[@]}" -- "${initialised[@]}" > benchmarks/results/cold-start.md <<'PY'
import datetime, os, shutil, statistics, subprocess, sys, time
work, runs, rest = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
commands, initialised = rest[:rest.index("--")], rest[rest.index("--") + 1:]
programs, folders = {}, {}
for mode in ("jit", "r2r"):
    programs["hello (%s)" % mode] = [f"{work}/hello-{mode}/hello"]
    for c in commands:
        programs["memfun %s (%s)" % (c, mode)] = [f"{work}/memfun-{mode}/memfun"] + c.split()
    for c in initialised:
        name = "memfun %s, initialised project (%s)" % (c, mode)
        programs[name], folders[name] = [f"{work}/memfun-{mode}/memfun"] + c.split(), f"{work}/initialised"
# What doctor runs besides itself (its tool checks and the bubblewrap probe), all started at once as doctor starts them.
doctor_children = [["python3", "--version"], ["git", "--version"], ["rg", "--version"], ["ctags", "--version"],
                   ["ast-grep", "--version"], ["bwrap", "--ro-bind", "/", "/", "--unshare-net", "--unshare-pid", "--die-with-parent", "true"]]
programs["doctor's programs, together"] = None
for mode in ("jit", "r2r"):  # doctor asks the default endpoint, as in this empty project
    programs["doctor's floor (%s)" % mode] = [f"{work}/doctor-floor-{mode}/doctor-floor", "http://localhost:11434/v1/models"] + [" ".join(c) for c in doctor_children]
programs["hello, without EventSource (r2r)"] = [f"{work}/hello-noeventsource-r2r/hello"]
wall = {name: [] for name in programs}
cpu = {name: [] for name in programs}
devnull = os.open(os.devnull, os.O_RDWR)
for round in range(3 + runs):  # the first 3 rounds warm the disk cache and are not counted
    for name, argv in programs.items():
        shutil.rmtree(f"{work}/project/.memfun", ignore_errors=True)
        start = time.perf_counter()
        children = []
        for child in doctor_children if argv is None else [argv]:
            try:
                children.append(subprocess.Popen(child, cwd=folders.get(name, f"{work}/project"), stdin=devnull, stdout=devnull, stderr=devnull))
            except FileNotFoundError:
                pass  # doctor reports a missing tool without running it
        used = sum(u.ru_utime + u.ru_stime for _, _, u in (os.wait4(c.pid, 0) for c in children))
        if round >= 3:
            wall[name].append(time.perf_counter() - start)
            cpu[name].append(used)
print("# Cold start: every command that does not call a model vs a bare hello-world\n")
print("Measured %s on %d cores in %d interleaved rounds after 3 warm-up rounds (each round runs every program once),"
      % (datetime.date.today(), os.cpu_count(), runs))
print("all in one run; both programs are framework-dependent linux-x64 publishes built the same way. Ratio: median wall")
print("time over the hello-world's of the same build; CPU: median user + system time over the hello-world's (a thread")
print("that overlaps work adds CPU time, not wall time).\n")
print("| Command | JIT median [ms] | JIT ratio | JIT CPU ratio | ReadyToRun median [ms] | ReadyToRun ratio | ReadyToRun CPU ratio |")
print("|:---|---:|---:|---:|---:|---:|---:|")
for name in (["hello"] + ["memfun " + c for c in commands] + ["memfun %s, initialised project" % c for c in initialised]
             + ["doctor's programs, together", "doctor's floor", "hello, without EventSource"]):
    built = name != "doctor's programs, together"  # published twice; doctor's programs are the same in both columns
    row = ["`%s`" % name if name.startswith(("hello", "memfun")) else name]
    for mode in ("jit", "r2r"):
        key, base = "%s (%s)" % (name, mode) if built else name, "hello (%s)" % mode
        if key not in programs:  # published ReadyToRun only
            row += ["", "", ""]
            continue
        w, hw = statistics.median(wall[key]), statistics.median(wall[base])
        c, hc = statistics.median(cpu[key]), statistics.median(cpu[base])
        row += ["%.1f" % (w * 1000), "%.2f×" % (w / hw), "%.2f×" % (c / hc)]
    print("| " + " | ".join(row) + " |")
PY
cat benchmarks/results/cold-start.md
