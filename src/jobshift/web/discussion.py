"""Stories and their threaded comments: submit a story, post, reply, edit, delete, moderator hide.

A story id is `news:<item_id>` for an item of the news sources (analytics DB, read-only) or `user:<n>` for
a story a user submitted (app DB). Comments keep their row when deleted or hidden so replies stay in
place; the text of a deleted comment is dropped, a hidden one is shown only to moderators.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any, Final

from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker

from jobshift.web import queries
from jobshift.web.appdb import Comment, SubmittedStory, User, utcnow
from jobshift.web.auth import Auth, CurrentUser, Forbidden
from jobshift.web.data import AnalyticsDB
from jobshift.web.markup import MAX_LENGTH, render
from jobshift.web.newscard import Story

MAX_DEPTH: Final[int] = 6
MAX_TITLE: Final[int] = 300


@dataclass(slots=True)
class CommentView:
    """A comment as shown: safe HTML, author, state, replies."""

    id: int
    author: str
    html: str
    source_text: str
    created_at: datetime
    edited: bool
    deleted: bool
    hidden: bool
    mine: bool
    depth: int
    replies: list[CommentView] = field(default_factory=list)

    def to_json(self) -> dict[str, Any]:
        """The comment for the API (text only when visible)."""
        return {"id": self.id, "author": self.author, "html": self.html, "created_at": self.created_at.isoformat(),
                "edited": self.edited, "deleted": self.deleted, "hidden": self.hidden,
                "replies": [r.to_json() for r in self.replies]}


def _parse_day(value: Any) -> date | None:
    if not value:
        return None
    try:
        return datetime.fromisoformat(str(value)).date()
    except ValueError:
        return None


class Discussion:
    """Story lookup and comment operations."""

    def __init__(self, factory: sessionmaker[Session], auth: Auth, db: AnalyticsDB) -> None:
        self.factory = factory
        self.auth = auth
        self.db = db

    # ------------------------------------------------------------------ stories
    def story(self, story_id: str) -> Story | None:
        """A story by id, from the news sources or the submitted stories."""
        kind, _, key = story_id.partition(":")
        if kind == "news" and key:
            item = queries.news_item(self.db, key)
            if item is None:
                return None
            return Story(story_id=story_id, title=item["title"] or "(untitled)", url=item["url"],
                         text=item.get("summary") or item.get("text"), published=_parse_day(item["published_at"]),
                         source=item["source"], synthetic=bool(item["synthetic"]))
        if kind == "user" and key.isdigit():
            with self.factory() as session:
                found = session.get(SubmittedStory, int(key))
                if found is None or found.hidden:
                    return None
                author = session.get(User, found.user_id)
                return Story(story_id=story_id, title=found.title, url=found.url, text=found.text,
                             published=found.created_at.date(), source="submitted",
                             submitted_by=author.name if author else None)
        return None

    def stories(self, q: str | None = None, limit: int = 50) -> list[dict[str, Any]]:
        """Submitted stories then news items, newest first, each with its comment count."""
        out: list[dict[str, Any]] = []
        with self.factory() as session:
            stmt = select(SubmittedStory, User.name).join(User).where(SubmittedStory.hidden.is_(False))
            if q:
                stmt = stmt.where(SubmittedStory.title.ilike(f"%{q}%"))
            for story, author in session.execute(stmt.order_by(SubmittedStory.created_at.desc()).limit(limit)):
                out.append({"story_id": f"user:{story.id}", "title": story.title, "url": story.url,
                            "published_at": story.created_at.isoformat(), "source": "submitted",
                            "submitted_by": author, "summary": story.text, "synthetic": False})
        for item in queries.news_items(self.db, q=q, limit=limit):
            out.append({"story_id": f"news:{item['item_id']}", "title": item["title"], "url": item["url"],
                        "published_at": item["published_at"], "source": item["source"], "submitted_by": None,
                        "summary": item["summary"], "synthetic": bool(item["synthetic"])})
        counts = self.comment_counts([s["story_id"] for s in out])
        for s in out:
            s["comments"] = counts.get(s["story_id"], 0)
        return out

    def submit(self, user: CurrentUser, title: str, url: str | None, text: str | None) -> str:
        """Store a submitted story; returns its story id."""
        title = " ".join(title.split())[:MAX_TITLE]
        url = (url or "").strip() or None
        if url and not url.startswith(("http://", "https://")):
            raise Forbidden(400, "A link must start with http:// or https://.")
        if not title and url:
            title = url
        if not title:
            raise Forbidden(400, "Give a headline or a link.")
        with self.factory() as session:
            self.auth.check_rate(session, user)
            story = SubmittedStory(user_id=user.id, title=title, url=url,
                                   text=(text or "").strip()[:MAX_LENGTH] or None)
            session.add(story)
            session.commit()
            return f"user:{story.id}"

    def hide_story(self, user: CurrentUser, story_id: str) -> None:
        """Moderators hide a submitted story (it leaves the list and its page; its comments stay stored)."""
        if not user.is_moderator:
            raise Forbidden(403, "Only moderators can hide stories.")
        kind, _, key = story_id.partition(":")
        with self.factory() as session:
            found = session.get(SubmittedStory, int(key)) if kind == "user" and key.isdigit() else None
            if found is None:
                raise Forbidden(404, "Only submitted stories can be hidden.")
            found.hidden = True
            session.commit()

    # ------------------------------------------------------------------ comments
    def comment_counts(self, story_ids: list[str]) -> dict[str, int]:
        """Visible comments per story."""
        if not story_ids:
            return {}
        with self.factory() as session:
            rows = session.execute(
                select(Comment.story_id, func.count()).where(Comment.story_id.in_(story_ids),
                                                             Comment.deleted.is_(False), Comment.hidden.is_(False))
                .group_by(Comment.story_id)
            ).all()
        return {str(sid): int(n) for sid, n in rows}

    def thread(self, story_id: str, viewer: CurrentUser | None) -> list[CommentView]:
        """The comment tree of a story, oldest first at each level."""
        with self.factory() as session:
            rows = session.execute(
                select(Comment, User.name).join(User).where(Comment.story_id == story_id)
                .order_by(Comment.created_at, Comment.id)
            ).all()
        views: dict[int, CommentView] = {}
        roots: list[CommentView] = []
        moderator = viewer is not None and viewer.is_moderator
        for comment, author in rows:
            visible = not comment.deleted and (not comment.hidden or moderator)
            parent = views.get(comment.parent_id) if comment.parent_id is not None else None
            view = CommentView(
                id=comment.id, author=author if not comment.deleted else "[deleted]",
                html=render(comment.body) if visible else "",
                source_text=comment.body if visible and viewer is not None and viewer.id == comment.user_id else "",
                created_at=comment.created_at, edited=comment.edited_at is not None, deleted=comment.deleted,
                hidden=comment.hidden, mine=viewer is not None and viewer.id == comment.user_id,
                depth=0 if parent is None else min(parent.depth + 1, MAX_DEPTH),
            )
            views[comment.id] = view
            (parent.replies if parent is not None else roots).append(view)
        return roots

    def post(self, user: CurrentUser, story_id: str, body: str, parent_id: int | None) -> int:
        """Add a comment (or a reply); returns its id."""
        body = body.strip()
        if not body:
            raise Forbidden(400, "A comment needs some text.")
        if len(body) > MAX_LENGTH:
            raise Forbidden(400, f"A comment is at most {MAX_LENGTH} characters.")
        if self.story(story_id) is None:
            raise Forbidden(404, "No such story.")
        with self.factory() as session:
            if parent_id is not None:
                parent = session.get(Comment, parent_id)
                if parent is None or parent.story_id != story_id:
                    raise Forbidden(400, "The comment you reply to is not under this story.")
            self.auth.check_rate(session, user)
            comment = Comment(story_id=story_id, parent_id=parent_id, user_id=user.id, body=body)
            session.add(comment)
            session.commit()
            return comment.id

    def _own(self, session: Session, user: CurrentUser, comment_id: int) -> Comment:
        comment = session.get(Comment, comment_id)
        if comment is None or comment.deleted:
            raise Forbidden(404, "No such comment.")
        if comment.user_id != user.id:
            raise Forbidden(403, "You can only change your own comments.")
        return comment

    def edit(self, user: CurrentUser, comment_id: int, body: str) -> str:
        """Replace the text of one's own comment; returns its story id."""
        body = body.strip()
        if not body or len(body) > MAX_LENGTH:
            raise Forbidden(400, f"A comment needs 1 to {MAX_LENGTH} characters.")
        with self.factory() as session:
            comment = self._own(session, user, comment_id)
            comment.body = body
            comment.edited_at = utcnow()
            session.commit()
            return comment.story_id

    def delete(self, user: CurrentUser, comment_id: int) -> str:
        """Delete one's own comment (its replies stay); returns its story id."""
        with self.factory() as session:
            comment = self._own(session, user, comment_id)
            comment.deleted = True
            comment.body = ""
            session.commit()
            return comment.story_id

    def hide(self, user: CurrentUser, comment_id: int, hidden: bool = True) -> str:
        """Moderators hide (or unhide) a comment; returns its story id."""
        if not user.is_moderator:
            raise Forbidden(403, "Only moderators can hide comments.")
        with self.factory() as session:
            comment = session.get(Comment, comment_id)
            if comment is None:
                raise Forbidden(404, "No such comment.")
            comment.hidden = hidden
            comment.hidden_by = user.id if hidden else None
            session.commit()
            return comment.story_id
