"""The question bank: what we ask a relative, in plain words, and why.

Each question has a stable id, option ids and a one-line "why we ask". No
question asks for a name, an A-number, a birth date, an address or an exact
date: time is always asked as a range. Every question offers "I don't know".
Which questions are asked, and in what order, is decided by `dialogs.flow`.
"""
from __future__ import annotations

from dataclasses import dataclass

from .text import Money, Msg, N_

IDK = "idk"


@dataclass(frozen=True)
class Option:
    id: str
    label: Msg


@dataclass(frozen=True)
class Question:
    id: str
    text: Msg
    why: Msg
    options: tuple[Option, ...]
    columns: int = 1  # buttons per row on a phone; short labels only

    def option(self, option_id: str) -> Option | None:
        return next((o for o in self.options if o.id == option_id), None)

    @property
    def option_ids(self) -> tuple[str, ...]:
        return tuple(o.id for o in self.options)


def _o(option_id: str, label: str, **params) -> Option:
    return Option(option_id, Msg(label, params))


YES = _o("yes", N_("Yes"))
NO = _o("no", N_("No"))
DONT_KNOW = _o(IDK, N_("I don't know"))
YES_NO = (YES, NO, DONT_KNOW)


def _q(qid: str, text: str, why: str, options, columns: int = 1) -> Question:
    options = tuple(options)
    assert options[-1].id == IDK, qid
    return Question(qid, Msg(text), Msg(why), options, columns)


# Names of US states and territories are proper nouns; translators may use the
# usual local spelling. Codes are the postal abbreviations.
US_STATES: dict[str, str] = {
    "al": N_("Alabama"), "ak": N_("Alaska"), "az": N_("Arizona"), "ar": N_("Arkansas"),
    "ca": N_("California"), "co": N_("Colorado"), "ct": N_("Connecticut"), "de": N_("Delaware"),
    "dc": N_("District of Columbia"), "fl": N_("Florida"), "ga": N_("Georgia"), "hi": N_("Hawaii"),
    "id": N_("Idaho"), "il": N_("Illinois"), "in": N_("Indiana"), "ia": N_("Iowa"),
    "ks": N_("Kansas"), "ky": N_("Kentucky"), "la": N_("Louisiana"), "me": N_("Maine"),
    "md": N_("Maryland"), "ma": N_("Massachusetts"), "mi": N_("Michigan"), "mn": N_("Minnesota"),
    "ms": N_("Mississippi"), "mo": N_("Missouri"), "mt": N_("Montana"), "ne": N_("Nebraska"),
    "nv": N_("Nevada"), "nh": N_("New Hampshire"), "nj": N_("New Jersey"), "nm": N_("New Mexico"),
    "ny": N_("New York"), "nc": N_("North Carolina"), "nd": N_("North Dakota"), "oh": N_("Ohio"),
    "ok": N_("Oklahoma"), "or": N_("Oregon"), "pa": N_("Pennsylvania"), "pr": N_("Puerto Rico"),
    "ri": N_("Rhode Island"), "sc": N_("South Carolina"), "sd": N_("South Dakota"),
    "tn": N_("Tennessee"), "tx": N_("Texas"), "ut": N_("Utah"), "vt": N_("Vermont"),
    "va": N_("Virginia"), "wa": N_("Washington"), "wv": N_("West Virginia"), "wi": N_("Wisconsin"),
    "wy": N_("Wyoming"), "gu": N_("Guam"), "vi": N_("U.S. Virgin Islands"),
    "mp": N_("Northern Mariana Islands"),
}

