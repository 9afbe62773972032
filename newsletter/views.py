"""The public side: the signup, and the pages behind the signed links in our mail.

Every POST here is exempt from Django's CSRF check, on purpose:
- the compact signup form sits on ordinary pages, whose `Referrer-Policy: no-referrer` makes browsers
  send `Origin: null` with a form post, which the CSRF check refuses; and a CSRF cookie would also stop
  those pages being cached. A forged cross-site signup gains an attacker nothing they could not do by
  posting directly: the answer is the same for every address, at most one mail a day goes to an
  address, and the spam defence (honeypot, signed time token, rate limit) still applies;
- the confirm, manage and unsubscribe posts carry their authority in the signed link itself, and
  RFC 8058 one-click unsubscribe requests come from mail providers, with no cookie at all.
"""

from django.conf import settings
from django.http import Http404, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import translation
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods

from forms.views import private_response
from website.antispam import SpamDefence
from website.templatetags.site_tags import language_name

from . import subscriptions
from .forms import PreferencesForm, SignupForm
from .links import (
    CONFIRMATION_VALID_FOR,
    LinkExpired,
    LinkInvalid,
    read_confirmation_token,
    read_subscriber_token,
    subscriber_token,
)
from .models import NewsletterSettings, NewsletterSignupPage, Subscriber, SubscriberStatus

FORM_NAME = "newsletter"


def spam_defence(request, with_captcha=True):
    """The spam layers of the newsletter form. A signup block on another page never loads reCAPTCHA
    (that page's policy allows no third-party script); its posts are checked all the same, so a
    block's signup with reCAPTCHA on waits in quarantine for the click in its confirmation mail."""
    if not with_captcha:
        return SpamDefence(request, form_name=FORM_NAME)
    newsletter_settings = NewsletterSettings.load(request_or_site=request)
    return SpamDefence(
        request,
        form_name=FORM_NAME,
        captcha_mode=newsletter_settings.captcha_mode,
        captcha_min_score=newsletter_settings.captcha_min_score,
    )


def signup_context(page, request, form=None, auto_id="id_%s", with_captcha=True):
    """What the signup form needs, on its own page or as a block on another page."""
    language_code = translation.get_language()
    privacy_url = page.privacy_url(request) if page is not None else ""
    if form is None:
        form = SignupForm(
            initial={"language": language_code},
            language_code=language_code,
            privacy_url=privacy_url,
            auto_id=auto_id,
        )
    return {
        "form": form,
        "defence": spam_defence(request, with_captcha),
        "action": reverse("newsletter_signup"),
        "valid_days": CONFIRMATION_VALID_FOR.days,
    }


def serve_signup_page(page, request):
    if request.method != "GET":
        # The form posts to newsletter_signup; this page only shows it.
        return HttpResponseRedirect(page.get_url(request))
    context = page.get_context(request)
    context.update(signup_context(page, request))
    response = TemplateResponse(request, page.get_template(request), context)
    return context["defence"].allow_in_policy(private_response(response))


@sensitive_post_parameters()  # an error report must not carry the address (website/error_reports.py)
@csrf_exempt
@require_http_methods(["GET", "POST"])
def signup(request):
    language_code = translation.get_language()
    page = NewsletterSignupPage.for_language(language_code)
    if page is None:
        raise Http404
    if request.method != "POST":
        return HttpResponseRedirect(page.get_url(request))
    form = SignupForm(request.POST, language_code=language_code, privacy_url=page.privacy_url(request))
    context = page.get_context(request)
    if form.is_valid():
        reasons = spam_defence(request).check(request.POST)
        # The same work whatever the address: the worker decides what to record and mail.
        subscriptions.queue_signup(
            email=form.cleaned_data["email"],
            language=form.cleaned_data["language"],
            topic_keys=form.topic_keys,
            consent_language=language_code,
            reasons=reasons,
        )
        context["valid_days"] = CONFIRMATION_VALID_FOR.days
        return private_response(TemplateResponse(request, "newsletter/check_email.html", context))
    context.update(signup_context(page, request, form))
    response = TemplateResponse(request, page.get_template(request), context)
    return context["defence"].allow_in_policy(private_response(response))


