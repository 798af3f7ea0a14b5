# The memfun REPL kernel: a persistent Python namespace driven by newline-delimited JSON. Standard library only.
# One file on purpose (over our ~400-line guideline): it ships as one embedded resource and starts with `python3 -c`.
#
# Two processes. The protocol process (started by the host) keeps the host channel: private duplicates of
# stdin/stdout, while descriptors 0-2 point at /dev/null. It forks a worker that runs user code and holds
# nothing but its own pair of pipes to the protocol process. The protocol process reads the worker's lines
# with a length cap, validates each one (a known type, well-formed fields, a pending request id, a bound
# host function, a fresh call id, at most max_calls calls in flight) and re-serialises it for the host;
# anything else is a protocol violation: the worker is killed, the host is told why, and the kernel exits.
# The protocol process is not dumpable, so the worker cannot open its descriptors through /proc/<pid>/fd or
# ptrace it, and the worker cannot create unix-domain sockets (a seccomp filter), so it cannot reach a
# host service through a socket file that is visible in the project.
import ast
import ctypes
import errno
import io
import itertools
import json
import math
import mmap
import os
import queue
import resource
import signal
import struct
import sys
import threading
import time
import traceback

CONFIG = json.loads(sys.argv[1]) if len(sys.argv) > 1 else {}
MAX_LINE = CONFIG.get("max_line_bytes", 16 * 1024 * 1024)
MAX_CALLS = CONFIG.get("max_calls", 16)
OUTPUT_LIMIT = CONFIG.get("output_limit", 10000)
VALUES_DIR = CONFIG.get("values_dir")

PR_SET_PDEATHSIG = 1
PR_SET_DUMPABLE = 4
PR_GET_DUMPABLE = 3
PR_SET_SECCOMP = 22
PR_SET_NO_NEW_PRIVS = 38
SECCOMP_MODE_FILTER = 2
AF_UNIX = 1

_libc = ctypes.CDLL(None, use_errno=True)


def _prctl(option, value):
    if _libc.prctl(option, ctypes.c_ulong(value), ctypes.c_ulong(0), ctypes.c_ulong(0), ctypes.c_ulong(0)) != 0:
        code = ctypes.get_errno()
        raise OSError(code, "prctl(%d) failed: %s" % (option, os.strerror(code)))


# --------------------------------------------------------------------------------------------- worker


PR_SET_KEEPCAPS = 8
PR_CAP_AMBIENT = 47
PR_CAP_AMBIENT_RAISE = 2
CAP_DAC_READ_SEARCH = 2
_CAPABILITY_VERSION_3 = 0x20080522


def _drop_privileges():
    uid = CONFIG.get("run_as_uid")
    if uid is None or os.getuid() != 0:
        return
    keep_reads = CONFIG.get("keep_read_access", False)
    # Root is exempt from RLIMIT_NPROC: become an unprivileged user before any user code runs.
    if keep_reads:
        _prctl(PR_SET_KEEPCAPS, 1)
    os.setgroups([])
    os.setgid(uid)
    os.setuid(uid)
    if keep_reads:
        # Root invoked memfun, so the code may read what root reads (a project only its owner can open), and
        # nothing more: of root's capabilities only CAP_DAC_READ_SEARCH is kept (ambient, so programs the code
        # starts keep it). Writes stay refused (read-only mounts, no CAP_DAC_OVERRIDE); open_by_handle_at, the
        # way out of the mounts this capability gives, is refused by the seccomp filter.
        header = (ctypes.c_uint32 * 2)(_CAPABILITY_VERSION_3, 0)
        bit = 1 << CAP_DAC_READ_SEARCH
        data = (ctypes.c_uint32 * 6)(bit, bit, bit, 0, 0, 0)  # effective, permitted, inheritable; then the upper words
        if _libc.capset(ctypes.byref(header), ctypes.byref(data)) != 0:
            code = ctypes.get_errno()
            raise OSError(code, "capset failed: %s" % os.strerror(code))
        _prctl(PR_SET_KEEPCAPS, 0)
        if _libc.prctl(PR_CAP_AMBIENT, ctypes.c_ulong(PR_CAP_AMBIENT_RAISE), ctypes.c_ulong(CAP_DAC_READ_SEARCH), ctypes.c_ulong(0), ctypes.c_ulong(0)) != 0:
            code = ctypes.get_errno()
            raise OSError(code, "raising the ambient capability failed: %s" % os.strerror(code))


