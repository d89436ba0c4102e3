"""Every answer of release B reads its table, and says so in a header: a B task that
served before its migration was applied would fail the request."""

from release_b.models import Visit


def release_header(get_response):
    def middleware(request):
        response = get_response(request)
        response["Release-B-Visits"] = str(Visit.objects.count())
        return response

    return middleware
