"""Pathway 6: winning the case in immigration court (brief Pathway 6, Pathway 1 on dismissals, F).

Read top to bottom: the first rule that matches decides. Screening signals (fear, cancellation)
never mean the person qualifies: they are things a lawyer should check.
"""
from __future__ import annotations

from .. import advice as A
from ..facts import MAYBE, NO, UNKNOWN as T_UNKNOWN, YES, Facts
from ..text import N_
from .base import LIKELY, POSSIBLE, UNKNOWN, UNLIKELY, Pathway, Rule, always

WIN_OR_END = ("relief", "dismissed")
CREDIBLE_FEAR = N_("Because the person fears harm, they can ask for a 'credible fear' interview. If they pass it, "
                   "the case can go back to a judge. Tell the officer and a lawyer about the fear now.")


def _signals(f: Facts) -> list[str]:
    found = []
    if f.said("fear", "yes"):
        found.append(N_("Fear of harm at home can be a reason for asylum or other protection."))
    if f.nonlpr_cancellation == YES:
        found.append(N_("More than 10 years here and close family with legal status can matter for "
                        "'cancellation of removal'."))
    if f.lpr_cancellation in (YES, MAYBE):
        found.append(N_("A green card and 7 or more years in the U.S. can matter for 'cancellation of removal' for "
                        "green-card holders, if there is no 'aggravated felony' (a list of serious crimes in "
                        "immigration law)."))
    return found


def _signals_more(f: Facts, a) -> None:
    for s in _signals(f):
        a.why(s)
    if f.lpr_cancellation in (YES, MAYBE):
        a.uses("lpr_cancellation")
    if f.nonlpr_cancellation == YES:
        a.uses("nonlpr_cancellation")


def _signal_unknown(f: Facts) -> bool:
    return (f.unknown("fear") or f.nonlpr_cancellation == T_UNKNOWN or f.lpr_cancellation == T_UNKNOWN)


def _no_case(f: Facts) -> bool:
    return f.said("case_stage", "none") and f.final_order == NO