def _apply_limits():
    mib = 1024 * 1024
    limits = [
        (resource.RLIMIT_AS, CONFIG.get("memory_mb"), mib),
        (resource.RLIMIT_CPU, CONFIG.get("cpu_seconds"), 1),
        (resource.RLIMIT_FSIZE, CONFIG.get("file_mb"), mib),
        (resource.RLIMIT_NPROC, CONFIG.get("max_processes"), 1),
    ]
    for kind, value, unit in limits:
        if value:
            resource.setrlimit(kind, (value * unit, value * unit))


# (audit architecture, socket, io_uring_setup, open_by_handle_at) per machine; io_uring could create sockets past
# the filter, and open_by_handle_at opens any file of a mounted file system by its handle, past the bind mounts.
_SECCOMP_ARCHES = {"x86_64": (0xC000003E, 41, 425, 304), "aarch64": (0xC00000B7, 198, 425, 265)}


def _install_seccomp():
    """Refuses socket(AF_UNIX, ...), io_uring_setup and open_by_handle_at with EPERM, and every syscall of a foreign ABI."""
    machine = os.uname().machine
    if machine not in _SECCOMP_ARCHES:
        raise OSError(errno.ENOSYS, "no seccomp filter for this machine (%s)" % machine)
    arch, nr_socket, nr_io_uring_setup, nr_open_by_handle_at = _SECCOMP_ARCHES[machine]
    ld, jeq, jge, ret = 0x20, 0x15, 0x35, 0x06
    allow, deny = 0x7FFF0000, 0x00050000 | errno.EPERM
    program = [
        (ld, 0, 0, 4),                      # 0: arch
        (jeq, 0, 8, arch),                  # 1: foreign ABI (i386 on x86_64...) -> deny
        (ld, 0, 0, 0),                      # 2: syscall number
        (jge, 6, 0, 0x40000000),            # 3: x32 ABI -> deny
        (jeq, 5, 0, nr_io_uring_setup),     # 4: -> deny
        (jeq, 4, 0, nr_open_by_handle_at),  # 5: -> deny
        (jeq, 0, 2, nr_socket),             # 6: not socket() -> allow
        (ld, 0, 0, 16),                     # 7: socket's domain (args[0], low word)
        (jeq, 1, 0, AF_UNIX),               # 8: AF_UNIX -> deny
        (ret, 0, 0, allow),                 # 9
        (ret, 0, 0, deny),                  # 10
    ]
    code = b"".join(struct.pack("HBBI", *instruction) for instruction in program)
    buffer = ctypes.create_string_buffer(code, len(code))

    class SockFprog(ctypes.Structure):
        _fields_ = [("len", ctypes.c_ushort), ("filter", ctypes.c_void_p)]

    fprog = SockFprog(len(program), ctypes.addressof(buffer))
    _prctl(PR_SET_NO_NEW_PRIVS, 1)
    if _libc.prctl(PR_SET_SECCOMP, ctypes.c_ulong(SECCOMP_MODE_FILTER), ctypes.byref(fprog), ctypes.c_ulong(0), ctypes.c_ulong(0)) != 0:
        code = ctypes.get_errno()
        raise OSError(code, "installing the seccomp filter failed: %s" % os.strerror(code))


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


def _cap(text, limit):
    if len(text) <= limit:
        return text, False
    return text[:limit] + "\n[... truncated: %d more characters not shown ...]" % (len(text) - limit), True


# The kernel runs as `python3 -c`, so its own frames carry this file name; the model sees only its code's frames.
_KERNEL_FILE = (lambda: None).__code__.co_filename


def _user_traceback(exception):
    frames = [frame for frame in traceback.extract_tb(exception.__traceback__) if frame.filename != _KERNEL_FILE]
    head = "Traceback (most recent call last):\n" + "".join(traceback.format_list(frames)) if frames else ""
    return head + "".join(traceback.format_exception_only(type(exception), exception))


def _read_value(name):
    """A large value the host wrote to this kernel's read-only values folder, decoded from the mapped file."""
    if VALUES_DIR is None or not name.isalnum():
        raise ValueError("no value file %r" % name[:40])
    with open(os.path.join(VALUES_DIR, name), "rb") as file:
        if os.fstat(file.fileno()).st_size == 0:
            return ""
        with mmap.mmap(file.fileno(), 0, access=mmap.ACCESS_READ) as data:
            return str(data, "utf-8")


