"""Writes COUNT recorded runs into DIR/.memfun/traces, as the trace collector writes them: 20 turns each (code, 2 KB of
output and a sub-call per turn), about 57 KB a run. Used by cold-start.sh and traces.sh.
    python3 benchmarks/make-traces.py DIR COUNT"""
import datetime, json, os, sys

directory, count = sys.argv[1], int(sys.argv[2])
os.makedirs(f"{directory}/.memfun/traces", exist_ok=True)
base = datetime.datetime(2026, 11, 1, tzinfo=datetime.timezone.utc)
for r in range(count):
    run_id, at = "20261101-%06d-%06x" % (r, r), (base + datetime.timedelta(minutes=r)).isoformat()
    common = {"run_id": run_id, "depth": 0, "at": at}
    lines = [{"type": "run_started", "parent_run_id": None, "query": "find things %d" % r, "model": "m", "context_chars": 1000}]
    for i in range(20):
        lines.append({"type": "iteration", "index": i, "prompt_chars": 5000, "input_tokens": 1200, "output_tokens": 300,
                      "code": "x = grep('foo')\nprint(x[:100])\n" * 5, "output": ("line of output %d " % i) * 120,
                      "error": None, "model_ms": 800.0, "execution_ms": 40.0})
        lines.append({"type": "sub_call", "kind": "llm_query", "prompt_chars": 3000, "response_chars": 400, "input_tokens": 800,
                      "output_tokens": 100, "error": None, "duration_ms": 500.0})
    lines.append({"type": "run_finished", "answer": "the answer", "termination": "submitted", "error": None, "iterations": 20,
                  "sub_calls": 20, "elapsed_ms": 30000.0, "usage": {"calls": 40, "input_tokens": 40000, "output_tokens": 8000,
                  "cached_input_tokens": 0, "cost_usd": 0.1, "unpriced_calls": 0}})
    with open(f"{directory}/.memfun/traces/{run_id}.jsonl", "w") as f:
        f.write("".join(json.dumps({"type": line["type"], **common, **line}) + "\n" for line in lines))
