"""Derived facts: what the answers mean in legal terms, shared by the pathways and the flow.

Each derived fact is a `Tri` (yes / no / maybe / unknown) so that an "I don't know"
is never silently read as "no". Where a fact depends on several criminal-history
answers, unknown answers are resolved by trying every possible answer: if they
all lead to the same result, that is the result; if some would trigger a ground
and others would not, the result is "unknown" (or "maybe" when no answer could
clear the person completely).

Brief references: A (detention authorities), B.1-B.3 (who is "admitted"), F
(who INA 236(c) reaches, aggravated felonies, cancellation, the removal period).
"""
from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Mapping
from enum import StrEnum
from functools import cached_property

from .questions import ALWAYS_ASKED, IDK


class Tri(StrEnum):
    YES = "yes"
    NO = "no"
    MAYBE = "maybe"
    UNKNOWN = "unknown"


YES, NO, MAYBE, UNKNOWN = Tri.YES, Tri.NO, Tri.MAYBE, Tri.UNKNOWN

# Questions about a conviction (asked only when the person was found guilty).
CONVICTION_KINDS = ("conv_drugs", "conv_gun", "conv_hurt", "conv_theft", "conv_driving")
CONVICTION_DETAILS = (*CONVICTION_KINDS, "conv_count", "sentence_1y")
YEARS_AT_LEAST = {  # option -> (at least 2, at least 7, at least 10) years
    "lt1": (NO, NO, NO), "1to2": (NO, NO, NO), "2to7": (YES, NO, NO), "7to10": (YES, YES, NO),
    "gt10": (YES, YES, YES),
    "2to10": (YES, UNKNOWN, NO),  # retired option, still understood in old answer files
}


def _combine(values: set[Tri]) -> Tri:
    if len(values) == 1:
        return next(iter(values))
    if UNKNOWN in values or (YES in values and NO in values):
        return UNKNOWN
    return MAYBE


