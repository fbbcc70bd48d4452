"""The configured limits of the media library: a file too large is a 413 naming the limit, a
PDF with too many pages is refused, and neither leaves anything behind."""
from __future__ import annotations

import pytest
from sqlalchemy import func, select

from forum.models import Medium
from tests.media.test_uploads import stored_files, upload
from tests.support import media_files


@pytest.fixture
def config_overrides():
    return {"MEDIA_MAX_BYTES": 40_000, "MEDIA_MAX_PDF_PAGES": 20}


def test_over_the_size_limit_is_a_413_naming_the_limit(app, client, login, db_session):
    login("author")
    big = media_files.photo_with_gps(width=3000, height=3000)
    assert len(big) > 40_000
    response = upload(client, big + b"\x00" * 100_000, "big.jpg")
    assert response.status_code == 413
    assert "accepts files up to 40 KB" in response.get_data(as_text=True)
    slightly = upload(client, media_files.photo_with_gps(width=2400, height=2400), "big.jpg")
    assert slightly.status_code == 413
    assert "accepts files up to 40 KB" in slightly.get_data(as_text=True)
    db_session.expire_all()
    assert db_session.scalar(select(func.count()).select_from(Medium)) == 0
    assert stored_files(app) == []


def test_a_pdf_with_too_many_pages_is_refused(app, client, login, db_session):
    login("author")
    response = upload(client, media_files.pdf_with_author(pages=25), "report.pdf")
    assert response.status_code == 413
    assert "25 pages; this site accepts up to 20" in response.get_data(as_text=True)
    assert stored_files(app) == []


