"""Pathway 4: a judge or ICE sets bond (INA 236(a); brief Pathway 4, B.1-B.3, F).

Read top to bottom: the first rule that matches decides. Who can get bond depends first on
whether there is anything left to hold a hearing in, then on mandatory detention, then on how
the person came in (admitted or not), and for people who crossed without being checked on the
circuit table (brief B.2, dated data in rules.json).
"""
from __future__ import annotations

from .. import advice as A
from ..facts import MAYBE, NO, UNKNOWN as T_UNKNOWN, YES, Facts
from ..text import Day, Msg, N_
from .base import LIKELY, POSSIBLE, UNKNOWN, UNLIKELY, Pathway, Rule
from .common import MANDATORY_LIKELY, home_and_sponsor

BOND_SET = ("ice_set", "judge_set")
PAROLE_ONLY = N_("Only ICE parole is possible (pathway 3).")
BOND_STEPS = (A.STEP_LAWYER, A.STEP_BOND_PACKET)


# ---- the circuit table (brief B.2) ----------------------------------------------------
def _circuit(f: Facts) -> str | None:
    return f.rules.ewi_bond_answer(f["us_state"] or "")


def _table_stale(f: Facts) -> bool:
    return f.rules.is_stale("ewi_bond_by_circuit", f.today)


def _checked(f: Facts) -> Day:
    return Day(f.rules.fact("ewi_bond_by_circuit").last_verified)


def _stale_reason(f: Facts) -> Msg:
    """Brief B.2: never present an old table's "yes" as today's rule; say what it said, and when."""
    said = {"no": N_("When we last checked, on {date}, the federal appeals court for that state had said judges "
                     "cannot set bond for this group. That was more than 30 days ago, and this changes often."),
            "yes": N_("When we last checked, on {date}, the federal appeals court for that state had said a bond "
                      "hearing should be possible. That was more than 30 days ago, and this changes often.")}
    text = said.get(_circuit(f), N_("When we last checked, on {date}, the federal appeals court for that state had "
                                    "not clearly decided this. That was more than 30 days ago, and this changes "
                                    "often."))
    if _circuit(f) == "yes_not_final":
        text = said["yes"]
    return Msg(text, {"date": _checked(f)})


def _circuit_yes(f: Facts) -> Msg:
    guidance = f.rules.fact("eoir_follows_yajure").date
    return Msg(N_("As of {date}, the federal appeals court for that state said a bond hearing should be possible. "
                  "But on {guidance} the immigration courts told their judges to keep denying such hearings, so a "
                  "lawyer may need to go to federal court."), {"date": _checked(f), "guidance": Day(guidance)})


def _courts_disagree(f: Facts, a) -> None:
    a.why(N_("For people who crossed without being checked and were arrested later inside the U.S., courts "
             "disagree right now about whether a judge can set bond. A lawyer can tell you the current rule "
             "where the person is held."))


def _ewi_more(f: Facts, a) -> None:
    _courts_disagree(f, a)
    if _circuit(f) == "yes_not_final":
        a.why(N_("That ruling was not final yet."))
    if f.said("entry", "border_released"):
        a.why(N_("The person was caught at the border and then released. Whether a judge can set bond now depends "
                 "on the paper they got then: 'parole' or 'release on recognizance'."))
        a.learn(A.FIND_PAPERS)
    if f.mandatory == MAYBE:
        a.why(N_("Some arrests or convictions block bond. A lawyer should check the record."))


def _uncheckable(f: Facts) -> bool:
    return f.said("entry", "ewi", "border_released") and f.admitted == NO and not f.parolee


def _barred(f: Facts) -> bool:
    """Any of the groups below for whom a judge cannot set bond (the UNLIKELY rules of this pathway)."""
    return (f.expedited_removal == YES or f.dismissal_arrest == YES or f.mandatory == YES or f.arriving
            or (f.admitted == NO and f.said("entry", "border_held")) or f.parolee
            or (_uncheckable(f) and _circuit(f) == "no" and not _table_stale(f)))


