"""Pathway 7: agreeing to leave (voluntary departure or stipulated removal; brief Pathway 7, F).

LIKELY only when every bar is known to be absent. Read top to bottom: the first rule that
matches decides.
"""
from __future__ import annotations

from .. import advice as A
from ..facts import MAYBE, UNKNOWN as T_UNKNOWN, YES, Facts
from ..text import Money, N_
from .base import LIKELY, POSSIBLE, UNKNOWN, UNLIKELY, Pathway, Rule, always


def _bar_unknown(f: Facts) -> bool:
    return (f.citizen == T_UNKNOWN or f.unknown("fear") or f.aggravated_felony == T_UNKNOWN
            or f.final_order == T_UNKNOWN or f.final_win == T_UNKNOWN or f.unknown("case_stage")
            or f.admitted == T_UNKNOWN)


def _bar_learn(f: Facts, a) -> None:
    if f.citizen == T_UNKNOWN:
        a.learn(A.FIND_CITIZEN)
    if f.aggravated_felony == T_UNKNOWN:
        a.learn(A.FIND_RECORD)
    if f.unknown("fear"):
        a.learn(A.FIND_ASK_PERSON)
    a.learn(A.FIND_EOIR)


def _likely_more(f: Facts, a) -> None:
    a.why(N_("If the judge allows it at the end of the case, a departure bond (money that shows the person will "
             "leave) of at least {amount} must be paid within 5 business days."),
          amount=Money(f.rules.fact("voluntary_departure").amount))
    if not f.travel_ready:
        a.change(N_("A valid passport or travel papers are needed."))
    a.why(N_("Not leaving on time brings a fine, and for 10 years the person cannot get most immigration benefits, "
             "such as a green card."))


PATHWAY = Pathway(
    "voluntary_departure", 7, N_("Agreeing to leave the U.S."),
    uses=("voluntary_departure", "stipulated_removal"), steps=(A.STEP_LAWYER_BEFORE_SIGNING,),
    preface=(N_("For a detained person, agreeing to leave usually means leaving the U.S. straight from detention, "
                "not release here."),),
    rules=(
        Rule("does_not_want", lambda f: f.said("wants_home", "no"), UNLIKELY,
             N_("You said the person does not want to go back."), reads=("wants_home",)),
        # Issue 9 item 19: a final win makes leaving unnecessary.
        Rule("not_needed", lambda f: f.release_required, UNLIKELY,
             N_("The judge's decision for the person is final, so there is no need to agree to leave."),
             reads=("final_win",)),
        Rule("final_order", lambda f: f.final_order == YES, UNLIKELY,
             N_("There is already a final deportation order, so agreeing to leave is no longer possible in court. "
                "ICE can carry out the order."),
             reads=("final_order",)),
        Rule("aggravated_felony", lambda f: f.aggravated_felony == YES, UNLIKELY,
             N_("A theft or violence conviction with a sentence of a year or more usually blocks voluntary "
                "departure. A lawyer must check the record."),
             reads=("aggravated_felony", "conv_theft", "conv_hurt", "sentence_1y"), uses=("aggravated_felony_bar",)),
        Rule("wish_unknown", lambda f: f.unknown("wants_home") or f["wants_home"] is None, UNKNOWN,
             N_("We need to know whether the person wants to go back."),
             reads=("wants_home",), learn=(A.FIND_ASK_PERSON,)),
        # Issue 9 item 13: a possible citizen must not be steered towards leaving.
        Rule("possible_citizen", lambda f: f.citizen == MAYBE, POSSIBLE,
             N_("You said the person may be a U.S. citizen. Leaving could be hard or impossible to undo. A lawyer "
                "must check citizenship before the person agrees to anything."),
             reads=("citizen_parent",), uses=("citizenship",), steps=(A.STEP_LAWYER_NOW,)),
        Rule("fear", lambda f: f.said("fear", "yes"), POSSIBLE,
             N_("The person may want to leave, but you said they fear harm back home. Leaving may give up "
                "protection. Talk to a lawyer before signing anything."),
             reads=("fear",)),
        Rule("unsure", lambda f: f.said("wants_home", "unsure"), POSSIBLE,
             N_("The person is not sure about going back. This option ends detention sooner, but it can mean not "
                "being allowed back into the U.S. for years."),
             reads=("wants_home",)),
        Rule("conviction_check", lambda f: f.aggravated_felony == MAYBE, POSSIBLE,
             N_("Some convictions block this option. A lawyer must check the record first."),
             reads=("aggravated_felony",), uses=("aggravated_felony_bar",)),
        Rule("arriving", lambda f: f.arriving and not f.said("case_stage", "decided"), POSSIBLE,
             N_("People who arrived at an official border post cannot ask for this before the end of the case, and "
                "the rules at the end are strict. A lawyer must check."),
             reads=("entry", "case_stage"), uses=("arriving_no_early_vd",)),
        Rule("bar_unknown", _bar_unknown, UNKNOWN,
             N_("Some things that can block this are still unknown: whether the person may be a U.S. citizen, fears "
                "harm, has a serious conviction or a final order, or how they entered, and where the court case "
                "stands."),
             reads=("citizen_parent", "fear", "aggravated_felony", "final_order", "case_stage", "entry"),
             more=_bar_learn),
        Rule("no_court_case", lambda f: f.said("case_stage", "none"), POSSIBLE,
             N_("There is no court case now, so a judge cannot allow this yet. ICE can sometimes allow it, or may "
                "try fast deportation. A lawyer must check."),
             reads=("case_stage",)),
        Rule("judge_decided", lambda f: f.said("case_stage", "decided", "appeal"), POSSIBLE,
             N_("The judge has already made a decision. Whether agreeing to leave is still possible depends on it. A "
                "lawyer must check."),
             reads=("case_stage", "ruling")),
        Rule("no_bar", always, LIKELY,
             N_("The person wants to go back and nothing in your answers blocks it. A judge can allow them to leave "
                "on their own (voluntary departure), usually straight from detention."),
             reads=("wants_home", "fear", "aggravated_felony", "final_order", "case_stage", "citizen_parent"),
             more=_likely_more),
    ),
)
