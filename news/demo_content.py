"""Demo news for `manage.py seed_demo`: the Latest News index and three sample articles.

Written from the seed page's advice on DVT, compression stockings and deep vein stenting.
Everything is found by slug, so a second run changes nothing.
"""

import datetime

from pages import demo_images
from pages.demo_content import SAMPLE_NOTICE, child_by_slug, publish_child
from pages.models import ConditionPage, SpecialistPage

from .models import NewsArticlePage, NewsIndexPage, NewsTopic

TOPICS = {
    "travel-and-dvt": "Travel and DVT",
    "clinic-news": "Clinic news",
    "patient-guides": "Patient guides",
}

ARTICLES = [
    {
        "slug": "compression-stockings-on-long-journeys",
        "title": "Long journeys: who should wear compression stockings?",
        "publication_date": datetime.date(2026, 11, 9),
        "topics": ["travel-and-dvt"],
        "by_specialist": True,
        "summary": "Below-knee compression stockings lower the chance of a DVT on long flights "
        "and drives for people with particular risk factors. Here is how to tell if that "
        "includes you.",
        "body": [
            (
                "section",
                {
                    "heading": "Does sitting still for hours cause DVT?",
                    "body": "<p>There is no direct evidence that long journeys on their own put "
                    "people at special risk of deep vein thrombosis (DVT). But evidence from "
                    "surgery shows that some things make a clot more likely, and sitting still "
                    "for a long time adds to them.</p>",
                },
            ),
            (
                "section",
                {
                    "heading": "Who may benefit from stockings",
                    "body": "<p>Wearing below-knee graduated compression stockings reduces the "
                    "chance of DVT for people with special risk factors, such as:</p><ul>"
                    "<li>a recent major operation</li><li>being overweight</li>"
                    "<li>taking the contraceptive pill or hormone replacement therapy (HRT)</li>"
                    "<li>heart disease</li><li>varicose veins</li></ul>"
                    "<p>Stockings also help prevent the ankle swelling many people get on long "
                    "journeys.</p>",
                },
            ),
            (
                "section",
                {
                    "heading": "Before you travel",
                    "body": "<p>Ask your GP or a specialist whether stockings are right for you "
                    "and which size to buy: badly fitting stockings can do more harm than "
                    "good. On the journey, walk about when you can and drink plenty of "
                    "water.</p>" + SAMPLE_NOTICE,
                },
            ),
        ],
    },
    {
        "slug": "new-deep-vein-stenting-assessment-clinic",
        "title": "New: an assessment clinic for long-standing deep vein blockages",
        "publication_date": datetime.date(2026, 10, 19),
        "topics": ["clinic-news"],
        "by_specialist": False,
        "summary": "Veins that have been blocked for a long time can sometimes be opened with a "
        "balloon and a stent. Our new clinic assesses who may benefit.",
        "body": [
            (
                "section",
                {
                    "heading": "What deep vein stenting is",
                    "body": "<p>When deep veins have been blocked for a long time, they can "
                    "scar and narrow, causing long-term swelling and sometimes skin problems "
                    "at the ankle. Balloons and stents can widen the blocked veins and keep "
                    "them open.</p>",
                },
            ),
            (
                "section",
                {
                    "heading": "Who it is for",
                    "body": "<p>Stenting needs careful planning and suits only certain cases. "
                    "At the assessment we review your scans and history, and every plan is "
                    "discussed at a multidisciplinary team meeting before we recommend a "
                    "course of action.</p>" + SAMPLE_NOTICE,
                },
            ),
        ],
    },
    {
        "slug": "patient-guide-to-dvt-risk",
        "title": "A patient's guide to DVT risk",
        "publication_date": datetime.date(2026, 9, 28),
        "topics": ["patient-guides", "travel-and-dvt"],
        "by_specialist": True,
        "summary": "What makes a blood clot in the leg more likely, the signs to look out for, "
        "and when to get help straight away.",
        "body": [
            (
                "section",
                {
                    "heading": "What raises the risk",
                    "body": "<p>A recent major operation, being overweight, the contraceptive "
                    "pill or HRT, heart disease and varicose veins all make a deep vein "
                    "thrombosis (DVT) more likely.</p>",
                },
            ),
            (
                "section",
                {
                    "heading": "Signs to look out for",
                    "body": "<p>Pain, swelling and tenderness in one leg, usually the calf; a "
                    "heavy ache; and warm skin over the area, particularly at the back of the "
                    "leg below the knee. A DVT can also cause no symptoms at all.</p>",
                },
            ),
            (
                "section",
                {
                    "heading": "When to get help straight away",
                    "body": "<p>Part of a clot can travel to the lungs (a pulmonary embolism). "
                    "Call 999 if you have chest pain, sudden breathlessness or cough up "
                    "blood.</p>" + SAMPLE_NOTICE,
                },
            ),
        ],
    },
]


def ensure_news_index(home, stdout):
    page = child_by_slug(home, "news")
    if page:
        return page
    page = publish_child(
        home,
        NewsIndexPage(
            title="Latest News",
            slug="news",
            show_in_menus=True,
            intro="News from the clinic and advice from our vein specialists.",
        ),
    )
    stdout.write("Created 'Latest News'.")
    return page


def ensure_article(index, number, spec, topics, specialist, dvt_page, stdout):
    if child_by_slug(index, spec["slug"]):
        return
    author = specialist if spec["by_specialist"] else None
    picture = demo_images.ensure_image(
        f"News: {spec['title']}",
        "",  # shown as decoration: the article's title says what it is about
        lambda: demo_images.news_picture(number),
        f"news-{number + 1}.jpg",
    )
    article = NewsArticlePage(
        listing_image=picture,
        title=spec["title"],
        slug=spec["slug"],
        publication_date=spec["publication_date"],
        author=author,
        author_name="" if author else "The clinic team",
        summary=spec["summary"],
        body=spec["body"],
    )
    article.topics.set([topics[slug] for slug in spec["topics"]])
    if dvt_page:
        article.related_conditions.set([dvt_page])
    publish_child(index, article)
    stdout.write(f"Created the news article '{spec['title']}'.")


def build(home_page, stdout):
    index = ensure_news_index(home_page, stdout)
    topics = {
        slug: NewsTopic.objects.get_or_create(slug=slug, defaults={"name": name})[0]
        for slug, name in TOPICS.items()
    }
    specialist = SpecialistPage.objects.filter(slug="ian-franklin").first()
    dvt_page = ConditionPage.objects.filter(slug="deep-vein-thrombosis").first()
    for number, spec in enumerate(ARTICLES):
        ensure_article(index, number, spec, topics, specialist, dvt_page, stdout)
    return home_page
