"""The text clean-up shared by the Rasa server's models and the action server."""

import subprocess
import sys
from pathlib import Path

import pytest

from understanding.text import straight_apostrophes

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.parametrize(
    "text,straight",
    [
        ("I can\u2019t breathe", "I can't breathe"),
        ("\u2018stop\u2019", "'stop'"),
        ("don't", "don't"),
        ("", ""),
        (None, ""),
    ],
)
def test_curly_apostrophes_are_made_straight(text, straight):
    assert straight_apostrophes(text) == straight


def test_it_imports_nothing_outside_the_standard_library():
    # The action server's environment has neither Rasa nor scikit-learn.
    code = (
        "import sys, understanding.text; "
        "print(sorted(m for m in ('rasa', 'sklearn', 'numpy', 'yaml') if m in sys.modules))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=60
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "[]"
