"""Accounts, login sessions in signed cookies, CSRF tokens and the posting rate limit.

- Passwords are hashed with argon2id (argon2-cffi).
- A login creates a random session token stored in `web_sessions`; the browser gets it in the cookie
  `jobshift_session`, signed with itsdangerous (HttpOnly, SameSite=Lax, Secure over https or when asked).
  Logging out deletes the row, so a stolen cookie dies with it.
- CSRF: every browser gets a random `jobshift_csrf` cookie; each form carries the same value signed with
  the app key (`csrf_token`), and every POST must return it in the form field `csrf_token` or the
  `X-CSRF-Token` header (htmx). Cross-site pages can neither read the cookie nor forge the signature.
- Rate limit: at most `post_limit` comments or stories per user per `post_window` seconds, counted in the
  app database (so it holds across server processes).
"""

from __future__ import annotations

import hmac
import re
import secrets
import threading
import time
from dataclasses import dataclass
from datetime import timedelta
from typing import Final

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from itsdangerous import BadSignature, URLSafeTimedSerializer
from sqlalchemy import func, select
from sqlalchemy.orm import Session, sessionmaker
from starlette.requests import Request

from jobshift.web.appdb import Comment, LoginSession, SubmittedStory, User, utcnow

SESSION_COOKIE: Final[str] = "jobshift_session"
CSRF_COOKIE: Final[str] = "jobshift_csrf"
SESSION_DAYS: Final[int] = 14
NAME_RE: Final[re.Pattern[str]] = re.compile(r"^[A-Za-z0-9_.-]{3,40}$")
MIN_PASSWORD: Final[int] = 8
LOGIN_FAILURES: Final[int] = 10
LOGIN_WINDOW: Final[float] = 300.0

_hasher = PasswordHasher()


class AuthError(Exception):
    """A refused account action, with the message to show."""