class Facts:
    """The answers plus what they mean. `rules` and `today` are there for rules that read dated data."""

    def __init__(self, answers: Mapping[str, str], rules=None, today: dt.date | None = None):
        self.a = dict(answers)
        self.rules = rules
        self.today = today
        # Only the flow skips questions, and only those that cannot matter; a question that is
        # always asked but missing was never answered, which is not the same as "no".
        self._known = {**{q: IDK for q in ALWAYS_ASKED}, **answers}

    def __getitem__(self, question_id: str) -> str | None:
        return self._known.get(question_id)

    def said(self, question_id: str, *options: str) -> bool:
        return self._known.get(question_id) in options

    def unknown(self, question_id: str) -> bool:
        return self._known.get(question_id) == IDK

    def value(self, name: str) -> str:
        """An answer or a derived fact, as text (for `python -m bot explain`)."""
        if hasattr(type(self), name):
            return str(getattr(self, name))
        return self._known.get(name) or "-"

    # --- how the person is held (brief A, B.1-B.3) ------------------------------------
    @cached_property
    def admitted(self) -> Tri:
        """Inspected and admitted: a green-card holder whatever the entry answer, or someone who came
        with a visa and is not on immigration parole. Parole is not an admission (INA 212(d)(5)(A))."""
        if self.said("papers", "green_card"):
            return YES
        if self.said("papers", "parole"):
            return NO
        if self.said("entry", "visa"):
            return YES
        if self.unknown("papers"):
            return UNKNOWN        # a green card would make the person admitted whatever the entry
        if self.said("entry", "port", "border_held", "border_released", "ewi"):
            return NO
        return UNKNOWN

    @cached_property
    def parolee(self) -> bool:
        return self.said("papers", "parole") and not self.said("papers", "green_card")

    @cached_property
    def arriving(self) -> bool:
        """Presented at a port of entry and was not admitted: no bond from a judge (brief Pathway 4)."""
        return self.admitted == NO and self.said("entry", "port")

    def years_at_least(self, n: int) -> Tri:
        row = YEARS_AT_LEAST.get(self["years_in_us"] or "")
        return row[(2, 7, 10).index(n)] if row else UNKNOWN

    @cached_property
    def expedited_removal(self) -> Tri:
        """Crossed without being checked less than 2 years ago, no court case, no old order: DHS can use
        expedited removal (brief B.1, Jan. 21-23, 2025): no judge, no bond."""
        if self.final_order == YES:
            return NO
        checks = [self.said("entry", "ewi") if not self.unknown("entry") else None,
                  {YES: False, NO: True}.get(self.admitted),    # a green card rules it out
                  {NO: True, YES: False}.get(self.years_at_least(2)),
                  self.said("case_stage", "none") if not self.unknown("case_stage") else None]
        if False in checks:
            return NO
        return YES if None not in checks else UNKNOWN

    # --- final orders and the removal period (brief Pathway 5, F) ----------------------
    @cached_property
    def final_order(self) -> Tri:
        """Is there a final removal order now?"""
        if self.said("ruling", "removal", "withholding"):
            if self.said("appeal", "no_final"):
                return YES
            if self.said("appeal", "person", "govt", "no_recent"):
                return NO
            return UNKNOWN
        if self.said("ruling", "relief", "dismissed"):
            return NO
        if self.unknown("ruling") or self.unknown("case_stage") or (
                self.said("case_stage", "decided", "appeal") and self["ruling"] is None):
            return UNKNOWN
        if self.said("prior_order", "deported_before", "judge_order"):
            if self.said("case_stage", "appeal"):
                return NO
            # Court hearings going on beside an old order: either the old order was reopened (not
            # final), or these are withholding-only hearings under a reinstated order (final).
            return UNKNOWN if self.said("case_stage", "waiting", "ongoing") else YES
        if self.unknown("prior_order"):
            return UNKNOWN
        return NO

    @cached_property
    def removal_period(self) -> Tri:
        """Inside the 90-day removal period, counted from the final order (INA 241(a)(1)-(2))."""
        if self.final_order != YES:
            return NO if self.final_order == NO else UNKNOWN
        if self.said("order_age", "lt3m"):
            return YES
        if self.said("order_age", "3to6m", "gt6m"):
            return NO
        return UNKNOWN

    @cached_property
    def protected_from_return(self) -> bool:
        """Withholding or torture-treaty (CAT) protection: the order stays, the home country is barred."""
        return self.said("ruling", "withholding")

    @cached_property
    def travel_ready(self) -> bool:
        """Papers for the home country are ready. After a withholding/CAT grant the person cannot be
        sent there, so those papers do not make removal foreseeable."""
        return self.said("travel_docs", "passport", "country_gives") and not self.protected_from_return

    # --- court decisions (brief Pathways 1 and 6) --------------------------------------
    @cached_property
    def govt_dismissal(self) -> Tri:
        """The government asked to end the case (the 2025 dismiss-then-arrest practice)."""
        if not self.said("ruling", "dismissed"):
            return NO
        if self.said("dismissal_by", "govt"):
            return YES
        if self.said("dismissal_by", "person"):
            return NO
        return UNKNOWN

    @cached_property
    def dismissal_arrest(self) -> Tri:
        """Government dismissal followed by an arrest or continued detention: usually expedited removal."""
        if self.govt_dismissal == NO:
            return NO
        after = YES if self.said("arrested_after", "yes") else NO if self.said("arrested_after", "no") else UNKNOWN
        if self.govt_dismissal == YES:
            return after
        return NO if after == NO else UNKNOWN

    @cached_property
    def decision_final(self) -> Tri:
        if self.said("appeal", "no_final"):
            return YES
        if self.said("appeal", "govt", "person", "no_recent"):
            return NO
        return UNKNOWN

    @cached_property
    def final_win(self) -> Tri:
        """The judge ended the case or granted relief that ends it, and the decision is final:
        then the law requires release (brief Pathways 1 and 6)."""
        if self.said("ruling", "relief"):
            return self.decision_final
        if self.said("ruling", "dismissed"):
            if self.decision_final == NO or self.dismissal_arrest == YES:
                return NO
            if self.decision_final == YES and (self.govt_dismissal == NO or self.dismissal_arrest == NO):
                return YES
            return UNKNOWN
        if self.said("ruling", "removal", "withholding"):
            return NO
        if self.unknown("ruling") or self.unknown("case_stage"):
            return UNKNOWN
        if self.said("case_stage", "decided", "appeal") and self["ruling"] is None:
            return UNKNOWN
        return NO

    @cached_property
    def case_pending(self) -> bool:
        return self.said("case_stage", "waiting", "ongoing") or (
            self.said("case_stage", "appeal") and self.final_order != YES)

    @cached_property
    def citizen(self) -> Tri:
        if self.said("citizen_parent", "yes"):
            return MAYBE          # only a lawyer can tell
        return NO if self.said("citizen_parent", "no") else UNKNOWN

    @cached_property
    def release_required(self) -> bool:
        return self.final_win == YES

    # --- criminal history (brief Pathway 4, F) ------------------------------------------
    @cached_property
    def has_record(self) -> Tri:
        if self.said("arrested", "yes"):
            return YES
        return UNKNOWN if self.unknown("arrested") else NO

    @cached_property
    def convicted(self) -> Tri:
        if self.said("arrested", "no"):
            return NO
        if self.unknown("arrested"):
            return UNKNOWN
        if self.said("charge_outcome", "convicted"):
            return YES
        if self.said("charge_outcome", "open", "dropped"):
            return NO
        return UNKNOWN

    @cached_property
    def laken_riley(self) -> Tri:
        """INA 236(c)(1)(E): not admitted, and arrested, charged or convicted for theft, shoplifting,
        burglary, assaulting an officer, or a crime causing death or serious injury."""
        if self.admitted == YES or self.said("arrested", "no"):
            return NO
        if self.said("arrested", "yes") and self.said("charge_lra", "no"):
            return NO
        if self.said("arrested", "yes") and self.said("charge_lra", "yes"):
            return YES if self.admitted == NO else UNKNOWN
        return UNKNOWN

    def _over_conviction_unknowns(self, rule) -> Tri:
        """Apply `rule(details, admitted)` to every completion of unknown conviction details."""
        if self.convicted != YES:
            return NO if self.convicted == NO else UNKNOWN
        open_ = [q for q in CONVICTION_DETAILS if not (self[q] and self[q] != IDK)]
        choices = {"conv_count": ("one", "two_plus"), "sentence_1y": ("yes", "no")}
        admitted = (YES, NO) if self.admitted == UNKNOWN else (self.admitted,)
        results: set[Tri] = set()
        for combo in itertools.product(*(choices.get(q, ("yes", "no")) for q in open_)):
            details = {**{q: self[q] for q in CONVICTION_DETAILS}, **dict(zip(open_, combo, strict=False))}
            for adm in admitted:
                results.add(rule(details, adm))
        return _combine(results)

    @cached_property
    def conviction_236c(self) -> Tri:
        """INA 236(c)(1)(A)-(C) on conviction grounds, as far as a relative's answers can tell (brief F)."""
        return self._over_conviction_unknowns(_conviction_236c)

    @cached_property
    def aggravated_felony(self) -> Tri:
        """INA 101(a)(43): bars voluntary departure and cancellation for permanent residents (brief F)."""
        return self._over_conviction_unknowns(_aggravated_felony)

    @cached_property
    def mandatory(self) -> Tri:
        """Any criminal mandatory-detention ground (236(c), including the Laken Riley Act)."""
        values = {self.laken_riley, self.conviction_236c}
        for level in (YES, UNKNOWN, MAYBE):
            if level in values:
                return level
        return NO

    # --- humanitarian and ties ----------------------------------------------------------
    @cached_property
    def ill(self) -> bool:
        return self.said("illness", "yes", "emergency")

    @cached_property
    def humanitarian(self) -> list[str]:
        found = []
        if self.said("pregnant", "yes"):
            found.append("pregnant")
        if self.ill:
            found.append("illness")
        if self.said("caregiver", "yes"):
            found.append("caregiver")
        return found

    @cached_property
    def humanitarian_unknown(self) -> bool:
        return any(self.unknown(q) for q in ("pregnant", "illness", "caregiver"))

    @cached_property
    def ties(self) -> list[str]:
        ties = []
        if self.said("sponsor", "both"):
            ties.append("sponsor")          # a home and a sponsor with legal status
        elif self.said("sponsor", "place_only"):
            ties.append("home")
        if self.said("us_family", "yes"):
            ties.append("family")
        if self.years_at_least(2) == YES:
            ties.append("years")
        return ties

    # --- relief screening (brief Pathway 6, F) -------------------------------------------
    @cached_property
    def lpr_cancellation(self) -> Tri:
        """Cancellation for permanent residents (INA 240A(a)): green card, 7 years, no aggravated felony."""
        if self.said("papers", "green_card"):
            gc = YES
        elif self.unknown("papers"):
            gc = UNKNOWN
        else:
            return NO
        years = self.years_at_least(7)
        af = {YES: NO, NO: YES, MAYBE: MAYBE, UNKNOWN: UNKNOWN}[self.aggravated_felony]
        values = (gc, years, af)
        if NO in values:
            return NO
        if UNKNOWN in values:
            return UNKNOWN
        return MAYBE if MAYBE in values else YES

    @cached_property
    def nonlpr_cancellation(self) -> Tri:
        """Cancellation for others (INA 240A(b)(1)): 10 years and a U.S.-citizen or green-card spouse,
        parent or child. A screening signal only; the hardship test is for a lawyer."""
        years = self.years_at_least(10)
        family = YES if self.said("us_family", "yes") else NO if self.said("us_family", "no") else UNKNOWN
        if NO in (years, family):
            return NO
        return YES if (years, family) == (YES, YES) else UNKNOWN