def _encode(message):
    # A lone surrogate (a file name decoded with surrogateescape...) cannot be UTF-8: it becomes '?'.
    return json.dumps(message, ensure_ascii=False, allow_nan=False).encode("utf-8", "replace") + b"\n"


class HostError(RuntimeError):
    """An error raised by a host function (the host's message is kept)."""


class Worker:
    """Runs user code; talks only to the protocol process, over its own pipes."""

    def __init__(self, from_relay, to_relay):
        self._in = from_relay
        self._out = to_relay
        self._write_lock = threading.Lock()
        self._work = queue.Queue()
        self._pending = {}
        self._pending_lock = threading.Lock()
        self._call_ids = itertools.count(1)
        self._call_slots = threading.BoundedSemaphore(MAX_CALLS)
        # What the kernel itself puts in the namespace: put back after every execution if the code replaced or
        # deleted it, while the code's own names are kept.
        self._scaffold = {"HostError": HostError}
        self.namespace = dict(self._scaffold, __name__="__main__")

    def send(self, data):
        with self._write_lock:
            self._out.write(data)
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
            payload = {"type": "call", "call_id": 0, "name": name, "args": list(args), "kwargs": kwargs}
            try:
                json.dumps(payload, ensure_ascii=False, allow_nan=False)
            except TypeError as error:
                raise TypeError("arguments of %s() must be JSON values (str, int, float, bool, None, list, dict with str keys): %s"
                                % (name, error)) from None
            except (ValueError, RecursionError) as error:
                # NaN and infinity, circular or too deeply nested values, integers too long to print.
                hint = " (NaN and infinity are not JSON numbers: pass a string)" if "float" in str(error) else ""
                raise ValueError("arguments of %s() must be JSON values: %s%s" % (name, error, hint)) from None
            with self._call_slots:
                call_id = next(self._call_ids)
                payload["call_id"] = call_id
                data = _encode(payload)
                if len(data) > MAX_LINE:
                    raise ValueError(
                        "the arguments of %s() are %d bytes as JSON, more than one host call carries (%d); pass less at once"
                        " (split a batch or a large text into pieces)" % (name, len(data), MAX_LINE))
                slot = {"event": threading.Event()}
                with self._pending_lock:
                    self._pending[call_id] = slot
                self.send(data)
                slot["event"].wait()
            reply = slot["reply"]
            if "error" in reply:
                raise HostError(reply["error"])
            return reply.get("value")

        call.__name__ = name
        call.__doc__ = "Calls the host function %r." % name
        return call

    def done(self, request_id, stdout="", stderr="", error=None, truncated=False, elapsed_ms=0.0):
        message = {"type": "done", "id": request_id, "stdout": stdout, "stderr": stderr, "error": error,
                   "truncated": truncated, "elapsed_ms": elapsed_ms}
        data = _encode(message)
        if len(data) > MAX_LINE:
            # Only a huge output_limit gets here: cut every text to what surely fits (6 bytes per escaped char).
            room = (MAX_LINE - 4096) // 24
            message["stdout"] = _cap(stdout, room)[0]
            message["stderr"] = _cap(stderr, room)[0]
            if error is not None:
                message["error"] = {key: _cap(value, room)[0] for key, value in error.items()}
            message["truncated"] = True
            data = _encode(message)
        self.send(data)

    def execute(self, request_id, code):
        out = Capture(OUTPUT_LIMIT)
        err = Capture(OUTPUT_LIMIT)
        saved = sys.stdout, sys.stderr
        sys.stdout, sys.stderr = out, err
        error = None
        cut = False
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
            message, cut_message = _cap(str(exception), OUTPUT_LIMIT)
            trace, cut_trace = _cap(_user_traceback(exception), OUTPUT_LIMIT)
            error = {"type": type(exception).__name__, "message": message, "traceback": trace}
            cut = cut_message or cut_trace
        finally:
            sys.stdout, sys.stderr = saved
            self.restore_scaffold()
        self.done(request_id, out.text(), err.text(), error, out.truncated or err.truncated or cut, (time.perf_counter() - started) * 1000.0)

    def restore_scaffold(self):
        for name, value in self._scaffold.items():
            if self.namespace.get(name) is not value:
                self.namespace[name] = value

    def run(self):
        threading.Thread(target=self.read_loop, daemon=True).start()
        self.send(_encode({"type": "ready", "uid": os.getuid()}))
        while True:
            message = self._work.get()
            if message is None:
                return
            kind = message.get("type")
            if kind == "exec":
                self.execute(message["id"], message["code"])
            elif kind == "set":
                try:
                    value = message["value"] if "file" not in message else _read_value(message["file"])
                except (OSError, ValueError, MemoryError) as error:
                    self.done(message["id"], error={"type": type(error).__name__, "message": str(error), "traceback": ""})
                    continue
                self.namespace[message["name"]] = value
                self.done(message["id"])
            elif kind == "bind":
                for name in message["names"]:
                    self._scaffold[name] = self.host_function(name)
                self.restore_scaffold()
                self.done(message["id"])


