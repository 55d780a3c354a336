"""Assembling the FastAPI app: shared state, routers, static files, error pages, CSRF cookie, headers."""

from __future__ import annotations

import gc
import logging
import threading
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from importlib import resources
from pathlib import Path
from typing import Any

import jinja2
from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from starlette.datastructures import MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from jobshift import __version__
from jobshift.errors import ConfigError, StoreError
from jobshift.web import api, forms, pages
from jobshift.web.appdb import init_app_db, secret_key
from jobshift.web.auth import CSRF_COOKIE, Auth, Forbidden
from jobshift.web.config import WebConfig
from jobshift.web.data import AnalyticsDB, DatabaseBusy
from jobshift.web.discussion import Discussion
from jobshift.web.figures import Figures
from jobshift.web.state import AppState
from jobshift.web.templating import configure

log = logging.getLogger("jobshift.web")

_CSP = ("default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; script-src 'self'; "
        "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'")


def _package_dir(name: str) -> Path:
    return Path(str(resources.files("jobshift.web").joinpath(name)))


def create_app(config: WebConfig) -> FastAPI:
    """The web app over one analytics database and one app database."""
    db = AnalyticsDB(config.db_path)
    factory = init_app_db(config.resolved_app_db_url())
    secret = config.secret or secret_key(factory)
    auth = Auth(factory, secret, config.moderators, config.secure_cookies, config.post_limit, config.post_window)
    env = jinja2.Environment(loader=jinja2.FileSystemLoader(str(_package_dir("templates"))), autoescape=True,
                             trim_blocks=True, lstrip_blocks=True)
    templates = Jinja2Templates(env=env)  # autoescape everything: the .j2 suffix defeats select_autoescape
    figures = Figures(db)
    state = AppState(db=db, figures=figures, auth=auth, discussion=Discussion(factory, auth, db), templates=templates)
    configure(templates, state)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        if config.warm_cache:
            threading.Thread(target=_warm, args=(figures,), name="jobshift-warm", daemon=True).start()
        yield
        db.close()

    app = FastAPI(title="jobshift", version=__version__, lifespan=lifespan, docs_url=None, redoc_url=None,
                  description="Measure the AI job shift: metrics with intervals, n, period and sources; postings, "
                  "layoffs, companies, news with context cards. Every list also comes as CSV (format=csv).")
    app.state.jobshift = state
    app.include_router(api.router)
    app.include_router(pages.router)
    app.include_router(forms.router)
    app.mount("/static", StaticFiles(directory=str(_package_dir("static"))), name="static")
    _handlers(app, state)

    app.add_middleware(SecurityHeaders, auth=auth)
    return app


class SecurityHeaders:
    """ASGI wrapper: security headers on every response and the CSRF cookie for new browsers.

    A plain ASGI middleware (not BaseHTTPMiddleware) so the cached metric responses stay cheap.
    """

    def __init__(self, app: ASGIApp, auth: Auth) -> None:
        self.app = app
        self.auth = auth

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        state: dict[str, Any] = scope.setdefault("state", {})
        secure = scope.get("scheme") == "https" if self.auth.secure_cookies is None else self.auth.secure_cookies

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                headers.setdefault("X-Content-Type-Options", "nosniff")
                headers.setdefault("Referrer-Policy", "same-origin")
                if headers.get("content-type", "").startswith("text/html"):
                    headers.setdefault("Content-Security-Policy", _CSP)
                    headers.setdefault("X-Frame-Options", "DENY")
                new_csrf = state.get("new_csrf")
                if new_csrf:
                    flags = "; Secure" if secure else ""
                    headers.append("Set-Cookie", f"{CSRF_COOKIE}={new_csrf}; HttpOnly; Max-Age={14 * 86400}; "
                                   f"Path=/; SameSite=Strict{flags}")
            await send(message)

        await self.app(scope, receive, send_with_headers)


def _warm(figures: Figures) -> None:
    try:
        figures.warm()
    except Exception as exc:  # a failed warm-up only costs speed; requests report their own errors
        log.warning("cache warm-up failed: %s", exc)
        return
    # The warm cache and the libraries are long-lived: move them out of the collector's way, so full
    # collections under load stay short (they otherwise walk every cached row: 100+ ms pauses at p99).
    gc.collect()
    gc.freeze()


def _wants_html(request: Request) -> bool:
    return not request.url.path.startswith("/api/") and "text/html" in request.headers.get("accept", "text/html")


def _handlers(app: FastAPI, state: AppState) -> None:
    def error(request: Request, status: int, message: str) -> Response:
        if _wants_html(request):
            context = {"status": status, "message": message, "title": f"Error {status}", "path": request.url.path,
                       "user": None, "data": None, "synthetic": False, "params": {}}
            return state.templates.TemplateResponse(request, "error.html.j2", context, status_code=status)
        return JSONResponse({"detail": message}, status_code=status)

    @app.exception_handler(Forbidden)
    async def forbidden(request: Request, exc: Forbidden) -> Response:
        if request.headers.get("hx-request") and exc.status in (400, 403, 404, 429):
            return HTMLResponse(f'<p class="flash error" role="alert">{_escape(exc.message)}</p>',
                                status_code=exc.status)
        return error(request, exc.status, exc.message)

    @app.exception_handler(DatabaseBusy)
    async def busy(request: Request, exc: DatabaseBusy) -> Response:
        return error(request, 503, str(exc))

    @app.exception_handler(ConfigError)
    async def bad_value(request: Request, exc: ConfigError) -> Response:
        return error(request, 422, str(exc))

    @app.exception_handler(StoreError)
    async def store(request: Request, exc: StoreError) -> Response:
        log.error("store error on %s: %s", request.url.path, exc)
        return error(request, 503, str(exc))


def _escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;")
