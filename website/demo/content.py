"""The demo site's English source content, written for this site from the organisation's public facts.

Every other language comes from the PO files in `website/demo/locale/<language>/`, imported through
wagtail-localize exactly as a translator's upload would be. Block ids are fixed so that the PO files'
contexts stay valid on every fresh database.
"""

import uuid
from datetime import date

DEMO_NAMESPACE = uuid.UUID("5b0c5d1e-6f1b-4c47-9a51-2f0b8f3e7d10")

# Languages each page is translated into. fa and pt get what a defender at risk needs first.
FULL = ["fr", "es", "ru", "ar", "fa", "pt"]
COMPLETE_ONLY = ["fr", "es", "ru", "ar"]

HOTLINE_NUMBER = "+3225550100"  # a demo number in Brussels' fictional range, replaced by editors
HOTLINE_LANGUAGES = "en,fr,es,ru,ar"

EXIT_DESTINATIONS = {
    "en": "https://www.bbc.co.uk/weather",
    "fr": "https://meteofrance.com/",
    "es": "https://www.eltiempo.es/",
    "ru": "https://www.gismeteo.ru/",
    "ar": "https://ar.wikipedia.org/",
    "fa": "https://fa.wikipedia.org/",
    "pt": "https://www.ipma.pt/",
}


def block(page_key, index, block_type, value):
    """A StreamField block with an id that is the same on every database."""
    return {"type": block_type, "value": value, "id": str(uuid.uuid5(DEMO_NAMESPACE, f"{page_key}:{index}"))}


def list_items(prefix, values):
    """ListBlock items in Wagtail's block format, with fixed ids, so wagtail-localize can extract them."""
    return [
        {"type": "item", "value": value, "id": str(uuid.uuid5(DEMO_NAMESPACE, f"{prefix}:{index}"))}
        for index, value in enumerate(values)
    ]


def stream(page_key, *blocks, first_index=0):
    # first_index keeps the ids (and so the PO contexts and their translations) of blocks that stay
    # when the blocks before them are removed.
    return [
        block(page_key, index, block_type, value)
        for index, (block_type, value) in enumerate(blocks, start=first_index)
    ]


def heading(text, level="h2"):
    return ("heading", {"text": text, "level": level})


def paragraph(html):
    return ("paragraph", html)


def callout(title, html, tone="info"):
    return ("callout", {"tone": tone, "title": title, "text": html})


def accordion(*items):
    values = [{"title": title, "body": body} for title, body in items]
    return ("accordion", {"items": list_items(f"accordion:{items[0][0]}", values)})


def table(caption, header, rows):
    return (
        "table",
        {
            "caption": caption,
            "header": list_items(f"table:{caption}:header", header),
            "rows": list_items(
                f"table:{caption}:rows",
                [list_items(f"table:{caption}:row:{index}", row) for index, row in enumerate(rows)],
            ),
        },
    )


def call_to_action(label, page_key, text=""):
    # page_key is resolved to a page id by the loader.
    return ("call_to_action", {"text": text, "label": label, "page": page_key, "url": ""})


FOOTER = (
    "<p>ProtectDefenders.eu is the European Union's mechanism for human rights defenders at risk, "
    "run by a consortium of twelve non-governmental organisations and funded by the European Union.</p>"
    "<p>This site sets no tracking cookies and loads nothing from other websites.</p>"
)

HOME = {
    "key": "home",
    "title": "ProtectDefenders.eu",
    "search_description": (
        "The European Union mechanism that protects human rights defenders at high risk, around the world."
    ),
    "mission": (
        "ProtectDefenders.eu is the European Union's mechanism for human rights defenders, run by twelve "
        "international human rights organisations working together. We stand with defenders who face the "
        "gravest danger anywhere in the world, with urgent help, relocation and long-term support."
    ),
    "urgent_help_title": "Are you a human rights defender in danger?",
    "urgent_help_text": (
        "<p>Call our emergency line, day or night. Someone will answer and can arrange urgent help. "
        "You can also write to us through this site in your own language.</p>"
    ),
    "support_button_label": "Ask for support",
    "support_page": "contact",
    "translations": FULL,
}