# ---- a hearing for people who were admitted ----------------------------------------------
def _hearing_more(f: Facts, a) -> None:
    home_and_sponsor(f, a)
    for tie, msg in (("family", N_("Close family with legal status here helps.")),
                     ("years", N_("Years of living in the U.S. help."))):
        if tie in f.ties:
            a.why(msg)
    if f.said("missed_hearing", "yes"):
        a.why(N_("A missed appointment or court date counts against bond."))
    if f.has_record == YES:
        a.why(N_("Any arrest, even without a conviction, can count against bond."))
    if f.unknown("bond_status"):
        a.learn(A.FIND_BOND)
    a.change(N_("Proof of a home, a sponsor, family ties and a clean record makes bond more likely."))


def _admitted_reason(f: Facts) -> Msg:
    if f.mandatory == MAYBE:
        return Msg(N_("You said the person entered with a visa or has a green card. A judge can usually set bond, "
                      "but some convictions block it. A lawyer must check the record."))
    return Msg(N_("You said the person entered with a visa or has a green card, and your answers do not show an "
                  "arrest that requires detention. Then a judge can usually hold a bond hearing."))


def _hearing(rule_id: str, when, verdict, reason, **kw) -> Rule:
    def more(f, a):
        if rule_id != "arrest_unknown":
            a.why(_admitted_reason(f))
        if kw.get("ties"):
            _hearing_more(f, a)
    return Rule(rule_id, lambda f: f.admitted == YES and when(f), verdict, reason,
                reads=("admitted", "mandatory", "bond_status", "changed"), steps=BOND_STEPS,
                changes=kw.get("changes", ()), learn=kw.get("learn", ()), more=more)


def _mandatory_more(f: Facts, a) -> None:
    if f.laken_riley == YES:
        a.uses("laken_riley").why(N_("Under the Laken Riley Act (2025), for people who entered without a visa or "
                                     "valid papers, even an arrest or charge for theft, shoplifting, burglary, "
                                     "hurting a police officer, or a crime that badly hurt someone can be enough "
                                     "for mandatory detention, without a conviction."))
    if f.said("detained_time", "gt6m"):
        a.uses("prolonged_236c").change(N_("The Supreme Court is deciding whether very long detention without a "
                                           "bond hearing is allowed."))


def _bond_set_more(f: Facts, a) -> None:
    a.step(A.STEP_PAY_BOND)


