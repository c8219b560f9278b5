import pytest


@pytest.fixture(autouse=True)
def _fast_password_hasher(settings):
    """tests/conftest.py sets TOWNSQUARE_FAST_PASSWORD_HASHER after pytest-django has already loaded
    the settings, so it has no effect; without this, each named test person costs ~0.5 s of PBKDF2."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