STANDARD_PAGES = [
    {
        "key": "contact",
        "slug": "contact",
        "title": "Contact",
        "show_in_menus": True,
        "search_description": "How to reach ProtectDefenders.eu safely, and who we answer first.",
        "intro": (
            "Defenders whose safety is threatened because of their work come first. Other messages are "
            "welcome too, but an answer may take longer."
        ),
        "body": lambda key: stream(
            key,
            callout(
                "In immediate danger?",
                "<p>Call the 24/7 emergency line shown at the top of every page. It answers at any hour.</p>",
                tone="urgent",
            ),
            heading("Writing to us"),
            paragraph(
                "<p>You may write in any language. Tell us who you are, what is happening and how we can "
                "reach you safely. Share only what you are comfortable sharing; we can ask for more "
                "later.</p>"
            ),
            heading("Before you write"),
            paragraph(
                "<p>If someone may be watching your phone or computer, read our security advice first. "
                "The red button at the top of each page takes you away from this site at once.</p>"
            ),
            call_to_action("Read our security advice", "security-advice"),
        ),
        "translations": FULL,
    },
    {
        "key": "feedback-and-response",
        "slug": "feedback-and-response",
        "title": "Feedback and response",
        "show_in_menus": True,
        "search_description": "How to tell us what went well or badly, and how we answer complaints.",
        "intro": (
            "We want to hear about your experience with us, good or bad. If our actions harmed you, you can "
            "complain and we will look into it carefully."
        ),
        "body": lambda key: stream(
            key,
            paragraph(
                "<p>Our work exists to make defenders safer. We know that we cannot answer every request, "
                "and that our support will not always be what a person hoped for.</p>"
                "<p>Anyone who has dealt with us in connection with our work, defenders above all, may "
                "send us praise, criticism or a formal complaint.</p>"
            ),
            heading("What a complaint can cover"),
            paragraph(
                "<p>A complaint is for cases where something we did, or failed to do, hurt a person we "
                "work with. It is not a way to appeal a decision about whether we give support.</p>"
            ),
            heading("What to include"),
            paragraph(
                "<ul>"
                "<li>the project or the member of staff concerned;</li>"
                "<li>when the events took place;</li>"
                "<li>what happened, as precisely as you can;</li>"
                "<li>any reasons or evidence you have.</li>"
                "</ul>"
                "<p>The more complete your message, the faster we can deal with it.</p>"
            ),
            heading("Our promise"),
            table(
                "How we answer complaints and feedback",
                ["Step", "When"],
                [
                    ["We confirm that your message arrived", "At once"],
                    ["First response", "Within 15 days"],
                    ["Full answer from the Head of the Secretariat", "Within 30 days"],
                ],
            ),
            paragraph(
                "<p>Every comment, positive or negative, is passed to the team concerned so that we can "
                "do better.</p>"
            ),
        ),
        "translations": COMPLETE_ONLY,
    },
    {
        "key": "security-advice",
        "slug": "security-advice",
        "title": "Staying safe when you contact us",
        "show_in_menus": True,
        "search_description": "Practical steps to protect yourself when you visit this site or write to us.",
        "intro": (
            "Some of the people who write to us are watched by those who threaten them. These steps lower "
            "the risk; none of them removes it completely."
        ),
        "body": lambda key: stream(
            key,
            accordion(
                (
                    "Use a device you trust",
                    "<p>If you can, use a phone or computer that nobody else controls or inspects. "
                    "A shared or confiscated device may keep a record of what you did.</p>",
                ),
                (
                    "Use a private window or Tor Browser",
                    "<p>A private window leaves less history behind. Tor Browser also hides which sites "
                    "you visit from your internet provider. This site works in Tor Browser on its "
                    "safest setting.</p>",
                ),
                (
                    "Think about what you write",
                    "<p>Give us only what we need to understand your situation and reach you. We protect "
                    "what you send, but you decide what to share.</p>",
                ),
                (
                    "Leave quickly if you need to",
                    "<p>The red button at the top of every page, or pressing Shift three times, opens a "
                    "neutral website in its place.</p>",
                ),
            ),
            call_to_action("How the quick exit works", "quick-exit"),
        ),
        "translations": COMPLETE_ONLY,
    },
    {
        "key": "privacy",
        "slug": "privacy",
        "title": "Privacy notice",
        "show_in_menus": False,
        "search_description": "What we record when you visit the site or write to us, and for how long.",
        "intro": "We collect as little as we can, and we protect what we must keep.",
        "body": lambda key: stream(
            key,
            heading("When you read the site"),
            paragraph(
                "<p>We set no cookies on pages without a form, use no analytics and load nothing from "
                "other websites. Our servers do not keep your address with anything you send us.</p>"
            ),
            heading("When you write to us"),
            paragraph(
                "<p>What you send is locked with a key that only the team handling your kind of request "
                "holds. Even someone who copied our database could not read it.</p>"
            ),
            table(
                "How long we keep things",
                ["What", "How long"],
                [
                    ["Requests for support", "One year after the case is closed"],
                    ["Complaints and feedback", "Two years after the answer"],
                    ["Newsletter address", "Until you unsubscribe"],
                ],
            ),
            heading("Your rights"),
            paragraph(
                "<p>You can ask us what we hold about you, ask us to correct it or to delete it. Write to "
                "us through the contact page.</p>"
            ),
        ),
        "translations": COMPLETE_ONLY,
    },
    {
        "key": "accessibility",
        "slug": "accessibility",
        "title": "Accessibility statement",
        "show_in_menus": False,
        "search_description": (
            "How accessible this site is, how we check it, and how to tell us about a barrier."
        ),
        "intro": (
            "Everyone at risk must be able to read this site and reach us, whatever device or "
            "assistance they use."
        ),
        "body": lambda key: stream(
            key,
            heading("What we aim for"),
            paragraph(
                "<p>We build the site to meet the Web Content Accessibility Guidelines (WCAG) 2.2 at "
                "level AA in every language we publish, including Arabic and Persian, which read from "
                "right to left.</p>"
                "<ul>"
                "<li>Every page and every form works without JavaScript and with the keyboard alone.</li>"
                "<li>Text can be enlarged to twice its size without losing content.</li>"
                "<li>Pages stay light, so that they load on slow or expensive connections.</li>"
                "</ul>"
            ),
            heading("How we check it"),
            paragraph(
                "<p>Automated checks of every page in every language run before each change goes live, and "
                "people test the main tasks with a screen reader and on a phone.</p>"
            ),
            heading("Tell us about a barrier"),
            paragraph(
                "<p>If something on this site is hard to use for you, tell us through the feedback form or "
                "the contact page. We answer within 15 working days.</p>"
            ),
        ),
        "translations": COMPLETE_ONLY,
    },
    {
        "key": "quick-exit",
        "slug": "quick-exit",
        "title": "Leaving this site quickly",
        "show_in_menus": False,
        "search_description": "What the Exit this page button does, and what it cannot do.",
        "intro": (
            "If someone comes near while you are reading, you can leave this site at once and land on an "
            "ordinary website."
        ),
        "body": lambda key: stream(
            key,
            heading("How to use it"),
            paragraph(
                "<ul>"
                "<li>Select the red “Exit this page” button at the top of any page, or</li>"
                "<li>press the Shift key three times in a row.</li>"
                "</ul>"
                "<p>Your browser is asked to delete what it stored from this site, and a neutral page, "
                "such as a weather site, opens instead.</p>"
            ),
            callout(
                "What it cannot do",
                "<p>The button does not erase your browsing history, and it cannot hide your visit from "
                "someone who monitors your device or your network. Use a private window or Tor Browser, "
                "and clear your history afterwards if it is safe to do so.</p>",
                tone="warning",
            ),
        ),
        "translations": FULL,
    },
]

