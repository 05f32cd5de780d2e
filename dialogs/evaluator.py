"""The pathway evaluator: a pure function from answers to seven explained assessments.

Verdicts never promise an outcome: LIKELY / POSSIBLE / UNLIKELY / UNKNOWN, each
with the answers that led there, what would change it, next steps and sources.
Rules come from `rules.json`; a stale or contested rule can never back a LIKELY.
"""
from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field

from . import advice as A
from .facts import MAYBE, NO, UNKNOWN as F_UNKNOWN, YES, Facts
from .rules import Rules, load_rules
from .text import Day, Money, Msg, N_

LIKELY, POSSIBLE, UNLIKELY, UNKNOWN = "LIKELY", "POSSIBLE", "UNLIKELY", "UNKNOWN"
VERDICTS = (LIKELY, POSSIBLE, UNLIKELY, UNKNOWN)
HOPE_ORDER = {LIKELY: 0, POSSIBLE: 1, UNKNOWN: 2, UNLIKELY: 3}

PATHWAYS: tuple[tuple[str, int, str], ...] = (
    ("no_legal_basis", 1, N_("No legal reason to keep the person")),
    ("capacity", 2, N_("ICE may release people when detention is full")),
    ("humanitarian_parole", 3, N_("Release for humanitarian reasons (parole)")),
    ("bond", 4, N_("A judge or ICE sets bond")),
    ("order_of_supervision", 5, N_("Release under an order of supervision")),
    ("legal_victory", 6, N_("Winning the case in immigration court")),
    ("voluntary_departure", 7, N_("Agreeing to leave the U.S.")),
)
TITLES = {pid: title for pid, _, title in PATHWAYS}
VERDICT_LABELS = {
    LIKELY: N_("LIKELY"),
    POSSIBLE: N_("POSSIBLE"),
    UNLIKELY: N_("UNLIKELY"),
    UNKNOWN: N_("UNKNOWN"),
}


@dataclass
class Assessment:
    id: str
    number: int
    verdict: str = UNKNOWN
    reasons: list[Msg] = field(default_factory=list)
    changes: list[Msg] = field(default_factory=list)
    next_steps: list[Msg] = field(default_factory=list)
    find_out: list[Msg] = field(default_factory=list)
    facts: list[str] = field(default_factory=list)
    sources: list[str] = field(default_factory=list)
    contested: bool = False
    stale: bool = False

    @property
    def title(self) -> Msg:
        return Msg(TITLES[self.id])

    # Small helpers so each pathway below reads like the brief.
    def set(self, verdict: str, reason: str, **params) -> Assessment:
        self.verdict = verdict
        self.reasons.append(Msg(reason, params))
        return self

    def why(self, reason: str | Msg, **params) -> Assessment:
        self.reasons.append(reason if isinstance(reason, Msg) else Msg(reason, params))
        return self

    def change(self, msg: str | Msg, **params) -> Assessment:
        self.changes.append(msg if isinstance(msg, Msg) else Msg(msg, params))
        return self

    def step(self, *msgs: str | Msg) -> Assessment:
        for m in msgs:
            self.next_steps.append(m if isinstance(m, Msg) else Msg(m))
        return self

    def learn(self, *msgs: str | Msg) -> Assessment:
        for m in msgs:
            m = m if isinstance(m, Msg) else Msg(m)
            if m not in self.find_out:
                self.find_out.append(m)
        return self

    def uses(self, *fact_ids: str) -> Assessment:
        self.facts.extend(f for f in fact_ids if f not in self.facts)
        return self


@dataclass
class Urgent:
    id: str
    message: Msg


@dataclass
class Evaluation:
    urgent: list[Urgent]
    pathways: list[Assessment]
    rules_last_verified: dt.date

    def by_id(self, pathway_id: str) -> Assessment:
        return next(p for p in self.pathways if p.id == pathway_id)

    def most_hopeful_first(self) -> list[Assessment]:
        return sorted(self.pathways, key=lambda p: (HOPE_ORDER[p.verdict], p.number))