def _conviction_236c(d: Mapping[str, str], admitted: Tri) -> Tri:
    yes = {k for k in CONVICTION_KINDS if d.get(k) == "yes"}
    year = d.get("sentence_1y") == "yes"
    several = d.get("conv_count") == "two_plus"
    if "conv_drugs" in yes:
        return YES                         # controlled-substance offense: (A) and (B)
    if "conv_gun" in yes and admitted == YES:
        return YES                         # firearms deportability ground (B)
    if "conv_theft" in yes and year:
        return YES                         # theft with a year: aggravated felony (and a CIMT with a year)
    if "conv_theft" in yes and several and admitted == NO:
        return YES                         # a CIMT makes a never-admitted person inadmissible (A); with a
        #                                    second conviction the petty-offense exception cannot apply
    if "conv_hurt" in yes and year:
        return YES                         # crime of violence with a year: aggravated felony
    if yes and yes <= {"conv_driving"} and not several:
        return NO                          # a DUI or other driving case alone is not in 236(c)
    return MAYBE                           # may be a CIMT or worse: a lawyer must check the record


def _aggravated_felony(d: Mapping[str, str], admitted: Tri) -> Tri:
    yes = {k for k in CONVICTION_KINDS if d.get(k) == "yes"}
    year = d.get("sentence_1y") == "yes"
    if year and yes & {"conv_theft", "conv_hurt"}:
        return YES                         # theft or crime of violence with a sentence of a year or more
    if yes and yes <= {"conv_driving"}:
        return NO
    return MAYBE