# Built by `about.py`: pages of their own types, and the snippets they show.
WHO_WE_ARE = {
    "key": "who-we-are",
    "slug": "who-we-are",
    "title": "Who we are",
    "show_in_menus": True,
    "search_description": (
        "A consortium of twelve human rights organisations carrying out the EU's mechanism."
    ),
    "intro": (
        "We carry out the European Union's mechanism for human rights defenders: twelve international "
        "non-governmental organisations joined in one consortium, with a small Secretariat in Brussels."
    ),
    "board_rotation_start": date(2016, 1, 1),
    "board_turn_months": 6,
    # The consortium, the Board and the Secretariat come from the snippets below; the body keeps the
    # ids it had when those sections were paragraphs of a standard page (see `stream`).
    "body": lambda key: stream(
        key,
        heading("What we do"),
        paragraph(
            "<ul>"
            "<li>Run an emergency line and a rapid-response system that helps defenders in danger, "
            "their families and their work, without delay.</li>"
            "<li>Help defenders move to safety for a time, within their own country, in their region "
            "or further away, when a threat is urgent.</li>"
            "<li>Fund shelters for defenders at risk and bring together the people who host them, "
            "through the EU Temporary Relocation Platform.</li>"
            "<li>Train, fund and accompany defenders and local organisations so that they can keep "
            "working.</li>"
            "<li>Follow what happens to defenders, on the ground as well, and speak up for their "
            "protection locally, regionally and internationally.</li>"
            "<li>Help the organisations that support defenders, the EU institutions and others work "
            "together.</li>"
            "</ul>"
        ),
        call_to_action("Contact us", "contact", "Need help or have a question?"),
        first_index=6,
    ),
    "translations": COMPLETE_ONLY,
}

