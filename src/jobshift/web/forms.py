"""Form routes: register, log in, log out, submit a story, comment, reply, edit, delete, hide.

Every POST checks the CSRF token first, then (except register/login) that someone is logged in: a
logged-out POST gets 401 and changes nothing. With htmx a comment action returns the re-rendered thread;
without it the browser is redirected back to the story (303), so the forms work with JavaScript off.
"""

from __future__ import annotations

from typing import Annotated
from urllib.parse import quote

from fastapi import APIRouter, Depends, Form, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response

from jobshift.web.auth import SESSION_COOKIE, SESSION_DAYS, AuthError, CurrentUser, Forbidden
from jobshift.web.pages import render
from jobshift.web.state import AppState, app_state

router = APIRouter(include_in_schema=False)
State = Annotated[AppState, Depends(app_state)]
Csrf = Annotated[str | None, Form()]


def _require_user(request: Request, st: AppState, csrf_token: str | None) -> CurrentUser:
    st.auth.check_csrf(request, csrf_token)
    user = st.auth.user_for(request)
    if user is None:
        raise Forbidden(401, "Log in to do that.")
    return user


def _safe_next(target: str | None) -> str:
    """Only same-site paths are followed after login."""
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return "/"


def _story_url(story_id: str) -> str:
    return "/news/" + quote(story_id, safe=":")


def _after_comment(request: Request, st: AppState, story_id: str, user: CurrentUser) -> Response:
    if request.headers.get("hx-request"):
        return render(request, st, "_thread.html.j2", {
            "story_id": story_id, "comments": st.discussion.thread(story_id, user), "user": user})
    return RedirectResponse(_story_url(story_id) + "#comments", status_code=303)


@router.get("/login", response_class=HTMLResponse)
def login_form(request: Request, st: State, next: str | None = None) -> Response:
    """The log-in and register forms."""
    return render(request, st, "login.html.j2", {"title": "Log in", "next": _safe_next(next), "error": None})


def _logged_in(request: Request, st: AppState, user: CurrentUser, target: str) -> Response:
    response = RedirectResponse(_safe_next(target), status_code=303)
    response.set_cookie(SESSION_COOKIE, st.auth.start_session(user), httponly=True, samesite="lax",
                        secure=st.auth.cookie_secure(request), max_age=SESSION_DAYS * 86400)
    return response


@router.post("/login")
def login(request: Request, st: State, name: Annotated[str, Form(max_length=100)],
          password: Annotated[str, Form(max_length=200)], csrf_token: Csrf = None,
          next: Annotated[str | None, Form()] = None) -> Response:
    """Check the password and start a session."""
    st.auth.check_csrf(request, csrf_token)
    try:
        user = st.auth.authenticate(name, password)
    except AuthError as exc:
        return render(request, st, "login.html.j2", {"title": "Log in", "next": _safe_next(next), "error": str(exc),
                                                     "name": name}, status=401)
    return _logged_in(request, st, user, next or "/")


@router.post("/register")
def register(request: Request, st: State, name: Annotated[str, Form(max_length=100)],
             password: Annotated[str, Form(max_length=200)], csrf_token: Csrf = None,
             next: Annotated[str | None, Form()] = None) -> Response:
    """Create an account and log in."""
    st.auth.check_csrf(request, csrf_token)
    try:
        user = st.auth.register(name, password)
    except AuthError as exc:
        return render(request, st, "login.html.j2", {"title": "Register", "next": _safe_next(next),
                                                     "error": str(exc), "name": name}, status=400)
    return _logged_in(request, st, user, next or "/")


@router.post("/logout")
def logout(request: Request, st: State, csrf_token: Csrf = None) -> Response:
    """End the session."""
    st.auth.check_csrf(request, csrf_token)
    st.auth.end_session(request.cookies.get(SESSION_COOKIE))
    response = RedirectResponse("/", status_code=303)
    response.delete_cookie(SESSION_COOKIE)
    return response


@router.post("/news")
def submit_story(request: Request, st: State, csrf_token: Csrf = None,
                 title: Annotated[str, Form(max_length=300)] = "", url: Annotated[str, Form(max_length=1000)] = "",
                 text: Annotated[str, Form(max_length=5000)] = "") -> Response:
    """A user submits a link and/or a headline; the story gets its own page, card and discussion."""
    user = _require_user(request, st, csrf_token)
    story_id = st.discussion.submit(user, title, url, text)
    return RedirectResponse(_story_url(story_id), status_code=303)


@router.post("/stories/hide")
def hide_story(request: Request, st: State, story_id: Annotated[str, Form(max_length=300)],
               csrf_token: Csrf = None) -> Response:
    """A moderator hides a submitted story."""
    user = _require_user(request, st, csrf_token)
    st.discussion.hide_story(user, story_id)
    return RedirectResponse("/news", status_code=303)


@router.post("/comments")
def post_comment(request: Request, st: State, story_id: Annotated[str, Form(max_length=300)],
                 body: Annotated[str, Form(max_length=6000)], csrf_token: Csrf = None,
                 parent_id: Annotated[int | None, Form()] = None) -> Response:
    """A new comment or a reply."""
    user = _require_user(request, st, csrf_token)
    st.discussion.post(user, story_id, body, parent_id)
    return _after_comment(request, st, story_id, user)


@router.post("/comments/{comment_id}/edit")
def edit_comment(request: Request, st: State, comment_id: int, body: Annotated[str, Form(max_length=6000)],
                 csrf_token: Csrf = None) -> Response:
    """Edit one's own comment."""
    user = _require_user(request, st, csrf_token)
    story_id = st.discussion.edit(user, comment_id, body)
    return _after_comment(request, st, story_id, user)


@router.post("/comments/{comment_id}/delete")
def delete_comment(request: Request, st: State, comment_id: int, csrf_token: Csrf = None) -> Response:
    """Delete one's own comment."""
    user = _require_user(request, st, csrf_token)
    story_id = st.discussion.delete(user, comment_id)
    return _after_comment(request, st, story_id, user)


@router.post("/comments/{comment_id}/hide")
def hide_comment(request: Request, st: State, comment_id: int, csrf_token: Csrf = None,
                 unhide: Annotated[bool, Form()] = False) -> Response:
    """A moderator hides (or unhides) a comment."""
    user = _require_user(request, st, csrf_token)
    story_id = st.discussion.hide(user, comment_id, hidden=not unhide)
    return _after_comment(request, st, story_id, user)
