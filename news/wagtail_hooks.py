from wagtail import hooks
from wagtail.admin.viewsets.pages import PageListingViewSet

from clinic_site.admin_menus import PageEditorsMenuItem

from .models import NewsArticlePage


class NewsArticleListingViewSet(PageListingViewSet):
    """Every article in one list, filterable by topic, publication date and status."""

    model = NewsArticlePage
    name = "news_articles"
    icon = "doc-full"
    menu_label = "News articles"
    menu_order = 120
    add_to_admin_menu = True
    menu_item_class = PageEditorsMenuItem
    list_filter = ["topics", "publication_date", "live"]


@hooks.register("register_admin_viewset")
def register_news_article_listing():
    return NewsArticleListingViewSet()