def language_links(view_name, token):
    """The language switcher of a link's page: the same link, in each language."""
    current = translation.get_language()
    links = []
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            url = reverse(view_name, args=[token])
        links.append({"code": code, "name": language_name(code), "url": url, "is_current": code == current})
    return links


def link_page(request, template, view_name, token, status=200, **context):
    context.update(
        {
            "token": token,
            "valid_days": CONFIRMATION_VALID_FOR.days,
            "language_links": language_links(view_name, token),
            "signup_page": NewsletterSignupPage.for_language(translation.get_language()),
        }
    )
    return private_response(TemplateResponse(request, template, context, status=status))


def link_problem(request, view_name, token, problem):
    status = {"expired": 410, "invalid": 400, "unsubscribed": 410}[problem]
    return link_page(
        request, "newsletter/link_problem.html", view_name, token, status=status, problem=problem
    )


def subscriber_by_id(uuid_hex):
    return Subscriber.objects.filter(uuid=uuid_hex).prefetch_related("topics").first()


@csrf_exempt
@require_http_methods(["GET", "POST"])
def confirm(request, token):
    view = "newsletter_confirm"
    try:
        subscriber = subscriber_by_id(read_confirmation_token(token))
    except LinkExpired:
        return link_problem(request, view, token, "expired")
    except LinkInvalid:
        return link_problem(request, view, token, "invalid")
    if subscriber is None or subscriber.status == SubscriberStatus.UNSUBSCRIBED:
        return link_problem(request, view, token, "unsubscribed")
    if request.method == "POST":
        subscriptions.confirm(subscriber)
    if subscriber.status == SubscriberStatus.SUBSCRIBED:
        return link_page(
            request,
            "newsletter/confirmed.html",
            view,
            token,
            subscriber=subscriber,
            manage_token=subscriber_token(subscriber),
        )
    return link_page(request, "newsletter/confirm.html", view, token, subscriber=subscriber)


@csrf_exempt
@require_http_methods(["GET", "POST"])
def manage(request, token):
    view = "newsletter_manage"
    try:
        subscriber = subscriber_by_id(read_subscriber_token(token))
    except LinkInvalid:
        return link_problem(request, view, token, "invalid")
    if subscriber is None or subscriber.status != SubscriberStatus.SUBSCRIBED:
        return link_page(request, "newsletter/manage.html", view, token, subscriber=None)
    language_code = translation.get_language()
    saved = False
    if request.method == "POST":
        form = PreferencesForm(request.POST, language_code=language_code)
        if form.is_valid():
            subscriptions.change_preferences(subscriber, form.cleaned_data["language"], form.topic_keys)
            saved = True
    else:
        initial = {
            "language": subscriber.language,
            "topics": [topic.key for topic in subscriber.topics.all()],
        }
        form = PreferencesForm(initial=initial, language_code=language_code)
    return link_page(
        request, "newsletter/manage.html", view, token, subscriber=subscriber, form=form, saved=saved
    )


@csrf_exempt
@require_http_methods(["GET", "POST"])
def unsubscribe(request, token):
    """GET asks; POST (from our page, or a mail client's RFC 8058 one-click) unsubscribes at once."""
    view = "newsletter_unsubscribe"
    try:
        subscriber = subscriber_by_id(read_subscriber_token(token))
    except LinkInvalid:
        return link_problem(request, view, token, "invalid")
    still_receiving = subscriber is not None and subscriber.status != SubscriberStatus.UNSUBSCRIBED
    if request.method == "POST":
        if subscriber is not None:
            subscriptions.unsubscribe(subscriber)
        return link_page(request, "newsletter/unsubscribed.html", view, token)
    if not still_receiving:
        return link_page(request, "newsletter/unsubscribed.html", view, token)
    return link_page(request, "newsletter/unsubscribe.html", view, token, subscriber=subscriber)
