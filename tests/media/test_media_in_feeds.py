"""A post's images in its feed: full addresses (a feed reader shows them away from the site)."""
from __future__ import annotations

import html

from tests.media.test_uploads import only_medium, upload
from tests.support import media_files


def test_feed_content_names_media_by_their_full_address(app, client, login, db_session):
    login("author")
    upload(client, media_files.photo_with_gps(width=1000, height=600), "chart.jpg")
    medium = only_medium(db_session)
    saved = client.post("/admin/posts/new", data={
        "title": "Charted", "action": "publish", "body_md": f"![A chart](media:{medium.id})"})
    assert saved.status_code == 303
    reader = app.test_client()
    for feed in ("/feed.xml", "/feed.atom"):
        content = html.unescape(reader.get(feed).get_data(as_text=True))
        assert f'src="http://localhost/media/{medium.token}.jpg"' in content, feed
        assert f"http://localhost/media/{medium.token}-480.jpg 480w" in content, feed
        assert '"/media/' not in content and ", /media/" not in content, feed
