"""Accounts, sessions, CSRF, comments (post, reply, edit, delete, hide), rate limits and escaping."""

from __future__ import annotations

import re
from pathlib import Path

from fastapi.testclient import TestClient

from jobshift.web.appdb import LoginSession, User, init_app_db

from .conftest import AppFactory, csrf_from, login

STORY = "news:wire:1"


def _post(client: TestClient, url: str, **data: str) -> int:
    token = csrf_from(client.get("/login").text)
    return client.post(url, data={"csrf_token": token, **data}, follow_redirects=False).status_code


def _comment_ids(html: str) -> list[int]:
    return [int(x) for x in re.findall(r'<li class="comment[^"]*" id="c(\d+)"', html)]


def test_register_login_logout(client: TestClient, tmp_path: Path) -> None:
    login(client, "alice")
    assert "Signed in as <b>alice</b>" in client.get("/").text
    session_cookie = client.cookies.get("jobshift_session")
    assert session_cookie
    factory = init_app_db(f"sqlite:///{tmp_path / 'app.sqlite3'}")
    with factory() as session:
        user = session.query(User).filter_by(name="alice").one()
        assert user.password_hash.startswith("$argon2id$")  # hashed, never stored as typed
        assert session.query(LoginSession).count() == 1
    assert _post(client, "/logout") == 303
    assert "Signed in as" not in client.get("/").text
    with factory() as session:
        assert session.query(LoginSession).count() == 0  # the old cookie is dead
    client.cookies.set("jobshift_session", session_cookie)
    assert "Signed in as" not in client.get("/").text
    client.cookies.clear()
    login(client, "alice", register=False)
    assert "Signed in as <b>alice</b>" in client.get("/").text


def test_bad_credentials_and_duplicate_names(client: TestClient) -> None:
    login(client, "bob")
    token = csrf_from(client.get("/login").text)
    wrong = client.post("/login", data={"name": "bob", "password": "wrong password", "csrf_token": token})
    assert wrong.status_code == 401 and "Wrong user name or password" in wrong.text
    again = client.post("/register", data={"name": "BOB", "password": "another pass", "csrf_token": token})
    assert again.status_code == 400 and "taken" in again.text
    short = client.post("/register", data={"name": "carol", "password": "short", "csrf_token": token})
    assert short.status_code == 400


def test_post_without_csrf_token_is_refused(client: TestClient) -> None:
    login(client, "alice")
    response = client.post("/comments", data={"story_id": STORY, "body": "hello"})
    assert response.status_code == 403
    forged = client.post("/comments", data={"story_id": STORY, "body": "hello", "csrf_token": "x.y.z"})
    assert forged.status_code == 403
    assert _comment_ids(client.get("/news/" + STORY).text) == []


def test_logged_out_post_is_refused(client: TestClient) -> None:
    assert _post(client, "/comments", story_id=STORY, body="anonymous") == 401
    assert _post(client, "/news", title="Anonymous story") == 401
    assert _post(client, "/comments/1/delete") == 401
    assert "anonymous" not in client.get("/news/" + STORY).text


def test_post_reply_edit_delete(client: TestClient) -> None:
    login(client, "alice")
    assert _post(client, "/comments", story_id=STORY, body="First *thought*") == 303
    html = client.get("/news/" + STORY).text
    [first] = _comment_ids(html)
    assert "First <em>thought</em>" in html
    assert _post(client, "/comments", story_id=STORY, body="A reply", parent_id=str(first)) == 303
    html = client.get("/news/" + STORY).text
    first_id, _reply_id = _comment_ids(html)
    assert 'class="comment depth-1' in html  # the reply is threaded under the first comment
    assert _post(client, f"/comments/{first_id}/edit", body="Second thought") == 303
    html = client.get("/news/" + STORY).text
    assert "Second thought" in html and "edited" in html
    assert _post(client, f"/comments/{first_id}/delete") == 303
    html = client.get("/news/" + STORY).text
    assert "Second thought" not in html and "[deleted]" in html and "A reply" in html  # replies stay
    assert client.get("/api/v1/news").json()["items"][0]["comments"] == 1


def test_cannot_edit_or_delete_someone_elses_comment(client: TestClient, make_app: AppFactory,
                                                     real_db: Path) -> None:
    login(client, "alice")
    _post(client, "/comments", story_id=STORY, body="alice was here")
    [cid] = _comment_ids(client.get("/news/" + STORY).text)
    with TestClient(make_app(real_db)) as other:
        login(other, "mallory")
        assert _post(other, f"/comments/{cid}/edit", body="pwned") == 403
        assert _post(other, f"/comments/{cid}/delete") == 403
        assert _post(other, f"/comments/{cid}/hide") == 403  # not a moderator
    assert "alice was here" in client.get("/news/" + STORY).text


