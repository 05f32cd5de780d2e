"""Pathway 1: no legal basis to keep the person (brief Pathway 1; B.1 on dismissals).

Read top to bottom: the first rule that matches decides.
"""
from __future__ import annotations

from .. import advice as A
from ..facts import MAYBE, UNKNOWN as T_UNKNOWN, YES
from ..text import N_
from .base import LIKELY, POSSIBLE, UNKNOWN, UNLIKELY, Pathway, Rule, always

WIN_OR_END = ("relief", "dismissed")


def _citizen_too(f, a):
    if f.citizen == MAYBE:
        a.uses("citizenship").why(N_("You also said the person may be a U.S. citizen. Tell a lawyer; ICE is not "
                                     "allowed to hold a U.S. citizen."))


def _not_mandatory(f, a):
    if f.mandatory != YES:
        a.why(N_("Not being in 'mandatory detention' does not mean automatic release. It means a judge may be "
                 "able to set bond (see pathway 4)."))


PATHWAY = Pathway(
    "no_legal_basis", 1, N_("No legal reason to keep the person"),
    uses=("final_decision",), steps=(A.STEP_CHECK_EOIR,),
    rules=(
        # A final win ends the authority to detain, whatever else is true (issue 9 item 11).
        Rule("final_win", lambda f: f.final_win == YES, LIKELY,
             N_("You said the judge ended the case or gave protection that ends it, and no one appealed within "
                "30 days. Then ICE no longer has a legal reason to hold the person."),
             reads=("final_win", "ruling", "appeal", "dismissal_by"), steps=(A.STEP_ASK_RELEASE_DATE, A.STEP_HABEAS),
             more=_citizen_too),
        Rule("possible_citizen", lambda f: f.citizen == MAYBE, POSSIBLE,
             N_("You said the person may have been born in the U.S. or had a U.S.-citizen parent. ICE is not "
                "allowed to hold a U.S. citizen."),
             reads=("citizen_parent",), uses=("citizenship",), steps=(A.STEP_LAWYER_NOW,),
             changes=(N_("A lawyer checks whether the person is really a citizen."),)),
        # Brief C.1 and issue 9 item 12: "I don't know" about citizenship leaves this pathway open.
        Rule("citizenship_unknown", lambda f: f.citizen == T_UNKNOWN, UNKNOWN,
             N_("We need to know whether the person may be a U.S. citizen. ICE is not allowed to hold a citizen, "
                "and some people are citizens without knowing it."),
             reads=("citizen_parent",), uses=("citizenship",), learn=(A.FIND_CITIZEN,)),
        Rule("dismissal_then_arrest", lambda f: f.dismissal_arrest == YES, UNLIKELY,
             N_("You said the government asked to end the case and the person was arrested or kept in detention. "
                "This is often the start of fast deportation, not a release."),
             reads=("dismissal_by", "arrested_after"), uses=("dismiss_then_arrest",), steps=(A.STEP_LAWYER_NOW,)),
        Rule("govt_dismissal_arrest_unknown", lambda f: f.govt_dismissal == YES and f.dismissal_arrest == T_UNKNOWN,
             UNKNOWN,
             N_("The government asked to end the case. We need to know whether the person was arrested or kept in "
                "detention after that."),
             reads=("dismissal_by", "arrested_after"), uses=("dismiss_then_arrest",), learn=(A.FIND_DO,)),
        # Issue 9 item 10: who asked decides between a win and the start of expedited removal.
        Rule("who_dismissed_unknown", lambda f: f.govt_dismissal == T_UNKNOWN, UNKNOWN,
             N_("We need to know who asked to end the case. If the judge or the person asked, it can be a win. If "
                "the government asked, it can be the start of fast deportation."),
             reads=("dismissal_by",), uses=("dismiss_then_arrest",), learn=(A.FIND_EOIR, A.FIND_ASK_PERSON)),
        Rule("govt_appealed", lambda f: f.said("ruling", *WIN_OR_END) and f.said("appeal", "govt"), UNLIKELY,
             N_("The government appealed. While the appeal goes on, ICE can keep holding the person."),
             reads=("ruling", "appeal"), steps=(A.STEP_LAWYER_BOND_PAROLE,),
             changes=(N_("The appeal is decided in the person's favor."),)),
        Rule("not_final_yet", lambda f: f.said("ruling", *WIN_OR_END) and f.said("appeal", "no_recent", "person"),
             POSSIBLE, N_("The decision is not final yet. The government has 30 days to appeal."),
             reads=("ruling", "appeal"), changes=(N_("30 days pass with no appeal: then the decision is final."),)),
        Rule("appeal_unknown", lambda f: f.said("ruling", *WIN_OR_END), UNKNOWN,
             N_("We need to know whether anyone appealed the judge's decision."),
             reads=("ruling", "appeal"), learn=(A.FIND_EOIR,)),
        Rule("case_unknown", lambda f: f.final_win == T_UNKNOWN, UNKNOWN,
             N_("We need to know where the court case stands."),
             reads=("case_stage", "ruling"), learn=(A.FIND_EOIR,)),
        Rule("case_not_over", always, UNLIKELY,
             N_("The court case is not over in the person's favor, so ICE still has a legal reason to hold them."),
             reads=("final_win", "citizen_parent"), more=_not_mandatory,
             changes=(N_("The judge ends the case or grants protection, and the decision becomes final."),)),
    ),
)
