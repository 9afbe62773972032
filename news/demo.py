"""The news section's demo content: the index, thirteen news items over two years and their illustrations.

English is the source; the French, Spanish, Russian and Arabic translations are PO files in
`news/demo/locale/<language>/`, imported through wagtail-localize by the demo loader. Dates are counted
back from the day the demo is first loaded, so the demo always looks current; a second load changes
nothing. Items are generic on purpose: no real person or case is named.
"""

import io
from datetime import timedelta

from django.core.files.images import ImageFile
from django.utils import timezone
from PIL import Image as PillowImage
from PIL import ImageDraw
from wagtail.images import get_image_model

from website.demo.content import COMPLETE_ONLY, call_to_action, callout, heading, paragraph, stream
from website.demo.loader import app_po_root

from .models import NewsIndexPage, NewsPage

INDEX = {
    "key": "news-index",
    "slug": "news",
    "title": "News",
    "intro": (
        "What the mechanism has been doing lately: calls for applications, meetings, trainings, reports "
        "and changes to the ways we can help defenders at risk."
    ),
}

# Plain shapes drawn with Pillow: no text, no photograph, nothing that could identify anyone.
IMAGES = {
    "circles": {
        "title": "News illustration: circles",
        "alt": "Overlapping blue circles on a pale background (illustration)",
        "background": (228, 236, 247),
        "draw": lambda draw: [
            draw.ellipse(box, fill=colour)
            for box, colour in [
                ((120, 110, 440, 430), (20, 60, 120)),
                ((330, 80, 650, 400), (64, 116, 186)),
                ((540, 150, 860, 470), (140, 176, 224)),
            ]
        ],
    },
    "hills": {
        "title": "News illustration: sunrise over hills",
        "alt": "A yellow sun rising behind green hills (illustration)",
        "background": (214, 234, 248),
        "draw": lambda draw: [
            draw.ellipse((600, 90, 820, 310), fill=(246, 190, 40)),
            draw.polygon([(0, 540), (0, 330), (320, 220), (640, 380), (640, 540)], fill=(60, 130, 80)),
            draw.polygon([(260, 540), (620, 300), (960, 420), (960, 540)], fill=(38, 98, 60)),
        ],
    },
    "shelter": {
        "title": "News illustration: shelter",
        "alt": "A small house under a wide protective arc (illustration)",
        "background": (250, 240, 226),
        "draw": lambda draw: [
            draw.arc((180, 60, 780, 660), start=180, end=360, fill=(164, 0, 29), width=28),
            draw.rectangle((380, 300, 580, 470), fill=(20, 60, 120)),
            draw.polygon([(350, 310), (480, 200), (610, 310)], fill=(20, 60, 120)),
            draw.rectangle((455, 380, 505, 470), fill=(250, 240, 226)),
        ],
    },
    "network": {
        "title": "News illustration: network",
        "alt": "Dots of different colours joined by lines, like a network (illustration)",
        "background": (238, 240, 244),
        "draw": lambda draw: [
            *[draw.line((a, b), fill=(120, 128, 150), width=6) for a, b in NETWORK_LINKS],
            *[
                draw.ellipse((x - 34, y - 34, x + 34, y + 34), fill=colour)
                for (x, y), colour in NETWORK_NODES
            ],
        ],
    },
}
NETWORK_NODES = [
    ((170, 160), (20, 60, 120)),
    ((420, 110), (164, 0, 29)),
    ((700, 170), (38, 98, 60)),
    ((300, 380), (246, 170, 30)),
    ((600, 410), (64, 116, 186)),
    ((820, 360), (20, 60, 120)),
]
NETWORK_LINKS = [
    (NETWORK_NODES[a][0], NETWORK_NODES[b][0])
    for a, b in [(0, 1), (1, 2), (0, 3), (3, 4), (1, 4), (4, 5), (2, 5)]
]

