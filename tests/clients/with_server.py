#!/usr/bin/python3
"""Runs one command against a freshly started evidencegraph-server.

    with_server.py --server BIN [--seed-file FILE] [--timeout SECONDS] -- CMD ARGS...

Starts BIN on 127.0.0.1 with port 0 and a temporary data directory, waits for
the port it writes to --port_file, runs CMD with these environment variables:

    EVIDENCEGRAPH_ADDR        host:port of the server ("127.0.0.1:41234")
    EVIDENCEGRAPH_TEST_TMP    a scratch directory, removed afterwards

then stops the server with SIGTERM and checks that it shut down in time. The
exit status is CMD's, or 1 when the server failed to start, died during the
run or did not stop. The server log is printed whenever something failed.

The server and CMD die with this process (PR_SET_PDEATHSIG), so a ctest
timeout that kills the launcher leaves no server behind.
"""
import argparse
import ctypes
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time

START_TIMEOUT_S = 30.0
STOP_TIMEOUT_S = 20.0
PR_SET_PDEATHSIG = 1


def _die_with_parent():
    """preexec_fn: deliver SIGTERM to the child when the launcher dies."""
    try:
        libc = ctypes.CDLL("libc.so.6", use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGTERM)
    except OSError:
        pass


def _log(msg):
    print(f"[with_server] {msg}", file=sys.stderr, flush=True)


def _print_server_log(path, last_lines=200):
    try:
        with open(path, encoding="utf-8", errors="replace") as f:
            lines = f.readlines()
    except OSError as e:
        _log(f"(no server log: {e})")
        return
    _log(f"---- server log ({path}), last {min(len(lines), last_lines)} lines ----")
    sys.stderr.writelines(lines[-last_lines:])
    _log("---- end of server log ----")


def _wait_for_port(proc, port_file, deadline):
    """Returns the port the server wrote, or None (server died or timed out)."""
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            _log(f"server exited with status {proc.returncode} before writing {port_file}")
            return None
        try:
            with open(port_file, encoding="ascii") as f:
                text = f.read().strip()
            if text:
                port = int(text.rsplit(":", 1)[-1])
                with socket.create_connection(("127.0.0.1", port), timeout=1.0):
                    return port
        except (OSError, ValueError):
            pass
        time.sleep(0.05)
    _log(f"server did not write a usable port to {port_file} within {START_TIMEOUT_S:.0f} s")
    return None


def _stop(proc):
    """SIGTERM, then wait; returns True when the server stopped in time."""
    if proc.poll() is not None:
        return True
    proc.send_signal(signal.SIGTERM)
    try:
        proc.wait(timeout=STOP_TIMEOUT_S)
        return True
    except subprocess.TimeoutExpired:
        _log(f"server did not stop within {STOP_TIMEOUT_S:.0f} s of SIGTERM; killing it")
        proc.kill()
        proc.wait()
        return False


class _Terminated(Exception):
    pass


def _raise_terminated(signum, frame):
    raise _Terminated(signal.Signals(signum).name)


def main(argv):
    # SIGTERM/SIGINT (e.g. a ctest timeout or ^C) still stop the server and
    # remove the temp directory.
    signal.signal(signal.SIGTERM, _raise_terminated)
    signal.signal(signal.SIGINT, _raise_terminated)
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--server", required=True, help="evidencegraph-server binary")
    parser.add_argument("--seed-file", help="load this NDJSON graph at start (default: no seed)")
    parser.add_argument("--timeout", type=float, default=300.0,
                        help="seconds CMD may run before it is killed")
    parser.add_argument("--keep-tmp", action="store_true", help="keep the temp directory")
    parser.add_argument("cmd", nargs=argparse.REMAINDER)
    args = parser.parse_args(argv)
    cmd = args.cmd[1:] if args.cmd[:1] == ["--"] else args.cmd
    if not cmd:
        parser.error("no command given after --")
    if not os.access(args.server, os.X_OK):
        _log(f"server binary not found or not executable: {args.server}")
        return 1

    tmp = tempfile.mkdtemp(prefix="eg-clients-")
    port_file = os.path.join(tmp, "port")
    log_path = os.path.join(tmp, "server.log")
    scratch = os.path.join(tmp, "scratch")
    os.makedirs(scratch)
    server_cmd = [args.server, "--listen=127.0.0.1:0", f"--port_file={port_file}",
                  f"--data_dir={os.path.join(tmp, 'data')}"]
    if args.seed_file:
        server_cmd.append(f"--seed_file={os.path.abspath(args.seed_file)}")
    else:
        server_cmd.append("--seed=false")

    failed = False
    status = 1
    child = None
    with open(log_path, "wb") as log:
        _log("starting " + " ".join(server_cmd))
        proc = subprocess.Popen(server_cmd, stdout=log, stderr=subprocess.STDOUT,
                                stdin=subprocess.DEVNULL, preexec_fn=_die_with_parent)
        try:
            port = _wait_for_port(proc, port_file, time.monotonic() + START_TIMEOUT_S)
            if port is None:
                failed = True
            else:
                env = dict(os.environ, EVIDENCEGRAPH_ADDR=f"127.0.0.1:{port}",
                           EVIDENCEGRAPH_TEST_TMP=scratch)
                _log(f"server listening on 127.0.0.1:{port}; running " + " ".join(cmd))
                child = subprocess.Popen(cmd, env=env, preexec_fn=_die_with_parent)
                try:
                    status = child.wait(timeout=args.timeout)
                except subprocess.TimeoutExpired:
                    _log(f"command did not finish within {args.timeout:.0f} s; killing it")
                    child.kill()
                    child.wait()
                    status = 1
                if proc.poll() is not None:
                    _log(f"server died during the run (exit status {proc.returncode})")
                    failed = True
        except _Terminated as e:
            _log(f"{e} received; stopping")
            failed = True
            if child is not None and child.poll() is None:
                child.kill()
                child.wait()
        finally:
            if not _stop(proc):
                failed = True
            elif proc.returncode not in (0, -signal.SIGTERM) and not failed:
                _log(f"server exited with status {proc.returncode} after SIGTERM")
                failed = True

    if failed or status != 0:
        _print_server_log(log_path)
    if args.keep_tmp:
        _log(f"kept {tmp}")
    else:
        shutil.rmtree(tmp, ignore_errors=True)
    if failed:
        return 1
    return status if status >= 0 else 1  # killed by a signal


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
