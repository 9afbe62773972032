"""Demo vacancies: four openings, one already closed and one closing within days of the first load.

Closing times are set relative to the moment the demo is first loaded, so the demo always shows both
states; the loader creates each page only when it is missing, so a second load changes no date.
"""

import hashlib
from datetime import timedelta

from django.core.files.base import ContentFile
from django.utils import timezone
from wagtail.documents import get_document_model

from website.demo.content import COMPLETE_ONLY, heading, paragraph, stream
from website.demo.loader import app_po_root

from .models import BRUSSELS, VacancyIndexPage, VacancyPage
from .pdf import text_pdf

APPLY_BY_EMAIL = '<a href="mailto:recruitment@protectdefenders.eu">recruitment@protectdefenders.eu</a>'

INDEX = {
    "key": "vacancies",
    "slug": "vacancies",
    "title": "Vacancies",
    "intro": (
        "Openings for staff, consultants and interns at the Secretariat of ProtectDefenders.eu. Each "
        "vacancy takes applications until the closing time shown, given in Brussels time."
    ),
}

EVALUATION_TOR = {
    "title": "Terms of reference: mid-term evaluation of the Emergency Support Programme",
    "filename": "terms-of-reference-emergency-support-evaluation.pdf",
    "paragraphs": [
        "Background. ProtectDefenders.eu awards emergency grants to human rights defenders who face "
        "threats because of their work: for security measures, medical or legal costs, or a safe place "
        "to stay for a while. The programme has grown over the last three years, and the consortium "
        "wants an independent view of how well it works before its next phase.",
        "Scope. The evaluation covers grants awarded over the past three years, in every region. It "
        "looks at relevance, speed, the effect of the support on defenders' safety, and access for "
        "defenders in remote areas, women defenders and defenders who speak neither English nor French.",
        "Method. Review of anonymised grant files, interviews with Secretariat staff and consortium "
        "members, and conversations with defenders who freely agree to take part. The evaluator "
        "proposes safeguards for every interviewee in the inception report and follows the Secretariat's "
        "information security rules.",
        "Deliverables. An inception report; a draft report discussed with the Secretariat; a final "
        "report of at most 30 pages with a summary that can be published.",
        "Timing and budget. About 35 working days over four months, starting as soon as possible after "
        "selection. Offers state a total fee in euros, including any travel.",
        "Applications. A technical proposal of up to five pages, a financial offer and the evaluators' "
        "CVs, sent to recruitment@protectdefenders.eu before the closing time published on the website.",
    ],
}


def brussels_time(days_from_now, hour, minute=0):
    """A round Brussels wall-clock time `days_from_now` days from now (negative: in the past)."""
    moment = timezone.localtime(timezone.now(), BRUSSELS) + timedelta(days=days_from_now)
    return moment.replace(hour=hour, minute=minute, second=0, microsecond=0)


def days_ago(days):
    return (timezone.localtime(timezone.now(), BRUSSELS) - timedelta(days=days)).date()


