"""`rasa test`, typed in the project folder, reads only the project's own files.

Replaces: rasa.shared.data._find_data_files_in_directory.
`rasa test` looks for test conversations in "." (DEFAULT_E2E_TESTS_PATH) and
upstream walks every folder below it. In a project folder that holds its
virtualenv (.venv/) that finds the test stories of the `rasa init` template in
site-packages, and after `make bench` a cache file of the baseline assistant in
build/ that crashes the reader. Here the walk skips hidden folders, any
virtualenv (a folder with pyvenv.cfg), node_modules and the folders the
project generates; everything else is walked exactly as before.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Callable, Set, Text

import rasa.shared.data

# Folders the Makefile and scripts generate (models, reports, runtime data).
GENERATED_FOLDERS = frozenset({"build", "results", "var", "models", "node_modules", "__pycache__"})


def is_skipped_folder(path: Path) -> bool:
    """Whether a folder holds no project data: hidden, a virtualenv, or generated."""
    return (
        path.name.startswith(".")
        or path.name in GENERATED_FOLDERS
        or (path / "pyvenv.cfg").is_file()
    )


def find_data_files(directory: Text, filter_property: Callable[[Text], bool]) -> Set[Text]:
    """Files below `directory` that pass `filter_property`, outside skipped folders."""
    found = set()
    for root, folders, files in os.walk(directory, followlinks=True):
        folders[:] = sorted(f for f in folders if not is_skipped_folder(Path(root) / f))
        for name in sorted(files):
            full_path = os.path.join(root, name)
            if rasa.shared.data.is_valid_filetype(full_path) and filter_property(full_path):
                found.add(full_path)
    return found


def install() -> None:
    """Replace the folder walk (called once, by rasa_extensions.install)."""
    rasa.shared.data._find_data_files_in_directory = find_data_files
