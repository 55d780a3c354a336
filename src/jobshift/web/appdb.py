"""The app database (SQLAlchemy): users, login sessions, submitted stories, comments, and the cookie key.

SQLite by default (a file beside the analytics DB), PostgreSQL with a `postgresql+psycopg://` URL. Tables
are created on start-up when missing (`create_all`); the analytics data never goes here.
"""

from __future__ import annotations

import secrets
from datetime import UTC, datetime

from sqlalchemy import Boolean, DateTime, ForeignKey, Integer, String, Text, create_engine, event, select
from sqlalchemy.engine import Engine
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column, sessionmaker


def utcnow() -> datetime:
    """Now in UTC, without tzinfo (stored naive-UTC in every backend)."""
    return datetime.now(UTC).replace(tzinfo=None)


class Base(DeclarativeBase):
    """Declarative base of the app tables."""


class User(Base):
    """An account. role is 'user' or 'moderator'."""

    __tablename__ = "web_users"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(40), unique=True, index=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(20), default="user")
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)

    @property
    def is_moderator(self) -> bool:
        """True for moderators."""
        return self.role == "moderator"


class LoginSession(Base):
    """A logged-in browser: the random token its signed cookie carries."""

    __tablename__ = "web_sessions"
    token: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("web_users.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(DateTime)


class SubmittedStory(Base):
    """A story a user submitted: a link and/or a headline (plus optional text)."""

    __tablename__ = "web_stories"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("web_users.id"), index=True)
    title: Mapped[str] = mapped_column(String(300))
    url: Mapped[str | None] = mapped_column(String(1000), nullable=True)
    text: Mapped[str | None] = mapped_column(Text, nullable=True)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow)
    hidden: Mapped[bool] = mapped_column(Boolean, default=False)


class Comment(Base):
    """A comment under a story; parent_id makes threads. Deleted keeps the row (its replies stay)."""

    __tablename__ = "web_comments"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    story_id: Mapped[str] = mapped_column(String(200), index=True)
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("web_comments.id"), nullable=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("web_users.id"), index=True)
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime, default=utcnow, index=True)
    edited_at: Mapped[datetime | None] = mapped_column(DateTime, nullable=True)
    deleted: Mapped[bool] = mapped_column(Boolean, default=False)
    hidden: Mapped[bool] = mapped_column(Boolean, default=False)
    hidden_by: Mapped[int | None] = mapped_column(Integer, nullable=True)


class AppSetting(Base):
    """Key/value settings of the app (the cookie signing key)."""

    __tablename__ = "web_settings"
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(String(255))


def make_engine(url: str) -> Engine:
    """An engine for the app database; SQLite gets foreign keys on and a busy timeout."""
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 15})

        @event.listens_for(engine, "connect")
        def _pragmas(dbapi_con, _record):  # type: ignore[no-untyped-def]
            cur = dbapi_con.cursor()
            cur.execute("PRAGMA foreign_keys=ON")
            cur.execute("PRAGMA journal_mode=WAL")
            cur.close()

        return engine
    return create_engine(url, pool_pre_ping=True)


def init_app_db(url: str) -> sessionmaker[Session]:
    """Create missing tables and return the session factory."""
    engine = make_engine(url)
    Base.metadata.create_all(engine)
    return sessionmaker(engine, expire_on_commit=False)


def secret_key(factory: sessionmaker[Session]) -> str:
    """The cookie signing key: created once, kept in web_settings so sessions survive a restart."""
    with factory() as session:
        found = session.scalar(select(AppSetting).where(AppSetting.key == "secret_key"))
        if found is not None:
            return found.value
        value = secrets.token_urlsafe(48)
        session.add(AppSetting(key="secret_key", value=value))
        try:
            session.commit()
        except Exception:
            session.rollback()  # another process created it first
            again = session.scalar(select(AppSetting).where(AppSetting.key == "secret_key"))
            if again is None:
                raise
            return again.value
        return value