VACANCIES = [
    {
        "key": "vacancy-programme-officer",
        "slug": "programme-officer-emergency-support",
        "title": "Programme Officer, Emergency Support",
        "kind": VacancyPage.Kind.JOB,
        "location": "Brussels, Belgium",
        "country": "BE",
        "contract": "Full time, 12 months, renewable",
        "closing_at": lambda: brussels_time(21, 17),
        "date_posted": lambda: days_ago(6),
        "summary": (
            "Help human rights defenders at risk get emergency support quickly. You will assess urgent "
            "requests, prepare grant decisions and stay in touch with defenders and partner organisations "
            "until each case is closed."
        ),
        "how_to_apply": (
            "<p>Send your CV and a cover letter of no more than two pages, in English, to "
            f"{APPLY_BY_EMAIL}, with the title of the vacancy in the subject line.</p>"
            "<p>We contact shortlisted candidates only. Interviews take place in the two weeks after the "
            "closing date.</p>"
        ),
        "body": lambda key: stream(
            key,
            heading("About the role"),
            paragraph(
                "<p>The Emergency Support team answers requests from defenders who are threatened because "
                "of their human rights work. As Programme Officer you handle requests from several "
                "regions, check each one against the programme's criteria, propose the right support and "
                "follow every grant until its final report.</p>"
            ),
            heading("Your responsibilities"),
            paragraph(
                "<ul><li>Review incoming requests and ask for any information still missing.</li>"
                "<li>Prepare recommendations and grant agreements for approval.</li>"
                "<li>Keep sensitive information safe, following the team's security procedures.</li>"
                "<li>Work with consortium members and local partners on complex cases.</li></ul>"
            ),
            heading("What we look for"),
            paragraph(
                "<ul><li>At least three years of experience in protecting human rights defenders or in "
                "managing grants.</li>"
                "<li>Excellent written English and a good working knowledge of French, Spanish, Russian "
                "or Arabic.</li>"
                "<li>Calm judgement under pressure and close attention to detail.</li>"
                "<li>The right to work in Belgium.</li></ul>"
                "<p>We welcome applications from people who have defended human rights in difficult "
                "places themselves.</p>"
            ),
        ),
    },
    {
        "key": "vacancy-evaluation-consultancy",
        "slug": "evaluation-consultancy",
        "title": "Consultancy: evaluation of the Emergency Support Programme",
        "kind": VacancyPage.Kind.CONSULTANCY,
        "location": "",
        "country": "",
        "remote_allowed": True,
        "applicant_location_requirements": "Any country",
        "contract": "About 35 working days over four months",
        "closing_at": lambda: brussels_time(3, 12),
        "date_posted": lambda: days_ago(14),
        "terms_of_reference": EVALUATION_TOR,
        "summary": (
            "We are looking for an independent evaluator, or a small team, to assess how well our "
            "emergency grants reach defenders at risk and to recommend improvements for the next phase "
            "of the mechanism."
        ),
        "how_to_apply": (
            "<p>Read the terms of reference first. Then send a technical proposal of up to five pages, a "
            f"financial offer in euros and the evaluators' CVs to {APPLY_BY_EMAIL}.</p>"
        ),
        "body": lambda key: stream(
            key,
            heading("Purpose of the evaluation"),
            paragraph(
                "<p>The evaluation looks at the relevance, speed and effect of the emergency grants "
                "awarded over the past three years, with particular attention to defenders in remote "
                "areas and to women defenders. It draws on grant files, interviews with staff and "
                "consortium members, and conversations with defenders who agree to take part.</p>"
            ),
            heading("Expected outputs"),
            paragraph(
                "<ol><li>An inception report describing the method and the safeguards for "
                "interviewees.</li>"
                "<li>A draft report for discussion with the Secretariat.</li>"
                "<li>A final report of at most 30 pages, with a short summary that can be published.</li>"
                "</ol>"
            ),
            heading("Profile"),
            paragraph(
                "<ul><li>Proven experience in evaluating human rights or humanitarian programmes.</li>"
                "<li>A careful approach to the safety and consent of everyone interviewed.</li>"
                "<li>Fluent English; French or Spanish is an asset.</li></ul>"
                "<p>The work is done remotely. Consultants may be based in any country.</p>"
            ),
        ),
    },
    {
        "key": "vacancy-communications-intern",
        "slug": "communications-internship",
        "title": "Communications Intern",
        "kind": VacancyPage.Kind.INTERNSHIP,
        "location": "Brussels, Belgium",
        "country": "BE",
        "contract": "Six months, full time, with a monthly allowance",
        "closing_at": lambda: brussels_time(35, 17),
        "date_posted": lambda: days_ago(3),
        "summary": (
            "Spend six months with our communications team and learn how a protection mechanism tells "
            "defenders' stories safely, in several languages, for readers on slow or monitored "
            "connections."
        ),
        "how_to_apply": (
            f"<p>Send your CV, a one-page motivation letter and a short writing sample to {APPLY_BY_EMAIL}. "
            "Tell us in which months you are available.</p>"
        ),
        "body": lambda key: stream(
            key,
            heading("What you will do"),
            paragraph(
                "<ul><li>Draft news items and prepare them for translation.</li>"
                "<li>Help keep the website accurate, accessible and easy to read in every language.</li>"
                "<li>Check that nothing we publish reveals details that could put a defender at risk.</li>"
                "</ul>"
            ),
            heading("Who can apply"),
            paragraph(
                "<p>Students and recent graduates in communications, journalism, international relations "
                "or a related field, with excellent written English. Another language of this site is a "
                "strong advantage. You need the right to do an internship in Belgium.</p>"
            ),
        ),
    },
    {
        "key": "vacancy-finance-officer",
        "slug": "finance-and-grants-officer",
        "title": "Finance and Grants Officer",
        "kind": VacancyPage.Kind.JOB,
        "location": "Brussels, Belgium",
        "country": "BE",
        "contract": "Full time, 18 months",
        "closing_at": lambda: brussels_time(-10, 17),
        "date_posted": lambda: days_ago(40),
        "summary": (
            "Keep the mechanism's grants and accounts in order: check the budgets and financial reports "
            "of grantees, and prepare the figures the Secretariat needs for its reports to the European "
            "Union."
        ),
        "how_to_apply": f"<p>Send your CV and a cover letter to {APPLY_BY_EMAIL}.</p>",
        "body": lambda key: stream(
            key,
            heading("About the role"),
            paragraph(
                "<p>The Finance and Grants Officer checks the budgets of new grants, reviews the financial "
                "reports of the organisations and people the mechanism supports, and prepares regular "
                "financial overviews for the Head of the Secretariat.</p>"
            ),
            heading("What we look for"),
            paragraph(
                "<ul><li>A degree in finance, accounting or economics, and at least four years of "
                "relevant experience.</li>"
                "<li>Experience with grants funded by the European Union.</li>"
                "<li>Fluent English; French is an asset.</li></ul>"
            ),
        ),
    },
]


