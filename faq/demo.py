"""The FAQ's demo content: English here, the other languages in faq/demo/locale/<language>/faq.po.

Written for this site from the organisation's public facts. Anchors are part of the content's
structure, not its text: they are the same in every language and never reach the PO files.
"""

from website.demo.content import COMPLETE_ONLY, list_items, stream
from website.demo.loader import app_po_root

from .models import FAQPage

KEY = "faq"
TITLE = "Frequently asked questions"
SEARCH_DESCRIPTION = (
    "Short answers about who we are, who funds us, who can receive support and how to reach us safely."
)
INTRO = (
    "Whether you are thinking of asking us for help or simply want to know more about the mechanism, "
    "you will probably find the answer below. Each answer has its own link that you can share."
)


def page_link(loader, key, text):
    """A rich-text link to a demo page, in Wagtail's database format (it follows the reader's language)."""
    return f'<a linktype="page" id="{loader.pages[key].pk}">{text}</a>'


def section(title, anchor, *items):
    """A FAQ section; each item is (question, anchor, answer HTML)."""
    questions = [{"question": question, "anchor": slug, "answer": answer} for question, slug, answer in items]
    return (
        "section",
        {"title": title, "anchor": anchor, "questions": list_items(f"faq:{anchor}", questions)},
    )


