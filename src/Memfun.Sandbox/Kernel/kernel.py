# The memfun REPL kernel: a persistent Python namespace driven by newline-delimited JSON.
# Standard library only. The protocol uses private duplicates of stdin/stdout; the real descriptors 0-2
# point at /dev/null, so nothing user code prints or writes to a file descriptor can corrupt the protocol.
# User output is captured per execution through sys.stdout/sys.stderr.
import ast
import io
import itertools
import json
import os
import queue
import resource
import sys
import threading
import time
import traceback

CONFIG = json.loads(sys.argv[1]) if len(sys.argv) > 1 else {}


def _apply_limits():
    mib = 1024 * 1024
    limits = [
        (resource.RLIMIT_AS, CONFIG.get("memory_mb"), mib),
        (resource.RLIMIT_CPU, CONFIG.get("cpu_seconds"), 1),
        (resource.RLIMIT_FSIZE, CONFIG.get("file_mb"), mib),
        (resource.RLIMIT_NPROC, CONFIG.get("max_processes"), 1),
    ]
    uid = CONFIG.get("run_as_uid")
    if uid is not None and os.getuid() == 0:
        # Root is exempt from RLIMIT_NPROC: become an unprivileged user before any user code runs.
        os.setgroups([])
        os.setgid(uid)
        os.setuid(uid)
    for kind, value, unit in limits:
        if value:
            resource.setrlimit(kind, (value * unit, value * unit))


class Capture(io.TextIOBase):
    """Keeps at most `limit` characters, counting everything written so the marker can say how much was cut."""

    def __init__(self, limit):
        self._parts = []
        self._kept = 0
        self.total = 0
        self.limit = limit

    def writable(self):
        return True

    def write(self, text):
        if not isinstance(text, str):
            raise TypeError("write() argument must be str, not " + type(text).__name__)
        self.total += len(text)
        room = self.limit - self._kept
        if room > 0:
            piece = text[:room]
            self._parts.append(piece)
            self._kept += len(piece)
        return len(text)

    @property
    def truncated(self):
        return self.total > self.limit

    def text(self):
        kept = "".join(self._parts)
        if self.truncated:
            kept += "\n[... output truncated: %d more characters not shown ...]" % (self.total - self.limit)
        return kept


class HostError(RuntimeError):
    """An error raised by a host function (the host's message is kept)."""


class Kernel:
    def __init__(self, proto_in, proto_out):
        self._in = proto_in
        self._out = proto_out
        self._write_lock = threading.Lock()
        self._work = queue.Queue()
        self._pending = {}
        self._pending_lock = threading.Lock()
        self._call_ids = itertools.count(1)
        self.namespace = {"__name__": "__main__", "HostError": HostError}
        self.output_limit = CONFIG.get("output_limit", 10000)

    def send(self, message):
        line = json.dumps(message, ensure_ascii=False, default=str)
        with self._write_lock:
            self._out.write(line + "\n")
            self._out.flush()

    def read_loop(self):
        for line in self._in:
            message = json.loads(line)
            if message.get("type") == "reply":
                with self._pending_lock:
                    slot = self._pending.pop(message["call_id"], None)
                if slot is not None:
                    slot["reply"] = message
                    slot["event"].set()
            else:
                self._work.put(message)
        self._work.put(None)

    def host_function(self, name):
        def call(*args, **kwargs):
            call_id = next(self._call_ids)
            slot = {"event": threading.Event()}
            with self._pending_lock:
                self._pending[call_id] = slot
            try:
                payload = json.dumps({"type": "call", "call_id": call_id, "name": name, "args": list(args), "kwargs": kwargs}, ensure_ascii=False)
            except TypeError as error:
                with self._pending_lock:
                    self._pending.pop(call_id, None)
                raise TypeError("arguments of %s() must be JSON values: %s" % (name, error)) from None
            with self._write_lock:
                self._out.write(payload + "\n")
                self._out.flush()
            slot["event"].wait()
            reply = slot["reply"]
            if "error" in reply:
                raise HostError(reply["error"])
            return reply.get("value")

        call.__name__ = name
        call.__doc__ = "Calls the host function %r." % name
        return call

    def execute(self, request_id, code):
        out = Capture(self.output_limit)
        err = Capture(self.output_limit)
        saved = sys.stdout, sys.stderr
        sys.stdout, sys.stderr = out, err
        error = None
        started = time.perf_counter()
        try:
            tree = ast.parse(code, "<repl>", "exec")
            last = tree.body[-1] if tree.body and isinstance(tree.body[-1], ast.Expr) else None
            if last is not None:
                tree.body = tree.body[:-1]
            exec(compile(tree, "<repl>", "exec"), self.namespace)
            if last is not None:
                value = eval(compile(ast.Expression(last.value), "<repl>", "eval"), self.namespace)
                if value is not None:
                    print(repr(value))
        except BaseException as exception:  # noqa: BLE001 - user code may raise anything, even SystemExit
            error = {
                "type": type(exception).__name__,
                "message": str(exception),
                "traceback": "".join(traceback.format_exception(type(exception), exception, exception.__traceback__)),
            }
        finally:
            sys.stdout, sys.stderr = saved
        self.send({
            "type": "done",
            "id": request_id,
            "stdout": out.text(),
            "stderr": err.text(),
            "error": error,
            "truncated": out.truncated or err.truncated,
            "elapsed_ms": (time.perf_counter() - started) * 1000.0,
        })

    def run(self):
        threading.Thread(target=self.read_loop, daemon=True).start()
        self.send({"type": "ready", "pid": os.getpid(), "uid": os.getuid()})
        while True:
            message = self._work.get()
            if message is None:
                return
            kind = message.get("type")
            if kind == "exec":
                self.execute(message["id"], message["code"])
            elif kind == "set":
                self.namespace[message["name"]] = message["value"]
                self.send({"type": "done", "id": message["id"], "stdout": "", "stderr": "", "error": None, "truncated": False, "elapsed_ms": 0})
            elif kind == "bind":
                for name in message["names"]:
                    self.namespace[name] = self.host_function(name)
                self.send({"type": "done", "id": message["id"], "stdout": "", "stderr": "", "error": None, "truncated": False, "elapsed_ms": 0})


def main():
    proto_in = os.fdopen(os.dup(0), "r", encoding="utf-8", newline="\n")
    proto_out = os.fdopen(os.dup(1), "w", encoding="utf-8", newline="\n")
    null = os.open(os.devnull, os.O_RDWR)
    for descriptor in (0, 1, 2):
        os.dup2(null, descriptor)
    _apply_limits()
    Kernel(proto_in, proto_out).run()


main()
