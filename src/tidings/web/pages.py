"""The dashboard pages: Jinja2 templates (autoescape on) over the same calls as the API.

Every page is rendered on the server from library calls; the one script (``static/app.js``)
only draws the dyad chart and fetches the evidence of a clicked point from the JSON API,
writing it with ``textContent``. Article text is hostile input: the templates never mark
anything safe, hold no inline scripts or event handlers, and the app's CSP forbids both.
"""

# No ``from __future__ import annotations`` here: FastAPI reads the annotations of routes
# defined inside builder functions, and a string annotation naming a local alias (``Limit``,
# ``StoreDep``) could not be resolved.

import math
from datetime import date
from pathlib import Path
from typing import Annotated, Any, Literal

import jinja2
from fastapi import APIRouter, Depends, FastAPI, HTTPException, Query, Request
from fastapi.exception_handlers import (
    http_exception_handler,
    request_validation_exception_handler,
)
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from tidings.analysis import brief_dyad, brief_story, dyad_series
from tidings.api import queries
from tidings.api.app import ApiOptions, request_store
from tidings.api.routes import actor_detail, graph_json, run_search, story_detail, top_dyads
from tidings.api.schemas import Graph
from tidings.store import Store

HERE = Path(__file__).parent
STATIC = HERE / "static"
CHART_JS = "vendor/chart-4.6.1.umd.min.js"
QUAD_NAMES = {
    1: "verbal cooperation",
    2: "material cooperation",
    3: "verbal conflict",
    4: "material conflict",
}


