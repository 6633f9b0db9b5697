"""schema.org JSON-LD for condition, treatment and specialist pages, built from their fields and blocks.

Functions return plain dicts; the `json_ld` template tag serialises and escapes them.
"""

from django.utils.html import strip_tags

SCHEMA_CONTEXT = "https://schema.org"


def graph(*nodes):
    return {"@context": SCHEMA_CONTEXT, "@graph": [node for node in nodes if node]}


def breadcrumb_list(request, pages):
    """BreadcrumbList for `pages`, the home page first and the current page last."""
    return {
        "@type": "BreadcrumbList",
        "itemListElement": [
            {
                "@type": "ListItem",
                "position": position,
                "name": page.title,
                "item": page.get_full_url(request),
            }
            for position, page in enumerate(pages, start=1)
        ],
    }


def physician(specialist, request):
    node = {
        "@type": "Physician",
        "name": specialist.full_name,
        "url": specialist.get_full_url(request),
    }
    if specialist.role:
        node["description"] = specialist.role
    if specialist.gmc_number:
        node["identifier"] = {
            "@type": "PropertyValue",
            "propertyID": "GMC reference number",
            "value": specialist.gmc_number,
        }
        node["sameAs"] = specialist.gmc_register_url
    if specialist.specialty_list:
        node["knowsAbout"] = specialist.specialty_list
    return node


def faq_page(body):
    """FAQPage from every FAQ block in a stream, or None when it has none."""
    questions = [
        {
            "@type": "Question",
            "name": item["question"],
            "acceptedAnswer": {"@type": "Answer", "text": strip_tags(item["answer"].source)},
        }
        for child in body
        if child.block_type == "faq"
        for item in child.value["questions"]
    ]
    return {"@type": "FAQPage", "mainEntity": questions} if questions else None


def _items(body, block_type, list_name):
    return [
        item for child in body if child.block_type == block_type for item in child.value[list_name]
    ]


def _named(schema_type, name, *descriptions):
    node = {"@type": schema_type, "name": name}
    description = " ".join(text for text in descriptions if text)
    if description:
        node["description"] = description
    return node


def medical_condition(page):
    body = page.body
    node = {"@type": "MedicalCondition", "name": page.title, "description": page.summary}
    if page.alternate_names:
        node["alternateName"] = page.alternate_names
    symptoms = [
        _named("MedicalSignOrSymptom", item["name"], item["detail"])
        for item in _items(body, "symptoms", "symptoms")
    ]
    risk_factors = [
        _named("MedicalRiskFactor", item["name"], item["detail"])
        for item in _items(body, "risk_factors", "risk_factors")
    ]
    treatments = [
        _named("MedicalTherapy", item["name"], item["description"], item["when_considered"])
        for item in _items(body, "treatments", "treatments")
    ]
    for key, values in (
        ("signOrSymptom", symptoms),
        ("riskFactor", risk_factors),
        ("possibleTreatment", treatments),
    ):
        if values:
            node[key] = values
    return node


def medical_web_page(page, request, breadcrumbs, reviewer, about):
    """The MedicalWebPage of a clinically reviewed page: what it is about, and its review."""
    url = page.get_full_url(request)
    web_page = {
        "@type": "MedicalWebPage",
        "@id": url,
        "url": url,
        "name": page.title,
        "description": page.summary,
        "about": about,
        "breadcrumb": breadcrumb_list(request, [*breadcrumbs, page]),
    }
    if page.last_reviewed:
        web_page["lastReviewed"] = page.last_reviewed.isoformat()
    if reviewer:
        web_page["reviewedBy"] = physician(reviewer, request)
    return web_page


def condition_page(page, request, breadcrumbs, reviewer):
    """MedicalWebPage about a MedicalCondition, plus its breadcrumbs and any FAQs."""
    web_page = medical_web_page(page, request, breadcrumbs, reviewer, medical_condition(page))
    return graph(web_page, faq_page(page.body))


def treatment_page(page, request, breadcrumbs, reviewer, conditions):
    """MedicalWebPage about a MedicalTherapy or MedicalProcedure, with the conditions it treats."""
    treatment = {"@type": page.kind, "name": page.title, "description": page.summary}
    if page.alternate_names:
        treatment["alternateName"] = page.alternate_names
    if page.how_it_is_done:
        treatment["howPerformed"] = strip_tags(page.how_it_is_done)
    web_page = medical_web_page(page, request, breadcrumbs, reviewer, treatment)
    if conditions:
        web_page["mentions"] = [
            {"@type": "MedicalCondition", "name": condition.title, "url": condition.get_full_url()}
            for condition in conditions
        ]
    return graph(web_page)


def specialist_page(page, request, breadcrumbs):
    return graph(physician(page, request), breadcrumb_list(request, [*breadcrumbs, page]))


def listing_page(page, request, breadcrumbs):
    return graph(breadcrumb_list(request, [*breadcrumbs, page]))


def medical_clinic(clinic, request):
    """MedicalClinic for the organisation, from the editors' ClinicSettings."""
    node = {
        "@type": "MedicalClinic",
        "name": clinic.clinic_name,
        "url": request.build_absolute_uri("/"),
        "telephone": clinic.phone,
        "email": clinic.email,
    }
    if clinic.address_lines:
        node["address"] = {
            "@type": "PostalAddress",
            "streetAddress": ", ".join(clinic.address_lines[:-1]) or clinic.address_lines[0],
            "postalCode": clinic.address_lines[-1] if len(clinic.address_lines) > 1 else "",
            "addressCountry": "GB",
        }
    if clinic.cqc_number:
        node["identifier"] = {
            "@type": "PropertyValue",
            "propertyID": "CQC provider ID",
            "value": clinic.cqc_number,
        }
    return {"@context": SCHEMA_CONTEXT, **node}
