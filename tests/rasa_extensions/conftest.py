"""The extensions are installed the way the server installs them: rasa_extensions.install()."""

import pytest

import rasa_extensions


@pytest.fixture(autouse=True, scope="session")
def installed_extensions():
    rasa_extensions.install()
