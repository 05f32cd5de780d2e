"""Family stories with the verdicts the legal brief leads us to expect.

These scenarios are an independent check of `dialogs.evaluator`: every expected
verdict was worked out from the legal brief (/work/shared/domain/legal-brief.md,
sections 0, A, B.1, B.2, C) and the product policy, not copied from the
evaluator's output. Where we still think the evaluator is wrong after
re-reading the brief, the scenario carries a `dispute` and the test is a
strict xfail that names the brief passage.

How to read a scenario
----------------------
`story(...)` lists only the answers that make the story: everything else the
questionnaire asks is filled from BACKGROUND (a quiet, neutral life: 2-10 years
in the U.S., no papers, no arrests, never missed a hearing, a sponsor and close
family, no health issues, detained 1-6 months). `story` walks the real flow
(`dialogs.flow`), so a scenario contains exactly the questions the bot would ask,
and it fails loudly if a story answer is never asked or a question has no answer.

`expect` gives the verdict for pathways 1 to 7, in this order:

    1 no_legal_basis  2 capacity  3 humanitarian_parole  4 bond
    5 order_of_supervision  6 legal_victory  7 voluntary_departure

    L = LIKELY   P = POSSIBLE   U = UNLIKELY   ? = UNKNOWN

Conventions we derived from the brief and apply everywhere
-----------------------------------------------------------
1  LIKELY only when a judge ended the case or granted relief that ends
   removability, the decision is final, and it was not a DHS-requested dismissal
   followed by an arrest. "May be a citizen" is POSSIBLE (a lawyer must check).
   Everything else ("what rules it out": pending case, DHS appeal or the 30 days
   not run, a final removal order) is UNLIKELY.
2  ICE discretion: at most POSSIBLE. UNLIKELY with any arrest or charge (much less
   likely; 236(c)/Laken Riley make it impossible), a missed hearing, or a final
   order with travel papers ready (removal imminent).
3  ICE discretion: at most POSSIBLE, and only with a humanitarian reason
   (pregnancy, serious illness, main caregiver). UNLIKELY without one, or under
   236(c) / Laken Riley.
4  LIKELY only when bond is already set and nothing the government can do
   (automatic stay) stands in the way: then paying it releases the person. An
   admitted person (visa, green card) with no 236(c) ground can ask a judge, but
   the judge decides danger and flight risk with wide discretion (Guerra), so a
   hearing alone is POSSIBLE; a denial is UNLIKELY unless something changed.
   EWI interior arrests: POSSIBLE where the circuit said yes (contested),
   UNLIKELY in the 5th/8th Circuits. UNLIKELY for arriving aliens, Q. Li border
   cases, 236(c) and Laken Riley, final orders, and when there is no case left to
   hold a bond hearing in.
5  UNLIKELY without a final order, or inside the removal period with papers
   ready. POSSIBLE after 6 months when the country refuses and the person
   cooperates (Zadvydas, weakened by contested third-country removals). After a
   withholding/CAT grant, a passport for the protected country does not make
   removal foreseeable.
6  LIKELY for final relief/termination; POSSIBLE while DHS appeals or the 30 days
   run, for withholding/CAT, and for a pending case with a screening signal
   (an application, fear of return, or 10+ years with close family); UNLIKELY
   after a final removal order, a DHS-requested dismissal, or a pending case with
   no signal.
7  LIKELY for someone who wants to go home, has no fear, no bar and a passport,
   while the case is still open. POSSIBLE if afraid or unsure. UNLIKELY when the
   person does not want to leave, after a final order, or with an aggravated
   felony (theft with a sentence of 1 year or more).
Any pathway: UNKNOWN when a question that decides it was answered "I don't know"
and the other answers would give different verdicts; never when the family
answered everything and only a lawyer can tell.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from dialogs.flow import FIRST_QUESTION, REVIEW, next_state
from dialogs.questions import BY_ID

PATHWAY_IDS = ("no_legal_basis", "capacity", "humanitarian_parole", "bond",
               "order_of_supervision", "legal_victory", "voluntary_departure")
CODES = {"L": "LIKELY", "P": "POSSIBLE", "U": "UNLIKELY", "?": "UNKNOWN"}

BACKGROUND: dict[str, str] = {
    "years_in_us": "2to10", "papers": "none", "citizen_parent": "no", "arrested": "no",
    "missed_hearing": "no", "prior_order": "never", "sponsor": "both", "us_family": "yes",
    "caregiver": "no", "pregnant": "no", "illness": "no", "asked_to_sign": "no",
    "detained_time": "1to6m",
}


def story(fill: Mapping[str, str] | str = BACKGROUND, **told: str) -> dict[str, str]:
    """The complete answers the bot would collect for this story, in flow order.

    Each question the flow asks is answered from `told`, else from `fill` (a
    mapping, or one option id such as "idk" for every question).
    """
    answers: dict[str, str] = {}
    state = FIRST_QUESTION
    while state != REVIEW:
        if state in told:
            value = told[state]
        elif isinstance(fill, str):
            value = fill
        elif state in fill:
            value = fill[state]
        else:
            raise AssertionError(f"the story must say how the family answers {state!r}")
        assert value in BY_ID[state].option_ids, f"{state}: {value!r} is not an option"
        answers[state] = value
        state = next_state(state, answers)
        assert state is not None and state not in answers, f"flow loops or stops at {state!r}"
    never_asked = set(told) - set(answers)
    assert not never_asked, f"the flow never asks {sorted(never_asked)} in this story"
    return answers


@dataclass(frozen=True)
class Scenario:
    id: str
    story: str
    answers: dict[str, str]
    expect: str                      # "U P U L U P U", pathways 1..7
    urgent: frozenset[str] = frozenset()
    dispute: str | None = None       # why we believe the evaluator's verdict is wrong
    disputed: tuple[str, ...] = ()   # the pathways the dispute is about; the others must still match
    urgent_dispute: str | None = None

    @property
    def verdicts(self) -> dict[str, str]:
        codes = self.expect.split()
        assert len(codes) == 7, self.id
        return {pid: CODES[c] for pid, c in zip(PATHWAY_IDS, codes, strict=True)}


def S(id: str, text: str, answers: dict[str, str], expect: str, urgent: tuple[str, ...] = (),
      dispute: tuple[str, str] | None = None, urgent_dispute: str | None = None) -> Scenario:
    """`dispute` is ("pathway ids, space-separated", "why the evaluator is wrong, citing the brief")."""
    disputed, reason = (dispute[0].split(), dispute[1]) if dispute else ((), None)
    assert set(disputed) <= set(PATHWAY_IDS), id
    return Scenario(id, " ".join(text.split()), answers, expect, frozenset(urgent), reason, tuple(disputed),
                    urgent_dispute)


SCENARIOS: list[Scenario] = [
    # ---------------------------------------------------------------- how the person entered
    S("visa_overstay_clean",
      """Maria came on a tourist visa six years ago and stayed; she is married to a U.S. citizen
      and has applied for a green card in court. ICE picked her up at home; no arrests ever.""",
      story(entry="visa", case_stage="ongoing", bond_status="none_yet", applied_relief="yes",
            fear="no", wants_home="no", detained_time="lt1m"),
      #  1 2 3 4 5 6 7
      "U P U P U P U"),

    S("ewi_interior_california",
      """Jose crossed the border without being checked 12 years ago and was never caught. ICE
      arrested him at home in Fresno; he is held in California and asked for cancellation.""",
      story(entry="ewi", years_in_us="gt10", case_stage="waiting", bond_status="none_yet",
            us_state="ca", applied_relief="yes", fear="no", wants_home="no"),
      "U P U P U P U"),

    S("ewi_interior_texas",
      """Same life as Jose, but ICE moved him to a detention center in Texas, where the appeals
      court (5th Circuit) said people who crossed without being checked get no bond hearing.""",
      story(entry="ewi", years_in_us="gt10", case_stage="waiting", bond_status="none_yet",
            us_state="tx", applied_relief="yes", fear="no", wants_home="no"),
      "U P U U U P U"),

    S("ewi_interior_state_unknown",
      """Jose again, but the family does not know which state he was moved to.""",
      story(entry="ewi", years_in_us="gt10", case_stage="waiting", bond_status="none_yet",
            us_state="idk", applied_relief="yes", fear="no", wants_home="no"),
      "U P U ? U P U"),

    S("ewi_interior_illinois_unclear",
      """Rosa crossed without being checked five years ago and was arrested at work in Chicago;
      the 7th Circuit's answer on bond is unclear. She applied for asylum and fears going back.""",
      story(entry="ewi", case_stage="ongoing", bond_status="none_yet", us_state="il",
            applied_relief="yes", fear="yes", wants_home="no"),
      "U P U P U P U", urgent=("fear_of_return",)),

    S("ewi_judge_said_no_power_california",
      """Pedro crossed without being checked eight years ago and is held in California. At his
      bond hearing the judge said she had no power to decide (following Yajure Hurtado).""",
      story(entry="ewi", case_stage="ongoing", bond_status="no_power", us_state="ca",
            applied_relief="no", fear="no", wants_home="no"),
      "U P U P U U U"),

    S("entry_unknown",
      """A cousin was picked up in California; nobody in the family knows how he first came to
      the U.S. No arrests, hearings going on, he has asked for asylum.""",
      story(entry="idk", case_stage="ongoing", bond_status="none_yet", applied_relief="yes",
            fear="no", wants_home="no"),
      "U P U ? U P U"),

    S("arriving_at_port_asylum",
      """Ana asked for asylum at the San Ysidro border post three months ago and has been held
      ever since. Her asylum case is going on; she is terrified of going back.""",
      story(entry="port", years_in_us="lt1", papers="asylum_pending", case_stage="ongoing",
            bond_status="none_yet", applied_relief="yes", fear="yes", wants_home="no"),
      "U P U U U P U", urgent=("fear_of_return",)),

    S("border_caught_and_held_q_li",
      """Carlos was caught by Border Patrol a mile from the border two weeks ago and has been held
      since. He has not filed anything yet but is afraid to go back.""",
      story(entry="border_held", years_in_us="lt1", case_stage="waiting", bond_status="none_yet",
            applied_relief="no", fear="yes", wants_home="no", detained_time="lt1m"),
      "U P U U U P U", urgent=("fear_of_return",)),

    # ---------------------------------------------------------------- criminal record
    S("laken_riley_shoplifting_dropped",
      """Luis crossed without being checked five years ago. He was arrested for shoplifting in
      Phoenix; the charge was dropped, but ICE picked him up from the jail.""",
      story(entry="ewi", arrested="yes", charge_lra="yes", charge_serious="no", charge_outcome="dropped",
            case_stage="waiting", bond_status="none_yet", applied_relief="no", fear="no",
            wants_home="no"),
      "U U U U U U U"),

    S("laken_riley_open_wants_home",
      """Wilmer crossed without being checked 18 months ago, was arrested for shoplifting in Dallas
      (case still open) and handed to ICE. He wants to go home to Honduras, has a passport and is
      not afraid.""",
      story(entry="ewi", years_in_us="1to2", arrested="yes", charge_lra="yes", charge_serious="no",
            charge_outcome="open", case_stage="waiting", bond_status="none_yet", applied_relief="no",
            fear="no", wants_home="yes", travel_docs="passport", detained_time="lt1m"),
      "U U U U U U L"),

    S("drug_conviction_untreated_illness",
      """Miguel crossed without being checked and is held in California. He was convicted of drug
      possession years ago (no year-long sentence). He has diabetes that is not being treated
      properly in detention and has asked for cancellation.""",
      story(entry="ewi", arrested="yes", charge_lra="no", charge_serious="yes", charge_outcome="convicted",
            sentence_1y="no", case_stage="ongoing", bond_status="none_yet", us_state="ca",
            applied_relief="yes", illness="yes", treatment="no", fear="no", wants_home="no"),
      "U U U U U P U"),

    S("green_card_theft_conviction",
      """Samuel has had a green card for 15 years. He pleaded guilty to shoplifting and got 30 days
      in jail; ICE picked him up afterwards. He is asking the judge for cancellation.""",
      story(entry="visa", years_in_us="gt10", papers="green_card", arrested="yes", charge_lra="yes",
            charge_serious="no", charge_outcome="convicted", sentence_1y="no", case_stage="waiting",
            bond_status="none_yet", applied_relief="yes", fear="no", wants_home="no"),
      "U U U P U P U"),

    S("theft_aggravated_felony_wants_home",
      """Dmitri overstayed a student visa and was convicted of theft with an 18-month sentence
      (an aggravated felony). After prison ICE took him; he wants to go home, has a passport and
      is not afraid.""",
      story(entry="visa", arrested="yes", charge_lra="yes", charge_serious="no", charge_outcome="convicted",
            sentence_1y="yes", case_stage="waiting", bond_status="none_yet", applied_relief="no",
            fear="no", wants_home="yes", travel_docs="passport"),
      "U U U U U U U"),

    S("dropped_dui_bond_denied_changed",
      """Anil overstayed a work visa. A judge denied bond because of an open drunk-driving charge;
      the charge has since been dropped. His asylum case is going on.""",
      story(entry="visa", arrested="yes", charge_lra="no", charge_serious="no", charge_outcome="dropped",
            case_stage="ongoing", bond_status="judge_denied", changed="yes", applied_relief="yes",
            fear="no", wants_home="no"),
      "U U U P U P U"),

    # ---------------------------------------------------------------- final orders
    S("final_order_old_country_refuses",
      """Tran was ordered deported eight months ago and did not appeal. His country refuses to
      give travel papers even though he signed every form. He has been held eight months.""",
      story(entry="visa", years_in_us="gt10", prior_order="judge_order", case_stage="decided",
            ruling="removal", appeal="no_final", order_age="gt6m", travel_docs="country_refuses",
            cooperating="yes", redetained="no", fear="no", wants_home="no", detained_time="gt6m"),
      "U P U U P U U"),

    S("final_order_recent_with_passport",
      """Kwame's deportation order became final six weeks ago (no appeal) and he has a valid
      passport. He does not want to leave.""",
      story(entry="visa", prior_order="judge_order", case_stage="decided", ruling="removal",
            appeal="no_final", order_age="lt3m", travel_docs="passport", cooperating="yes",
            redetained="no", fear="no", wants_home="no"),
      "U U U U U U U", urgent=("removal_imminent",)),

    S("redetained_at_checkin_final_order",
      """Sok was ordered deported in 2015, but his country would not take him, so he lived at home
      and checked in with ICE every year. Last month ICE arrested him at his check-in.""",
      story(entry="visa", years_in_us="gt10", prior_order="judge_order", case_stage="decided",
            ruling="removal", appeal="no_final", order_age="gt6m", travel_docs="country_refuses",
            cooperating="yes", redetained="yes", fear="no", wants_home="no", detained_time="lt1m"),
      "U P U U P U U", urgent=("redetained",)),

    S("deported_before_came_back_afraid",
      """Elena was deported in 2018 and came back. ICE arrested her and says the old order will be
      used again; her country issues papers. She is afraid of the man she fled.""",
      story(entry="ewi", prior_order="deported_before", case_stage="none", order_age="gt6m",
            travel_docs="country_gives", cooperating="yes", redetained="no", fear="yes",
            wants_home="no"),
      "U U U U U U U", urgent=("removal_imminent", "fear_of_return")),

    S("final_order_travel_papers_unknown",
      """Bilal's deportation order became final four months ago. The family does not know whether his
      country will give travel papers.""",
      story(entry="visa", prior_order="judge_order", case_stage="decided", ruling="removal",
            appeal="no_final", order_age="3to6m", travel_docs="idk", cooperating="yes", redetained="no",
            fear="no", wants_home="no"),
      "U ? U U ? U U"),

    S("border_released_then_arrested",
      """Jorge crossed without being checked three years ago, was caught and released with papers,
      and went to every hearing. ICE arrested him at home; he has asked for asylum.""",
      story(entry="border_released", case_stage="ongoing", bond_status="none_yet", applied_relief="yes",
            fear="no", wants_home="no"),
      "U P U P U P U"),

    # ---------------------------------------------------------------- court decisions
    S("asylum_granted_final",
      """Ana (who asked for asylum at a border post) won asylum two months ago; the government did
      not appeal. She is still in detention.""",
      story(entry="port", years_in_us="lt1", papers="asylum_pending", case_stage="decided",
            ruling="relief", appeal="no_final", fear="yes", wants_home="no"),
      "L P U U U L U", urgent=("fear_of_return",)),

    S("asylum_granted_govt_appealed",
      """Farid overstayed his visa; the judge granted asylum but the government lawyer appealed.
      He is still held while the appeal goes on.""",
      story(entry="visa", papers="asylum_pending", case_stage="appeal", ruling="relief", appeal="govt",
            bond_status="none_yet", fear="yes", wants_home="no"),
      "U P U P U P U", urgent=("fear_of_return",)),

    S("cancellation_granted_days_ago",
      """Lucia crossed without being checked 14 years ago and is held in Washington State. Two weeks
      ago the judge granted cancellation; nobody has appealed yet.""",
      story(entry="ewi", years_in_us="gt10", case_stage="decided", ruling="relief", appeal="no_recent",
            bond_status="none_yet", us_state="wa", fear="no", wants_home="no"),
      # Pathway 1 follows pathway 6 here: a win not yet final (the 30 days are still running) is
      # POSSIBLE, while a government appeal makes it UNLIKELY for now (team decision, see brief A.1/A.6).
      "P P U P U P U"),

    S("withholding_only",
      """Abdi won 'withholding' four months ago (no appeal), so he cannot be sent to his country,
      which is in crisis anyway. ICE says it may send him to a third country.""",
      story(entry="ewi", prior_order="never", case_stage="decided", ruling="withholding",
            appeal="no_final", order_age="3to6m", cooperating="yes",
            redetained="no", fear="yes", wants_home="no"),
      "U P U U P P U", urgent=("fear_of_return",)),

    S("withholding_with_home_passport",
      """Abdi won 'withholding' four months ago, so he cannot be sent back to Somalia, though he still
      has his Somali passport. The bot does not ask about home-country papers after such a win: they
      cannot make deportation there foreseeable (brief Pathway 6).""",
      story(entry="ewi", case_stage="decided", ruling="withholding", appeal="no_final", order_age="3to6m",
            cooperating="yes", redetained="no", fear="yes", wants_home="no"),
      "U P U U P P U", urgent=("fear_of_return",)),

    S("case_dismissed_by_judge_final",
      """The judge ended Oscar's case on his lawyer's motion two months ago and the government did
      not appeal. He crossed without being checked and is still held in California.""",
      story(entry="ewi", case_stage="decided", ruling="dismissed", dismissal_by="person",
            appeal="no_final", fear="no", wants_home="no"),
      "L P U U U L U"),

    S("dhs_dismissal_then_courthouse_arrest",
      """Yulia came through a border post with an appointment a year and a half ago and was paroled.
      At her hearing the government lawyer asked to dismiss the case, and ICE arrested her in the
      hallway for fast-track deportation. She is afraid to go back.""",
      story(entry="port", years_in_us="1to2", papers="parole", case_stage="decided", ruling="dismissed",
            dismissal_by="govt", arrested_after="yes", appeal="no_recent", bond_status="none_yet",
            fear="yes", wants_home="no", detained_time="lt1m"),
      "U P U U U U U", urgent=("dismissal_arrest", "fear_of_return")),

    # ---------------------------------------------------------------- humanitarian
    S("pregnant_border_caught",
      """Daniela was caught near the border and held; she is four months pregnant. She has asked
      for asylum and is afraid to go back.""",
      story(entry="border_held", years_in_us="lt1", case_stage="waiting", bond_status="none_yet",
            applied_relief="yes", pregnant="yes", fear="yes", wants_home="no"),
      "U P P U U P U", urgent=("fear_of_return",)),

    S("serious_illness_untreated_ice_denied",
      """Hector overstayed his visa 15 years ago. He needs dialysis and is not getting it
      properly in detention. ICE said no bond; no judge has looked at it yet.""",
      story(entry="visa", years_in_us="gt10", case_stage="ongoing", bond_status="ice_denied",
            applied_relief="yes", illness="yes", treatment="no", fear="no", wants_home="no"),
      "U P P P U P U"),

    S("medical_emergency",
      """Ibrahim crossed without being checked six years ago and is held in New York. He has chest
      pains and the family says it is an emergency now.""",
      story(entry="ewi", case_stage="ongoing", bond_status="none_yet", us_state="ny",
            applied_relief="no", illness="emergency", treatment="no", fear="no", wants_home="no"),
      "U P P P U U U", urgent=("medical_emergency",)),

    S("sole_caregiver_of_toddler",
      """Gloria crossed without being checked four years ago and is the only parent of a
      two-year-old U.S.-citizen son. She is held in Georgia.""",
      story(entry="ewi", case_stage="waiting", bond_status="none_yet", us_state="ga",
            applied_relief="no", caregiver="yes", fear="no", wants_home="no"),
      "U P P P U U U"),

    S("arrest_reason_unknown_pregnant",
      """Sofia crossed without being checked and is held in California. She was arrested once years
      ago; the charge was dropped, but nobody knows what it was for. She is pregnant and has asked
      for asylum.""",
      story(entry="ewi", arrested="yes", charge_lra="idk", charge_serious="no", charge_outcome="dropped",
            case_stage="ongoing", bond_status="none_yet", us_state="ca", applied_relief="yes",
            pregnant="yes", fear="no", wants_home="no"),
      "U U ? ? U P U"),

    # ---------------------------------------------------------------- bond so far
    S("bond_set_not_paid",
      """A judge set bond at about $8,000 for Sunita, a visa overstay; the government did not appeal
      and the family is still raising the money.""",
      story(entry="visa", case_stage="ongoing", bond_status="judge_set", bond_amount="5to10k",
            bond_paid="not_paid", govt_stay="no", applied_relief="yes", fear="no", wants_home="no"),
      "U P U L U P U"),

    S("bond_paid_but_automatic_stay",
      """A judge set a $15,000 bond for Olek, a visa overstay, and the family paid it, but the
      government filed an 'automatic stay' and he is still held.""",
      story(entry="visa", case_stage="ongoing", bond_status="judge_set", bond_amount="gt10k",
            bond_paid="paid_held", govt_stay="yes", applied_relief="yes", fear="no", wants_home="no"),
      "U P U P U P U"),

    S("bond_denied_no_change",
      """Juan overstayed his visa and once missed a court date. A judge denied bond as a flight
      risk and nothing has changed since.""",
      story(entry="visa", missed_hearing="yes", case_stage="ongoing", bond_status="judge_denied",
            changed="no", applied_relief="yes", fear="no", wants_home="no"),
      "U U U U U P U"),

    S("missed_hearing_no_bond_yet",
      """Chen overstayed a visa and missed one immigration appointment years ago; otherwise a clean
      record. No bond decision yet; he has asked for asylum.""",
      story(entry="visa", missed_hearing="yes", case_stage="ongoing", bond_status="none_yet",
            applied_relief="yes", fear="no", wants_home="no"),
      "U U U P U P U"),

    # ---------------------------------------------------------------- leaving
    S("wants_to_go_home",
      """Mateo crossed without being checked three years ago and is held in Texas. He wants to go
      home to Guatemala, is not afraid, has no record and has his passport.""",
      story(entry="ewi", case_stage="waiting", bond_status="none_yet", us_state="tx",
            applied_relief="no", fear="no", wants_home="yes", travel_docs="passport"),
      "U P U U U U L"),

    S("pressured_to_sign_afraid",
      """Officers keep telling Kevin to sign deportation papers. He crossed without being checked
      eight months ago, is held in Louisiana, is afraid to go back but is not sure what to do.""",
      story(entry="ewi", years_in_us="lt1", case_stage="waiting", bond_status="none_yet", us_state="la",
            applied_relief="no", fear="yes", wants_home="unsure", travel_docs="passport",
            asked_to_sign="yes"),
      "U P U U U P P", urgent=("asked_to_sign", "fear_of_return")),

    # ---------------------------------------------------------------- citizenship, unknowns
    S("possible_citizen_green_card_drugs",
      """Rafael has had a green card since he was a baby; his father became a U.S. citizen when
      Rafael was 12. ICE picked him up over an old drug conviction.""",
      story(entry="visa", years_in_us="gt10", papers="green_card", citizen_parent="yes", arrested="yes",
            charge_lra="no", charge_serious="yes", charge_outcome="convicted", sentence_1y="no",
            case_stage="waiting", bond_status="none_yet", applied_relief="yes", fear="no",
            wants_home="no"),
      "P U U U U P U", urgent=("possible_citizen",)),

    S("dont_know_anything",
      """A neighbour only knows that ICE took him; every question is answered "I don't know".""",
      story(fill="idk"),
      "? ? ? ? ? ? ?"),
]