NEWS = [
    {
        "slug": "what-happens-when-you-call-our-emergency-line",
        "days_ago": 12,
        "title": "What happens when you call our emergency line",
        "summary": (
            "A short guide to the 24/7 emergency line: who picks up, what you will be asked, "
            "and what kind of help can follow."
        ),
        "image": "circles",
        "tags": ["emergency"],
        "body": [
            paragraph(
                "<p>Our emergency line is open at every hour of every day. The person who answers works "
                "for the mechanism and is used to hearing from defenders in danger. You do not need to "
                "prepare anything in advance.</p>"
            ),
            heading("What we will ask"),
            paragraph(
                "<p>We will ask what is happening, where you are and how we can reach you safely again. "
                "Tell us only what you feel safe saying on the phone. If you prefer, we can agree on a "
                "safer way to talk.</p>"
            ),
            heading("What can follow"),
            paragraph(
                "<p>Depending on the situation, we may arrange urgent funding, help you move somewhere "
                "safer for a while, or put you in touch with one of the organisations in our "
                "consortium.</p>"
            ),
            call_to_action("Read our security advice", "security-advice", "Worried someone is listening?"),
        ],
    },
    {
        "slug": "our-new-annual-report",
        "days_ago": 41,
        "title": "Our new annual report is out",
        "summary": (
            "The report looks back on a year of work for defenders at risk: emergency grants, "
            "relocations, support to organisations and to shelters."
        ),
        "image": "network",
        "tags": ["publications"],
        "body": [
            paragraph(
                "<p>Every year we publish an account of what the mechanism did and what it cost. The new "
                "report covers the support given to individual defenders, to local organisations and to "
                "the shelters that host people at risk.</p>"
            ),
            paragraph(
                "<p>To protect the people we work with, the report gives figures by region and by kind of "
                "support, never details that could identify a person or a group.</p>"
            ),
            heading("What the report covers"),
            paragraph(
                "<ul>"
                "<li>how requests for urgent help reached us, and how quickly we answered them;</li>"
                "<li>where defenders went when they had to relocate, region by region;</li>"
                "<li>what local organisations and shelters did with the grants they received.</li>"
                "</ul>"
            ),
        ],
    },
    {
        "slug": "call-for-applications-support-for-local-organisations",
        "days_ago": 76,
        "title": "Call for applications: support for local human rights organisations",
        "summary": (
            "Small organisations defending human rights in hostile settings can apply for funding "
            "to strengthen their work and their safety."
        ),
        "image": None,
        "tags": ["grants"],
        "body": [
            paragraph(
                "<p>We are accepting applications from local organisations and groups that defend human "
                "rights where doing so is dangerous. The grants can pay for better security, training, "
                "equipment or the running costs that keep an organisation going under pressure.</p>"
            ),
            callout(
                "Who cannot apply",
                "<p>Organisations registered in a country of the European Union are not eligible for this "
                "programme.</p>",
                tone="warning",
            ),
            heading("How to apply"),
            paragraph(
                "<p>Write to us through the contact page in any language. Describe your organisation, the "
                "risks you face and what the grant would change. We will tell you what else we need.</p>"
            ),
            call_to_action("Contact us", "contact"),
        ],
    },
    {
        "slug": "relocation-platform-members-meet",
        "days_ago": 112,
        "title": "Members of the EU Temporary Relocation Platform meet",
        "summary": (
            "Cities, universities, NGOs and public bodies that host defenders met to share what works "
            "when someone has to leave home for a while."
        ),
        "image": "shelter",
        "tags": ["relocation", "events"],
        "body": [
            paragraph(
                "<p>The EU Temporary Relocation Platform brings together everyone who offers defenders a "
                "safe place to rest, study or keep working for a time. Its members met this season to "
                "compare their experience.</p>"
            ),
            heading("What was discussed"),
            paragraph(
                "<ul>"
                "<li>How to prepare a stay so that the defender arrives with a visa, a place to live and "
                "someone to meet them.</li>"
                "<li>Care for mental health and well-being during and after relocation.</li>"
                "<li>Planning the return home, or what happens when going back is not yet safe.</li>"
                "</ul>"
            ),
            paragraph(
                "<p>The Secretariat coordinates the Platform and will share a summary of the "
                "recommendations with its members.</p>"
            ),
        ],
    },
    {
        "slug": "digital-security-training-for-defenders",
        "days_ago": 151,
        "title": "Digital security training for defenders and their teams",
        "summary": (
            "A new series of practical trainings helps defenders protect their phones, accounts and "
            "conversations."
        ),
        "image": "network",
        "tags": ["training", "events"],
        "body": [
            paragraph(
                "<p>Through the organisations of our consortium, we fund trainings that start from the "
                "risks each group actually faces. Sessions are small, held in the participants' own "
                "language and, when it is safer, online.</p>"
            ),
            paragraph(
                "<p>Participants learn to secure their devices and accounts, to recognise attempts to "
                "trick them, and to decide together which information must be protected first.</p>"
            ),
            call_to_action("Read our security advice", "security-advice"),
        ],
    },
    {
        "slug": "temporary-relocation-how-it-can-help",
        "days_ago": 203,
        "title": "Temporary relocation: how time in a safer place can help",
        "summary": (
            "When a threat becomes urgent, moving away for a few weeks or months can protect a defender "
            "and give them room to plan what comes next."
        ),
        "image": "hills",
        "tags": ["relocation"],
        "body": [
            paragraph(
                "<p>Our relocation programme helps defenders leave a dangerous place for a while: to "
                "another town in their own country, to a neighbouring country or further away. Where "
                "possible, close family members can come too.</p>"
            ),
            heading("What the programme can cover"),
            paragraph(
                "<ul>"
                "<li>travel and a place to stay;</li>"
                "<li>living costs during the stay;</li>"
                "<li>medical or psychological care when it is needed.</li>"
                "</ul>"
            ),
            paragraph(
                "<p>Each relocation is planned with the defender, so that the stay strengthens their "
                "work instead of cutting them off from it.</p>"
            ),
        ],
    },
    {
        "slug": "more-support-for-shelters",
        "days_ago": 254,
        "title": "More support for shelters that host defenders at risk",
        "summary": (
            "Organisations that run or want to open a shelter for defenders can ask us to fund their work."
        ),
        "image": "shelter",
        "tags": ["grants", "relocation"],
        "body": [
            paragraph(
                "<p>Shelters let defenders stay close to home, in a familiar language and culture, while "
                "a threat passes. Our shelter programme funds organisations that host defenders, and "
                "helps new shelters get started.</p>"
            ),
            paragraph(
                "<p>Grants can pay for accommodation, security measures, care for the people staying "
                "there and the staff who look after them.</p>"
            ),
            call_to_action("Contact us", "contact", "Running a shelter or planning one?"),
        ],
    },
    {
        "slug": "canada-resettlement-stream-our-role",
        "days_ago": 301,
        "title": "Canada resettlement stream: what our role is, and what it is not",
        "summary": (
            "We refer Afghan human rights defenders at risk to the Government of Canada; Canada alone "
            "decides who is resettled."
        ),
        "image": None,
        "tags": ["relocation"],
        "body": [
            paragraph(
                "<p>Canada has opened places for Afghan human rights defenders in its refugee programme. "
                "Together with partner organisations, we receive and screen applications and refer "
                "defenders to the Canadian authorities.</p>"
            ),
            callout(
                "We do not decide",
                "<p>The final decision, and the whole resettlement process, belong to the Government of "
                "Canada, which runs and funds the stream. We cannot speed up or change a decision.</p>",
                tone="warning",
            ),
        ],
    },
    {
        "slug": "emergency-grants-what-they-can-pay-for",
        "days_ago": 358,
        "title": "Emergency grants: what they can pay for",
        "summary": (
            "A reminder of the urgent costs our emergency grants can cover for defenders in danger and "
            "their families."
        ),
        "image": "circles",
        "tags": ["grants", "emergency"],
        "body": [
            paragraph(
                "<p>When a defender is in immediate danger, a small grant delivered quickly can make the "
                "difference. Our emergency support programme can pay, for example, for:</p>"
                "<ul>"
                "<li>lawyers' fees and the costs of a trial;</li>"
                "<li>medical care after an attack;</li>"
                "<li>better locks, cameras or safer phones;</li>"
                "<li>support for a family when a defender is detained.</li>"
                "</ul>"
            ),
            paragraph("<p>Individual support is not available to citizens of the European Union.</p>"),
        ],
    },
    {
        "slug": "webinar-safe-communication-with-defenders",
        "days_ago": 417,
        "title": "Webinar for partners: communicating safely with defenders",
        "summary": (
            "Staff of partner organisations shared how they keep contact with defenders who are "
            "watched or censored."
        ),
        "image": None,
        "tags": ["training", "events"],
        "body": [
            paragraph(
                "<p>Partners from several regions joined an online session on keeping in touch with "
                "defenders whose phones, e-mail or connections may be monitored.</p>"
            ),
            paragraph(
                "<p>The discussion covered choosing tools that work on slow connections, agreeing on "
                "signals for danger, and collecting only the information that is truly needed.</p>"
            ),
        ],
    },
    {
        "slug": "tell-us-how-we-did",
        "days_ago": 476,
        "title": "Tell us how we did",
        "summary": (
            "Our feedback and complaints channel is open to everyone who has dealt with us, defenders "
            "first of all."
        ),
        "image": None,
        "tags": [],
        "body": [
            paragraph(
                "<p>We want to know when our support helped and when it fell short. You can send praise, "
                "criticism or a formal complaint, in any language.</p>"
            ),
            paragraph(
                "<p>We confirm receipt straight away, send a first answer within 15 days and a full "
                "answer within 30 days.</p>"
            ),
            call_to_action("Feedback and response", "feedback-and-response"),
        ],
    },
    {
        "slug": "funding-field-missions-and-trial-monitoring",
        "days_ago": 561,
        "title": "Funding field missions and trial observation",
        "summary": (
            "Part of our budget pays for the missions in which our partners observe trials, gather "
            "facts and meet defenders where they live."
        ),
        "image": "hills",
        "tags": ["events"],
        "body": [
            paragraph(
                "<p>Being present can protect. When observers attend a trial or visit a region under "
                "pressure, the authorities know that the world is watching.</p>"
            ),
            paragraph(
                "<p>We help fund these missions by the organisations of our consortium, and the "
                "advocacy that follows them, so that what they see is heard at local, regional and "
                "international level.</p>"
            ),
        ],
    },
    {
        "slug": "help-for-the-families-of-defenders",
        "days_ago": 652,
        "title": "Help for the families of defenders",
        "summary": (
            "Threats against a defender often reach their relatives too. Our support can include the family."
        ),
        "image": None,
        "tags": ["emergency"],
        "body": [
            paragraph(
                "<p>Children, partners and parents are often targeted to put pressure on a defender. When "
                "we support a defender, we also look at what their family needs to be safe.</p>"
            ),
            paragraph(
                "<p>That can mean covering school costs after a move, medical care, or the travel of close "
                "relatives who relocate together.</p>"
            ),
            call_to_action("Contact us", "contact", "Is your family at risk because of your work?"),
        ],
    },
]


