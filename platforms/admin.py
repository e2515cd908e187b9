from django import forms
from django.contrib import admin, messages
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .importer import import_platform_bytes
from .models import Clause, Footnote, Platform, Section
from .source import SourceError


class ImportPlatformForm(forms.Form):
    source = forms.FileField(
        label=gettext_lazy("Platform text"),
        help_text=gettext_lazy(
            "A Markdown file with front matter, as in platforms/texts/. Importing a platform "
            "that exists already updates it and keeps every anchor."
        ),
    )


class SectionInline(admin.TabularInline):
    model = Section
    fields = ("position", "heading", "anchor")
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Platform)
class PlatformAdmin(admin.ModelAdmin):
    list_display = ("title", "parties_display", "valid_until_display", "imported_at")
    search_fields = ("title", "slug")
    readonly_fields = ("source_name", "imported_at")
    inlines = [SectionInline]
    change_list_template = "admin/platforms/platform/change_list.html"

    def get_urls(self):
        custom = [
            path(
                "import/",
                self.admin_site.admin_view(self.import_view),
                name="platforms_platform_import",
            )
        ]
        return custom + super().get_urls()

    def import_view(self, request):
        if not self.has_add_permission(request):
            return redirect("admin:platforms_platform_changelist")
        form = ImportPlatformForm(request.POST or None, request.FILES or None)
        if request.method == "POST" and form.is_valid():
            upload = form.cleaned_data["source"]
            try:
                result = import_platform_bytes(upload.read(), source_name=upload.name)
            except SourceError as error:
                form.add_error("source", _("%(error)s Nothing was changed.") % {"error": error})
            else:
                messages.success(
                    request,
                    _("«%(title)s» imported: %(sections)d sections, %(clauses)d clauses.")
                    % {
                        "title": result.platform.title,
                        "sections": result.sections,
                        "clauses": result.clauses,
                    },
                )
                return redirect("admin:platforms_platform_change", result.platform.pk)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "form": form,
            "title": _("Import a platform text"),
        }
        return TemplateResponse(request, "admin/platforms/platform/import.html", context)


class ClauseInline(admin.TabularInline):
    model = Clause
    fk_name = "section"
    fields = ("position", "kind", "number", "anchor", "text")
    readonly_fields = ("anchor",)
    extra = 0


@admin.register(Section)
class SectionAdmin(admin.ModelAdmin):
    list_display = ("heading", "platform", "position", "anchor")
    list_filter = ("platform",)
    list_select_related = ("platform",)
    inlines = [ClauseInline]


@admin.register(Clause)
class ClauseAdmin(admin.ModelAdmin):
    list_display = ("anchor", "platform", "kind", "number")
    list_filter = ("platform", "kind")
    list_select_related = ("platform", "section")
    search_fields = ("text", "anchor")


admin.site.register(Footnote)
