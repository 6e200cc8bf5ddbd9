"""The tests' python3 zygote: imports torch and numpy once, then runs each request as python3 would, in a forked child.

layerlab.testing.Python (engine/src/test/java) starts it as `/usr/bin/python3 -c <this text>`, one per test JVM, and
talks to it over its stdin and stdout. A message is a count of fields, then each field: its length, then its bytes
(lengths and counts 4-byte big-endian).

    at start, once:  b"ready" (torch and numpy imported where they are installed)
    request:         b"run", working directory, timeout in seconds, b"1" and stdin's bytes or b"0" and b"",
                     the number of environment additions n, n times a name and its value, then python3's arguments
                     (a script and its arguments, -c code and its arguments, or -m module and its arguments)
    answer:          b"exit", the exit status, the output      or     b"timeout", b"-1", the output so far

The child starts from the zygote's state as `python3` starts after `import torch`: it gets fds 1 and 2 on one temp file
(what it printed, stdout and stderr as they came), fd 0 on stdin's bytes (or /dev/null), its own process group and
the signal to die with the zygote. It runs the script as __main__ with python3's sys.argv, sys.path[0], __file__ and
exit status (sys.exit's code; an uncaught exception prints its traceback, without the zygote's frames, and exits 1),
then ends as python3 does (non-daemon threads joined, atexit functions run, output flushed). Nothing here runs a torch
op: its thread pool starts in each child, as in a fresh process (a pool started before fork can deadlock the child).
"""
import atexit
import builtins
import ctypes
import os
import select
import signal
import struct
import sys
import tempfile
import time
import types

PR_SET_PDEATHSIG = 1  # <sys/prctl.h>
PROTOCOL_IN = os.dup(0)
PROTOCOL_OUT = os.dup(1)
ZYGOTE = globals()
# What a module prints at import (or the zygote by mistake) must not reach the protocol: fd 1 goes to the zygote's stderr.
_null = os.open(os.devnull, os.O_RDWR)
os.dup2(_null, 0)
os.dup2(2, 1)

for _name in ("numpy", "torch"):
    try:
        __import__(_name)
    except ImportError:
        pass


def read_exactly(n):
    data = b""
    while len(data) < n:
        chunk = os.read(PROTOCOL_IN, n - len(data))
        if not chunk:
            return None
        data += chunk
    return data


def receive():
    """The next message's fields, or None where the test JVM has closed the pipe."""
    head = read_exactly(4)
    if head is None:
        return None
    fields = []
    for _ in range(struct.unpack(">I", head)[0]):
        length = read_exactly(4)
        field = read_exactly(struct.unpack(">I", length)[0]) if length is not None else None
        if field is None:
            return None
        fields.append(field)
    return fields


def send(*fields):
    data = struct.pack(">I", len(fields)) + b"".join(struct.pack(">I", len(f)) + f for f in fields)
    while data:
        data = data[os.write(PROTOCOL_OUT, data):]


def die_with_parent(parent):
    """The child gets SIGKILL when the zygote ends (Linux's PR_SET_PDEATHSIG): no run outlives a restarted zygote."""
    try:
        ctypes.CDLL(None).prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    except (OSError, AttributeError):
        pass
    if os.getppid() != parent:
        os._exit(70)


def fresh_main(names):
    """A new __main__ module holding {@code names}, as python3 makes one."""
    main = types.ModuleType("__main__")
    main.__dict__.update(__builtins__=builtins, __annotations__={}, **names)
    sys.modules["__main__"] = main
    return main.__dict__


def run_python(args):
    """Runs python3's arguments in this process as python3 would run them."""
    if args[0] == "-c":
        sys.argv = ["-c"] + args[2:]
        sys.path[0] = ""
        code = compile(args[1], "<string>", "exec", dont_inherit=True)
        exec(code, fresh_main({"__loader__": sys.modules["__main__"].__loader__, "__spec__": None, "__package__": None}))
    elif args[0] == "-m":
        import runpy
        sys.argv = ["-m"] + args[2:]
        sys.path[0] = os.getcwd()
        runpy._run_module_as_main(args[1])
    else:
        path = os.path.abspath(args[0])
        try:
            with open(path, "rb") as f:
                source = f.read()
        except OSError as e:
            sys.stderr.write("%s: can't open file %r: [Errno %d] %s\n" % (sys.executable, path, e.errno, e.strerror))
            return 2
        sys.argv = list(args)
        sys.path[0] = os.path.dirname(os.path.realpath(path))
        from importlib.machinery import SourceFileLoader
        code = compile(source, path, "exec", dont_inherit=True)
        exec(code, fresh_main({"__file__": path, "__cached__": None, "__loader__": SourceFileLoader("__main__", path),
                               "__spec__": None, "__package__": None}))
    return 0


