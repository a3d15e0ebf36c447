"""The project's two Python environments, as `make install` leaves them.

- .venv: Rasa and everything else; Rasa's telemetry and crash reports are off
  for every command typed in it, without any variable set by hand.
- .venv-actions: the action server alone, without Rasa or TensorFlow.
"""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
RASA = Path(sys.executable).parent / "rasa"
ACTIONS_PYTHON = ROOT / ".venv-actions" / "bin" / "python"


def _env_without_telemetry_setting() -> dict:
    return {k: v for k, v in os.environ.items() if k != "RASA_TELEMETRY_ENABLED"}


def test_rasa_telemetry_is_off_for_commands_typed_by_hand():
    result = subprocess.run(
        [str(RASA), "telemetry"],
        cwd=ROOT,
        env=_env_without_telemetry_setting(),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert "Telemetry reporting is currently disabled" in result.stdout


def test_a_user_can_still_turn_telemetry_on_explicitly():
    code = "import os; print(os.environ['RASA_TELEMETRY_ENABLED'])"
    env = {**_env_without_telemetry_setting(), "RASA_TELEMETRY_ENABLED": "true"}
    result = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
    assert result.stdout.strip() == "true"


@pytest.fixture(scope="module")
def actions_python() -> Path:
    if not ACTIONS_PYTHON.exists():
        pytest.fail(f"{ACTIONS_PYTHON} is missing: `make install` creates it")
    return ACTIONS_PYTHON


@pytest.mark.parametrize("package", ["tensorflow", "rasa"])
def test_the_action_server_environment_has_no(actions_python, package):
    code = (
        f"import importlib.util, sys; sys.exit(importlib.util.find_spec({package!r}) is not None)"
    )
    assert subprocess.run([str(actions_python), "-c", code]).returncode == 0


def test_the_action_server_environment_imports_every_action_module(actions_python):
    modules = sorted(
        "actions." + path.stem
        for path in (ROOT / "actions").glob("*.py")
        if path.stem != "__init__"
    )
    code = f"import importlib\nfor m in {modules!r}:\n    importlib.import_module(m)\n"
    result = subprocess.run(
        [str(actions_python), "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr
