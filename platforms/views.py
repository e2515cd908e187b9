from django.shortcuts import get_object_or_404, render

from .models import Platform


def platform_list(request):
    platforms = Platform.objects.for_listing()
    return render(request, "platforms/platform_list.html", {"platforms": platforms})


def platform_detail(request, slug):
    platform = get_object_or_404(Platform.objects.with_full_text(), slug=slug)
    return render(request, "platforms/platform_detail.html", {"platform": platform})