# The twelve members of the consortium. The four Board members chair the Board in turn, in this order.
ORGANISATIONS = [
    {
        "key": "front-line-defenders",
        "name": "Front Line Defenders",
        "acronym": "FLD",
        "url": "https://www.frontlinedefenders.org/",
        "board_order": 1,
        "description": (
            "A Dublin-based foundation that gives fast, practical help to defenders at risk, including "
            "an emergency line that answers day and night."
        ),
    },
    {
        "key": "rsf",
        "name": "Reporters Without Borders",
        "acronym": "RSF",
        "url": "https://rsf.org/",
        "board_order": 2,
        "description": (
            "Defends press freedom and stands by journalists who are threatened, attacked or jailed "
            "because of their reporting."
        ),
    },
    {
        "key": "omct",
        "name": "World Organisation Against Torture",
        "acronym": "OMCT",
        "url": "https://www.omct.org/",
        "board_order": 3,
        "description": (
            "A worldwide network of groups that fight torture and ill-treatment and protect the people "
            "who denounce them."
        ),
    },
    {
        "key": "fidh",
        "name": "International Federation for Human Rights",
        "acronym": "FIDH",
        "url": "https://www.fidh.org/",
        "board_order": 4,
        "description": (
            "Brings together national human rights organisations from every continent to document "
            "abuses, go to court and speak up for defenders."
        ),
    },
    {
        "key": "pbi",
        "name": "Peace Brigades International",
        "acronym": "PBI",
        "url": "https://www.peacebrigades.org/",
        "description": (
            "Sends international volunteers to accompany defenders whose lives are threatened, so that "
            "attacking them carries a political cost."
        ),
    },
    {
        "key": "defenddefenders",
        "name": "DefendDefenders (East and Horn of Africa Human Rights Defenders Project)",
        "acronym": "EHAHRDP",
        "url": "https://defenddefenders.org/",
        "description": (
            "Works for the safety and effectiveness of defenders in the East and Horn of Africa, and "
            "coordinates a network of defenders across that region."
        ),
    },
    {
        "key": "forum-asia",
        "name": "Asian Forum for Human Rights and Development",
        "acronym": "FORUM-ASIA",
        "url": "https://www.forum-asia.org/",
        "description": (
            "A network of member organisations across Asia working for human rights, peace and justice "
            "in the region."
        ),
    },
    {
        "key": "ilga-world",
        "name": "International Lesbian, Gay, Bisexual, Trans and Intersex Association",
        "acronym": "ILGA World",
        "url": "https://ilga.org/",
        "description": (
            "A global federation of organisations that campaign for the equal rights of lesbian, gay, "
            "bisexual, trans and intersex people."
        ),
    },
    {
        "key": "protection-international",
        "name": "Protection International",
        "acronym": "PI",
        "url": "https://www.protectioninternational.org/",
        "description": (
            "Helps defenders and their communities design their own protection and security "
            "strategies, through training, research and advice."
        ),
    },
    {
        "key": "urgent-action-fund",
        "name": "Urgent Action Fund for Women's Human Rights",
        "acronym": "UAF",
        "url": "https://urgentactionfund.org/",
        "description": (
            "Makes quick grants to women and trans and non-binary defenders who face sudden danger or "
            "a pressing opportunity."
        ),
    },
    {
        "key": "escr-net",
        "name": "International Network for Economic, Social and Cultural Rights",
        "acronym": "ESCR-Net",
        "url": "https://www.escr-net.org/",
        "description": (
            "Connects social movements, groups and advocates who work for rights such as housing, land, "
            "work and a healthy environment."
        ),
    },
    {
        "key": "emhrf",
        "name": "Euro-Mediterranean Foundation of Support to Human Rights Defenders",
        "acronym": "EMHRF",
        "url": "https://emhrf.org/",
        "description": (
            "Offers flexible and discreet support to defenders and organisations in the southern and "
            "eastern Mediterranean who are in difficulty."
        ),
    },
]

