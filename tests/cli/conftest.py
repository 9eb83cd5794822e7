"""Fixtures for the command-line tests: the tool's path and data folders."""

import os
import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
SHARED_DATA = REPO.parent / "shared" / "data"


@pytest.fixture(scope="session")
def tool():
    """Path of the built georiviere tool."""
    build = Path(os.environ.get("GEORIVIERE_BUILD_DIR", REPO / "build"))
    path = build / "bin" / "georiviere"
    if not path.exists():
        pytest.fail(f"georiviere tool not found at {path}; build it first "
                    "(bash scripts/build.sh) or set GEORIVIERE_BUILD_DIR")
    return path


@pytest.fixture(scope="session")
def sample():
    return REPO / "testdata" / "sample" / "rivers.geojson"


@pytest.fixture(scope="session")
def shared_data():
    """The real data folder beside the clone; tests skip without it."""
    if not SHARED_DATA.is_dir():
        pytest.skip(f"real data folder {SHARED_DATA} is absent")
    return SHARED_DATA


@pytest.fixture
def run(tool):
    """Run the tool with arguments; return the CompletedProcess."""

    def run_tool(*arguments, check=None):
        result = subprocess.run([str(tool), *map(str, arguments)],
                                capture_output=True, text=True, timeout=600)
        if check is not None:
            assert result.returncode == check, (
                f"exit code {result.returncode}, expected {check}\n"
                f"stdout:\n{result.stdout}\nstderr:\n{result.stderr}")
        return result

    return run_tool