PATHWAY = Pathway(
    "bond", 4, N_("A judge or ICE sets bond"),
    uses=("bond_hearing_236a",),
    rules=(
        Rule("final_order", lambda f: f.final_order == YES, UNLIKELY,
             N_("There is a final deportation order. After that, a judge cannot set bond. See pathway 5."),
             reads=("final_order",)),
        Rule("release_required", lambda f: f.release_required, UNLIKELY,
             N_("Bond is not needed: the judge's decision for the person is final, so ICE must release them without "
                "bond (see pathways 1 and 6)."), reads=("final_win",)),
        # Bond already set: paying it is what matters.
        Rule("paid_still_held", lambda f: f.said("bond_status", *BOND_SET) and f.said("bond_paid", "paid_held"),
             POSSIBLE,
             N_("You said bond was paid but the person is still held. The government may have stopped the release. "
                "A lawyer should act quickly."),
             reads=("bond_status", "bond_paid"), uses=("automatic_stay",), steps=(A.STEP_LAWYER_NOW,),
             more=_bond_set_more),
        Rule("automatic_stay", lambda f: f.said("bond_status", "judge_set") and f.said("govt_stay", "yes"), POSSIBLE,
             N_("A judge set bond, but the government appealed or used an 'automatic stay' to keep the person "
                "detained. Many federal courts have found this unlawful in individual cases."),
             reads=("bond_status", "govt_stay"), uses=("automatic_stay",), steps=(A.STEP_LAWYER_NOW,),
             more=_bond_set_more),
        Rule("stay_unknown", lambda f: f.said("bond_status", "judge_set") and not f.said("govt_stay", "no"), POSSIBLE,
             N_("A judge set bond. We need to know whether the government is trying to stop the release."),
             reads=("bond_status", "govt_stay"), uses=("automatic_stay",), learn=(A.FIND_BOND,),
             more=_bond_set_more),
        Rule("set_not_paid", lambda f: f.said("bond_status", *BOND_SET) and f.said("bond_paid", "not_paid")
             and f.final_order == NO and f.final_win == NO, LIKELY,
             N_("You said bond was set and is not paid yet. Once it is paid, ICE should normally release the "
                "person."),
             reads=("bond_status", "bond_paid", "govt_stay"), steps=(A.STEP_BOND_FUNDS,),
             more=lambda f, a: (_bond_set_more(f, a), f.said("bond_amount", "gt10k") and a.change(
                 N_("If the amount is too high, a lawyer can ask the judge to lower it.")))),
        Rule("set_not_paid_case_unknown",
             lambda f: f.said("bond_status", *BOND_SET) and f.said("bond_paid", "not_paid"), POSSIBLE,
             N_("You said bond was set and is not paid yet. Paying it normally leads to release, unless the court "
                "case has since ended with a deportation order. We need to know where the court case stands."),
             reads=("bond_status", "bond_paid", "final_order"), learn=(A.FIND_EOIR,), more=_bond_set_more),
        Rule("set_payment_unknown", lambda f: f.said("bond_status", *BOND_SET), POSSIBLE,
             N_("A bond was set. We need to know whether it has been paid."),
             reads=("bond_status", "bond_paid"), learn=(A.FIND_BOND,), more=_bond_set_more),
        # A bond set by ICE or a judge is evidence that no bar applied, so "I don't know" about bond
        # leaves the barred groups open too.
        Rule("bond_unknown_barred", lambda f: f.unknown("bond_status") and _barred(f), UNKNOWN,
             N_("We need to know whether ICE or a judge has already decided about bond."),
             reads=("bond_status",), learn=(A.FIND_BOND,)),
        # No judge at all: expedited removal (brief B.1; issue 9 item 8).
        Rule("expedited_removal", lambda f: f.expedited_removal == YES, UNLIKELY,
             N_("You said the person crossed without being checked less than 2 years ago and has no court case. The "
                "government can then use fast deportation (expedited removal): no judge, and no bond. Removal can "
                "happen within days."),
             reads=("entry", "years_in_us", "case_stage"), uses=("expedited_removal",), steps=(A.STEP_LAWYER_NOW,),
             more=lambda f, a: a.why(PAROLE_ONLY)),
        Rule("dismissal_then_arrest", lambda f: f.dismissal_arrest == YES, UNLIKELY,
             N_("The government ended the case and arrested the person for fast deportation. A judge cannot set "
                "bond then."),
             reads=("dismissal_by", "arrested_after"), uses=("dismiss_then_arrest",), steps=(A.STEP_LAWYER_NOW,),
             more=lambda f, a: a.why(PAROLE_ONLY)),
        Rule("mandatory_detention", lambda f: f.mandatory == YES, UNLIKELY,
             N_("Your answers about arrests suggest mandatory detention. For that group a judge cannot set bond."),
             reads=("mandatory", "laken_riley", "conviction_236c"), uses=("mandatory_236c",), steps=(A.STEP_LAWYER,),
             changes=(N_("A judge can hold a special hearing to check whether the person really falls under "
                         "mandatory detention. Ask a lawyer."),),
             more=lambda f, a: (a.why(MANDATORY_LIKELY), _mandatory_more(f, a))),
        Rule("arriving", lambda f: f.arriving, UNLIKELY,
             N_("You said the person arrived at an official border post. For them, judges cannot set bond. Only ICE "
                "parole is possible (pathway 3)."),
             reads=("entry", "papers"), uses=("arriving_no_bond",)),
        Rule("caught_at_border", lambda f: f.admitted == NO and f.said("entry", "border_held"), UNLIKELY,
             N_("You said the person was caught near the border and held. A 2025 decision says judges cannot set "
                "bond for them. Only ICE parole is possible (pathway 3)."),
             reads=("entry",), uses=("q_li",)),
        # Brief B.3, Q. Li: a parolee who is detained again returns to 235(b) (issue 9 items 5 and 7).
        Rule("parolee", lambda f: f.parolee, UNLIKELY,
             N_("You said the person has immigration parole papers. Parole is not an admission: a 2025 decision "
                "says a person on parole who is detained again cannot get bond from a judge."),
             reads=("papers",), uses=("parole_not_admission", "q_li"), more=lambda f, a: a.why(PAROLE_ONLY)),
        # Admitted people (visa, green card): a hearing, unless a conviction may block it.
        _hearing("arrest_unknown", lambda f: f.mandatory == T_UNKNOWN, UNKNOWN,
                 N_("The person entered with a visa or has a green card, so a judge can usually set bond. "
                    "But some arrests or convictions block bond, and we need to know more about them."),
                 learn=(A.FIND_RECORD, A.FIND_DO)),
        _hearing("denied_changed", lambda f: f.said("bond_status", "judge_denied") and f.said("changed", "yes"),
                 POSSIBLE, N_("A judge denied bond, but you said something important has changed. A new hearing can "
                              "be asked for.")),
        _hearing("denied", lambda f: f.said("bond_status", "judge_denied") and f.said("changed", "no"), UNLIKELY,
                 N_("A judge denied bond. It can be appealed within 30 days, or asked again if something important "
                    "changes."),
                 changes=(N_("Something important changes, like new papers or a dropped charge."),)),
        _hearing("denied_change_unknown", lambda f: f.said("bond_status", "judge_denied"), UNKNOWN,
                 N_("A judge denied bond. We need to know whether something important has changed since then."),
                 learn=(A.FIND_ASK_PERSON,)),
        _hearing("judge_no_power", lambda f: f.said("bond_status", "no_power"), POSSIBLE,
                 N_("A judge said they had no power to decide bond. A lawyer can check whether that is right and "
                    "may go to federal court.")),
        _hearing("can_ask_judge", lambda f: True, POSSIBLE,
                 N_("The person can ask a judge for a bond hearing. The judge decides whether the person is a danger "
                    "or may not come to court."), ties=True),
        # Crossed without being checked: the circuit table (brief B.2).
        Rule("state_unknown", lambda f: _uncheckable(f) and _circuit(f) is None, UNKNOWN,
             N_("We need to know in which state the person is held."),
             reads=("entry", "us_state"), uses=("ewi_bond", "ewi_bond_by_circuit"), learn=(A.FIND_LOCATOR,)),
        Rule("circuit_table_old", lambda f: _uncheckable(f) and _table_stale(f), UNKNOWN, _stale_reason,
             reads=("entry", "us_state"), uses=("ewi_bond", "ewi_bond_by_circuit"), steps=BOND_STEPS,
             learn=(A.FIND_LAWYER_RULE,), more=_ewi_more),
        Rule("circuit_says_no", lambda f: _uncheckable(f) and _circuit(f) == "no", UNLIKELY,
             lambda f: Msg(N_("As of {date}, the federal appeals court for that state said judges cannot set bond for "
                              "this group."), {"date": _checked(f)}),
             reads=("entry", "us_state"), uses=("ewi_bond", "ewi_bond_by_circuit"),
             changes=(N_("The Supreme Court may decide this question. A lawyer may still try federal court."),),
             more=_courts_disagree),
        Rule("circuit_arrest_unknown", lambda f: _uncheckable(f) and f.mandatory == T_UNKNOWN, UNKNOWN,
             N_("Some arrests block bond, and we need to know more about the arrest."),
             reads=("mandatory", "arrested", "charge_lra"), uses=("ewi_bond", "ewi_bond_by_circuit"),
             learn=(A.FIND_RECORD,)),
        Rule("circuit_says_yes", lambda f: _uncheckable(f) and _circuit(f) in ("yes", "yes_not_final"), POSSIBLE,
             _circuit_yes, reads=("entry", "us_state"),
             uses=("ewi_bond", "ewi_bond_by_circuit", "eoir_follows_yajure"), steps=BOND_STEPS, more=_ewi_more),
        Rule("circuit_undecided", _uncheckable, POSSIBLE,
             lambda f: Msg(N_("As of {date}, the federal appeals court for that state had not clearly decided "
                              "this."), {"date": _checked(f)}),
             reads=("entry", "us_state"), uses=("ewi_bond", "ewi_bond_by_circuit"), steps=BOND_STEPS,
             more=_ewi_more),
        Rule("entry_unknown", lambda f: True, UNKNOWN,
             N_("We need to know how the person entered the U.S. and what papers they have. Both decide whether a "
                "judge can set bond."),
             reads=("entry", "papers"), learn=(A.FIND_PAPERS, A.FIND_DO)),
    ),
)