def _close_all_but(keep):
    low = 3
    for descriptor in sorted(keep):
        os.closerange(low, descriptor)
        low = descriptor + 1
    os.closerange(low, 1 << 20)


def worker_main(relay_pid, from_relay, to_relay):
    _close_all_but({from_relay, to_relay})
    out = os.fdopen(to_relay, "wb")
    try:
        _drop_privileges()
        # After the uid change, which clears it: the worker dies with the protocol process.
        _prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
        if os.getppid() != relay_pid:
            os._exit(1)
        _apply_limits()
        _install_seccomp()
    except BaseException as error:  # noqa: BLE001 - reported to the host, then the kernel exits
        out.write(_encode({"type": "ready", "error": "%s: %s" % (type(error).__name__, error)}))
        out.flush()
        os._exit(1)
    Worker(os.fdopen(from_relay, "rb"), out).run()


# ------------------------------------------------------------------------------------- protocol process


class Violation(Exception):
    """The worker broke the protocol."""


def _finite(text):
    value = float(text)
    if not math.isfinite(value):
        raise ValueError("a number out of range: " + text[:40])
    return value


def _reject_constant(name):
    raise ValueError("%s is not JSON" % name)


def _text(message, key):
    value = message.get(key)
    if not isinstance(value, str):
        raise Violation("'%s' must be a string" % key)
    return value


def _whole(message, key):
    value = message.get(key)
    if not isinstance(value, int) or isinstance(value, bool) or not -2**63 <= value < 2**63:
        raise Violation("'%s' must be a whole number" % key)
    return value


