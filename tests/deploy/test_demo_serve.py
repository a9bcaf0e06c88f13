"""scripts/demo-serve: the demo's job worker runs beside the web server and stops with it.

Real programs stand in for manage.py: the worker handles SIGINT and SIGTERM as django-tasks'
db_worker does (the first one finishes the job in hand), the server ends on Ctrl-C or fails.
"""

import os
import signal
import subprocess
import textwrap
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

FAKE_PYTHON = textwrap.dedent(
    """\
    #!/usr/bin/env bash
    # $1 is manage.py, $2 the command.
    log={log}
    if [ "$2" = run_jobs ]; then
        exec python3 -c '
    import signal, sys, time
    log = open(sys.argv[1], "a", buffering=1)
    state = {{"running": True}}
    def shutdown(signum, frame):
        if not state["running"]:
            log.write("worker cut off\\n"); sys.exit(1)
        log.write(f"worker asked to stop by {{signal.Signals(signum).name}}\\n")
        state["running"] = False
    signal.signal(signal.SIGINT, shutdown)
    signal.signal(signal.SIGTERM, shutdown)
    log.write("worker started\\n")
    while state["running"]:
        time.sleep(0.05)
    time.sleep(1)  # the job in hand
    log.write("worker finished its job\\n")
    ' "$log"
    fi
    echo "server $2 $3" >> "$log"
    {server}
    """
)


def _fake_python(tmp_path: Path, server: str) -> Path:
    log = tmp_path / "events.log"
    fake = tmp_path / "python"
    fake.write_text(FAKE_PYTHON.format(log=log, server=server))
    fake.chmod(0o755)
    return fake


def _events(tmp_path: Path) -> list[str]:
    return (tmp_path / "events.log").read_text().splitlines()


def _wait_for(tmp_path: Path, line: str) -> None:
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        if (tmp_path / "events.log").exists() and line in _events(tmp_path):
            return
        time.sleep(0.05)
    raise AssertionError(f"never logged {line!r}")


def test_ctrl_c_stops_the_server_and_lets_the_worker_finish_its_job(tmp_path):
    fake = _fake_python(tmp_path, server="exec sleep 60")
    demo = subprocess.Popen(  # noqa: S603 - the repository's script
        [str(ROOT / "scripts" / "demo-serve"), "127.0.0.1:8000"],
        env={**os.environ, "PY": str(fake)},
        # As a terminal runs it: its own process group, Ctrl-C's SIGINT not ignored.
        start_new_session=True,
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    _wait_for(tmp_path, "worker started")
    _wait_for(tmp_path, "server runserver 127.0.0.1:8000")
    os.killpg(demo.pid, signal.SIGINT)  # Ctrl-C reaches every process in the group
    assert demo.wait(timeout=20) == 130
    assert _events(tmp_path)[-2:] == [
        "worker asked to stop by SIGINT",
        "worker finished its job",
    ]


def test_the_worker_is_stopped_when_the_server_fails(tmp_path):
    fake = _fake_python(tmp_path, server="sleep 0.5; exit 3")
    result = subprocess.run(  # noqa: S603 - the repository's script
        [str(ROOT / "scripts" / "demo-serve"), "127.0.0.1:8000"],
        env={**os.environ, "PY": str(fake)},
        timeout=20,
        check=False,
    )
    assert result.returncode == 3
    events = _events(tmp_path)
    assert "worker asked to stop by SIGTERM" in events
    assert events[-1] == "worker finished its job"
