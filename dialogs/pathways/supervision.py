"""Pathway 5: release under an order of supervision after a final order (INA 241; brief Pathway 5, F).

The 90-day removal period and the 6-month point both count from the final order, not from the
start of detention. Read top to bottom: the first rule that matches decides.
"""
from __future__ import annotations

from .. import advice as A
from ..facts import NO, UNKNOWN as T_UNKNOWN, YES
from ..text import N_
from .base import POSSIBLE, UNKNOWN, UNLIKELY, Pathway, Rule, always
from .capacity import AFTER_90_DAYS

THIRD_COUNTRY = N_("ICE may try to send the person to a different country. Tell a lawyer at once if the person "
                   "fears harm there.")


def _possible_more(f, a):
    if f.said("order_age", "gt6m"):
        a.uses("zadvydas").why(N_("After 6 months, if the person shows that deportation is not likely in the near "
                                  "future, the Supreme Court says ICE must justify the detention or release them. "
                                  "The person can ask ICE in writing, and a lawyer can go to federal court."))
    a.why(THIRD_COUNTRY)
    if f.said("redetained", "yes"):
        a.uses("revocation_steps").why(N_("ICE detained the person again after living outside. ICE must give "
                                          "written reasons and an interview; courts have ordered release when it "
                                          "did not."))
        a.step(A.STEP_LAWYER_NOW)


def _protected_more(f, a):
    if f.removal_period == YES:
        a.why(N_("The order became final less than 3 months ago. The law requires detention during the first 90 "
                 "days; then ICE must review custody."))
    _possible_more(f, a)


PATHWAY = Pathway(
    "order_of_supervision", 5, N_("Release under an order of supervision"),
    uses=("post_order_custody",),
    rules=(
        Rule("no_final_order", lambda f: f.final_order == NO, UNLIKELY,
             N_("This pathway is for people with a final deportation order. Your answers do not show one now."),
             reads=("final_order", "ruling", "appeal", "prior_order")),
        # Issue 9 item 17: "What did the judge decide? I don't know" leaves this open.
        Rule("final_order_unknown", lambda f: f.final_order != YES, UNKNOWN,
             N_("We need to know whether there is a final deportation order."),
             reads=("final_order", "ruling", "appeal", "prior_order"), learn=(A.FIND_EOIR,)),
        Rule("not_cooperating", lambda f: f.said("cooperating", "no"), UNLIKELY,
             N_("You said the person is not helping to get travel papers. That can keep them detained longer and "
                "counts against release."),
             reads=("cooperating",), steps=(A.STEP_ASK_DO_TRAVEL, A.STEP_OSUP_PACKET),
             changes=(N_("The person cooperates and keeps proof of it."),)),
        # Issue 9 item 16: withholding/CAT bars return home, so supervision is the usual route.
        Rule("protected_from_return", lambda f: f.protected_from_return, POSSIBLE,
             N_("The person won 'withholding' or torture-treaty protection, so ICE cannot send them to that country. "
                "After the 90-day removal period, release with check-ins (an order of supervision) is the usual "
                "route, but it is not guaranteed."),
             reads=("ruling", "order_age"), uses=("withholding_keeps_order", "third_country", "removal_period"),
             steps=(A.STEP_ASK_DO_TRAVEL, A.STEP_OSUP_PACKET), more=_protected_more),
        Rule("travel_papers_ready", lambda f: f.travel_ready, UNLIKELY,
             N_("Travel papers are ready or can be had, so ICE is likely to deport soon."),
             reads=("travel_docs",), steps=(A.STEP_ASK_DO_TRAVEL, A.STEP_LAWYER_NOW)),
        Rule("travel_papers_unknown", lambda f: not f.said("travel_docs", "country_refuses"), UNKNOWN,
             N_("We need to know whether the person's country will give travel papers."),
             reads=("travel_docs",), learn=(A.FIND_DO,), steps=(A.STEP_ASK_DO_TRAVEL, A.STEP_OSUP_PACKET)),
        # Brief F: detention is required during the 90 days after the order became final (issue 9 item 15).
        Rule("removal_period", lambda f: f.removal_period == YES, UNLIKELY,
             N_("The order became final less than 3 months ago. In the first 90 days, the law requires detention."),
             reads=("order_age",), uses=("removal_period",), changes=(AFTER_90_DAYS,),
             steps=(A.STEP_ASK_DO_TRAVEL, A.STEP_OSUP_PACKET)),
        Rule("order_age_unknown", lambda f: f.removal_period == T_UNKNOWN, UNKNOWN,
             N_("We need to know when the order became final."),
             reads=("order_age",), learn=(A.FIND_EOIR,), steps=(A.STEP_ASK_DO_TRAVEL, A.STEP_OSUP_PACKET)),
        Rule("cooperation_unknown", lambda f: not f.said("cooperating", "yes"), UNKNOWN,
             N_("We need to know whether the person is helping to get travel papers, like signing forms."),
             reads=("cooperating",), learn=(A.FIND_ASK_PERSON,), steps=(A.STEP_ASK_DO_TRAVEL, A.STEP_OSUP_PACKET)),
        Rule("removal_not_foreseeable", always, POSSIBLE,
             N_("The country is not giving travel papers and the order is not new. If deportation is not likely "
                "soon, ICE can release the person with check-ins."),
             reads=("travel_docs", "order_age", "cooperating"), uses=("third_country",),
             steps=(A.STEP_ASK_DO_TRAVEL, A.STEP_OSUP_PACKET), more=_possible_more),
    ),
)
