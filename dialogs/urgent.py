"""Urgent flags: situations where the family must act now (brief E.6; issue 9 item 20)."""
from __future__ import annotations

from dataclasses import dataclass

from .facts import UNKNOWN, YES, Facts
from .text import Msg, N_


@dataclass
class Urgent:
    id: str
    message: Msg


# id, condition, message; shown in this order.
FLAGS = (
    ("removal_imminent", lambda f: f.final_order == YES and f.travel_ready,
     N_("There is a final deportation order and travel papers are ready. Deportation can happen within days.")),
    ("expedited_removal", lambda f: f.expedited_removal == YES,
     N_("The person may face fast deportation without a judge (expedited removal). It can happen within days. "
        "Talk to a lawyer now, and if the person fears harm, they must tell the officer.")),
    ("asked_to_sign", lambda f: f.said("asked_to_sign", "yes"),
     N_("The person was asked to sign papers to leave. They should not sign anything before a lawyer looks at it.")),
    ("fear_of_return", lambda f: f.said("fear", "yes"),
     N_("The person fears harm if sent back. A lawyer must know this now; leaving or signing may give up "
        "protection.")),
    ("medical_emergency", lambda f: f.said("illness", "emergency"),
     N_("Medical emergency: ask the detention center for urgent care now, and tell a lawyer.")),
    ("untreated_illness", lambda f: f.said("illness", "yes") and f.said("treatment", "no"),
     N_("The person has a serious illness and is not getting the treatment they need. Ask the detention center "
        "for care in writing, keep a copy, and tell a lawyer.")),
    ("dismissal_arrest", lambda f: f.dismissal_arrest == YES,
     N_("The case was dismissed at the government's request and the person was arrested or kept in detention. "
        "Fast deportation can follow within days.")),
    ("dismissal_arrest_unknown", lambda f: f.govt_dismissal == YES and f.dismissal_arrest == UNKNOWN,
     N_("The government asked to end the case. If the person was arrested after that, fast deportation can follow "
        "within days. Find out now and talk to a lawyer.")),
    ("appeal_deadline", lambda f: f.said("ruling", "removal") and f.said("appeal", "no_recent"),
     N_("The judge ordered deportation less than 30 days ago. An appeal must reach the court within 30 days of "
        "the decision. Talk to a lawyer now.")),
    ("third_country", lambda f: f.protected_from_return,
     N_("ICE may try to send the person to a country other than their own. If that happens, or the person fears "
        "harm there, tell a lawyer at once.")),
    ("possible_citizen", lambda f: f.said("citizen_parent", "yes"),
     N_("The person may be a U.S. citizen. Tell a lawyer right away.")),
    ("redetained", lambda f: f.said("redetained", "yes"),
     N_("ICE detained the person again at a check-in. A lawyer should check at once whether ICE followed the "
        "rules.")),
)


def urgent_flags(f: Facts) -> list[Urgent]:
    return [Urgent(fid, Msg(text)) for fid, when, text in FLAGS if when(f)]
