"""With the plugin switched off in config, no rule runs and the form carries no trap."""
import pytest
from sqlalchemy import select

from forum.models import Comment, CommentStatus


@pytest.fixture
def config_overrides():
    return {"PLUGINS_DISABLED": ["antispam"]}


def test_without_the_plugin_comments_are_published_and_the_form_has_no_trap(client, factory,
                                                                            db_session):
    post = factory.post()
    factory.session.commit()
    page = client.get(f"/posts/{post.slug}").get_data(as_text=True)
    assert 'name="homepage"' not in page and 'name="form_started"' not in page
    response = client.post(f"/posts/{post.slug}/comments",
                           data={"author_name": "Ann", "body_md": "First, and fast."})
    assert response.status_code == 303
    comment = db_session.scalars(select(Comment)).one()
    assert comment.status == CommentStatus.APPROVED