# --------------------------------------------------------------------------- pathways
def no_legal_basis(f: Facts, a: Assessment, rules: Rules) -> None:
    a.uses("final_decision")
    a.step(A.STEP_CHECK_EOIR)
    if f.said("citizen_parent", "yes"):
        a.uses("citizenship").set(POSSIBLE, N_("You said the person may have been born in the U.S. or had a "
                                                "U.S.-citizen parent. ICE is not allowed to hold a U.S. citizen."))
        a.change(N_("A lawyer checks whether the person is really a citizen."))
        a.step(A.STEP_LAWYER_NOW)
        return
    if f.said("ruling", "dismissed", "relief"):
        if f.said("ruling", "dismissed") and f.said("dismissal_by", "govt"):
            a.uses("dismiss_then_arrest")
            if f.said("arrested_after", "yes"):
                a.set(UNLIKELY, N_("You said the government asked to end the case and the person was arrested "
                                   "or kept in detention. This is often the start of fast deportation, not a "
                                   "release."))
                a.step(A.STEP_LAWYER_NOW)
                return
            if f.unknown("arrested_after"):
                a.set(UNKNOWN, N_("The government asked to end the case. We need to know whether the person was "
                                  "arrested or kept in detention after that."))
                a.learn(A.FIND_DO)
                return
        if f.said("appeal", "no_final"):
            a.set(LIKELY, N_("You said the judge ended the case or gave protection that ends it, and no one "
                             "appealed within 30 days. Then ICE no longer has a legal reason to hold the person."))
            a.step(A.STEP_ASK_RELEASE_DATE, A.STEP_HABEAS)
        elif f.said("appeal", "govt"):
            a.set(UNLIKELY, N_("The government appealed. While the appeal goes on, ICE can keep holding the "
                               "person."))
            a.change(N_("The appeal is decided in the person's favor."))
            a.step(A.STEP_LAWYER_BOND_PAROLE)
        elif f.said("appeal", "no_recent", "person"):
            a.set(POSSIBLE, N_("The decision is not final yet. The government has 30 days to appeal."))
            a.change(N_("30 days pass with no appeal: then the decision is final."))
        else:
            a.set(UNKNOWN, N_("We need to know whether anyone appealed the judge's decision."))
            a.learn(A.FIND_EOIR)
        return
    if f.unknown("case_stage") or f.unknown("ruling"):
        a.set(UNKNOWN, N_("We need to know where the court case stands."))
        a.learn(A.FIND_EOIR)
        return
    a.set(UNLIKELY, N_("The court case is not over in the person's favor, so ICE still has a legal reason to "
                       "hold them."))
    if f.mandatory != YES:
        a.why(N_("Not being in 'mandatory detention' does not mean automatic release. It means a judge may be "
                 "able to set bond (see pathway 4)."))
    a.change(N_("The judge ends the case or grants protection, and the decision becomes final."))
    if f.unknown("citizen_parent"):
        a.learn(A.FIND_CITIZEN)


def capacity(f: Facts, a: Assessment, rules: Rules) -> None:
    a.uses("detention_expansion")
    a.why(N_("There is no right to be released because detention is full. It is ICE's choice. Since 2025, "
             "Congress paid for many more detention beds, so this happens less."))
    if f.mandatory == YES:
        a.uses("mandatory_236c").set(UNLIKELY, N_("Your answers about arrests suggest the law requires ICE to "
                                                   "keep the person (mandatory detention)."))
        a.change(N_("A lawyer shows that the arrest or conviction does not fall under mandatory detention."))
        return
    if f.final_order == YES and f.travel_ready:
        a.set(UNLIKELY, N_("There is a final deportation order and travel papers are ready, so ICE is likely "
                           "to deport rather than release."))
        return
    if f.final_order == YES and f.unknown("travel_docs"):
        a.set(UNKNOWN, N_("There is a final deportation order. We need to know whether travel papers are ready."))
        a.learn(A.FIND_DO)
        return
    if f.has_record == YES or f.said("missed_hearing", "yes"):
        a.set(UNLIKELY, N_("Any arrest or a missed appointment makes a release by ICE's choice much less "
                           "likely."))
        a.change(N_("Court papers showing charges were dropped, and proof the person always came when asked."))
        a.step(A.STEP_ATD_REQUEST)
        return
    if f.has_record == F_UNKNOWN or f.unknown("missed_hearing"):
        a.set(UNKNOWN, N_("We need to know about arrests and missed appointments; they matter most here."))
        a.learn(A.FIND_RECORD)
        return
    a.set(POSSIBLE, N_("No arrests and no missed appointments. ICE sometimes releases people like this, but the "
                       "family cannot make it happen."))
    _home_and_sponsor(f, a)
    a.step(A.STEP_ATD_REQUEST)


