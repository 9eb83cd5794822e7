"""Progress callbacks, cancelling, and the GIL during long calls."""

import signal
import threading
import time

import pytest

import georiviere


def test_progress_called_with_fractions(y_path):
    calls = []

    def progress(stage, fraction):
        calls.append((stage, fraction))
        return True

    georiviere.build_network(y_path, progress=progress)
    assert calls
    assert all(isinstance(stage, str) and stage for stage, _ in calls)
    assert all(0.0 <= fraction <= 1.0 for _, fraction in calls)
    assert any(fraction == 1.0 for _, fraction in calls)


def test_progress_returning_none_continues(y_path):
    net = georiviere.build_network(y_path, progress=lambda stage, f: None)
    assert len(net) == 3


def test_progress_returning_false_cancels(y_path):
    calls = []

    def cancel(stage, fraction):
        calls.append(stage)
        return False

    with pytest.raises(georiviere.CancelledError):
        georiviere.build_network(y_path, progress=cancel)
    assert len(calls) == 1


def test_progress_exception_propagates(y_path):
    def broken(stage, fraction):
        raise ZeroDivisionError("from the callback")

    with pytest.raises(ZeroDivisionError, match="from the callback"):
        georiviere.build_network(y_path, progress=broken)


def test_progress_not_callable_raises_type_error(y_path):
    with pytest.raises(TypeError, match="progress"):
        georiviere.build_network(y_path, progress=3)


def test_write_progress_cancels(y_path, tmp_path):
    net = georiviere.build_network(y_path)
    output = tmp_path / "cancelled.gpkg"
    with pytest.raises(georiviere.CancelledError):
        net.to_file(output, progress=lambda stage, f: False)
    assert not output.exists()


def test_build_releases_gil(comb_path):
    """The main thread keeps running Python code while another thread is
    inside build_network. With the GIL held for the whole call, the main
    thread could run at most one switch interval inside the call window."""
    window = {}
    ticks = []

    def build():
        window["start"] = time.perf_counter()
        window["net"] = georiviere.build_network(comb_path)
        window["end"] = time.perf_counter()

    worker = threading.Thread(target=build)
    worker.start()
    while worker.is_alive():
        ticks.append(time.perf_counter())
    worker.join()

    assert len(window["net"]) > 4000
    start, end = window["start"], window["end"]
    duration = end - start
    assert duration > 0.05, "the input is too small to measure the GIL"
    inside = [t for t in ticks if start < t < end]
    assert inside, "the main thread never ran during build_network"
    covered = inside[-1] - inside[0]
    assert covered > 0.5 * duration, (
        f"the main thread ran for {covered:.3f} s of the "
        f"{duration:.3f} s call"
    )


class AlarmInterrupt(Exception):
    """Raised by the SIGALRM handler of the interrupt test."""


@pytest.mark.skipif(
    not hasattr(signal, "setitimer"), reason="needs signal.setitimer"
)
def test_signal_interrupts_build(comb_path):
    """A signal handler's exception, as Ctrl-C raises KeyboardInterrupt,
    stops build_network without a progress callable and without waiting
    for the call to end."""
    started = time.perf_counter()
    georiviere.build_network(comb_path)
    full = time.perf_counter() - started

    def interrupt(signum, frame):
        raise AlarmInterrupt()

    previous = signal.signal(signal.SIGALRM, interrupt)
    try:
        signal.setitimer(signal.ITIMER_REAL, 0.1 * full)
        started = time.perf_counter()
        with pytest.raises(AlarmInterrupt):
            georiviere.build_network(comb_path)
        interrupted = time.perf_counter() - started
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0.0)
        signal.signal(signal.SIGALRM, previous)
    assert interrupted < 0.6 * full, (interrupted, full)


def test_builds_in_parallel_threads(y_path, duplicate_path):
    results = {}

    def build(key, path):
        results[key] = georiviere.build_network(path)

    threads = [
        threading.Thread(target=build, args=(i, path))
        for i, path in enumerate([y_path, duplicate_path] * 2)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(results) == [0, 1, 2, 3]
    assert [len(results[i].problems) for i in range(4)] == [0, 1, 0, 1]
    assert all(len(net) == 3 for net in results.values())
