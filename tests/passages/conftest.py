"""Passage journeys: anti-spam rules and posting limits are off (they have their own tests and
would hold or refuse these responses), and each module's MEMO is the post answered."""
import pytest


@pytest.fixture
def config_overrides():
    return {"PLUGINS_DISABLED": ["antispam"], "RATELIMIT_ENABLED": False}


@pytest.fixture
def post(factory, request):
    post = factory.post(title="The register memo", slug="the-register-memo",
                        body_md=request.module.MEMO)
    factory.session.commit()
    return post