class Forbidden(Exception):
    """A refused request (not logged in, bad CSRF token, not yours, rate limited); status and message."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


@dataclass(frozen=True, slots=True)
class CurrentUser:
    """The logged-in user of a request."""

    id: int
    name: str
    role: str

    @property
    def is_moderator(self) -> bool:
        """True for moderators."""
        return self.role == "moderator"


class Auth:
    """Account and session operations over the app database."""

    def __init__(self, factory: sessionmaker[Session], secret: str, moderators: frozenset[str],
                 secure_cookies: bool | None, post_limit: int, post_window: int) -> None:
        self.factory = factory
        self.signer = URLSafeTimedSerializer(secret, salt="jobshift-session")
        self.csrf_signer = URLSafeTimedSerializer(secret, salt="jobshift-csrf")
        self.moderators = moderators
        self.secure_cookies = secure_cookies
        self.post_limit = post_limit
        self.post_window = post_window
        self._failures: dict[str, list[float]] = {}
        self._failures_lock = threading.Lock()

    # ------------------------------------------------------------------ accounts
    def register(self, name: str, password: str) -> CurrentUser:
        """Create an account; AuthError when the name is taken or invalid, or the password too short."""
        name = name.strip()
        if not NAME_RE.match(name):
            raise AuthError("User name: 3 to 40 letters, digits, '.', '_' or '-'.")
        if len(password) < MIN_PASSWORD:
            raise AuthError(f"Password: at least {MIN_PASSWORD} characters.")
        role = "moderator" if name.lower() in self.moderators else "user"
        with self.factory() as session:
            taken = session.scalar(select(User).where(func.lower(User.name) == name.lower()))
            if taken is not None:
                raise AuthError("That user name is taken.")
            user = User(name=name, password_hash=_hasher.hash(password), role=role)
            session.add(user)
            session.commit()
            return CurrentUser(user.id, user.name, user.role)

    def authenticate(self, name: str, password: str) -> CurrentUser:
        """The user for a correct name and password; AuthError otherwise (same message either way).

        After LOGIN_FAILURES wrong passwords for one name within LOGIN_WINDOW seconds, that name is refused
        until the window passes (per server process), which makes guessing slow."""
        key = name.strip().lower()
        now = time.monotonic()
        with self._failures_lock:
            recent = [t for t in self._failures.get(key, []) if now - t < LOGIN_WINDOW]
            self._failures[key] = recent
            if len(recent) >= LOGIN_FAILURES:
                raise AuthError("Too many failed log-ins for this name: wait a few minutes.")
        try:
            return self._check_password(name, password)
        except AuthError:
            with self._failures_lock:
                self._failures.setdefault(key, []).append(now)
            raise

    def _check_password(self, name: str, password: str) -> CurrentUser:
        with self.factory() as session:
            user = session.scalar(select(User).where(func.lower(User.name) == name.strip().lower()))
            if user is None:
                _hasher.hash(password)  # similar time whether or not the name exists
                raise AuthError("Wrong user name or password.")
            try:
                _hasher.verify(user.password_hash, password)
            except (VerifyMismatchError, VerificationError, InvalidHashError):
                raise AuthError("Wrong user name or password.") from None
            if _hasher.check_needs_rehash(user.password_hash):
                user.password_hash = _hasher.hash(password)
            wanted = "moderator" if user.name.lower() in self.moderators else user.role
            user.role = wanted
            session.commit()
            return CurrentUser(user.id, user.name, user.role)

    # ------------------------------------------------------------------ sessions
    def start_session(self, user: CurrentUser) -> str:
        """A new login session; returns the signed cookie value."""
        token = secrets.token_urlsafe(32)
        with self.factory() as session:
            session.add(LoginSession(token=token, user_id=user.id,
                                     expires_at=utcnow() + timedelta(days=SESSION_DAYS)))
            session.commit()
        return self.signer.dumps(token)

    def end_session(self, cookie: str | None) -> None:
        """Delete the session the cookie names (log out)."""
        token = self._token(cookie)
        if token is None:
            return
        with self.factory() as session:
            found = session.get(LoginSession, token)
            if found is not None:
                session.delete(found)
                session.commit()

    def _token(self, cookie: str | None) -> str | None:
        if not cookie:
            return None
        try:
            token = self.signer.loads(cookie, max_age=SESSION_DAYS * 86400)
        except BadSignature:
            return None
        return token if isinstance(token, str) else None

    def user_for(self, request: Request) -> CurrentUser | None:
        """The logged-in user of a request, or None."""
        token = self._token(request.cookies.get(SESSION_COOKIE))
        if token is None:
            return None
        with self.factory() as session:
            found = session.get(LoginSession, token)
            if found is None or found.expires_at < utcnow():
                return None
            user = session.get(User, found.user_id)
            return None if user is None else CurrentUser(user.id, user.name, user.role)

    def cookie_secure(self, request: Request) -> bool:
        """Whether cookies get the Secure flag for this request."""
        if self.secure_cookies is not None:
            return self.secure_cookies
        forwarded = request.headers.get("x-forwarded-proto", "")
        return request.url.scheme == "https" or forwarded == "https"

    # ------------------------------------------------------------------ CSRF
    @staticmethod
    def csrf_cookie(request: Request) -> str:
        """The browser's CSRF cookie value, or a new one (set on the response by the middleware)."""
        existing = request.cookies.get(CSRF_COOKIE)
        if existing and re.fullmatch(r"[A-Za-z0-9_-]{20,80}", existing):
            return existing
        fresh: str = getattr(request.state, "new_csrf", None) or secrets.token_urlsafe(24)
        request.state.new_csrf = fresh
        return fresh

    def csrf_token(self, request: Request) -> str:
        """The token forms carry: the CSRF cookie value, signed."""
        return self.csrf_signer.dumps(self.csrf_cookie(request))

    def check_csrf(self, request: Request, submitted: str | None) -> None:
        """Forbidden(403) unless the submitted token is the signed CSRF cookie of this browser."""
        cookie = request.cookies.get(CSRF_COOKIE)
        token = submitted or request.headers.get("x-csrf-token")
        if not cookie or not token:
            raise Forbidden(403, "Missing CSRF token: reload the page and try again.")
        try:
            value = self.csrf_signer.loads(token, max_age=SESSION_DAYS * 86400)
        except BadSignature:
            raise Forbidden(403, "Invalid CSRF token: reload the page and try again.") from None
        if not isinstance(value, str) or not hmac.compare_digest(value, cookie):
            raise Forbidden(403, "Invalid CSRF token: reload the page and try again.")

    # ------------------------------------------------------------------ rate limit
    def check_rate(self, session: Session, user: CurrentUser) -> None:
        """Forbidden(429) when the user posted `post_limit` times in the last `post_window` seconds."""
        since = utcnow() - timedelta(seconds=self.post_window)
        comments = session.scalar(select(func.count()).select_from(Comment)
                                  .where(Comment.user_id == user.id, Comment.created_at >= since)) or 0
        stories = session.scalar(select(func.count()).select_from(SubmittedStory)
                                 .where(SubmittedStory.user_id == user.id, SubmittedStory.created_at >= since)) or 0
        if comments + stories >= self.post_limit:
            raise Forbidden(429, f"Slow down: at most {self.post_limit} posts per {self.post_window} seconds.")
