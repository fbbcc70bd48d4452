"""Uploading to the media library over HTTP: what is kept (a clean file, with no GPS, camera or
author metadata), how it is served, and every bad input refused with a clear message and
nothing half-stored."""
from __future__ import annotations

import io
from pathlib import Path

import pytest
from PIL import Image
from pypdf import PdfReader
from sqlalchemy import func, select

from forum.models import Medium
from tests.support import media_files


def upload(client, data: bytes, filename: str = "photo.jpg", content_type: str = "image/jpeg",
           **fields):
    return client.post("/admin/media", data={"file": (io.BytesIO(data), filename, content_type),
                                             **fields}, content_type="multipart/form-data")


def store(app) -> Path:
    return Path(app.instance_path) / "media"


def stored_files(app) -> list[Path]:
    root = store(app)
    return sorted(path for path in root.rglob("*") if path.is_file()) if root.exists() else []


def only_medium(db_session) -> Medium:
    db_session.expire_all()
    return db_session.scalars(select(Medium)).one()


def test_a_photo_loses_its_gps_camera_and_author_metadata_before_it_is_stored(
        app, client, login, db_session):
    login("author")
    response = upload(client, media_files.photo_with_gps(orientation=6), "IMG_2041.JPG")
    assert response.status_code == 303
    medium = only_medium(db_session)
    assert medium.content_type == "image/jpeg" and medium.title == "IMG_2041"
    # Orientation 6 was applied to the pixels: the stored image stands upright.
    assert (medium.width, medium.height) == (1200, 1800)
    assert "GPS position" in medium.privacy_note
    for path in stored_files(app):
        raw = path.read_bytes()
        assert media_files.AUTHOR.encode() not in raw and media_files.SERIAL.encode() not in raw
        assert b"xmpmeta" not in raw and b"PhoneMaker" not in raw
        with Image.open(path) as image:
            exif = image.getexif()
            assert not exif.get_ifd(media_files.GPS_IFD), path.name
            assert len(exif) == 0, (path.name, dict(exif))
            assert "xmp" not in image.info
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Removed before storing: GPS position" in page
    assert "removes what it says about you" in page  # the editor says so before uploading


def test_sizes_are_made_once_and_served_with_the_sniffed_type(app, client, login, db_session):
    login("author")
    assert upload(client, media_files.photo_with_gps(width=2000, height=1000),
                  "wide.png", "application/octet-stream").status_code == 303
    medium = only_medium(db_session)
    assert medium.widths == [480, 960, 1600]
    names = {path.name for path in stored_files(app)}
    for width in (480, 960, 1600):
        assert f"{medium.token}-{width}.jpg" in names and f"{medium.token}-{width}.webp" in names
    client.post("/logout")
    served = client.get(f"/media/{medium.token}-480.webp")
    assert served.status_code == 200
    assert served.headers["Content-Type"] == "image/webp"
    assert served.headers["X-Content-Type-Options"] == "nosniff"
    assert "attachment" not in served.headers.get("Content-Disposition", "")
    with Image.open(io.BytesIO(served.data)) as image:
        assert image.size == (480, 240)
    original = client.get(f"/media/{medium.token}.jpg")
    assert original.headers["Content-Type"] == "image/jpeg"  # sniffed, not the name's .png
    assert client.get(f"/media/{medium.token}-481.jpg").status_code == 404
    assert client.get(f"/media/{'0' * 32}.jpg").status_code == 404


def test_a_pdf_loses_its_author_and_is_served_as_a_download(app, client, login, db_session):
    login("author")
    response = upload(client, media_files.pdf_with_author(pages=4), "Memo 2026.pdf",
                      "image/png")  # the browser's claim is ignored either way
    assert response.status_code == 303
    medium = only_medium(db_session)
    assert medium.content_type == "application/pdf" and medium.page_count == 4
    assert "author" in medium.privacy_note
    served = client.get(f"/media/{medium.token}.pdf")
    assert served.headers["Content-Type"] == "application/pdf"
    assert served.headers["Content-Disposition"].startswith("attachment")
    assert served.headers["X-Content-Type-Options"] == "nosniff"
    reader = PdfReader(io.BytesIO(served.data))
    assert len(reader.pages) == 4
    assert not (reader.metadata or {}).get("/Author")
    assert media_files.AUTHOR.encode() not in served.data


BAD_FILES = {
    "not an image": (b"GIF? no: just some text pretending", "cat.gif", "image/gif",
                     400, "neither an image"),
    "empty": (b"", "empty.jpg", "image/jpeg", 400, "empty (0 bytes)"),
    "decompression bomb": (media_files.png_claiming_size(30000, 30000), "bomb.png",
                           "image/png", 413, "decompression bomb"),
    "too many pixels": (media_files.png_claiming_size(9000, 9000), "huge.png", "image/png",
                        413, "megapixels"),
    "polyglot png": (media_files.polyglot_png(), "nice.png", "image/png", 400, "polyglot"),
    "polyglot jpeg comment": (media_files.polyglot_jpeg_comment(), "nice.jpg", "image/jpeg",
                              400, "polyglot"),
    "pdf with script": (media_files.pdf_with_script(), "memo.pdf", "application/pdf", 400,
                        "contains scripts"),
    "damaged pdf": (b"%PDF-1.7\n" + b"\x00garbage" * 50, "memo.pdf", "application/pdf", 400,
                    "damaged"),
}


@pytest.mark.parametrize("case", list(BAD_FILES))
def test_bad_files_are_refused_with_a_clear_message_and_nothing_is_stored(
        case, app, client, login, db_session):
    data, name, claimed, status, words = BAD_FILES[case]
    login("author")
    response = upload(client, data, name, claimed)
    assert response.status_code == status
    assert words in response.get_data(as_text=True)
    assert "Nothing was stored" in response.get_data(as_text=True)
    db_session.expire_all()
    assert db_session.scalar(select(func.count()).select_from(Medium)) == 0
    assert stored_files(app) == []


def test_a_reader_cannot_upload(client, app):
    response = upload(client, media_files.small_png(), "x.png")
    assert response.status_code in (302, 303, 403)
    assert stored_files(app) == []


def test_a_hostile_file_name_is_only_a_title(app, client, login, db_session):
    login("author")
    response = upload(client, media_files.small_png(), "..\\../etc/pass\x00wd\x1b.png")
    assert response.status_code == 303
    medium = only_medium(db_session)
    assert medium.title == "passwd"
    assert all(path.name.startswith(medium.token) for path in stored_files(app))
