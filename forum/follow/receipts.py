"""What /my-data shows of what a reader follows: the thing followed, how often, whether it is
confirmed, and the one-click link to stop. Reads only; needs an app context (the links)."""
from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from forum.follow.mailing import target_title, unfollow_url
from forum.follow.personal_data import subscriptions_for
from forum.models.follow import Subscription


@dataclass(frozen=True)
class FollowedEntry:
    subscription: Subscription
    title: str
    unfollow_url: str

    @property
    def confirmed(self) -> bool:
        return self.subscription.confirmed_at is not None


def followed_by(session: Session, secret_key: str, email: str) -> list[FollowedEntry]:
    return [FollowedEntry(subscription, target_title(session, subscription),
                          unfollow_url(subscription.id))
            for subscription in subscriptions_for(session, secret_key, email)]