def build(loader):
    po_root = app_po_root("news")
    images = {key: ensure_image(loader, key, spec) for key, spec in IMAGES.items()}

    index = loader.ensure_child(
        loader.home,
        NewsIndexPage,
        INDEX["slug"],
        title=INDEX["title"],
        intro=INDEX["intro"],
        show_in_menus=True,
    )
    if index.latest_revision_id is None:
        # Pages created by add_child have no revision; editors expect one to compare and revert to.
        index.save_revision().publish()
        loader.say(f"Saved a first revision of {index.url_path}")
    loader.register(INDEX["key"], index, COMPLETE_ONLY, po_root)

    today = timezone.localdate()
    for spec in NEWS:
        key = f"news-{spec['slug']}"
        image = images[spec["image"]] if spec["image"] else None
        page = loader.ensure_child(
            index,
            NewsPage,
            spec["slug"],
            title=spec["title"],
            date=today - timedelta(days=spec["days_ago"]),
            summary=spec["summary"],
            image=image,
            image_alt=IMAGES[spec["image"]]["alt"] if image else "",
        )
        if not page.body and spec["tags"]:
            # Saved, with the body, by the revision that fill_body publishes.
            page.tags.add(*spec["tags"])
        loader.fill_body(page, stream(key, *spec["body"]))
        loader.register(key, page, COMPLETE_ONLY, po_root)


def ensure_image(loader, key, spec):
    """The demo illustration with this title, drawn and stored once."""
    image_model = get_image_model()
    existing = image_model.objects.filter(title=spec["title"]).first()
    if existing is not None:
        return existing
    picture = PillowImage.new("RGB", (960, 540), spec["background"])
    spec["draw"](ImageDraw.Draw(picture))
    buffer = io.BytesIO()
    picture.save(buffer, format="PNG", optimize=True)
    name = f"news-{key}.png"
    image = image_model(title=spec["title"], description=spec["alt"])
    image.file.save(name, ImageFile(buffer, name=name), save=False)
    image.save()
    loader.say(f"Created the image {spec['title']!r}")
    return image
