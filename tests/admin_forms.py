"""What the admin's page editors post, every field filled as an archivist leaves it."""

from wagtail.test.utils.form_data import inline_formset, nested_form_data, rich_text, streamfield

SETTINGS_TAB = {"go_live_at": "", "expire_at": "", "seo_title": "", "search_description": ""}


def entry_form(**fields):
    data = {
        "title": "",
        "slug": "",
        "given_name": "Leyla",
        "patronymic": "",
        "family_name": "Delmiro",
        "birth_name": "",
        "name_variants": inline_formset([]),
        "sex": "female",
        "occupation": "",
        "portrait": "",
        "identifier": "",
        "birth_date": "",
        "birth_date_precision": "unknown",
        "birth_place": "",
        "biography": streamfield([]),
        "death_date": "",
        "death_date_precision": "unknown",
        "death_place": "",
        "age_at_death": "",
        "circumstances_of_death": "",
        "sources": inline_formset([]),
        "relationships": inline_formset([]),
        "access_level": "public",
        "embargo_until": "",
        **SETTINGS_TAB,
    }
    return nested_form_data({**data, **fields})


def interview_form(**fields):
    data = {
        "title": "Growing up by the river",
        "slug": "growing-up",
        "narrator": "Maren Oskeli",
        "narrator_is_anonymous": "",
        "narrator_relation": "survivor",
        "narrator_relation_detail": "",
        "interview_date": "",
        "interview_place": "",
        "interviewer": "",
        "languages": inline_formset([{"language": "az"}]),
        "media": "",
        "public_media": "",
        "media_embed_url": "",
        "duration": "",
        "summary": rich_text(""),
        "content_warning": "",
        "segments": inline_formset([]),
        "mentions": inline_formset([]),
        "access_level": "public",
        "embargo_until": "",
        "restricted_listing": "title",
        **SETTINGS_TAB,
    }
    return nested_form_data({**data, **fields})