def _home_and_sponsor(f: Facts, a: Assessment) -> None:
    """What the answer about a home and a sponsor adds, without claiming more than was said."""
    if "sponsor" in f.ties:
        a.why(N_("A place to live and a sponsor help."))
    elif "home" in f.ties:
        a.why(N_("A place to live helps."))
        a.change(N_("Finding a sponsor with legal status who will support the person."))
    else:
        a.change(N_("Finding a place to live and a sponsor with legal status."))


def humanitarian_parole(f: Facts, a: Assessment, rules: Rules) -> None:
    a.uses("parole")
    if f.mandatory == YES:
        a.uses("mandatory_236c").set(UNLIKELY, N_("Your answers about arrests suggest mandatory detention. For "
                                                   "that group the law does not allow humanitarian release."))
        a.change(N_("A lawyer shows that the arrest or conviction does not fall under mandatory detention."))
        return
    reasons = f.humanitarian
    if not reasons:
        if f.humanitarian_unknown:
            a.set(UNKNOWN, N_("We need to know about pregnancy, serious illness and caregiving."))
            a.learn(A.FIND_HEALTH)
        else:
            a.set(UNLIKELY, N_("You did not mention pregnancy, a serious illness, or caring for a young child or "
                               "a sick relative. These are the usual humanitarian reasons."))
            a.change(N_("A new pregnancy, a serious illness, or becoming the only caregiver of a child."))
        return
    a.set(POSSIBLE, N_("You mentioned a humanitarian reason ICE can consider. ICE decides case by case, and "
                       "no one can count on it."))
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
    _home_and_sponsor(f, a)
    if f.mandatory == F_UNKNOWN:
        a.verdict = UNKNOWN
        a.why(N_("Some arrests make this impossible, and we need to know more about the arrest."))
        a.learn(A.FIND_RECORD)
    elif f.mandatory == MAYBE:
        a.why(N_("Some convictions can make this impossible. A lawyer should check the record."))
    if f.final_order == YES:
        a.why(N_("With a final order, the request goes to ICE as part of the custody review (see pathway 5)."))
    a.step(A.STEP_PAROLE_PACKET, A.STEP_FOLLOW_UP)


