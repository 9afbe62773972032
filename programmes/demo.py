"""Demo content of the programmes section: the index and six programme pages, in every language.

Written for this site from the organisation's public facts. Translations are the PO files in
`programmes/demo/locale/<language>/<key>.po`, imported through wagtail-localize by the demo loader.
"""

from datetime import timedelta

from django.utils import timezone

from website.demo.content import FULL, callout, paragraph, stream
from website.demo.loader import app_po_root

from .models import ProgrammeIndexPage, ProgrammeKey, ProgrammePage, ProgrammeStatus

INDEX = {
    "key": "programmes",
    "slug": "programmes",
    "title": "Programmes",
    "intro": (
        "We fund four grant programmes: two for individual defenders at risk and two for the local "
        "organisations that stand by them. We also coordinate a network of organisations, governments "
        "and institutions that relocate defenders, and we refer Afghan defenders to Canada's "
        "resettlement stream."
    ),
}

PROGRAMMES = [
    {
        "slug": "emergency-support",
        "title": "Emergency support",
        "programme_key": ProgrammeKey.EMERGENCY,
        "summary": (
            "Quick, short-term grants for defenders who are in danger right now because of their human "
            "rights work, and for their families."
        ),
        "who_can_apply": [
            paragraph(
                "<p>Human rights defenders anywhere in the world who face a serious and immediate threat "
                "because of what they do to defend human rights. Close relatives who are threatened "
                "because of that work can be part of the same request.</p>"
            ),
        ],
        "what_it_covers": [
            paragraph(
                "<p>The urgent practical needs that help you stay safe and keep working, for example:</p>"
                "<ul><li>better protection for a home or an office;</li>"
                "<li>a lawyer and the costs of a trial;</li>"
                "<li>medical or psychological care after an attack or detention;</li>"
                "<li>safer phones, computers and help with digital security;</li>"
                "<li>support for your family while you are detained.</li></ul>"
            ),
        ],
        "amounts": (
            "<p>There is no fixed amount. We agree it with you according to the urgent need you describe, "
            "and the support lasts a short time.</p>"
        ),
        "limits": [
            paragraph(
                "<p>We do not give individual support to defenders who are citizens of a European Union "
                "member state.</p>"
            ),
        ],
        "how_to_apply": (
            "<p>Send us a request in any language. If your life is in danger right now, call the "
            "emergency line first: someone answers at any hour.</p>"
        ),
        "apply_button_label": "Request emergency support",
    },
    {
        "slug": "temporary-relocation",
        "title": "Temporary relocation",
        "programme_key": ProgrammeKey.RELOCATION,
        "summary": (
            "Help to leave a dangerous place for a while, to somewhere safer in your own country, in your "
            "region or further away."
        ),
        "who_can_apply": [
            paragraph(
                "<p>Defenders at risk who face an urgent threat and need to move away from it for a time. "
                "Where it is possible, members of your family can come with you.</p>"
            ),
        ],
        "what_it_covers": [
            paragraph(
                "<ul><li>Travel to the place of relocation and back.</li>"
                "<li>Housing and living costs during your stay.</li>"
                "<li>A host organisation that welcomes you, found with our partners around the world.</li>"
                "<li>Time to rest, to receive care or training, and to keep in touch with your work.</li>"
                "</ul>"
            ),
        ],
        "amounts": (
            "<p>The grant depends on how long you stay and what life costs where you go. We set the "
            "budget with you and, when there is one, with the organisation that hosts you.</p>"
        ),
        "limits": [
            paragraph(
                "<p>We do not give individual support to defenders who are citizens of a European Union "
                "member state. Travel restrictions in some countries can delay or prevent a move.</p>"
            ),
        ],
        "how_to_apply": (
            "<p>Tell us about the threat, where you could go and who would travel with you. You may write "
            "in any language.</p>"
        ),
        "apply_button_label": "Request temporary relocation",
    },
    {
        "slug": "strengthening-organisations",
        "title": "Strengthening Organisations",
        "programme_key": ProgrammeKey.ORGANISATIONS,
        "summary": (
            "Grants that help local human rights organisations and groups under pressure protect their "
            "people and carry on their work."
        ),
        "who_can_apply": [
            paragraph(
                "<p>Local human rights organisations and groups, registered or not, that work in hostile or "
                "repressive settings.</p>"
            ),
        ],
        "what_it_covers": [
            paragraph(
                "<ul><li>Security for your office, your team and your information.</li>"
                "<li>Keeping essential activities going when the authorities or others try to stop them."
                "</li>"
                "<li>Training and advice that make your organisation more resilient.</li></ul>"
            ),
        ],
        "amounts": (
            "<p>We set the amount with you, based on your plan and on the risks your organisation faces.</p>"
        ),
        "limits": [
            callout(
                "Organisations registered in the EU",
                "<p>An organisation registered in a European Union member state cannot receive a grant "
                "from this programme. Activities that take place in the EU, such as training or advocacy, "
                "can still be supported in other ways.</p>",
                tone="warning",
            ),
        ],
        "how_to_apply": (
            "<p>Describe your organisation, the risks it faces and what you need. You may write in any "
            "language.</p>"
        ),
        "apply_button_label": "Request support for your organisation",
    },
    {
        "slug": "shelter-initiatives",
        "title": "Shelter Initiatives",
        "programme_key": ProgrammeKey.SHELTER,
        "status": ProgrammeStatus.PAUSED,
        "status_message": (
            "We are reviewing this programme and are not accepting new shelter proposals for now. "
            "Shelters we already fund continue as agreed."
        ),
        "status_days": 120,
        "summary": (
            "Funding for local organisations that open or run safe places where defenders at risk can "
            "stay for a while."
        ),
        "who_can_apply": [
            paragraph(
                "<p>Local organisations that host, or plan to host, human rights defenders who need a "
                "safe place to stay for a time.</p>"
            ),
        ],
        "what_it_covers": [
            paragraph(
                "<ul><li>Setting up a shelter and keeping it running.</li>"
                "<li>Security for the shelter and for the people staying there.</li>"
                "<li>Care and support for the defenders who are hosted.</li></ul>"
            ),
        ],
        "amounts": "<p>We agree the amount with each organisation, according to its plan.</p>",
        "limits": [
            paragraph("<p>Organisations registered in a European Union member state are not eligible.</p>"),
        ],
        "how_to_apply": (
            "<p>When the programme reopens, send us a short description of your shelter and the "
            "defenders it will host.</p>"
        ),
        "apply_button_label": "Propose a shelter initiative",
    },
    {
        "slug": "eu-temporary-relocation-platform",
        "title": "EU Temporary Relocation Platform",
        "summary": (
            "A network that connects the organisations, governments and institutions that relocate "
            "defenders at risk, so that they can coordinate and learn from one another."
        ),
        "who_can_apply": [
            paragraph(
                "<p>Organisations, cities, universities, governments and other institutions that host "
                "defenders for a time, or fund their relocation, can take part.</p>"
            ),
        ],
        "what_it_covers": [
            paragraph(
                "<ul><li>Regular exchanges between those who run relocation programmes.</li>"
                "<li>Shared practice on the welfare and safety of hosted defenders.</li>"
                "<li>Joint work to open more places for defenders who need to move.</li></ul>"
            ),
        ],
        "limits": [
            paragraph(
                "<p>The Platform does not relocate anyone itself. If you are a defender who needs to move "
                "for your safety, ask for temporary relocation instead.</p>"
            ),
        ],
        "how_to_apply": "<p>Write to us to ask how your organisation can join the network.</p>",
        "apply_button_label": "Ask about joining",
    },
    {
        "slug": "canada-resettlement-stream",
        "title": "Canada resettlement stream",
        "summary": (
            "We refer Afghan human rights defenders at risk to the Government of Canada, which decides on "
            "their resettlement. We do not take that decision."
        ),
        "who_can_apply": [
            paragraph(
                "<p>Afghan human rights defenders at risk. Canada has made more places available in this "
                "stream as part of its wider effort to welcome vulnerable Afghans, among them women "
                "leaders, journalists, LGBTI people and members of persecuted religious or ethnic "
                "minorities.</p>"
            ),
        ],
        "what_it_covers": [
            paragraph(
                "<p>Together with partner organisations, we receive and screen applications. We advise "
                "the Canadian authorities on defenders at risk and refer people to them, so that they can "
                "be considered for resettlement.</p>"
            ),
        ],
        "limits": [
            callout(
                "We refer; Canada decides",
                "<p>ProtectDefenders.eu refers people to the Canadian government and does not take the "
                "decision. Who is accepted, and everything that follows in the resettlement process, is "
                "decided by Immigration, Refugees and Citizenship Canada (IRCC). This federal department "
                "manages the stream, and Canada pays for it.</p>",
                tone="warning",
            ),
        ],
        "how_to_apply": (
            "<p>Write to us to ask whether you could be referred. A referral is not a promise of "
            "resettlement.</p>"
        ),
        "apply_button_label": "Ask about a referral",
    },
]