PATHWAY = Pathway(
    "legal_victory", 6, N_("Winning the case in immigration court"),
    uses=("final_decision",), steps=(A.STEP_CHECK_EOIR,),
    rules=(
        # Issue 9 item 9: after a government dismissal and arrest, fear of return is the way back to court.
        Rule("dismissal_arrest_fear", lambda f: f.dismissal_arrest == YES and f.said("fear", "yes"), POSSIBLE,
             N_("The government ended the case and arrested the person for fast deportation."),
             reads=("dismissal_by", "arrested_after", "fear"), uses=("dismiss_then_arrest", "credible_fear"),
             steps=(A.STEP_LAWYER_NOW,), more=lambda f, a: a.why(CREDIBLE_FEAR)),
        Rule("dismissal_arrest_fear_unknown", lambda f: f.dismissal_arrest == YES and f.unknown("fear"), UNKNOWN,
             N_("The government ended the case and arrested the person. We need to know whether the person fears "
                "harm if sent back: fear can bring the case back to a judge."),
             reads=("dismissal_by", "arrested_after", "fear"), uses=("dismiss_then_arrest", "credible_fear"),
             learn=(A.FIND_ASK_PERSON,), steps=(A.STEP_LAWYER_NOW,)),
        Rule("dismissal_then_arrest", lambda f: f.dismissal_arrest == YES, UNLIKELY,
             N_("The government asked to end the case and then kept or arrested the person. That is usually the "
                "start of fast deportation, not a win. Talk to a lawyer now."),
             reads=("dismissal_by", "arrested_after"), uses=("dismiss_then_arrest",), steps=(A.STEP_LAWYER_NOW,)),
        # Issue 9 item 10.
        Rule("dismissal_unclear", lambda f: f.dismissal_arrest == T_UNKNOWN, UNKNOWN,
             N_("We need to know who asked to end the case, and whether the person was arrested after. A judge's "
                "decision for the person can be a win; a case ended at the government's request can be the start "
                "of fast deportation."),
             reads=("dismissal_by", "arrested_after"), uses=("dismiss_then_arrest",),
             learn=(A.FIND_EOIR, A.FIND_DO)),
        Rule("final_win_after_govt_dismissal", lambda f: f.final_win == YES and f.govt_dismissal == YES, POSSIBLE,
             N_("The judge decided for the person and the decision is final. Then ICE must release them, though it "
                "can take some days."),
             reads=("final_win", "dismissal_by", "arrested_after"), uses=("dismiss_then_arrest",),
             steps=(A.STEP_ASK_RELEASE_DATE,),
             more=lambda f, a: a.why(N_("The government asked to end the case. That can lead to an arrest for fast "
                                        "deportation. Talk to a lawyer now."))),
        Rule("final_win", lambda f: f.final_win == YES, LIKELY,
             N_("The judge decided for the person and the decision is final. Then ICE must release them, though it "
                "can take some days."),
             reads=("final_win", "ruling", "appeal"), steps=(A.STEP_ASK_RELEASE_DATE,)),
        Rule("win_govt_appealed", lambda f: f.said("ruling", *WIN_OR_END) and f.said("appeal", "govt"), POSSIBLE,
             N_("The judge decided for the person, but the government appealed. The person can ask for bond or "
                "parole and show the judge's decision."),
             reads=("ruling", "appeal"), steps=(A.STEP_LAWYER_BOND_PAROLE,)),
        Rule("win_not_final_yet", lambda f: f.said("ruling", *WIN_OR_END) and f.said("appeal", "no_recent", "person"),
             POSSIBLE,
             N_("The judge decided for the person. The decision becomes final if the government does not appeal "
                "within 30 days."),
             reads=("ruling", "appeal")),
        Rule("win_appeal_unknown", lambda f: f.said("ruling", *WIN_OR_END), UNKNOWN,
             N_("We need to know whether the government appealed the decision."),
             reads=("ruling", "appeal"), learn=(A.FIND_EOIR,)),
        Rule("withholding", lambda f: f.protected_from_return, POSSIBLE,
             N_("'Withholding' or torture-treaty protection stops deportation to that country, but the deportation "
                "order stays. Release is not automatic; it usually comes with an order of supervision (pathway 5)."),
             reads=("ruling",), uses=("withholding_keeps_order", "third_country"), steps=(A.STEP_OSUP_PACKET,),
             more=lambda f, a: a.why(N_("ICE may try to send the person to a different country."))),
        Rule("removal_appealed", lambda f: f.said("ruling", "removal") and f.said("appeal", "person"), POSSIBLE,
             N_("The judge ordered deportation, but the person appealed. Winning the appeal could lead to release."),
             reads=("ruling", "appeal")),
        Rule("removal_appeal_time", lambda f: f.said("ruling", "removal") and f.said("appeal", "no_recent"), POSSIBLE,
             N_("The judge ordered deportation less than 30 days ago. There is still time to appeal. Talk to a lawyer "
                "now."),
             reads=("ruling", "appeal"), steps=(A.STEP_LAWYER_NOW,)),
        Rule("removal_appeal_unknown",
             lambda f: f.said("ruling", "removal") and not f.said("appeal", "no_final", "govt"), UNKNOWN,
             N_("We need to know whether anyone appealed the judge's decision."),
             reads=("ruling", "appeal"), learn=(A.FIND_EOIR,)),
        Rule("removal_ordered", lambda f: f.said("ruling", "removal"), UNLIKELY,
             N_("The judge ordered deportation."), reads=("ruling", "appeal"),
             changes=(N_("A lawyer finds a reason to reopen the case."),)),
        Rule("case_unknown", lambda f: f.unknown("case_stage") or f.unknown("ruling")
             or (f.said("case_stage", "decided", "appeal") and f["ruling"] is None), UNKNOWN,
             N_("We need to know where the court case stands."),
             reads=("case_stage", "ruling"), learn=(A.FIND_EOIR,)),
        # No court case: fast deportation, where fear is the way to a judge (brief B.1; issue 9 items 8, 9).
        Rule("no_case_fear", lambda f: _no_case(f) and f.said("fear", "yes"), POSSIBLE,
             N_("There is no court case now, so there is nothing to win in court yet."),
             reads=("case_stage", "fear", "final_order"), uses=("credible_fear",), steps=(A.STEP_LAWYER_NOW,),
             more=lambda f, a: a.why(CREDIBLE_FEAR)),
        Rule("no_case_fear_unknown", lambda f: _no_case(f) and f.unknown("fear"), UNKNOWN,
             N_("There is no court case now. We need to know whether the person fears harm if sent back: fear can "
                "bring the case to a judge."),
             reads=("case_stage", "fear"), uses=("credible_fear",), learn=(A.FIND_ASK_PERSON,)),
        Rule("no_case_old_order_unknown", lambda f: f.said("case_stage", "none") and f.final_order == T_UNKNOWN
             and not f.said("fear", "no"), UNKNOWN,
             N_("We need to know whether there is a final deportation order."),
             reads=("case_stage", "prior_order"), learn=(A.FIND_EOIR,)),
        Rule("no_case", lambda f: f.said("case_stage", "none"), UNLIKELY,
             N_("You said there is no court case. Without a case, there is nothing to win in court."),
             reads=("case_stage",),
             changes=(N_("A lawyer finds a way to bring the case before a judge, for example because of fear of "
                         "harm."),)),
        Rule("applied", lambda f: f.said("applied_relief", "yes"), POSSIBLE,
             N_("The person has asked the court for protection or papers. If the judge grants it and the decision "
                "becomes final, ICE must release them. Cases can take months."),
             reads=("applied_relief",), steps=(A.STEP_LAWYER,), more=_signals_more),
        # Issue 9 items 4 and 18: screening signals, and "I don't know" on any of them.
        Rule("signals", lambda f: bool(_signals(f)), POSSIBLE,
             N_("No application yet, but your answers show things a lawyer should check. This does not mean the "
                "person qualifies."),
             reads=("fear", "years_in_us", "us_family", "papers", "aggravated_felony"), steps=(A.STEP_LAWYER,),
             more=_signals_more),
        Rule("applied_unknown", lambda f: f.unknown("applied_relief"), UNKNOWN,
             N_("We need to know whether the person has applied for anything in court."),
             reads=("applied_relief",), learn=(A.FIND_EOIR,)),
        Rule("signal_unknown", _signal_unknown, UNKNOWN,
             N_("Some answers that matter here were 'I don't know': fear of harm, years in the U.S., close family "
                "with legal status, or a green card. Each can open a way to win in court."),
             reads=("fear", "years_in_us", "us_family", "papers", "aggravated_felony"),
             learn=(A.FIND_ASK_PERSON,), steps=(A.STEP_LAWYER,)),
        Rule("no_clear_reason", always, UNLIKELY,
             N_("No application in court and no clear reason for one in your answers."),
             reads=("applied_relief", "fear", "years_in_us", "us_family", "papers"),
             changes=(N_("A lawyer finds a form of protection that fits the person."),)),
    ),
)