def bond(f: Facts, a: Assessment, rules: Rules) -> None:
    a.uses("bond_hearing_236a")
    if f.final_order == YES:
        a.set(UNLIKELY, N_("There is a final deportation order. After that, a judge cannot set bond. See "
                           "pathway 5."))
        return
    if f.final_win:
        a.set(UNLIKELY, N_("Bond is not needed: the judge's decision for the person is final, so ICE must "
                           "release them without bond (see pathways 1 and 6)."))
        return
    if f.said("bond_status", "ice_set", "judge_set"):
        _bond_set(f, a)
        return
    if f.mandatory == YES:
        a.uses("mandatory_236c").set(UNLIKELY, N_("Your answers about arrests suggest mandatory detention. For "
                                                   "that group a judge cannot set bond."))
        if f.laken_riley == YES:
            a.uses("laken_riley").why(N_("Under the Laken Riley Act (2025), for people who entered without a visa "
                                         "or valid papers, even an arrest or charge for theft, shoplifting, "
                                         "burglary, hurting a police officer, or a crime that badly hurt someone "
                                         "can be enough for mandatory detention, without a conviction."))
        a.change(N_("A judge can hold a special hearing to check whether the person really falls under "
                    "mandatory detention. Ask a lawyer."))
        if f.said("detained_time", "gt6m"):
            a.uses("prolonged_236c").change(N_("The Supreme Court is deciding whether very long detention without "
                                               "a bond hearing is allowed."))
        a.step(A.STEP_LAWYER)
        return
    if f.said("entry", "port"):
        a.uses("arriving_no_bond").set(UNLIKELY, N_("You said the person arrived at an official border post. "
                                                    "For them, judges cannot set bond. Only ICE parole is "
                                                    "possible (pathway 3)."))
        return
    if f.said("entry", "border_held"):
        a.uses("q_li").set(UNLIKELY, N_("You said the person was caught near the border and held. A 2025 "
                                        "decision says judges cannot set bond for them. Only ICE parole is "
                                        "possible (pathway 3)."))
        return
    if f.said("entry", "border_released") and not f.admitted:
        a.uses("q_li").set(POSSIBLE, N_("The person was caught at the border and then released. Whether a judge "
                                        "can set bond now depends on the paper they got then: 'parole' or "
                                        "'release on recognizance'."))
        a.learn(A.FIND_PAPERS)
        a.step(A.STEP_LAWYER, A.STEP_BOND_PACKET)
        return
    if f.said("entry", "ewi") and not f.admitted:
        _bond_ewi(f, a, rules)
        return
    if not f.admitted:
        a.set(UNKNOWN, N_("We need to know how the person entered the U.S. It decides whether a judge can set "
                          "bond."))
        a.learn(A.FIND_PAPERS, A.FIND_DO)
        return
    if f.mandatory == F_UNKNOWN:
        a.set(UNKNOWN, N_("The person entered with a visa or has a green card, so a judge can usually set bond. "
                          "But some arrests or convictions block bond, and we need to know more about them."))
        a.learn(A.FIND_RECORD, A.FIND_DO)
        return
    if f.mandatory == MAYBE:
        a.why(N_("You said the person entered with a visa or has a green card. A judge can usually set bond, "
                 "but some convictions block it. A lawyer must check the record."))
    else:
        a.why(N_("You said the person entered with a visa or has a green card, and your answers do not show "
                 "an arrest that requires detention. Then a judge can usually hold a bond hearing."))
    _bond_hearing(f, a)


