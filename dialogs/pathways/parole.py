"""Pathway 3: release for humanitarian reasons (parole, INA 212(d)(5)(A); brief Pathway 3).

Read top to bottom: the first rule that matches decides.
"""
from __future__ import annotations

from .. import advice as A
from ..facts import MAYBE, NO, UNKNOWN as T_UNKNOWN, YES
from ..text import N_
from .base import POSSIBLE, UNKNOWN, UNLIKELY, Pathway, Rule
from .common import MANDATORY_CHECK, MANDATORY_LIKELY, NOT_THE_ROUTE, home_and_sponsor


def _reasons(f, a):
    reasons = f.humanitarian
    if "pregnant" in reasons:
        a.uses("pregnancy_policy").why(N_("Pregnancy or recent birth: an ICE policy said to avoid detaining "
                                          "pregnant people, but it is unclear whether ICE still follows it."))
    if "illness" in reasons:
        a.why(N_("A serious illness that needs treatment."))
        if f.said("treatment", "no"):
            a.why(N_("You said the person is not getting the treatment they need. Say this clearly in the "
                     "request."))
    if "caregiver" in reasons:
        a.why(N_("Being the main caregiver of a young child or a sick relative."))
    home_and_sponsor(f, a)
    if f.final_order == YES:
        # After a final order detention is under INA 241; health is a custody-review factor (issue 9 item 14).
        a.uses("post_order_custody").why(N_("With a final order, the request goes to ICE as part of the custody "
                                            "review (see pathway 5)."))
        if f.removal_period == YES:
            a.uses("removal_period").why(N_("In the first 90 days after the order the law requires detention, so "
                                            "release is rare then. ICE reviews custody before the 90 days end."))
    elif f.mandatory in (MAYBE, YES):
        a.why(MANDATORY_CHECK)


PATHWAY = Pathway(
    "humanitarian_parole", 3, N_("Release for humanitarian reasons (parole)"),
    uses=("parole",),
    rules=(
        Rule("release_required", lambda f: f.release_required, UNLIKELY, NOT_THE_ROUTE, reads=("final_win",)),
        Rule("mandatory_detention", lambda f: f.final_order == NO and f.mandatory == YES, UNLIKELY,
             N_("Your answers about arrests suggest mandatory detention. For that group the law does not allow "
                "humanitarian release."),
             reads=("mandatory", "laken_riley", "conviction_236c"), uses=("mandatory_236c",),
             changes=(N_("A lawyer shows that the arrest or conviction does not fall under mandatory detention."),),
             more=lambda f, a: a.why(MANDATORY_LIKELY)),
        Rule("reasons_unknown", lambda f: not f.humanitarian and f.humanitarian_unknown, UNKNOWN,
             N_("We need to know about pregnancy, serious illness and caregiving."),
             reads=("pregnant", "illness", "caregiver"), learn=(A.FIND_HEALTH,)),
        Rule("no_reason", lambda f: not f.humanitarian, UNLIKELY,
             N_("You did not mention pregnancy, a serious illness, or caring for a young child or a sick relative. "
                "These are the usual humanitarian reasons."),
             reads=("pregnant", "illness", "caregiver"),
             changes=(N_("A new pregnancy, a serious illness, or becoming the only caregiver of a child."),)),
        Rule("arrest_unknown", lambda f: f.final_order != YES and f.mandatory == T_UNKNOWN, UNKNOWN,
             N_("Some arrests make this impossible, and we need to know more about the arrest."),
             reads=("mandatory", "arrested", "charge_lra", "charge_outcome"), learn=(A.FIND_RECORD,),
             more=_reasons),
        Rule("humanitarian_reason", lambda f: True, POSSIBLE,
             N_("You mentioned a humanitarian reason ICE can consider. ICE decides case by case, and no one can "
                "count on it."),
             reads=("pregnant", "illness", "caregiver", "mandatory"), steps=(A.STEP_PAROLE_PACKET, A.STEP_FOLLOW_UP),
             more=_reasons),
    ),
)