def test_moderator_hides_and_unhides(client: TestClient, make_app: AppFactory, real_db: Path) -> None:
    login(client, "alice")
    _post(client, "/comments", story_id=STORY, body="spam spam spam")
    [cid] = _comment_ids(client.get("/news/" + STORY).text)
    with TestClient(make_app(real_db)) as moderator:
        login(moderator, "mod")
        assert "(moderator)" in moderator.get("/").text
        assert _post(moderator, f"/comments/{cid}/hide") == 303
        assert "spam spam spam" in moderator.get("/news/" + STORY).text  # moderators still see it, flagged
        assert "hidden by a moderator" in moderator.get("/news/" + STORY).text
        assert "spam spam spam" not in client.get("/news/" + STORY).text
        assert _post(moderator, f"/comments/{cid}/hide", unhide="true") == 303
    assert "spam spam spam" in client.get("/news/" + STORY).text


def test_rate_limit_on_posting(make_app: AppFactory, real_db: Path) -> None:
    with TestClient(make_app(real_db, post_limit=3, post_window=60)) as client:
        login(client, "chatty")
        codes = [_post(client, "/comments", story_id=STORY, body=f"message {i}") for i in range(4)]
        assert codes == [303, 303, 303, 429]
        assert _post(client, "/news", title="One story too many") == 429


def test_htmx_comment_returns_the_thread(client: TestClient) -> None:
    login(client, "alice")
    token = csrf_from(client.get("/news/" + STORY).text)
    response = client.post("/comments", data={"story_id": STORY, "body": "via htmx"},
                           headers={"HX-Request": "true", "X-CSRF-Token": token})
    assert response.status_code == 200
    assert "via htmx" in response.text and "<!doctype" not in response.text


def test_xss_in_comment_and_submitted_headline_is_text(client: TestClient) -> None:
    login(client, "alice")
    payload = '<script>alert("x")</script><img src=x onerror=alert(1)>[click](javascript:alert(1))'
    assert _post(client, "/comments", story_id=STORY, body=payload) == 303
    html = client.get("/news/" + STORY).text
    assert "<script>alert" not in html and "<img src=x" not in html and 'href="javascript:' not in html
    assert "&lt;script&gt;alert" in html
    token = csrf_from(client.get("/news").text)
    response = client.post("/news", data={"csrf_token": token, "title": '<img src=x onerror=alert(2)> cuts 500 jobs',
                                          "url": "https://example.org/x"}, follow_redirects=False)
    assert response.status_code == 303
    story_url = response.headers["location"]
    page = client.get(story_url).text
    assert "<img src=x onerror" not in page and "&lt;img src=x onerror=alert(2)&gt;" in page
    assert "500" in page  # the card still reads the figure
    listing = client.get("/news").text
    assert "<img src=x onerror" not in listing


def test_submitted_story_gets_a_card_and_bad_links_are_refused(client: TestClient) -> None:
    login(client, "alice")
    token = csrf_from(client.get("/news").text)
    bad = client.post("/news", data={"csrf_token": token, "title": "x", "url": "javascript:alert(1)"})
    assert bad.status_code == 400
    ok = client.post("/news", data={"csrf_token": token, "title": "Acme to cut 1,200 jobs by 2025, citing AI",
                                    "url": ""}, follow_redirects=False)
    story_id = ok.headers["location"].removeprefix("/news/")
    card = client.get(f"/api/v1/news/{story_id}").json()
    assert card["story"]["submitted_by"] == "alice"
    assert card["card"]["extracted"]["headcount"] == 1200
    assert card["card"]["period"] == "2023-12..2024-02"  # submitted today, after the data ends: its last quarter


def test_open_redirect_after_login_is_refused(client: TestClient) -> None:
    token = csrf_from(client.get("/login").text)
    response = client.post("/register", data={"name": "eve", "password": "long enough", "csrf_token": token,
                                              "next": "//evil.example.com/"}, follow_redirects=False)
    assert response.headers["location"] == "/"


def test_moderator_hides_a_submitted_story(client: TestClient, make_app: AppFactory, real_db: Path) -> None:
    login(client, "alice")
    token = csrf_from(client.get("/news").text)
    location = client.post("/news", data={"csrf_token": token, "title": "Spammy story"},
                           follow_redirects=False).headers["location"]
    story_id = location.removeprefix("/news/")
    assert "Hide this story" not in client.get(location).text
    assert _post(client, "/stories/hide", story_id=story_id) == 403  # not a moderator
    with TestClient(make_app(real_db)) as moderator:
        login(moderator, "mod")
        assert "Hide this story" in moderator.get(location).text
        assert _post(moderator, "/stories/hide", story_id="news:wire:1") == 404  # news items stay
        assert _post(moderator, "/stories/hide", story_id=story_id) == 303
    assert client.get(location).status_code == 404
    assert "Spammy story" not in client.get("/news").text


def test_repeated_wrong_passwords_lock_the_name(client: TestClient) -> None:
    login(client, "target")
    client.cookies.clear()
    token = csrf_from(client.get("/login").text)
    codes = [client.post("/login", data={"name": "target", "password": f"guess {i}", "csrf_token": token}).status_code
             for i in range(10)]
    assert codes == [401] * 10
    locked = client.post("/login", data={"name": "target", "password": "correct horse", "csrf_token": token})
    assert locked.status_code == 401 and "Too many failed log-ins" in locked.text
