"""Pathway 2: ICE releases people by its own choice, for example when detention is full (brief Pathway 2).

There is no right to this release. Read top to bottom: the first rule that matches decides.
"""
from __future__ import annotations

from .. import advice as A
from ..facts import NO, UNKNOWN as T_UNKNOWN, YES
from ..text import N_
from .base import POSSIBLE, UNKNOWN, UNLIKELY, Pathway, Rule, always
from .common import MANDATORY_LIKELY, NOT_THE_ROUTE, home_and_sponsor

AFTER_90_DAYS = N_("After 90 days ICE must review custody, and after 6 months release becomes more likely if "
                   "deportation is not likely in the near future.")


def _possible(f, a):
    home_and_sponsor(f, a)
    if f.final_order == YES:
        a.why(N_("With a final order, ICE decides this in its custody review (see pathway 5). Health, family and "
                 "a clean record count there."))


PATHWAY = Pathway(
    "capacity", 2, N_("ICE may release people when detention is full"),
    uses=("detention_expansion",),
    preface=(N_("There is no right to be released because detention is full. It is ICE's choice. Since 2025, "
                "Congress paid for many more detention beds, so this happens less."),),
    rules=(
        Rule("release_required", lambda f: f.release_required, UNLIKELY, NOT_THE_ROUTE, reads=("final_win",)),
        # Brief F, INA 241(a)(2): detention is required during the 90-day removal period (issue 9 item 15).
        Rule("removal_period", lambda f: f.removal_period == YES, UNLIKELY,
             N_("The deportation order became final less than 3 months ago. During the first 90 days after the "
                "order, the law requires detention."),
             reads=("final_order", "order_age"), uses=("removal_period",), changes=(AFTER_90_DAYS,)),
        Rule("removal_imminent", lambda f: f.final_order == YES and f.travel_ready, UNLIKELY,
             N_("There is a final deportation order and travel papers are ready, so ICE is likely to deport rather "
                "than release."),
             reads=("final_order", "travel_docs")),
        # After a final order detention is under INA 241, not 236(c) (issue 9 item 14).
        Rule("mandatory_detention", lambda f: f.final_order == NO and f.mandatory == YES, UNLIKELY, MANDATORY_LIKELY,
             reads=("mandatory", "laken_riley", "conviction_236c"), uses=("mandatory_236c",),
             changes=(N_("A lawyer shows that the arrest or conviction does not fall under mandatory detention."),)),
        Rule("record_or_missed", lambda f: f.has_record == YES or f.said("missed_hearing", "yes"), UNLIKELY,
             N_("Any arrest or a missed appointment makes a release by ICE's choice much less likely."),
             reads=("arrested", "missed_hearing"), steps=(A.STEP_ATD_REQUEST,),
             changes=(N_("Court papers showing charges were dropped, and proof the person always came when "
                         "asked."),)),
        Rule("travel_papers_unknown",
             lambda f: f.final_order == YES and f.unknown("travel_docs") and not f.protected_from_return, UNKNOWN,
             N_("There is a final deportation order. We need to know whether travel papers are ready."),
             reads=("final_order", "travel_docs"), learn=(A.FIND_DO,)),
        Rule("record_unknown", lambda f: f.has_record == T_UNKNOWN or f.unknown("missed_hearing"), UNKNOWN,
             N_("We need to know about arrests and missed appointments; they matter most here."),
             reads=("arrested", "missed_hearing"), learn=(A.FIND_RECORD,)),
        Rule("removal_period_unknown", lambda f: f.removal_period == T_UNKNOWN and f.final_order == YES, UNKNOWN,
             N_("We need to know when the order became final."),
             reads=("final_order", "order_age"), learn=(A.FIND_EOIR,)),
        Rule("clean_record", always, POSSIBLE,
             N_("No arrests and no missed appointments. ICE sometimes releases people like this, but the family "
                "cannot make it happen."),
             reads=("arrested", "missed_hearing"), steps=(A.STEP_ATD_REQUEST,), more=_possible),
    ),
)
