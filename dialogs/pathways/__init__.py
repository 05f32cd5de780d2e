"""The seven release pathways, one module each, in the order of the legal brief."""
from __future__ import annotations

from . import bond, capacity, court, no_legal_basis, parole, supervision, voluntary_departure
from .base import Assessment, Pathway, Rule, Verdict

ALL: tuple[Pathway, ...] = (no_legal_basis.PATHWAY, capacity.PATHWAY, parole.PATHWAY, bond.PATHWAY,
                            supervision.PATHWAY, court.PATHWAY, voluntary_departure.PATHWAY)

__all__ = ["ALL", "Assessment", "Pathway", "Rule", "Verdict"]
