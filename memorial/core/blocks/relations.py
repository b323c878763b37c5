from wagtail import blocks

from ..privacy import visible_ids


class RelatedEntriesBlock(blocks.StructBlock):
    heading = blocks.CharBlock(required=False, max_length=200, default="Related people")
    entries = blocks.ListBlock(
        blocks.PageChooserBlock(page_type="entries.MemorialEntryPage"),
        min_num=1,
        help_text="People in the archive connected to this text.",
    )

    def get_context(self, value, parent_context=None):
        """Only entries a visitor may see, in the order the editor chose."""
        context = super().get_context(value, parent_context=parent_context)
        chosen = [entry for entry in value["entries"] if entry is not None]
        if chosen:
            visible = visible_ids(type(chosen[0]), [entry.pk for entry in chosen])
            chosen = [entry for entry in chosen if entry.pk in visible]
        context["visible_entries"] = chosen
        return context

    class Meta:
        icon = "group"
        label = "Related entries"
        template = "blocks/related_entries.html"
