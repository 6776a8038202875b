"""The analysis stage: stories, canonical events, dyads over time, the actor graph, alignments,
source comparison and briefings, all built from what the store holds.

``ensure_analysis(store)`` (re)builds stories and canonical events when the store has changed
since the last build; everything else reads what it built. Each module does one thing:
``stories`` (online clustering), ``dedup`` (cross-document events), ``relations`` (dyads,
graph, exports), ``alignments`` (blocs), ``sources`` (per-outlet comparison and tone),
``briefing`` (cited summaries) and ``evaluation`` (scores against gold clusters).
"""

from tidings.analysis.alignments import (
    AlignmentTimeline,
    Bloc,
    BlocShift,
    alignment_timeline,
    current_blocs,
    find_blocs,
)
from tidings.analysis.briefing import Briefing, BriefOptions, brief_dyad, brief_story
from tidings.analysis.build import (
    AnalysisOptions,
    AnalysisReport,
    analysis_is_stale,
    build_analysis,
    ensure_analysis,
)
from tidings.analysis.dedup import (
    CanonicalEvent,
    DedupOptions,
    EventDeduplicator,
    EventLink,
    EventMention,
    actor_key,
    deduplicate,
)
from tidings.analysis.evaluation import StoryScores, evaluate_stories, format_story_scores
from tidings.analysis.relations import (
    DyadSeries,
    RelationOptions,
    actor_graph,
    dyad_series,
    export_analysis,
    strongest_dyads,
    undirected,
    write_graphml,
)
from tidings.analysis.sources import (
    SourceComparison,
    ToneLexicon,
    compare_sources,
    load_tone_lexicon,
)
from tidings.analysis.stories import (
    StoryClusterer,
    StoryDocument,
    StoryOptions,
    cluster_stories,
)
from tidings.analysis.tables import CanonicalFilter, canonical_events, event_links

__all__ = [
    "AlignmentTimeline",
    "AnalysisOptions",
    "AnalysisReport",
    "Bloc",
    "BlocShift",
    "BriefOptions",
    "Briefing",
    "CanonicalEvent",
    "CanonicalFilter",
    "DedupOptions",
    "DyadSeries",
    "EventDeduplicator",
    "EventLink",
    "EventMention",
    "RelationOptions",
    "SourceComparison",
    "StoryClusterer",
    "StoryDocument",
    "StoryOptions",
    "StoryScores",
    "ToneLexicon",
    "actor_graph",
    "actor_key",
    "alignment_timeline",
    "analysis_is_stale",
    "brief_dyad",
    "brief_story",
    "build_analysis",
    "canonical_events",
    "cluster_stories",
    "compare_sources",
    "current_blocs",
    "deduplicate",
    "dyad_series",
    "ensure_analysis",
    "evaluate_stories",
    "event_links",
    "export_analysis",
    "find_blocs",
    "format_story_scores",
    "load_tone_lexicon",
    "strongest_dyads",
    "undirected",
    "write_graphml",
]