def _bond_hearing(f: Facts, a: Assessment) -> None:
    """Eligible for a hearing: where things stand and what makes bond more likely."""
    if f.said("bond_status", "judge_denied"):
        if f.said("changed", "yes"):
            a.set(POSSIBLE, N_("A judge denied bond, but you said something important has changed. A new "
                               "hearing can be asked for."))
        else:
            a.set(UNLIKELY, N_("A judge denied bond. It can be appealed within 30 days, or asked again if "
                               "something important changes."))
            a.change(N_("Something important changes, like new papers or a dropped charge."))
        a.step(A.STEP_LAWYER, A.STEP_BOND_PACKET)
        return
    if f.said("bond_status", "no_power"):
        a.set(POSSIBLE, N_("A judge said they had no power to decide bond. A lawyer can check whether that is "
                           "right and may go to federal court."))
        a.step(A.STEP_LAWYER)
        return
    a.set(POSSIBLE, N_("The person can ask a judge for a bond hearing. The judge decides whether the person "
                       "is a danger or may not come to court."))
    _home_and_sponsor(f, a)
    for tie, msg in (
                     ("family", N_("Close family with legal status here helps.")),
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
    a.step(A.STEP_LAWYER, A.STEP_BOND_PACKET)


def _bond_set(f: Facts, a: Assessment) -> None:
    a.step(A.STEP_PAY_BOND)
    if f.said("bond_paid", "paid_held"):
        a.set(POSSIBLE, N_("You said bond was paid but the person is still held. The government may have stopped "
                           "the release. A lawyer should act quickly."))
        a.uses("automatic_stay").step(A.STEP_LAWYER_NOW)
        return
    if f.said("bond_status", "judge_set") and not f.said("govt_stay", "no"):
        a.uses("automatic_stay")
        if f.said("govt_stay", "yes"):
            a.set(POSSIBLE, N_("A judge set bond, but the government appealed or used an 'automatic stay' to keep "
                               "the person detained. Many federal courts have found this unlawful in individual "
                               "cases."))
            a.step(A.STEP_LAWYER_NOW)
        else:
            a.set(POSSIBLE, N_("A judge set bond. We need to know whether the government is trying to stop the "
                               "release."))
            a.learn(A.FIND_BOND)
        return
    if f.said("bond_paid", "not_paid"):
        a.set(LIKELY, N_("You said bond was set and is not paid yet. Once it is paid, ICE should normally "
                         "release the person."))
        if f.said("bond_amount", "gt10k"):
            a.change(N_("If the amount is too high, a lawyer can ask the judge to lower it."))
        a.step(A.STEP_BOND_FUNDS)
        return
    a.set(POSSIBLE, N_("A bond was set. We need to know whether it has been paid."))
    a.learn(A.FIND_BOND)


def _bond_ewi(f: Facts, a: Assessment, rules: Rules) -> None:
    a.uses("ewi_bond", "ewi_bond_by_circuit")
    a.why(N_("For people who crossed without being checked and were arrested later inside the U.S., courts "
             "disagree right now about whether a judge can set bond. A lawyer can tell you the current rule "
             "where the person is held."))
    table = rules.fact("ewi_bond_by_circuit")
    answer = rules.ewi_bond_answer(f["us_state"] or "")
    as_of = Day(table.last_verified)
    if answer is None:
        a.set(UNKNOWN, N_("We need to know in which state the person is held."))
        a.learn(A.FIND_LOCATOR)
        return
    if answer == "no":
        a.set(UNLIKELY, N_("As of {date}, the federal appeals court for that state said judges cannot set bond "
                           "for this group."), date=as_of)
        a.change(N_("The Supreme Court may decide this question. A lawyer may still try federal court."))
    elif answer in ("yes", "yes_not_final"):
        a.set(POSSIBLE, N_("As of {date}, the federal appeals court for that state said a bond hearing should "
                           "be possible. But in January 2026 the immigration courts told their judges to keep "
                           "denying such hearings, so a lawyer may need to go to federal court."), date=as_of)
        if answer == "yes_not_final":
            a.why(N_("That ruling was not final yet."))
    else:
        a.set(POSSIBLE, N_("As of {date}, the federal appeals court for that state had not clearly decided this."),
              date=as_of)
    if f.mandatory == F_UNKNOWN and a.verdict != UNLIKELY:
        a.verdict = UNKNOWN
        a.why(N_("Some arrests block bond, and we need to know more about the arrest."))
        a.learn(A.FIND_RECORD)
    elif f.mandatory == MAYBE:
        a.why(N_("Some arrests or convictions block bond. A lawyer should check the record."))
    a.step(A.STEP_LAWYER, A.STEP_BOND_PACKET)


def order_of_supervision(f: Facts, a: Assessment, rules: Rules) -> None:
    a.uses("post_order_custody")
    final = f.final_order
    if final == NO:
        a.set(UNLIKELY, N_("This pathway is for people with a final deportation order. Your answers do not show "
                           "one now."))
        return
    if final != YES:
        a.set(UNKNOWN, N_("We need to know whether there is a final deportation order."))
        a.learn(A.FIND_EOIR)
        return
    a.uses("third_country")
    a.step(A.STEP_ASK_DO_TRAVEL, A.STEP_OSUP_PACKET)
    if f.said("cooperating", "no"):
        a.set(UNLIKELY, N_("You said the person is not helping to get travel papers. That can keep them "
                           "detained longer and counts against release."))
        a.change(N_("The person cooperates and keeps proof of it."))
        return
    if f.travel_ready:
        a.set(UNLIKELY, N_("Travel papers are ready or can be had, so ICE is likely to deport soon."))
        a.step(A.STEP_LAWYER_NOW)
        return
    if f.unknown("travel_docs"):
        a.set(UNKNOWN, N_("We need to know whether the person's country will give travel papers."))
        a.learn(A.FIND_DO)
        return
    if f.said("order_age", "lt3m") and not f.said("detained_time", "gt6m"):
        a.set(UNLIKELY, N_("The order became final less than 3 months ago. In the first 90 days, the law "
                           "requires detention."))
        a.change(N_("After 90 days ICE must review custody, and after 6 months release becomes more likely if "
                    "deportation is not likely in the near future."))
        return
    if f.unknown("order_age") and f.unknown("detained_time"):
        a.set(UNKNOWN, N_("We need to know when the order became final."))
        a.learn(A.FIND_EOIR)
        return
    a.set(POSSIBLE, N_("The country is not giving travel papers and the order is not new. If deportation is not "
                       "likely soon, ICE can release the person with check-ins."))
    if f.said("order_age", "gt6m") or f.said("detained_time", "gt6m"):
        a.uses("zadvydas").why(N_("After 6 months, if the person shows that deportation is not likely in the near "
                                  "future, the Supreme Court says ICE must justify the detention or release them. "
                                  "The person can ask ICE in writing, and a lawyer can go to federal court."))
    a.why(N_("ICE may try to send the person to a different country. Tell a lawyer at once if the person fears "
             "harm there."))
    if f.said("redetained", "yes"):
        a.uses("revocation_steps").why(N_("ICE detained the person again after living outside. ICE must give "
                                          "written reasons and an interview; courts have ordered release when "
                                          "it did not."))
        a.step(A.STEP_LAWYER_NOW)


def legal_victory(f: Facts, a: Assessment, rules: Rules) -> None:
    a.uses("final_decision")
    a.step(A.STEP_CHECK_EOIR)
    if f.said("ruling", "dismissed") and f.said("dismissal_by", "govt") and f.said("arrested_after", "yes"):
        a.uses("dismiss_then_arrest").set(UNLIKELY, N_("The government asked to end the case and then kept or "
                                                       "arrested the person. That is usually the start of fast "
                                                       "deportation, not a win. Talk to a lawyer now."))
        a.step(A.STEP_LAWYER_NOW)
        return
    if f.said("ruling", "relief", "dismissed"):
        if f.said("appeal", "no_final"):
            a.set(LIKELY, N_("The judge decided for the person and the decision is final. Then ICE must release "
                             "them, though it can take some days."))
            a.step(A.STEP_ASK_RELEASE_DATE)
        elif f.said("appeal", "govt"):
            a.set(POSSIBLE, N_("The judge decided for the person, but the government appealed. The person can ask "
                               "for bond or parole and show the judge's decision."))
            a.step(A.STEP_LAWYER_BOND_PAROLE)
        elif f.said("appeal", "no_recent", "person"):
            a.set(POSSIBLE, N_("The judge decided for the person. The decision becomes final if the government "
                               "does not appeal within 30 days."))
        else:
            a.set(UNKNOWN, N_("We need to know whether the government appealed the decision."))
            a.learn(A.FIND_EOIR)
        if f.said("dismissal_by", "govt"):
            a.uses("dismiss_then_arrest").why(N_("The government asked to end the case. That can lead to an "
                                                 "arrest for fast deportation. Talk to a lawyer now."))
            if a.verdict == LIKELY:
                a.verdict = POSSIBLE
        return
    if f.said("ruling", "withholding"):
        a.uses("withholding_keeps_order", "third_country")
        a.set(POSSIBLE, N_("'Withholding' or torture-treaty protection stops deportation to that country, but "
                           "the deportation order stays. Release is not automatic; it usually comes with an "
                           "order of supervision (pathway 5)."))
        a.why(N_("ICE may try to send the person to a different country."))
        a.step(A.STEP_OSUP_PACKET)
        return
    if f.said("ruling", "removal"):
        if f.said("appeal", "person"):
            a.set(POSSIBLE, N_("The judge ordered deportation, but the person appealed. Winning the appeal could "
                               "lead to release."))
        elif f.said("appeal", "no_recent"):
            a.set(POSSIBLE, N_("The judge ordered deportation less than 30 days ago. There is still time to "
                               "appeal. Talk to a lawyer now."))
            a.step(A.STEP_LAWYER_NOW)
        else:
            a.set(UNLIKELY, N_("The judge ordered deportation."))
            a.change(N_("A lawyer finds a reason to reopen the case."))
        return
    if f.unknown("case_stage") or f.unknown("ruling"):
        a.set(UNKNOWN, N_("We need to know where the court case stands."))
        a.learn(A.FIND_EOIR)
        return
    if f.said("case_stage", "none"):
        a.set(UNLIKELY, N_("You said there is no court case. Without a case, there is nothing to win in court."))
        a.change(N_("A lawyer finds a way to bring the case before a judge, for example because of fear of "
                    "harm."))
        return
    if f.said("applied_relief", "yes"):
        a.set(POSSIBLE, N_("The person has asked the court for protection or papers. If the judge grants it and "
                           "the decision becomes final, ICE must release them. Cases can take months."))
        a.step(A.STEP_LAWYER)
        return
    signals = []
    if f.said("fear", "yes"):
        signals.append(N_("Fear of harm at home can be a reason for asylum or other protection."))
    if f.said("years_in_us", "gt10") and f.said("us_family", "yes"):
        signals.append(N_("More than 10 years here and close family with legal status can matter for "
                          "'cancellation of removal'."))
    if signals:
        a.set(POSSIBLE, N_("No application yet, but your answers show things a lawyer should check. This does not "
                           "mean the person qualifies."))
        for s in signals:
            a.why(s)
        a.step(A.STEP_LAWYER)
        return
    if f.unknown("applied_relief"):
        a.set(UNKNOWN, N_("We need to know whether the person has applied for anything in court."))
        a.learn(A.FIND_EOIR)
        return
    a.set(UNLIKELY, N_("No application in court and no clear reason for one in your answers."))
    a.change(N_("A lawyer finds a form of protection that fits the person."))


def voluntary_departure(f: Facts, a: Assessment, rules: Rules) -> None:
    a.uses("voluntary_departure", "stipulated_removal")
    a.why(N_("For a detained person, agreeing to leave usually means leaving the U.S. straight from detention, "
             "not release here."))
    a.step(A.STEP_LAWYER_BEFORE_SIGNING)
    if f.said("wants_home", "no"):
        a.set(UNLIKELY, N_("You said the person does not want to go back."))
        return
    if f.unknown("wants_home"):
        a.set(UNKNOWN, N_("We need to know whether the person wants to go back."))
        a.learn(A.FIND_ASK_PERSON)
        return
    if f.final_order == YES:
        a.set(UNLIKELY, N_("There is already a final deportation order, so agreeing to leave is no longer "
                           "possible in court. ICE can carry out the order."))
        return
    if f.said("fear", "yes"):
        a.set(POSSIBLE, N_("The person may want to leave, but you said they fear harm back home. Leaving may give "
                           "up protection. Talk to a lawyer before signing anything."))
        return
    if f.aggravated_felony_likely:
        a.set(UNLIKELY, N_("A theft or violence conviction with a sentence of a year or more usually blocks "
                           "voluntary departure. A lawyer must check the record."))
        return
    if f.criminal_mandatory in (YES, MAYBE):
        a.set(POSSIBLE, N_("Some convictions block this option. A lawyer must check the record first."))
        return
    if f.said("wants_home", "unsure"):
        a.set(POSSIBLE, N_("The person is not sure about going back. This option ends detention sooner, but "
                           "it can mean not being allowed back into the U.S. for years."))
        return
    a.set(LIKELY, N_("The person wants to go back and nothing in your answers blocks it. A judge can allow them "
                     "to leave on their own (voluntary departure), usually straight from detention."))
    a.why(N_("If the judge allows it at the end of the case, a departure bond (money that shows the person "
             "will leave) of at least {amount} must be paid within 5 business days."),
          amount=Money(rules.fact("voluntary_departure").amount or 500))
    if not f.travel_ready:
        a.change(N_("A valid passport or travel papers are needed."))
    a.why(N_("Not leaving on time brings a fine, and for 10 years the person cannot get most immigration "
             "benefits, such as a green card."))


EVALUATORS = {
    "no_legal_basis": no_legal_basis,
    "capacity": capacity,
    "humanitarian_parole": humanitarian_parole,
    "bond": bond,
    "order_of_supervision": order_of_supervision,
    "legal_victory": legal_victory,
    "voluntary_departure": voluntary_departure,
}


# --------------------------------------------------------------------------- urgent flags
def urgent_flags(f: Facts) -> list[Urgent]:
    flags: list[Urgent] = []

    def flag(fid: str, text: str) -> None:
        flags.append(Urgent(fid, Msg(text)))

    if f.final_order == YES and f.travel_ready:
        flag("removal_imminent", N_("There is a final deportation order and travel papers are ready. Deportation "
                                    "can happen within days."))
    if f.said("asked_to_sign", "yes"):
        flag("asked_to_sign", N_("The person was asked to sign papers to leave. They should not sign anything "
                                 "before a lawyer looks at it."))
    if f.said("fear", "yes"):
        flag("fear_of_return", N_("The person fears harm if sent back. A lawyer must know this now; leaving or "
                                  "signing may give up protection."))
    if f.said("illness", "emergency"):
        flag("medical_emergency", N_("Medical emergency: ask the detention center for urgent care now, and tell a "
                                     "lawyer."))
    if f.said("dismissal_by", "govt") and f.said("arrested_after", "yes"):
        flag("dismissal_arrest", N_("The case was dismissed at the government's request and the person was "
                                    "arrested or kept in detention. Fast deportation can follow within days."))
    if f.said("citizen_parent", "yes"):
        flag("possible_citizen", N_("The person may be a U.S. citizen. Tell a lawyer right away."))
    if f.said("redetained", "yes"):
        flag("redetained", N_("ICE detained the person again at a check-in. A lawyer should check at once whether "
                              "ICE followed the rules."))
    return flags


# --------------------------------------------------------------------------- entry point
def _apply_rules(a: Assessment, rules: Rules, today: dt.date) -> None:
    for fact_id in a.facts:
        fact = rules.fact(fact_id)
        if fact.source not in a.sources:
            a.sources.append(fact.source)
        if fact.status == "contested":
            a.contested = True
        if fact.is_stale(today):
            a.stale = True
    if a.contested:
        a.why(N_("Courts are still deciding parts of this. It may depend on where the person is held."))
    if a.stale:
        a.why(Msg(N_("A rule used here was last checked on {date} and may have changed. Ask a lawyer."),
                  {"date": Day(min(rules.fact(x).last_verified for x in a.facts if rules.fact(x).is_stale(today)))}))
    if a.verdict == LIKELY and (a.contested or a.stale):
        a.verdict = POSSIBLE


def evaluate(answers: Mapping[str, str], today: dt.date | None = None, rules: Rules | None = None) -> Evaluation:
    """Seven assessments, one per pathway, for any combination of answers (missing = not asked)."""
    rules = rules or load_rules()
    today = today or dt.date.today()
    f = Facts(answers)
    out = []
    for pid, number, _ in PATHWAYS:
        a = Assessment(pid, number)
        EVALUATORS[pid](f, a, rules)
        if a.verdict == UNKNOWN and not a.find_out:
            a.learn(A.FIND_DO)
        _apply_rules(a, rules, today)
        out.append(a)
    return Evaluation(urgent_flags(f), out, rules.last_verified)
