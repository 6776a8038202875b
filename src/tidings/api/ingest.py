"""The one write endpoint: POST articles as JSON; they are analysed, stored and clustered.

Writes are off unless the server holds a token (``TIDINGS_API_TOKEN``); a request then needs
``Authorization: Bearer <token>``, compared in constant time. The extractor is passed in
(``ApiOptions.extractor``): the app never loads a spaCy model by itself. Writes are
serialised with one lock, since analysis rebuilds stories over the whole store.
"""

from __future__ import annotations

import hmac
from typing import Annotated

from fastapi import APIRouter, Depends, Header, HTTPException, Request

from tidings.analysis import ensure_analysis
from tidings.analyze import analyze
from tidings.api.app import TOKEN_ENV, ApiOptions, request_store
from tidings.api.schemas import IngestArticle, IngestRequest, IngestResponse
from tidings.models import Article
from tidings.store import Store


def token_matches(given: str, expected: str) -> bool:
    """Constant-time comparison, so the time taken says nothing about how much matched."""
    return hmac.compare_digest(given.encode("utf-8"), expected.encode("utf-8"))


def check_token(options: ApiOptions, authorization: str | None) -> None:
    """403 when writes are off, 401 when the bearer token is missing or wrong."""
    if options.token is None:
        raise HTTPException(
            403, f"this server is read-only: start it with {TOKEN_ENV} set to allow writes"
        )
    scheme, _, given = (authorization or "").partition(" ")
    if scheme.lower() != "bearer" or not given or not token_matches(given.strip(), options.token):
        raise HTTPException(
            401,
            "a valid token is needed: send `Authorization: Bearer <token>`",
            headers={"WWW-Authenticate": "Bearer"},
        )


def to_article(item: IngestArticle) -> Article:
    fields = item.model_dump(exclude_none=True, exclude={"text", "id"})
    return Article.from_text(item.text, id=item.id, origin="api", format="text", **fields)


def build_ingest_router(options: ApiOptions) -> APIRouter:
    router = APIRouter()

    def authorised(
        authorization: Annotated[str | None, Header(description="Bearer <token>")] = None,
    ) -> None:
        check_token(options, authorization)

    @router.post(
        "/articles",
        response_model=IngestResponse,
        tags=["articles"],
        status_code=200,
        dependencies=[Depends(authorised)],
        responses={
            401: {"description": "Missing or wrong token."},
            403: {"description": "The server is read-only."},
            413: {"description": "Body or article count over the limit."},
            503: {"description": "No extractor was given to the server."},
        },
    )
    def ingest(
        request: Request,
        body: IngestRequest,
        store: Annotated[Store, Depends(request_store)],
    ) -> IngestResponse:
        """Analyse and store articles; stories and canonical events are rebuilt after.

        An article already stored is counted in ``already_stored`` and left as it is, so
        posting the same batch twice writes nothing the second time.
        """
        if len(body.articles) > options.max_ingest_articles:
            raise HTTPException(413, f"at most {options.max_ingest_articles} articles per request")
        if options.extractor is None:
            raise HTTPException(503, "ingest is not enabled: the server has no extractor")
        articles = [to_article(a) for a in body.articles]
        with request.app.state.write_lock:
            report = analyze(articles, store=store, extractor=options.extractor)
            built = ensure_analysis(store)
        return IngestResponse(
            read=report.read,
            stored=report.stored,
            already_stored=report.already_stored,
            duplicates=report.duplicates,
            near_duplicates=report.near_duplicates,
            stored_uncoded=report.stored_uncoded,
            problems=[p.error for p in report.problems],
            article_ids=[a.id for a in articles],
            analysis=built.as_dict(),
        )

    return router
