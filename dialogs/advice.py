"""Shared next steps, "how to find out" tips, free legal help and safety texts.

Phone numbers, web addresses and legal citations are `Verbatim` parameters so
translators never retype them. Only tools the legal brief verified are named.
"""
from __future__ import annotations

from .text import Msg, N_, Verbatim

LOCATOR = Verbatim("locator.ice.gov")
EOIR_SITE = Verbatim("acis.eoir.justice.gov")
EOIR_PHONE = Verbatim("1-800-898-7180")
LEGAL_DIRECTORY = Verbatim("immigrationadvocates.org/legaldirectory")


def _m(text: str, **params) -> Msg:
    return Msg(text, params)


# ---- next steps -------------------------------------------------------------------
STEP_LAWYER = _m(N_("Talk to an immigration lawyer or a DOJ-accredited representative."))
STEP_LAWYER_NOW = _m(N_("Talk to a lawyer now, today if you can."))
STEP_LAWYER_BEFORE_SIGNING = _m(N_("The person should not sign anything before a lawyer explains the "
                                   "difference between leaving on their own and a deportation order, and what "
                                   "rights they would give up."))
STEP_LAWYER_BOND_PAROLE = _m(N_("Ask a lawyer to request bond or parole, showing the judge's decision."))
STEP_CHECK_EOIR = _m(N_("Check the court case at {site} or call {phone}. You will need the person's A-number: "
                        "type it there, never here."), site=EOIR_SITE, phone=EOIR_PHONE)
STEP_ASK_RELEASE_DATE = _m(N_("Ask the deportation officer when the person will be released."))
STEP_HABEAS = _m(N_("If ICE keeps holding the person after a final win, a lawyer can ask a federal court to order "
                    "release (habeas corpus)."))
STEP_ATD_REQUEST = _m(N_("You can send the deportation officer a short written request to release the person "
                         "on conditions, such as check-ins by phone app or an ankle monitor. Add proof of a home, "
                         "a sponsor letter and family ties."))
STEP_PAROLE_PACKET = _m(N_("Write to the deportation officer asking for release for humanitarian reasons. Add: a "
                           "short letter about the urgent reason, a doctor's letter or proof of pregnancy, a "
                           "sponsor letter with proof of the sponsor's legal status, identity papers, and family "
                           "papers. Every paper not in English needs an English translation signed by the "
                           "translator. There is no fee."))
STEP_FOLLOW_UP = _m(N_("Keep copies and proof of delivery, and follow up with the officer every week."))
STEP_BOND_PACKET = _m(N_("Gather papers for the bond hearing: proof of a home (lease or bill), a sponsor letter, "
                         "birth or marriage certificates of family here, letters from work, church or community, "
                         "court papers for any arrest, and proof of any application in court."))
STEP_PAY_BOND = _m(N_("Pay bond only through ICE (the CeBONDS system on ice.gov, or an ICE office). A U.S. "
                      "citizen or green-card holder can pay it. The money comes back if the person goes to "
                      "every hearing."))
STEP_BOND_FUNDS = _m(N_("If you cannot pay, ask a community bond fund first. Be careful with bond companies: "
                        "some charge high fees that you never get back."))
STEP_ASK_DO_TRAVEL = _m(N_("Ask the deportation officer: when did the order become final, were travel papers "
                           "requested, and when is the next custody review?"))
STEP_OSUP_PACKET = _m(N_("Gather papers for the custody review: a sponsor letter and address, family ties, "
                         "proof of past check-ins, medical needs, and proof the person tried to get travel "
                         "papers."))

# ---- how to find out what you don't know (brief C.3) ----------------------------------
FIND_LOCATOR = _m(N_("To find where the person is held, use the ICE detainee locator at {site}. Type the "
                     "A-number or name there, not here."), site=LOCATOR)
FIND_EOIR = _m(N_("To see the court case, any decision and any appeal: {site} or call {phone}."),
               site=EOIR_SITE, phone=EOIR_PHONE)
FIND_DO = _m(N_("Ask the deportation officer (through the detention center): which law ICE holds the person "
                "under (236(a), 236(c), 235(b) or 241), whether ICE set a bond, and the next court date."))
FIND_PAPERS = _m(N_("Look at the person's papers. The 'Notice to Appear' lists the government's reasons for "
                    "deportation, with words such as 'arriving alien' or 'present without admission'. Papers "
                    "from the border say 'parole' or 'release on recognizance'."))
FIND_RECORD = _m(N_("Ask the person, or their criminal defense lawyer, for the court papers of every arrest. A "
                    "lawyer can get the official record."))
FIND_BOND = _m(N_("Bond decisions are not in the court's online system. Ask the court clerk or the deportation "
                  "officer."))
FIND_HEALTH = _m(N_("Ask the person on your next call about health needs and caregiving. Calls from detention "
                    "can be recorded, so keep details short."))
FIND_CITIZEN = _m(N_("Ask family where the person and their parents were born, and whether a parent became a "
                     "U.S. citizen. A lawyer can check if the person is a citizen."))
FIND_LAWYER_RULE = _m(N_("Ask a lawyer or a legal aid group near the detention center what the courts there say "
                         "about bond right now."))
FIND_ASK_PERSON = _m(N_("Ask the person what they want. Calls from detention can be recorded."))

# ---- free legal help (brief C.4) ------------------------------------------------------
LEGAL_HELP_TITLE = _m(N_("Free legal help"))
LEGAL_HELP = (
    _m(N_("Find free or low-cost legal help near the detention center: {site}"), site=LEGAL_DIRECTORY),
    _m(N_("The immigration court keeps a list of free legal service providers for each court. Ask the court or "
          "search for 'EOIR pro bono list'.")),
    _m(N_("Some detention centers may have a Legal Orientation Program. Ask the detention center.")),
    _m(N_("Only a lawyer or a DOJ-accredited representative may give immigration legal advice.")),
)

# ---- safety texts (brief E) -----------------------------------------------------------
DISCLAIMER = _m(N_("This is legal information, not legal advice. No result is promised. Laws change often."))
RULES_CHECKED = N_("The rules here were last checked on {date}.")
SCAM_WARNING = _m(N_("Beware of scams: a 'notario' or notary is not a lawyer in the U.S. Never sign blank papers "
                     "or papers you do not understand, and never give away original documents. Blank government "
                     "forms are free. The government never asks for gift cards, crypto, or money sent to a person."))
BOND_SCAM_WARNING = _m(N_("Be careful with bond companies: some charge high fees and monthly ankle-monitor "
                          "costs that you never get back. Ask a community bond fund or a lawyer first."))
PRIVACY_SHORT = _m(N_("Do not type names, A-numbers, birth dates or addresses here. Just tap the buttons."))
