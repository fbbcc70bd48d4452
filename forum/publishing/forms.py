"""The staff forms for posts and categories: what each field accepts and what a bad value is
told. Rules about the values themselves (a title is needed, a slug is free) stay in the
services."""
from __future__ import annotations

from forum.core.forms import (
    ChoiceTextField,
    EnumField,
    IdField,
    IdListField,
    LocalDateTimeField,
    QueryForm,
    StaffForm,
    TextField,
    TickField,
)
from forum.models import PostStatus
from forum.publishing.posts import PostInput
from forum.web.templating import site_zone

CHOOSE_PARENT = "Choose a parent from the list."


class PostFilterForm(QueryForm):
    """The filters above the staff list of posts (?q=&status=&author=&category=)."""

    q = TextField()
    status = EnumField(PostStatus, message="There is no such status.")
    author = IdField(message="Unknown author.")
    category = IdField(message="Unknown category.")


class BulkPostsForm(StaffForm):
    post_ids = IdListField()  # a box that is not a post number ticks nothing
    bulk_action = TextField()  # the service names the actions it knows


class PostForm(StaffForm):
    """The post editor. `action` is the button pressed (preview, draft, schedule, publish)."""

    title = TextField()
    slug = TextField()
    body_md = TextField()
    excerpt = TextField()
    category_ids = IdListField(message="One of the chosen categories does not exist.")
    comments_open = TickField()
    publish_at = LocalDateTimeField(zone=site_zone, message="Give the time as YYYY-MM-DD HH:MM.")
    action = TextField(missing="draft")
    version = TextField()  # the stamp of the post as loaded, to notice a change made meanwhile

    def post_input(self) -> PostInput:
        return PostInput(title=self.title.data, body_md=self.body_md.data,
                         excerpt=self.excerpt.data, slug=self.slug.data,
                         category_ids=self.category_ids.data, action=self.action.data,
                         publish_at=self.publish_at.data, comments_open=self.comments_open.data)


class CommentsSwitchForm(StaffForm):
    open = ChoiceTextField(("0", "1"), message="Choose to open or to close comments.")


class CategoryForm(StaffForm):
    name = TextField()
    slug = TextField()
    description = TextField()
    parent_id = IdField(message=CHOOSE_PARENT)


class MergeCategoryForm(StaffForm):
    target_id = IdField(message="Choose a category from the list.")
