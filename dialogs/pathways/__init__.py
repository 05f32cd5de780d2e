"""The seven release pathways, one module each, in the order of the legal brief."""
from __future__ import annotations

from . import bond, capacity, court, no_legal_basis, parole, supervision, voluntary_departure
from .base import Assessment, Pathway, Rule, Verdict

_MODULES = (no_legal_basis, capacity, parole, bond, supervision, court, voluntary_departure)
ALL: tuple[Pathway, ...] = tuple(m.PATHWAY for m in _MODULES)
# pathway id -> the file a lawyer opens to read its rules
FILES: dict[str, str] = {m.PATHWAY.id: f"dialogs/pathways/{m.__name__.rsplit('.', 1)[1]}.py" for m in _MODULES}

__all__ = ["ALL", "FILES", "Assessment", "Pathway", "Rule", "Verdict"]
