"""Reasons and helpers shared by several pathways."""
from __future__ import annotations

from ..facts import Facts
from ..text import N_
from .base import Assessment

# Brief Pathway 1/6 and issue 9 item 21: when the law already requires release, the discretionary
# routes are not the route.
NOT_THE_ROUTE = N_("Not the route here: the judge's decision is final, so the law requires release. "
                   "See pathway 1.")
# Brief F: whether a conviction fits INA 236(c) is a lawyer's question.
MANDATORY_LIKELY = N_("Your answers suggest 'mandatory detention': for some convictions and arrests the "
                      "law does not let ICE or a judge release the person. A lawyer must check the record.")
MANDATORY_CHECK = N_("Some convictions can make this impossible. A lawyer should check the record.")


def home_and_sponsor(f: Facts, a: Assessment) -> None:
    """What the answer about a home and a sponsor adds, without claiming more than was said."""
    if "sponsor" in f.ties:
        a.why(N_("A place to live and a sponsor help."))
    elif "home" in f.ties:
        a.why(N_("A place to live helps."))
        a.change(N_("Finding a sponsor with legal status who will support the person."))
    else:
        a.change(N_("Finding a place to live and a sponsor with legal status."))
