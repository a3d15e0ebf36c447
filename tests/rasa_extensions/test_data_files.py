"""`rasa test` typed in the project folder finds the project's test conversations only."""

from pathlib import Path

import rasa.shared.data
from rasa.shared.core.training_data.story_reader.yaml_story_reader import YAMLStoryReader

from rasa_extensions.data_files import find_data_files, is_skipped_folder

STORY = (
    'version: "3.1"\nstories:\n- story: s\n  steps:\n  - intent: greet\n  - action: utter_greet\n'
)


def _tree(root: Path) -> None:
    for relative in (
        "tests/conversations/test_topics.yml",
        ".venv/lib/python3.10/site-packages/rasa/cli/initial_project/tests/test_stories.yml",
        "venv/lib/site-packages/some/tests/test_stories.yml",
        "build/bench-baseline/tests/test_stories.yml",
        "web/node_modules/pkg/test_stories.yml",
        "results/test_leftover.yml",
    ):
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(STORY)
    (root / "venv" / "pyvenv.cfg").write_text("home = /usr/bin\n")
    cache = root / "build" / "bench-baseline" / ".rasa" / "cache"
    cache.mkdir(parents=True)
    (cache / "abc.priority.json").write_text("1")


def test_only_the_project_folders_are_walked(tmp_path):
    _tree(tmp_path)
    found = find_data_files(str(tmp_path), YAMLStoryReader.is_test_stories_file)
    assert found == {str(tmp_path / "tests/conversations/test_topics.yml")}


def test_rasa_uses_the_walk_once_installed(tmp_path):
    # The autouse fixture of this folder installed the extensions.
    _tree(tmp_path)
    found = rasa.shared.data.get_data_files([str(tmp_path)], YAMLStoryReader.is_test_stories_file)
    assert found == [str(tmp_path / "tests/conversations/test_topics.yml")]


def test_which_folders_are_skipped(tmp_path):
    (tmp_path / "env").mkdir()
    (tmp_path / "env" / "pyvenv.cfg").write_text("")
    (tmp_path / "data").mkdir()
    assert is_skipped_folder(tmp_path / "env")
    assert is_skipped_folder(tmp_path / ".git")
    assert is_skipped_folder(tmp_path / "build")
    assert not is_skipped_folder(tmp_path / "data")
    assert not is_skipped_folder(tmp_path / "tests")
