"""The last step before an article is matched and stored: canonical URL, site and language.

Readers report what each format says; this step makes the fields comparable across formats,
so that the same article from a feed, a WARC crawl and a JSON dump is recognised as one:
the URL is canonicalised (tracking parameters, fragment and default port gone), the site is
taken from it when the source gave none, and the language is detected from the text.
"""

from __future__ import annotations

from tidings.ingest.documents import site_of
from tidings.ingest.language import detect_language, normalise_language
from tidings.ingest.urls import canonical_url
from tidings.models import Article

__all__ = ["enrich_article"]


def enrich_article(article: Article, *, detect: bool = True) -> Article:
    """A copy of the article with canonical URL, site and language filled in.

    The id is never changed: it is the identity the article was read with, and changing it
    here would make a re-run miss what the first run stored.
    """
    updates: dict[str, object] = {}
    if article.url:
        url = canonical_url(article.url)
        if url != article.url:
            updates["url"] = url
        if not article.site:
            updates["site"] = site_of(url)
    if detect:
        language = detect_language(article.text, declared=article.language)
    else:
        language = normalise_language(article.language)
    if language != article.language:
        updates["language"] = language
    return article.model_copy(update=updates) if updates else article
