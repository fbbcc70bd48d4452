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
from forum.core.validators import whole_number
from forum.models import PostKind, PostStatus
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
    revision_summary = TextField()
    change_note = TextField()
    featured_media_id = IdField(message="Choose the featured image from the list.")
    parent_id = IdField(message="Choose the parent from the list of pages.")
    # An empty box is 0; anything else that is not a whole number is refused by the service.
    menu_order = TextField()

    def post_input(self, kind: PostKind = PostKind.POST) -> PostInput:
        raw_order = self.menu_order.data.strip()
        order = whole_number(raw_order.lstrip("-"), minimum=0) if raw_order else 0
        if order is not None and raw_order.startswith("-"):
            order = -order
        return PostInput(title=self.title.data, body_md=self.body_md.data,
                         excerpt=self.excerpt.data, slug=self.slug.data,
                         category_ids=self.category_ids.data, action=self.action.data,
                         publish_at=self.publish_at.data, comments_open=self.comments_open.data,
                         revision_summary=self.revision_summary.data,
                         change_note=self.change_note.data,
                         featured_media_id=self.featured_media_id.data, kind=kind,
                         parent_id=self.parent_id.data, menu_order=order)


class RevisionPairForm(QueryForm):
    """Which two revisions to compare (?from=&to=)."""

    older = IdField(message="Choose a revision from the list.")
    newer = IdField(message="Choose a revision from the list.")


class CommentsSwitchForm(StaffForm):
    open = ChoiceTextField(("0", "1"), message="Choose to open or to close comments.")


class CategoryForm(StaffForm):
    name = TextField()
    slug = TextField()
    description = TextField()
    parent_id = IdField(message=CHOOSE_PARENT)


class MergeCategoryForm(StaffForm):
    target_id = IdField(message="Choose a category from the list.")
