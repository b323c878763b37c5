"""Template tags for lists of galleries."""

from django import template
from wagtail.images import get_image_model

from memorial.galleries.models import THUMBNAIL_FILTER, photographs_shown

register = template.Library()


@register.simple_tag
def gallery_cards(galleries):
    """[(gallery, cover image or None, number of photographs), …] for a page of GalleryPages.

    The count and the cover follow the gallery page (`photographs_shown`); the covers come
    in one image query, with the thumbnail rendition includes/gallery_card.html uses.
    """
    galleries = list(galleries)
    shown = photographs_shown(galleries)
    cover_ids = {pk: pairs[0][1] for pk, pairs in shown.items() if pairs}
    covers = (
        get_image_model()
        .objects.prefetch_renditions(THUMBNAIL_FILTER)
        .in_bulk(set(cover_ids.values()))
    )
    return [
        (gallery, covers.get(cover_ids.get(gallery.pk)), len(shown[gallery.pk]))
        for gallery in galleries
    ]
