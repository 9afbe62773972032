"""schema.org JobPosting for search engines and job boards, built in Python and embedded safely."""

import json

from django.utils.safestring import mark_safe

HIRING_ORGANIZATION_NAME = "ProtectDefenders.eu"
EMPLOYMENT_TYPES = {
    "job": "FULL_TIME",
    "consultancy": "CONTRACTOR",
    "internship": "INTERN",
}
# Inside <script>, "</script>" or "<!--" in a title would end the element early or change how the
# browser parses it; JSON allows these characters escaped, so nothing an editor types can break out.
SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}


def script_safe_json(data):
    return mark_safe(json.dumps(data, ensure_ascii=False).translate(SCRIPT_ESCAPES))  # noqa: S308


def absolute(request, url):
    return request.build_absolute_uri(url) if request is not None else url


def job_posting(page, request):
    data = {
        "@context": "https://schema.org",
        "@type": "JobPosting",
        "title": page.title,
        "description": page.plain_text(),
        "url": absolute(request, page.get_url(request)),
        "datePosted": page.date_posted.isoformat(),
        "validThrough": page.closing_at_brussels.isoformat(),
        "employmentType": EMPLOYMENT_TYPES[page.kind],
        "hiringOrganization": {
            "@type": "Organization",
            "name": HIRING_ORGANIZATION_NAME,
            "url": absolute(request, "/"),
        },
    }
    if page.location:
        address = {"@type": "PostalAddress", "addressLocality": page.location}
        if page.country:
            address["addressCountry"] = page.country
        data["jobLocation"] = {"@type": "Place", "address": address}
    if page.remote_allowed:
        data["jobLocationType"] = "TELECOMMUTE"
        if page.applicant_location_requirements:
            data["applicantLocationRequirements"] = {
                "@type": "AdministrativeArea",
                "name": page.applicant_location_requirements,
            }
    return data
