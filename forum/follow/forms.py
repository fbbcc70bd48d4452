"""The follow form (a discussion or a category): an address, how often, and the unticked
consent box. The subscription service decides what is valid."""
from __future__ import annotations

from forum.core.forms import PublicForm, TextField, TickField
from forum.follow.subscriptions import FollowRequest


class FollowForm(PublicForm):
    email = TextField()
    frequency = TextField(missing="immediate")
    consent_follow = TickField()

    def follow_request(self) -> FollowRequest:
        return FollowRequest(email=self.email.data, frequency=self.frequency.data.strip(),
                             consent=bool(self.consent_follow.data))