def exit_status(e):
    """python3's exit status for SystemExit e (a code not an int is printed and exits 1)."""
    if e.code is None:
        return 0
    if isinstance(e.code, int):
        return e.code & 0xFF
    try:
        print(e.code, file=sys.stderr)
    except Exception:
        pass
    return 1


def without_zygote(tb):
    """The traceback from the run's own first frame: python3 shows none of the zygote's."""
    while tb is not None and tb.tb_frame.f_globals is ZYGOTE:
        tb = tb.tb_next
    return tb


def child(parent, cwd, stdin, output, env, args):
    status = 70
    try:
        os.setpgid(0, 0)
        die_with_parent(parent)
        os.dup2(stdin, 0)
        os.dup2(output, 1)
        os.dup2(output, 2)
        for fd in (stdin, output, PROTOCOL_IN, PROTOCOL_OUT):
            os.close(fd)
        os.chdir(cwd)
        os.environ.update(env)
        # A fresh python3 draws these seeds from the system; a forked child would repeat the zygote's.
        if "random" in sys.modules:
            sys.modules["random"].seed()
        if "numpy" in sys.modules:
            sys.modules["numpy"].random.seed()
        if "torch" in sys.modules:
            sys.modules["torch"].seed()
        try:
            status = run_python(args)
        except SystemExit as e:
            status = exit_status(e)
        except BaseException as e:
            tb = without_zygote(e.__traceback__)
            sys.excepthook(type(e), e.with_traceback(tb), tb)
            status = 1
        if "threading" in sys.modules:
            sys.modules["threading"]._shutdown()
        atexit._run_exitfuncs()
        for stream in (sys.stdout, sys.stderr):
            try:
                if stream is not None and not stream.closed:
                    stream.flush()
            except Exception:
                status = 120
    except BaseException:
        # The run could not start as asked (a working directory that is not there): said in its output, status 70.
        import traceback
        traceback.print_exc()
    finally:
        os._exit(status)


def wait(pid, timeout):
    """The child's exit status as Java's Process gives it (128 + the signal that killed it), or None after timeout
    seconds; exits the zygote (and kills the child) where the test JVM has closed the pipe."""
    try:
        watch = os.pidfd_open(pid)
    except (AttributeError, OSError):
        watch = None
    end = time.monotonic() + timeout
    try:
        while True:
            done, status = os.waitpid(pid, os.WNOHANG)
            if done:
                code = os.waitstatus_to_exitcode(status)
                return 128 - code if code < 0 else code
            left = end - time.monotonic()
            if left <= 0:
                return None
            # Only EOF can arrive on the protocol while a run is in flight: the JVM sends the next request after the answer.
            ready = select.select([PROTOCOL_IN] + ([watch] if watch is not None else []), [], [], left if watch is not None else min(left, 0.05))[0]
            if PROTOCOL_IN in ready:
                kill(pid)
                os._exit(0)
    finally:
        if watch is not None:
            os.close(watch)


def kill(pid):
    for target in (lambda: os.killpg(pid, signal.SIGKILL), lambda: os.kill(pid, signal.SIGKILL)):
        try:
            target()
        except OSError:
            pass
    try:
        os.waitpid(pid, 0)
    except ChildProcessError:
        pass


def serve():
    send(b"ready")
    while True:
        request = receive()
        if request is None:
            return
        cwd, timeout, has_stdin, stdin_bytes = request[1].decode(), float(request[2]), request[3] == b"1", request[4]
        n = int(request[5])
        env = {request[6 + 2 * i].decode(): request[7 + 2 * i].decode() for i in range(n)}
        args = [a.decode() for a in request[6 + 2 * n:]]
        output = tempfile.TemporaryFile()
        if has_stdin:
            stdin = tempfile.TemporaryFile()
            stdin.write(stdin_bytes)
            stdin.flush()
            stdin.seek(0)
            stdin_fd = os.dup(stdin.fileno())
            stdin.close()
        else:
            stdin_fd = os.open(os.devnull, os.O_RDONLY)
        sys.stdout.flush()
        sys.stderr.flush()
        parent = os.getpid()
        pid = os.fork()
        if pid == 0:
            child(parent, cwd, stdin_fd, os.dup(output.fileno()), env, args)
        os.close(stdin_fd)
        try:
            os.setpgid(pid, pid)
        except OSError:
            pass
        status = wait(pid, timeout)
        if status is None:
            kill(pid)
        output.seek(0)
        printed = output.read()
        output.close()
        send(b"exit" if status is not None else b"timeout", str(status if status is not None else -1).encode(), printed)


serve()
