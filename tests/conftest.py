import os

import pytest

from tests.browser import CHROMIUM, chromium


@pytest.fixture(scope="session")
def browser():
    if not os.path.exists(CHROMIUM):
        pytest.fail(f"Chromium not found at {CHROMIUM} (apt-get install chromium)")
    with chromium() as browser:
        yield browser