def sections(loader):
    def link(key, text):
        return page_link(loader, key, text)

    return [
        section(
            "About us",
            "about-us",
            (
                "What is ProtectDefenders.eu?",
                "what-is-protectdefenders-eu",
                "<p>It is the name under which the European Union's mechanism for human rights defenders "
                "works. Its aim is to protect defenders who face the greatest danger, wherever they are.</p>",
            ),
            (
                "Who runs the mechanism?",
                "who-runs-the-mechanism",
                "<p>A consortium of twelve international non-governmental organisations, each with long "
                "experience of protecting people who defend human rights. Four of them form the Board, "
                "which a different member chairs every six months.</p>",
            ),
            (
                "Where is the Secretariat, and what does it do?",
                "the-secretariat",
                "<p>The Secretariat sits in Brussels. It coordinates the day-to-day running of the "
                "mechanism and works with the programme teams on each request for support.</p>",
            ),
            (
                "Who do you consider a human rights defender?",
                "who-is-a-human-rights-defender",
                "<p>Anyone who acts peacefully, alone or with others, to promote or protect human rights. "
                "That includes journalists, lawyers, community leaders, trade unionists, students and "
                "many others, whether or not they are paid for this work.</p>",
            ),
        ),
        section(
            "Funding and mandate",
            "funding-and-mandate",
            (
                "Who funds ProtectDefenders.eu?",
                "who-funds-us",
                "<p>About 95% of our funding comes from the European Union, through its European "
                "Instrument for Democracy and Human Rights (EIDHR).</p>",
            ),
            (
                "Are you part of the EU institutions?",
                "are-you-independent",
                "<p>No. We receive EU funding and work alongside the European institutions when that "
                "helps defenders, but we are a separate entity with a mandate of our own, and we decide "
                "independently.</p>",
            ),
            (
                "Can my organisation join the consortium?",
                "joining-the-consortium",
                "<p>No. The consortium was formed to carry out the EU mechanism, and it does not take "
                "new members. You can still work with us in many other ways, for example through the EU "
                "Temporary Relocation Platform.</p>",
            ),
            (
                "Where in the world do you work?",
                "where-we-work",
                "<p>Everywhere: our mandate is global. Each grant programme has its own conditions, "
                "however, so read the rules of the programme you are interested in.</p>",
            ),
        ),
        section(
            "Eligibility",
            "eligibility",
            (
                "Can I receive individual support if I am a citizen of the European Union?",
                "eu-citizens",
                "<p>No. Our individual support programmes are not open to defenders who hold the "
                "citizenship of an EU member state.</p>",
            ),
            (
                "Can an organisation registered in the European Union apply for organisational support?",
                "eu-registered-organisations",
                "<p>No. Organisations registered in an EU country cannot apply to the Strengthening "
                "Organisations programme.</p>",
            ),
            (
                "Do you support activities that take place inside the European Union?",
                "activities-in-the-eu",
                "<p>Yes. Some of what we fund happens in EU countries, for example:</p>"
                "<ul><li>temporary relocation of defenders to a host in Europe;</li>"
                "<li>advocacy for defenders at risk;</li>"
                "<li>training.</li></ul>",
            ),
            (
                "Whose requests do you deal with first?",
                "who-we-answer-first",
                "<p>Requests from defenders who are at risk because of their human rights work come "
                "first. We read every other message as well, but the answer may take longer.</p>",
            ),
            (
                "Can my family be supported too?",
                "family-members",
                "<p>Often, yes. Emergency support can cover the safety of a defender's relatives, and "
                "when a defender is relocated we try to include close family where we can.</p>",
            ),
        ),
        section(
            "Our programmes",
            "our-programmes",
            (
                "Which grant programmes do you offer?",
                "grant-programmes",
                "<p>There are four:</p>"
                "<ul><li>Emergency support, for individual defenders;</li>"
                "<li>Temporary relocation, for individual defenders;</li>"
                "<li>Strengthening Organisations, for local human rights organisations;</li>"
                "<li>Shelter Initiatives, for local organisations that host defenders at risk.</li></ul>",
            ),
            (
                "What is emergency support?",
                "emergency-support",
                "<p>Quick, practical help for a defender in danger: for example better security at home "
                "or at the office, medical care, legal fees or a safe place to stay. Our emergency line "
                "takes calls around the clock.</p>",
            ),
            (
                "What is temporary relocation?",
                "temporary-relocation",
                "<p>When a threat is urgent, we can help a defender leave for a while: to a safer place "
                "in the same country, to a neighbouring country or further away. The aim is rest and "
                "safety, and then a return when it is possible.</p>",
            ),
            (
                "What is the EU Temporary Relocation Platform?",
                "eu-temporary-relocation-platform",
                "<p>A formal network that we coordinate and keep active. It brings together NGOs, "
                "governments and institutions that take part in relocating defenders, so that they can "
                "share what they learn and receive defenders better.</p>",
            ),
            (
                "Do you fund anything other than grants?",
                "training-and-monitoring",
                "<p>Yes. Through the organisations of the consortium we also pay for:</p>"
                "<ul><li>training, accompaniment in the field and support to build skills;</li>"
                "<li>monitoring of the situation of defenders, including trial observation and "
                "fact-finding missions;</li>"
                "<li>outreach to the defenders most at risk;</li>"
                "<li>public campaigns and advocacy that ask for a safer environment for defending "
                "human rights.</li></ul>",
            ),
            (
                "Do you decide who is resettled in Canada?",
                "canada-resettlement",
                "<p>No. For Afghan human rights defenders we assess cases and refer some of them to the "
                "Government of Canada, which alone decides who is resettled and runs the whole "
                "resettlement process.</p>",
            ),
        ),
        section(
            "Working with us",
            "working-with-us",
            (
                "How do I ask for support?",
                "how-to-ask-for-support",
                "<p>Write to us through this site, in any language. Tell us what is happening and how we "
                f"can reach you safely. The {link('contact', 'contact page')} explains how.</p>",
            ),
            (
                "What should I do if I am in danger right now?",
                "hotline",
                "<p>Call our emergency line. It answers 24 hours a day, 7 days a week, and its number is "
                "at the top of every page of this site.</p>",
            ),
            (
                "How can I follow your work?",
                "newsletter",
                "<p>Subscribe to our newsletter to receive our news by email, or read the news section of "
                "this site. You can unsubscribe at any time.</p>",
            ),
            (
                "Do you have job openings?",
                "vacancies",
                "<p>We publish job offers, consultancies and internships in the vacancies section of this "
                "site, each with its closing date and how to apply.</p>",
            ),
            (
                "How can I make a complaint or tell you what you did well?",
                "complaints-and-feedback",
                "<p>Use the form on our "
                f"{link('feedback-and-response', 'feedback and response page')}. A complaint is for harm "
                "caused by something we did or failed to do; it is not a way to appeal a decision on "
                "support.</p>",
            ),
            (
                "How quickly will you answer my complaint?",
                "complaint-deadlines",
                "<ul><li>We confirm at once that your message arrived.</li>"
                "<li>You hear back from us within 15 days.</li>"
                "<li>The Head of the Secretariat sends a full answer within 30 days.</li></ul>",
            ),
        ),
        section(
            "Safety and privacy",
            "safety-and-privacy",
            (
                "Is it safe to contact you?",
                "is-it-safe-to-contact-us",
                "<p>We protect what you send us, but no channel is free of risk if your phone or computer "
                f"is watched. Read our {link('security-advice', 'security advice')} before you write.</p>",
            ),
            (
                "Who can read what I send?",
                "who-reads-my-message",
                "<p>Only the team that handles your kind of request. Complaints are read by the Head of "
                "the Secretariat alone. What you send is locked with a key that only they hold.</p>",
            ),
            (
                "What does the “Exit this page” button do?",
                "exit-this-page",
                "<p>It leaves this site at once and opens an ordinary website instead. It cannot erase "
                f"your browsing history: see {link('quick-exit', 'leaving this site quickly')}.</p>",
            ),
            (
                "Does this site track me?",
                "tracking",
                "<p>No. Pages without a form set no cookies, we use no analytics and nothing is loaded "
                f"from other websites. Our {link('privacy', 'privacy notice')} gives the details.</p>",
            ),
        ),
    ]


def build(loader):
    page = loader.ensure_child(
        loader.home,
        FAQPage,
        "faq",
        title=TITLE,
        search_description=SEARCH_DESCRIPTION,
        intro=INTRO,
        show_in_menus=True,
    )
    loader.fill_body(page, stream(KEY, *sections(loader)))
    loader.register(KEY, page, COMPLETE_ONLY, app_po_root("faq"))
