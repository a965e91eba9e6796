"""Bilingual knowledge base of the Taobao dispute process and the fuzzy matcher that answers from it.

    from faq import FaqMatcher
    matcher = FaqMatcher.from_default()          # build once, at start-up
    result = matcher.match("卖家不回复怎么办")      # MatchResult(kind="answer"|"suggest"|"none"|...)

See faq/matcher.py (matching, bands), faq/knowledge.py (the data model), faq/cli.py (the command).
This package imports neither aiogram nor SQLAlchemy.
"""

from .knowledge import Entry, KnowledgeBase, KnowledgeError, LocalizedText, Topic, load_knowledge
from .matcher import Bands, FaqMatcher, MatchResult
from .normalize import Normalizer, normalize

__all__ = [
    "Bands",
    "Entry",
    "FaqMatcher",
    "KnowledgeBase",
    "KnowledgeError",
    "LocalizedText",
    "MatchResult",
    "Normalizer",
    "Topic",
    "load_knowledge",
    "normalize",
]