QUESTIONS: tuple[Question, ...] = (
    _q("entry", N_("How did the person first come to the U.S.?"),
       N_("How someone entered decides whether a judge can set bond."),
       [_o("visa", N_("With a visa or permit, checked by an officer at an airport or border post")),
        _o("port", N_("At an official border post, asking for protection or with an appointment")),
        _o("border_held", N_("Crossed without being checked, was caught near the border and held")),
        _o("border_released", N_("Crossed without being checked, was caught, then released with papers")),
        _o("ewi", N_("Crossed without being checked and was not caught then")),
        DONT_KNOW]),
    _q("years_in_us", N_("About how long has the person lived in the U.S.?"),
       N_("Some ways out need 1, 2, 7 or 10 years in the U.S."),
       # "2to10" was split into "2to7" and "7to10" (7 years matter for green-card holders);
       # old answer files may still say "2to10" (see dialogs/compat.py).
       [_o("lt1", N_("Less than 1 year")), _o("1to2", N_("1 to 2 years")),
        _o("2to7", N_("2 to 7 years")), _o("7to10", N_("7 to 10 years")),
        _o("gt10", N_("More than 10 years")), DONT_KNOW], columns=2),
    _q("papers", N_("What immigration papers does the person have now? Pick the main one."),
       N_("Papers show how the government sees the person's case."),
       [_o("green_card", N_("Green card (permanent resident)")), _o("visa_permit", N_("Visa or work permit")),
        _o("tps_daca", N_("TPS or DACA")), _o("asylum_pending", N_("Asylum case waiting for a decision")),
        _o("parole", N_("Immigration parole papers (not criminal parole)")), _o("none", N_("No papers")), DONT_KNOW]),
    _q("citizen_parent", N_("Was the person born in the U.S., or was a parent a U.S. citizen when the person "
                            "was born or while they were a child?"),
       N_("ICE is not allowed to hold a U.S. citizen. Some people are citizens without knowing it."),
       YES_NO),
    _q("arrested", N_("Has the person ever been arrested or charged by police, even if nothing happened after?"),
       N_("An arrest, even without a conviction, can close some ways out."),
       YES_NO),
    _q("charge_lra", N_("Was any arrest or charge for theft, shoplifting, a break-in (burglary), hurting a "
                        "police officer, or a crime where someone was badly hurt or died?"),
       N_("For people who entered without a visa, a 2025 law (the Laken Riley Act) lets these arrests block bond."),
       YES_NO),
    # "charge_serious" (drugs, guns or hurting someone, in one question) was retired: it mixed cases
    # the law treats very differently. Old answers are mapped in dialogs/compat.py.
    _q("charge_outcome", N_("What happened with the case or cases?"),
       N_("A conviction counts most. Some plea deals and erased records still count; a lawyer can check."),
       [_o("convicted", N_("Found guilty, or pleaded guilty")), _o("open", N_("Still open")),
        _o("dropped", N_("Dropped, or found not guilty")), DONT_KNOW]),
    # Asked only after "found guilty": one yes/no screen per kind of case, because several can apply.
    _q("conv_drugs", N_("Was the person found guilty of something about drugs?"),
       N_("A drug case often means ICE must keep the person. A lawyer must check the record."),
       YES_NO),
    _q("conv_gun", N_("Was the person found guilty of something about a gun?"),
       N_("For people who came with a visa or have a green card, a gun case often means ICE must keep them."),
       YES_NO),
    _q("conv_hurt", N_("Was the person found guilty of hurting someone, or of a fight or a threat?"),
       N_("Some of these cases block bond and many do not. It depends on the details."),
       YES_NO),
    _q("conv_theft", N_("Was the person found guilty of theft, fraud, or lying to get something, like using "
                        "false papers?"),
       N_("Theft and fraud often count as serious in immigration law, even when the sentence was short."),
       YES_NO),
    _q("conv_driving", N_("Was the person found guilty of a driving case, like drunk driving (DUI)?"),
       N_("A driving case alone usually does not mean ICE must keep the person, but it still counts."),
       YES_NO),
    _q("conv_count", N_("How many times was the person found guilty?"),
       N_("Two or more convictions can change which rules apply."),
       [_o("one", N_("Once")), _o("two_plus", N_("Two times or more")), DONT_KNOW], columns=2),
    _q("sentence_1y", N_("Was the sentence 1 year or more, even if the person did not serve all of it?"),
       N_("A sentence of 1 year or more can mean ICE must keep the person."),
       YES_NO),
    _q("missed_hearing", N_("Has the person ever missed an immigration appointment or court date?"),
       N_("ICE and judges look at whether the person always came when asked."),
       YES_NO),
    _q("prior_order", N_("Has the person ever been deported, or ordered by a judge to leave the U.S.?"),
       N_("An old order to leave changes which ways out are open."),
       [_o("never", N_("No, never")), _o("deported_before", N_("Was deported or sent back before, then came back")),
        _o("judge_order", N_("A judge ordered deportation")), DONT_KNOW]),
    _q("case_stage", N_("Where is the person's immigration court case now?"),
       N_("What the court has done so far decides most ways out."),
       [_o("none", N_("There is no court case that I know of")), _o("waiting", N_("Waiting for the first hearing")),
        _o("ongoing", N_("Hearings are going on")), _o("decided", N_("The judge made a decision")),
        _o("appeal", N_("An appeal is going on")), DONT_KNOW]),
    _q("ruling", N_("What did the judge decide?"),
       N_("Some wins end detention; others do not."),
       [_o("relief", N_("Gave asylum, a green card, or 'cancellation'")),
        _o("withholding", N_("Gave 'withholding' or protection under the torture treaty (CAT)")),
        _o("removal", N_("Ordered deportation")), _o("dismissed", N_("Ended or dismissed the case")), DONT_KNOW]),
    _q("dismissal_by", N_("Who wanted the case ended?"),
       N_("Since 2025 the government sometimes ends cases to arrest people for fast deportation."),
       [_o("person", N_("The judge, the person, or their lawyer")),
        _o("govt", N_("The government's lawyer (ICE)")),
        DONT_KNOW]),
    _q("arrested_after", N_("Was the person arrested, or kept in detention, after the case was ended?"),
       N_("An arrest right after a dismissal can mean very fast deportation."),
       YES_NO),
    _q("appeal", N_("Has anyone appealed the judge's decision, or said they will?"),
       N_("A decision only counts as final when no appeal is going on."),
       [_o("govt", N_("Yes, the government")), _o("person", N_("Yes, the person")),
        _o("no_final", N_("No, and more than 30 days have passed")),
        _o("no_recent", N_("No, but less than 30 days have passed")), DONT_KNOW]),
    _q("order_age", N_("About how long ago did the deportation order become final?"),
       N_("After a final order, ICE has about 90 days to deport; the 6-month point also matters."),
       [_o("lt3m", N_("Less than 3 months")), _o("3to6m", N_("3 to 6 months")),
        _o("gt6m", N_("More than 6 months")), DONT_KNOW], columns=2),
    _q("travel_docs", N_("Does the person have a valid passport, or will their country give travel papers?"),
       N_("If travel papers are ready, deportation can happen quickly."),
       [_o("passport", N_("Yes, a valid passport")), _o("country_gives", N_("The country will give papers")),
        _o("country_refuses", N_("The country refuses, or is in crisis")), DONT_KNOW]),
    _q("cooperating", N_("Is the person helping to get travel papers, like signing forms or going to the "
                         "consulate interview?"),
       N_("Refusing to help can keep a person detained longer."),
       YES_NO),
    _q("redetained", N_("Before this arrest, was the person living outside detention and checking in with ICE?"),
       N_("ICE must follow set steps before it detains someone again."),
       YES_NO),
    _q("bond_status", N_("Has anyone decided about bond? (Bond is money paid so the person can leave "
                         "detention while the case goes on.)"),
       N_("This tells us where the bond process is now."),
       [_o("ice_set", N_("ICE set a bond amount")), _o("judge_set", N_("A judge set a bond amount")),
        _o("ice_denied", N_("ICE said no bond")), _o("judge_denied", N_("A judge said no bond")),
        _o("no_power", N_("A judge said they had no power to decide")),
        _o("none_yet", N_("Nothing decided yet")), DONT_KNOW]),
    _q("bond_amount", N_("About how much is the bond?"),
       N_("Higher bonds have special rules, and the amount can be lowered."),
       [_o("lt5k", N_("Less than {amount}"), amount=Money(5000)),
        _o("5to10k", N_("{low} to {high}"), low=Money(5000), high=Money(10000)),
        _o("gt10k", N_("More than {amount}"), amount=Money(10000)), DONT_KNOW]),
    _q("bond_paid", N_("Has the bond been paid?"),
       N_("Once bond is paid, ICE should normally release the person."),
       [_o("paid_held", N_("Yes, but the person is still held")), _o("not_paid", N_("Not yet")), DONT_KNOW]),
    _q("govt_stay", N_("Did the government appeal the bond, or say the person must stay detained anyway "
                       "(an 'automatic stay')?"),
       N_("The government can sometimes stop a release that a judge ordered."),
       YES_NO),
    _q("changed", N_("Has something important changed since bond was denied? For example: new papers, a "
                     "charge dropped, a new application, or a serious illness."),
       N_("A new bond hearing needs something new to show the judge."),
       YES_NO),
    _q("us_state", N_("In which U.S. state is the person held now?"),
       N_("Courts in different states disagree about bond right now."),
       [*(_o(code, name) for code, name in US_STATES.items()), DONT_KNOW], columns=3),
    _q("sponsor", N_("If released, does the person have a place to live and someone with legal status to "
                     "support them?"),
       N_("A home and a sponsor make release more likely."),
       [_o("both", N_("Yes, both")), _o("place_only", N_("A place to live only")), _o("no", N_("No")),
        DONT_KNOW]),
    _q("us_family", N_("Does the person have a husband, wife, child or parent who is a U.S. citizen or "
                       "has a green card?"),
       N_("Close family here can help in court and for release."),
       YES_NO),
    # A gate: most people answer "no" here, and the three questions after it are asked only after a "yes".
    # "no" or "I don't know" stands for the same answer to all three (dialogs/compat.py).
    _q("care_needs", N_("Does any of these apply to the person: pregnant or gave birth in the last year, a "
                        "serious illness, or main caregiver of a young child or a sick relative?"),
       N_("These are reasons ICE may release someone. If yes, we ask which one."),
       YES_NO),
    _q("caregiver", N_("Is the person the main caregiver of a child under 5, or of a sick or disabled "
                       "family member?"),
       N_("Caring for others is a reason ICE may release someone."),
       YES_NO),
    _q("pregnant", N_("Is the person pregnant, or did they give birth or breastfeed in the last year?"),
       N_("Pregnancy is a reason ICE may release someone."),
       YES_NO),
    _q("illness", N_("Does the person have a serious illness or health condition that needs ongoing "
                     "treatment?"),
       N_("Serious health needs are a reason ICE may release someone."),
       [_o("emergency", N_("Yes, and it is an emergency now")), YES, NO, DONT_KNOW]),
    _q("treatment", N_("Is the person getting the treatment they need in detention?"),
       N_("Missing treatment makes a request for release stronger."),
       YES_NO),
    _q("applied_relief", N_("Has the person asked the court for protection or papers? For example asylum, "
                            "'cancellation', or a green card through family."),
       N_("An application in court can end in a win and release."),
       YES_NO),
    _q("fear", N_("Is the person afraid of being harmed if sent back to their country?"),
       N_("Fear of harm can mean protection in court. Leaving may give it up."),
       YES_NO),
    _q("wants_home", N_("Does the person want to go back to their country?"),
       N_("Some people choose to leave to end detention sooner."),
       [YES, NO, _o("unsure", N_("Not sure")), DONT_KNOW], columns=2),
    _q("asked_to_sign", N_("Has anyone asked the person to sign papers agreeing to be deported or to leave?"),
       N_("Signing can give up rights. A lawyer should look first."),
       YES_NO),
    _q("detained_time", N_("How long has the person been detained this time?"),
       N_("Long detention can open other ways out."),
       [_o("lt1m", N_("Less than 1 month")), _o("1to6m", N_("1 to 6 months")),
        _o("gt6m", N_("More than 6 months")), DONT_KNOW], columns=2),
)

BY_ID: dict[str, Question] = {q.id: q for q in QUESTIONS}

# The core questions. When one of these is missing from a set of answers (e.g. `python -m bot
# evaluate`, or a question the dialogue skipped because no answer could change the result), it
# counts as "I don't know", never as "no". The flow reaches each of them on every path, and asks
# it unless `dialogs.relevance` shows it cannot matter (tests/test_flow.py checks both).
ALWAYS_ASKED = ("entry", "years_in_us", "papers", "citizen_parent", "arrested", "missed_hearing",
                "prior_order", "case_stage", "sponsor", "us_family", "caregiver", "pregnant", "illness",
                "fear", "wants_home", "asked_to_sign", "detained_time")
# Questions every path reaches (the gate stands for the three questions behind it).
ON_EVERY_PATH = tuple(q for q in ALWAYS_ASKED if q not in ("caregiver", "pregnant", "illness")) + ("care_needs",)


def get(question_id: str) -> Question:
    return BY_ID[question_id]