class Relay:
    """The protocol process: forwards the host's requests to the worker and the worker's validated lines to the host."""

    def __init__(self, host_in, host_out, diagnostics, worker_pid, to_worker, from_worker):
        self._host_in = host_in
        self._host_out = host_out
        self._diagnostics = diagnostics
        self._worker_pid = worker_pid
        self._to_worker = to_worker
        self._from_worker = from_worker
        self._lock = threading.Lock()
        self._host_lock = threading.Lock()
        self._functions = set()
        self._requests = set()
        self._calls = set()
        self._ready = False

    def host_loop(self):
        try:
            for line in self._host_in:
                message = json.loads(line)
                kind = message.get("type")
                with self._lock:
                    if kind in ("exec", "set", "bind"):
                        self._requests.add(message["id"])
                    if kind == "bind":
                        self._functions.update(message["names"])
                    if kind == "reply":
                        self._calls.discard(message["call_id"])
                self._to_worker.write(line)
                self._to_worker.flush()
        except (OSError, ValueError):
            pass  # the worker is gone (its exit is reported by worker_loop) or the host broke its own channel
        # The host closed the channel: stop everything.
        self._kill_worker()
        os._exit(0)

    def worker_loop(self):
        while True:
            line = self._from_worker.readline(MAX_LINE + 1)
            if not line.endswith(b"\n"):
                if len(line) > MAX_LINE:
                    raise Violation("a line of more than %d bytes (the limit of one message)" % MAX_LINE)
                return  # end of the pipe: the worker ended
            try:
                message = json.loads(line, parse_float=_finite, parse_constant=_reject_constant)
            except (ValueError, RecursionError) as error:
                raise Violation("a line that is not JSON (%s)" % str(error)[:200]) from None
            data = _encode(self.check(message))
            if len(data) > MAX_LINE:
                raise Violation("a message of more than %d bytes" % MAX_LINE)
            with self._host_lock:
                self._host_out.write(data)
                self._host_out.flush()

    def check(self, message):
        """Returns the message rebuilt from its validated fields, or raises Violation."""
        if not isinstance(message, dict):
            raise Violation("a message that is not a JSON object")
        kind = message.get("type")
        if not self._ready:
            if kind != "ready":
                raise Violation("a '%s' message before the kernel was ready" % str(kind)[:40])
            if "error" in message:
                raise Violation("the worker could not start: %s" % str(message["error"])[:2000])
            self._ready = True
            return {"type": "ready", "pid": self._worker_pid, "uid": _whole(message, "uid")}
        if kind == "done":
            request_id = _whole(message, "id")
            error = message.get("error")
            if error is not None:
                if not isinstance(error, dict):
                    raise Violation("'error' must be an object or null")
                error = {key: _text(error, key) for key in ("type", "message", "traceback")}
            truncated = message.get("truncated")
            elapsed = message.get("elapsed_ms")
            if not isinstance(truncated, bool) or not isinstance(elapsed, (int, float)) or isinstance(elapsed, bool):
                raise Violation("'truncated' must be true or false and 'elapsed_ms' a number")
            clean = {"type": "done", "id": request_id, "stdout": _text(message, "stdout"), "stderr": _text(message, "stderr"),
                     "error": error, "truncated": truncated, "elapsed_ms": elapsed}
            with self._lock:
                if request_id not in self._requests:
                    raise Violation("a 'done' for request %d, which is not pending" % request_id)
                self._requests.discard(request_id)
            return clean
        if kind == "call":
            call_id = _whole(message, "call_id")
            name = _text(message, "name")
            args, kwargs = message.get("args"), message.get("kwargs")
            if not isinstance(args, list) or not isinstance(kwargs, dict):
                raise Violation("a call's 'args' must be a list and 'kwargs' an object")
            with self._lock:
                if name not in self._functions:
                    raise Violation("a call to '%s', which is not a host function" % name[:100])
                if call_id in self._calls:
                    raise Violation("a second call with id %d while the first is unanswered" % call_id)
                if len(self._calls) >= MAX_CALLS:
                    raise Violation("more than %d host calls at once" % MAX_CALLS)
                self._calls.add(call_id)
            return {"type": "call", "call_id": call_id, "name": name, "args": args, "kwargs": kwargs}
        raise Violation("an unknown message type '%s'" % str(kind)[:40])

    def run(self):
        try:
            self.worker_loop()
        except Violation as violation:
            self._kill_worker()
            with self._host_lock:
                self._host_out.write(_encode({"type": "violation", "message": str(violation)}))
                self._host_out.flush()
            os._exit(3)
        self._diagnostics.write("memfun kernel: the code's process ended (%s)\n" % self._reap())
        self._diagnostics.flush()
        os._exit(2)

    def _kill_worker(self):
        try:
            os.kill(self._worker_pid, signal.SIGKILL)
        except OSError:
            pass

    def _reap(self):
        _, status = os.waitpid(self._worker_pid, 0)
        if os.WIFSIGNALED(status):
            number = os.WTERMSIG(status)
            return "killed by signal %d, %s" % (number, signal.Signals(number).name if number in signal.valid_signals() else "?")
        return "exit status %d" % os.waitstatus_to_exitcode(status)


def main():
    host_in = os.dup(0)
    host_out = os.dup(1)
    diagnostics = os.dup(2)
    null = os.open(os.devnull, os.O_RDWR)
    for descriptor in (0, 1, 2):
        os.dup2(null, descriptor)
    os.close(null)
    try:
        # Not dumpable: a worker of the same user cannot open /proc/<this pid>/fd/* nor ptrace this process.
        _prctl(PR_SET_DUMPABLE, 0)
        if _libc.prctl(PR_GET_DUMPABLE, 0, 0, 0, 0) != 0:
            raise OSError(errno.EPERM, "the protocol process is still dumpable")
    except OSError as error:
        os.write(diagnostics, ("memfun kernel: cannot protect the protocol channel: %s\n" % error).encode())
        os._exit(1)
    to_worker_read, to_worker_write = os.pipe()
    from_worker_read, from_worker_write = os.pipe()
    relay_pid = os.getpid()
    worker_pid = os.fork()
    if worker_pid == 0:
        try:
            worker_main(relay_pid, to_worker_read, from_worker_write)
        finally:
            os._exit(0)
    os.close(to_worker_read)
    os.close(from_worker_write)
    relay = Relay(os.fdopen(host_in, "rb"), os.fdopen(host_out, "wb"), os.fdopen(diagnostics, "w"), worker_pid,
                  os.fdopen(to_worker_write, "wb"), os.fdopen(from_worker_read, "rb"))
    threading.Thread(target=relay.host_loop, daemon=True).start()
    relay.run()


main()