def environment() -> jinja2.Environment:
    """The template environment: autoescaping everything, failing on undefined names."""
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(HERE / "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )


def graph_layout(graph: Graph, *, size: int = 520, margin: int = 70) -> dict[str, Any]:
    """Node positions on a circle, biggest first, for the server-drawn SVG of the graph."""
    count = max(len(graph.nodes), 1)
    radius = size / 2 - margin
    centre = size / 2
    places: dict[str, tuple[float, float]] = {}
    nodes = []
    top = max((n.degree for n in graph.nodes), default=1) or 1
    for i, node in enumerate(graph.nodes):
        angle = 2 * math.pi * i / count - math.pi / 2
        x, y = centre + radius * math.cos(angle), centre + radius * math.sin(angle)
        places[node.id] = (x, y)
        nodes.append(
            {
                "id": node.id,
                "label": node.label,
                "x": round(x, 1),
                "y": round(y, 1),
                "r": round(5 + 10 * math.sqrt(node.degree / top), 1),
                "lx": round(centre + (radius + 18) * math.cos(angle), 1),
                "ly": round(centre + (radius + 18) * math.sin(angle), 1),
                "anchor": "start"
                if math.cos(angle) > 0.1
                else "end"
                if math.cos(angle) < -0.1
                else "middle",
            }
        )
    edges = []
    for edge in graph.edges:
        (x1, y1), (x2, y2) = places[edge.source], places[edge.target]
        edges.append(
            {
                "x1": round(x1, 1),
                "y1": round(y1, 1),
                "x2": round(x2, 1),
                "y2": round(y2, 1),
                "kind": "coop" if edge.weight >= 0 else "conflict",
                "width": round(1 + math.log2(1 + edge.events), 1),
                "title": f"{edge.source} → {edge.target}: {edge.events} events "
                f"({edge.cooperation} cooperation, {edge.conflict} conflict)",
            }
        )
    return {"size": size, "nodes": nodes, "edges": edges}


def marked(text: str, start: int, end: int, offset: int) -> list[tuple[str, bool]]:
    """A sentence cut around its trigger, as (piece, is_trigger) for the template to escape."""
    s, e = start - offset, end - offset
    if not 0 <= s <= e <= len(text):
        return [(text, False)]
    return [(text[:s], False), (text[s:e], True), (text[e:], False)]


def build_pages(env: jinja2.Environment) -> APIRouter:
    router = APIRouter(include_in_schema=False)
    StoreDep = Annotated[Store, Depends(request_store)]
    Word = Annotated[str, Query(min_length=1, max_length=200)]

    def render(request: Request, name: str, status: int = 200, **context: Any) -> HTMLResponse:
        template = env.get_template(name)
        html = template.render(request=request, chart_js=CHART_JS, quads=QUAD_NAMES, **context)
        return HTMLResponse(html, status_code=status)

    @router.get("/", response_class=HTMLResponse)
    def overview(request: Request, store: StoreDep) -> HTMLResponse:
        stories = sorted(
            store.stories(), key=lambda s: (s.last_seen or date.min, s.id), reverse=True
        )[:12]
        graph = graph_json(store, top=20, since=None, until=None)
        return render(
            request,
            "overview.html",
            summary=store.summary(dyads=0),
            stories=stories,
            dyads=top_dyads(store, top=12, since=None, until=None).items,
            graph=graph_layout(graph),
        )

    @router.get("/dyad", response_class=HTMLResponse)
    def dyad(
        request: Request,
        store: StoreDep,
        a: Word,
        b: Word,
        by: Literal["week", "month"] = "month",
        view: Literal["coop", "quad"] = "coop",
    ) -> HTMLResponse:
        series = dyad_series(store, a, b, by=by)
        return render(
            request,
            "dyad.html",
            a=a,
            b=b,
            names={k: actor.name if (actor := queries.find_actor(store, k)) else k for k in (a, b)},
            by=by,
            view=view,
            series=series,
            briefing=brief_dyad(store, a, b),
        )

    @router.get("/actor", response_class=HTMLResponse)
    def actor(request: Request, store: StoreDep, key: Word) -> HTMLResponse:
        return render(request, "actor.html", detail=actor_detail(store, key, limit=25))

    @router.get("/stories/{story_id}", response_class=HTMLResponse)
    def story(request: Request, store: StoreDep, story_id: str) -> HTMLResponse:
        detail = story_detail(store, story_id)
        quotes = {
            o.outlet: [q for a in o.article_ids for q in store.quotes(article_id=a)][:12]
            for o in detail.comparison.outlets
        }
        return render(
            request,
            "story.html",
            detail=detail,
            c=detail.comparison,
            quotes=quotes,
            briefing=brief_story(store, story_id),
        )

    @router.get("/articles/{article_id}", response_class=HTMLResponse)
    def article(request: Request, store: StoreDep, article_id: str) -> HTMLResponse:
        found = store.get_article(article_id)
        if found is None:
            raise HTTPException(404, f"there is no article {article_id!r}")
        hits, _ = queries.page_events(
            store, queries.EventQuery(article_id=article_id), limit=500, offset=0
        )
        return render(
            request,
            "article.html",
            article=found,
            paragraphs=[p for p in found.text.split("\n\n") if p.strip()],
            events=hits,
            quotes=store.quotes(article_id=article_id),
            marked=marked,
        )

    @router.get("/search", response_class=HTMLResponse)
    def search(
        request: Request,
        store: StoreDep,
        q: Annotated[str, Query(max_length=200)] = "",
    ) -> HTMLResponse:
        result = run_search(store, q, limit=25) if q.strip() else None
        return render(request, "search.html", q=q, result=result, marked=marked)

    return router


def mount_web(app: FastAPI, options: ApiOptions) -> None:
    """Add the pages and the static files (vendored Chart.js, app.js, app.css) to ``app``."""
    env = environment()
    app.include_router(build_pages(env))
    app.mount("/static", StaticFiles(directory=STATIC), name="static")

    def error_page(request: Request, status: int, detail: str) -> HTMLResponse:
        html = env.get_template("error.html").render(
            request=request, status=status, detail=detail, chart_js=CHART_JS
        )
        return HTMLResponse(html, status_code=status)

    @app.exception_handler(StarletteHTTPException)
    async def page_errors(request: Request, exc: StarletteHTTPException) -> Any:
        if not wants_page(request):
            return await http_exception_handler(request, exc)
        response = error_page(request, exc.status_code, str(exc.detail))
        response.headers.update(exc.headers or {})
        return response

    @app.exception_handler(RequestValidationError)
    async def page_validation_errors(request: Request, exc: RequestValidationError) -> Any:
        if not wants_page(request):
            return await request_validation_exception_handler(request, exc)
        problems = "; ".join(
            f"{'.'.join(str(p) for p in e.get('loc', ())[1:]) or 'request'}: {e.get('msg', '')}"
            for e in exc.errors()
        )
        return error_page(request, 422, f"The address is not valid: {problems}")


def wants_page(request: Request) -> bool:
    """Whether an error should be an HTML page: a browser asking for a page, not the API."""
    path = request.url.path
    accept = request.headers.get("accept", "")
    return not path.startswith(("/api", "/static")) and "text/html" in accept
