"""Derived facts: what the answers mean in legal terms, shared by the evaluator and the flow.

Each helper answers "yes", "no", "maybe" or "unknown" so that an "I don't know"
is never silently read as "no".
"""
from __future__ import annotations

from collections.abc import Mapping

from .questions import ALWAYS_ASKED, IDK

YES, NO, MAYBE, UNKNOWN = "yes", "no", "maybe", "unknown"


class Facts:
    def __init__(self, answers: Mapping[str, str]):
        self.a = answers
        # Only the flow skips questions, and only those that cannot matter; a question that is
        # always asked but missing was never answered, which is not the same as "no".
        self._known = {**{q: IDK for q in ALWAYS_ASKED}, **answers}

    def __getitem__(self, question_id: str) -> str | None:
        return self._known.get(question_id)

    def said(self, question_id: str, *options: str) -> bool:
        return self._known.get(question_id) in options

    def unknown(self, question_id: str) -> bool:
        return self._known.get(question_id) == IDK

    # --- how the person is held -------------------------------------------------
    @property
    def admitted(self) -> bool:
        """Inspected and admitted (visa), or a green-card holder: the classic bond case."""
        return self.said("entry", "visa") or self.said("papers", "green_card")

    @property
    def final_order(self) -> str:
        """Is there a final removal order now? (yes / no / maybe / unknown)"""
        if self.said("ruling", "removal", "withholding"):
            if self.said("appeal", "no_final"):
                return YES
            if self.said("appeal", "person", "govt", "no_recent"):
                return NO
            return UNKNOWN
        if self.said("ruling", "relief", "dismissed"):
            return NO
        if self.said("prior_order", "deported_before", "judge_order"):
            return NO if self.said("case_stage", "appeal") else YES
        if self.unknown("prior_order"):
            return UNKNOWN
        return NO

    @property
    def laken_riley(self) -> str:
        """Laken Riley Act ground: an arrest or charge for listed crimes by someone not admitted."""
        if self.said("arrested", "no"):
            return NO
        if self.unknown("arrested") or self.unknown("charge_lra"):
            return UNKNOWN if not self.admitted else NO
        if self.said("charge_lra", "yes"):
            if self.admitted:
                return NO
            return UNKNOWN if self.unknown("entry") else YES
        return NO

    @property
    def criminal_mandatory(self) -> str:
        """INA 236(c) on conviction grounds (drugs, weapons, violence, or a sentence of a year or more)."""
        if self.said("arrested", "no"):
            return NO
        if self.unknown("arrested"):
            return UNKNOWN
        if not self.said("charge_outcome", "convicted"):
            return UNKNOWN if self.unknown("charge_outcome") else NO
        if self.said("charge_serious", "yes") or self.said("sentence_1y", "yes"):
            return YES
        if self.said("charge_lra", "yes") or self.unknown("sentence_1y") or self.unknown("charge_serious"):
            return MAYBE
        return NO

    @property
    def mandatory(self) -> str:
        """Any criminal mandatory-detention ground (236(c), including the Laken Riley Act)."""
        values = {self.laken_riley, self.criminal_mandatory}
        for level in (YES, MAYBE, UNKNOWN):
            if level in values:
                return level
        return NO

    @property
    def has_record(self) -> str:
        if self.said("arrested", "yes"):
            return YES
        return UNKNOWN if self.unknown("arrested") else NO

    @property
    def case_pending(self) -> bool:
        return self.said("case_stage", "waiting", "ongoing") or (
            self.said("case_stage", "appeal") and self.final_order != YES
        )

    # --- humanitarian --------------------------------------------------------------
    @property
    def ill(self) -> bool:
        return self.said("illness", "yes", "emergency")

    @property
    def humanitarian(self) -> list[str]:
        found = []
        if self.said("pregnant", "yes"):
            found.append("pregnant")
        if self.ill:
            found.append("illness")
        if self.said("caregiver", "yes"):
            found.append("caregiver")
        return found

    @property
    def humanitarian_unknown(self) -> bool:
        return any(self.unknown(q) for q in ("pregnant", "illness", "caregiver"))

    @property
    def ties(self) -> list[str]:
        ties = []
        if self.said("sponsor", "both"):
            ties.append("sponsor")          # a home and a sponsor with legal status
        elif self.said("sponsor", "place_only"):
            ties.append("home")
        if self.said("us_family", "yes"):
            ties.append("family")
        if self.said("years_in_us", "2to10", "gt10"):
            ties.append("years")
        return ties

    @property
    def travel_ready(self) -> bool:
        """Papers for the home country are ready. After a withholding/CAT grant the person cannot be
        sent there, so those papers do not make removal foreseeable."""
        return self.said("travel_docs", "passport", "country_gives") and not self.said("ruling", "withholding")

    @property
    def final_win(self) -> bool:
        """The judge ended the case or granted relief that ends it, and the decision is final."""
        return self.said("ruling", "relief", "dismissed") and self.said("appeal", "no_final") and not (
            self.said("dismissal_by", "govt") and not self.said("arrested_after", "no"))

    @property
    def aggravated_felony_likely(self) -> bool:
        """Theft or violence convictions with a sentence of a year or more are the textbook cases."""
        return (self.said("charge_outcome", "convicted") and self.said("sentence_1y", "yes")
                and (self.said("charge_lra", "yes") or self.said("charge_serious", "yes")))