def ensure_document(loader, spec):
    """The demo PDF document with this title, created (with its size and hash) if missing."""
    document_model = get_document_model()
    document = document_model.objects.filter(title=spec["title"]).first()
    if document is not None:
        return document
    data = text_pdf(spec["title"], spec["paragraphs"])
    document = document_model(title=spec["title"], file_size=len(data))
    # The same hash Wagtail records for an upload (it finds duplicate uploads with it).
    document.file_hash = hashlib.sha1(data, usedforsecurity=False).hexdigest()
    document.file.save(spec["filename"], ContentFile(data), save=False)
    document.save()
    loader.say(f"Created document {spec['title']}")
    return document


def build(loader):
    po_root = app_po_root("vacancies")
    index_page = loader.ensure_child(
        loader.home,
        VacancyIndexPage,
        INDEX["slug"],
        title=INDEX["title"],
        intro=INDEX["intro"],
        show_in_menus=True,
    )
    loader.register(INDEX["key"], index_page, COMPLETE_ONLY, po_root)
    for spec in VACANCIES:
        fields = {
            "title": spec["title"],
            "kind": spec["kind"],
            "location": spec["location"],
            "country": spec["country"],
            "remote_allowed": spec.get("remote_allowed", False),
            "applicant_location_requirements": spec.get("applicant_location_requirements", ""),
            "contract": spec["contract"],
            "closing_at": spec["closing_at"](),
            "date_posted": spec["date_posted"](),
            "summary": spec["summary"],
            "how_to_apply": spec["how_to_apply"],
        }
        if "terms_of_reference" in spec:
            fields["terms_of_reference"] = ensure_document(loader, spec["terms_of_reference"])
        vacancy = loader.ensure_child(index_page, VacancyPage, spec["slug"], **fields)
        loader.fill_body(vacancy, spec["body"](spec["key"]))
        loader.register(spec["key"], vacancy, COMPLETE_ONLY, po_root)