STREAM_FIELDS = ("who_can_apply", "what_it_covers", "limits")


def build(loader):
    index = loader.ensure_child(
        loader.home,
        ProgrammeIndexPage,
        INDEX["slug"],
        title=INDEX["title"],
        intro=INDEX["intro"],
        show_in_menus=True,
    )
    po_root = app_po_root("programmes")
    loader.register(INDEX["key"], index, FULL, po_root)
    for spec in PROGRAMMES:
        page = loader.ensure_child(index, ProgrammePage, spec["slug"], **page_fields(spec, loader))
        for field in STREAM_FIELDS:
            key = f"programme-{spec['slug']}:{field}"
            loader.fill_body(page, stream(key, *spec[field]), field=field)
        loader.register(f"programme-{spec['slug']}", page, FULL, po_root)


def page_fields(spec, loader):
    status_days = spec.get("status_days")
    return {
        "title": spec["title"],
        "summary": spec["summary"],
        "programme_key": spec.get("programme_key", ProgrammeKey.NONE),
        "status": spec.get("status", ProgrammeStatus.OPEN),
        "status_date": (timezone.localdate() + timedelta(days=status_days)) if status_days else None,
        "status_message": spec.get("status_message", ""),
        "amounts": spec.get("amounts", ""),
        "how_to_apply": spec["how_to_apply"],
        "apply_button_label": spec["apply_button_label"],
        # The support-request form (built before the programmes, see DEMO_APPS) with this programme chosen.
        "apply_page": loader.pages["request-support"],
        # The FAQ is built before the programmes (see DEMO_APPS), so every programme can point to it.
        "related_faq": loader.pages.get("faq"),
    }