# Placeholder people: editors replace them with the real team (or hide anyone at risk).
SECRETARIAT = [
    {"key": "head", "name": "Alex Example", "role": "Head of the Secretariat", "sort_order": 1},
    {"key": "programmes", "name": "Sam Sample", "role": "Programme officer", "sort_order": 2},
    {"key": "communication", "name": "Noor Placeholder", "role": "Communications officer", "sort_order": 3},
    {
        "key": "finance",
        "name": "Luca Demo",
        "role": "Finance and administration officer",
        "sort_order": 4,
        "is_visible": False,
    },
]

NOTICE_INDEX = {
    "key": "notices",
    "slug": "notices",
    "title": "Notices",
    "show_in_menus": True,
    "search_description": "Announcements about how ProtectDefenders.eu is working now, and earlier notices.",
    "intro": (
        "When events change the way we work, for example during a pandemic or a crisis, we say so here. "
        "Current notices come first, then earlier ones."
    ),
    "translations": FULL,
}

# Published under the notices index.
NOTICES = [
    {
        "key": "covid-19",
        "slug": "covid-19-operations",
        "title": "COVID-19: we are still working",
        "search_description": "How the COVID-19 pandemic affects our programmes.",
        "summary": "Our emergency line and support programmes remain open during the pandemic.",
        "body": lambda key: stream(
            key,
            paragraph(
                "<p>The pandemic has not stopped our work. The mechanism keeps running, and we have "
                "taken steps to keep our staff safe while we continue to protect defenders.</p>"
                "<p>Some activities may be slower than usual. The 24/7 emergency line and emergency "
                "grants are open, and so is funding for human rights organisations and groups working "
                "under repression.</p>"
                "<p>We still accept requests for temporary relocation of defenders at risk, and of their "
                "families where possible, with host institutions around the world. We handle them as far "
                "as travel restrictions allow.</p>"
            ),
            call_to_action("Contact us", "contact"),
        ),
        # A notice page for the long text, no longer a banner on every page: short, dated messages to
        # every reader are site-wide alerts (SITE_ALERT below).
        "banner_days": None,
        "translations": FULL,
    },
]

# Editors' navigation (Settings → Navigation), by demo key or slug of the home page's children.
MAIN_MENU = ["who-we-are", "programmes", "faq", "news", "vacancies", "notices", "contact"]
FOOTER_MENU = [
    "contact",
    "privacy",
    "accessibility",
    "newsletter",
    "security-advice",
    "feedback-and-response",
    "complaint",
]
SUPPORT_PAGE = "request-support"
# Plain links; the addresses are placeholders under the reserved .example domain.
SOCIAL_LINKS = [
    ("Mastodon", "https://mastodon.example/@protectdefenders"),
    ("Bluesky", "https://bsky.example/profile/protectdefenders.eu"),
    ("LinkedIn", "https://linkedin.example/company/protectdefenders-eu"),
]

# One site-wide alert, shown for a month after the demo is loaded, in every language at once.
SITE_ALERT = {
    "key": "site-alert-no-fees",
    "text": (
        "Beware of impostors: our support is always free. We never ask for money, and we answer only "
        "through the channel you chose."
    ),
    "level": "information",
    "link_page": "security-advice",
    "days": 30,
    "translations": FULL,
}
